"""Data minimisation: the smallest valid message a decision allows (GDPR Art. 5(1)(c)).

The privacy class and data category declared on every field (``x-trm-privacy``,
``x-trm-category``) decide: a value travels only when the decision allows both its class
and its category. Containers are structure (they stay when something inside them stays,
and a required member that cannot stay makes its container impossible), except SAFETY
containers: everything inside an accommodation, safety plan, return plan or reception is
SAFETY. Without SAFETY and LOCATION, references to shelter providers are left out too. The header
always stays (it is what makes a message) but loses the previous addressee's case
reference when re-addressed; the consent records shrink to the one the decision rests on,
showing only this recipient; the organisations block keeps only organisations still
referred to, so a shelter's name never travels beside a dropped shelter address.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, Final

from trm_standard._decision import Basis, Decision, Outcome
from trm_standard._errors import TRMError
from trm_standard.v1 import MessageBase
from trm_standard.v1._base import TRMModel, field_category, field_privacy
from trm_standard.v1._rules import EEA_COUNTRIES, participant_country
from trm_standard.v1._vocab import ConsentPurpose, DataCategory, OrgType, PrivacyClass

__all__ = ["leaves", "minimal_message", "minimise"]

Allow = Callable[[PrivacyClass, DataCategory], bool]
_HEADER: Final = frozenset(MessageBase.model_fields)
_SPECIAL: Final = frozenset({"consents", "organisations"})


@cache
def _meta(cls: type[TRMModel]) -> dict[str, tuple[PrivacyClass, DataCategory, bool]]:
    """Privacy class, category and required flag of every field of ``cls``."""
    return {
        name: (field_privacy(cls, name), field_category(cls, name), info.is_required())
        for name, info in cls.model_fields.items()
    }


def _is_models(value: object) -> bool:
    return isinstance(value, tuple) and bool(value) and isinstance(value[0], TRMModel)


Sticky = tuple[PrivacyClass, DataCategory] | None


def _effective(privacy: PrivacyClass, category: DataCategory, sticky: Sticky) -> Sticky:
    """A SAFETY container makes everything inside it SAFETY of its category."""
    if sticky is not None:
        return sticky
    return (privacy, category) if privacy is PrivacyClass.SAFETY else None


def leaves(
    model: TRMModel, path: tuple[str | int, ...] = (), sticky: Sticky = None
) -> Iterator[tuple[tuple[str | int, ...], PrivacyClass, DataCategory]]:
    """Yield the path, privacy class and category of every value present in ``model``.

    A value inside a SAFETY container (accommodation, safety plan, return plan, reception)
    counts as SAFETY of the container's category, whatever its own declaration: a shelter's
    street is a SAFETY value even though a street elsewhere is a direct identifier.
    """
    for name, (privacy, category, _) in _meta(type(model)).items():
        value = getattr(model, name)
        if value is None:
            continue
        inner = _effective(privacy, category, sticky)
        if isinstance(value, TRMModel):
            yield from leaves(value, (*path, name), inner)
        elif _is_models(value):
            for index, item in enumerate(value):
                yield from leaves(item, (*path, name, index), inner)
        else:
            yield (*path, name), *(inner or (privacy, category))


def _prune(
    model: TRMModel, data: dict[str, Any], allow: Allow, sticky: Sticky = None
) -> dict[str, Any] | None:
    """Return the allowed part of ``data`` (the JSON form of ``model``), None if impossible."""
    meta = _meta(type(model))
    kept: dict[str, Any] = {}
    for name, raw in data.items():
        privacy, category, required = meta[name]
        value = getattr(model, name)
        inner = _effective(privacy, category, sticky)
        if isinstance(value, TRMModel):
            sub = _prune(value, raw, allow, inner)
            if sub is None or (not sub and not required):
                if required and sub is None:
                    return None
                continue
            kept[name] = sub
        elif _is_models(value):
            items = [
                _prune(item, part, allow, inner) for item, part in zip(value, raw, strict=True)
            ]
            survivors = [item for item in items if item]
            if not survivors:
                if required:
                    return None
                continue
            kept[name] = survivors
        elif allow(*(inner or (privacy, category))):
            kept[name] = raw
        elif required:
            return None
    return kept


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _without(value: Any, hidden: frozenset[str]) -> Any:
    """Drop every member whose value is one of ``hidden`` (and list items that are)."""
    if isinstance(value, dict):
        return {k: _without(v, hidden) for k, v in value.items() if not _hidden(v, hidden)}
    if isinstance(value, list):
        return [_without(v, hidden) for v in value if not _hidden(v, hidden)]
    return value


def _hidden(value: Any, hidden: frozenset[str]) -> bool:
    return isinstance(value, str) and value in hidden


def _safety_orgs(message: MessageBase) -> frozenset[str]:
    """Organisations whose name would reveal where the person stays (SAFETY)."""
    found = {
        org.org_id
        for org in getattr(message, "organisations", None) or ()
        if org.org_type is OrgType.SHELTER_PROVIDER
    }
    accommodation = getattr(message, "accommodation", None)
    if accommodation is not None and accommodation.provider_org_id is not None:
        found.add(accommodation.provider_org_id)
    return frozenset(found)


def _consent_for(record: dict[str, Any], recipient: str, country: str) -> dict[str, Any]:
    """The consent record as the recipient sees it: other recipients left out."""
    scope = dict(record.get("recipients", {}))
    if "org_ids" in scope:
        named = [o for o in scope["org_ids"] if o == recipient]
        if named:
            scope["org_ids"] = named
        else:
            del scope["org_ids"]
    if "countries" in scope:
        scope["countries"] = [c for c in scope["countries"] if c == country]
        if not scope["countries"]:
            del scope["countries"]
    return {**record, "recipients": scope}


def _corridor(message: MessageBase, recipient: str) -> dict[str, str]:
    """Re-addressing inside the sender's country or the EU/EEA changes the mechanism."""
    origin, target = participant_country(message.sender), participant_country(recipient)
    if origin == target:
        return {"transfer_mechanism": "DOMESTIC"}
    if origin in EEA_COUNTRIES and target in EEA_COUNTRIES:
        return {"transfer_mechanism": "INTRA_EU"}
    return {}


def minimal_message(
    message: MessageBase,
    *,
    categories: frozenset[DataCategory],
    privacy_classes: frozenset[PrivacyClass],
    consent_id: str | None,
    recipient: str,
    purpose: ConsentPurpose | None,
) -> MessageBase:
    """Return ``message`` reduced to what the given categories and classes allow.

    The header is kept and re-addressed to ``recipient`` for ``purpose`` (None keeps the
    header's purpose).

    Raises:
        TRMError: ``TRM-CONSENT-048`` when no valid message remains.
    """
    from trm_standard._api import validate_value  # noqa: PLC0415 - the API imports this module

    def allow(privacy: PrivacyClass, category: DataCategory) -> bool:
        return privacy in privacy_classes and category in categories

    data = message.to_json_dict()
    body = {k: v for k, v in data.items() if k not in _HEADER and k not in _SPECIAL}
    pruned = _prune(message, body, allow)
    if pruned is None:
        raise TRMError("TRM-CONSENT-048", "a required member is not allowed by the decision")
    if PrivacyClass.SAFETY not in privacy_classes or DataCategory.LOCATION not in categories:
        pruned = _without(pruned, _safety_orgs(message) - {recipient})
    out: dict[str, Any] = {k: v for k, v in data.items() if k in _HEADER}
    if recipient != message.recipient:
        for member in ("peer_case_ref", "in_reply_to"):
            out.pop(member, None)
    if participant_country(recipient) != participant_country(message.recipient):
        out.pop("transfer_instrument", None)
    out.update(pruned)
    out["recipient"] = recipient
    out.update(_corridor(message, recipient))
    if purpose is not None:
        out["purpose"] = purpose.value
    named = set(_strings(out))
    if consent_id is not None and DataCategory.CONSENT_RECORDS in categories:
        chosen = [c for c in data.get("consents", ()) if c["consent_id"] == consent_id]
        country = participant_country(recipient)
        out["consents"] = [_consent_for(c, recipient, country) for c in chosen]
        named.update(c["obtained_by_org_id"] for c in chosen)
        if not out["consents"]:
            del out["consents"]
    if DataCategory.ORGANISATIONS in categories:
        listed = [o for o in data.get("organisations", ()) if o["org_id"] in named]
        if listed:
            out["organisations"] = listed
    report = validate_value(out)
    if report.message is None:
        codes = ", ".join(sorted(report.codes))
        raise TRMError("TRM-CONSENT-048", f"the reduced message fails validation ({codes})")
    return report.message


def minimise(message: MessageBase, decision: Decision) -> MessageBase:
    """Return the smallest valid message ``decision`` allows for its recipient and purpose.

    Never contains a value whose privacy class or category the decision does not allow;
    always valid; ``minimise(minimise(m, d), d) == minimise(m, d)``. SAFETY values stay
    only when the decision allows SAFETY, which it does only for a named recipient.

    Raises:
        TRMError: ``TRM-CONSENT-054`` if the decision is not a PERMIT made for this
            message; ``TRM-CONSENT-048`` if no valid message remains.
    """
    if decision.outcome is not Outcome.PERMIT:
        raise TRMError("TRM-CONSENT-054", f"the decision is {decision.outcome.value}, not PERMIT")
    if decision.message_id != message.message_id:
        raise TRMError("TRM-CONSENT-054", "the decision was made for another message")
    return minimal_message(
        message,
        categories=decision.categories,
        privacy_classes=decision.privacy_classes,
        consent_id=decision.consent_id,
        recipient=decision.recipient.org_id,
        purpose=None if decision.basis is Basis.LEGAL_OBLIGATION_NOTICE else decision.purpose,
    )

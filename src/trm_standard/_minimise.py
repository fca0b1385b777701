"""Data minimisation: the smallest valid message a decision allows (GDPR Art. 5(1)(c)).

The privacy class and data category declared on every field (``x-trm-privacy``,
``x-trm-category``) decide: a value travels only when the decision allows both its class
and its category. Containers are structure: they stay when something inside them stays,
and a required member that cannot stay makes its container impossible. The header always
stays (it is what makes a message), the consent records shrink to the one the decision
rests on, and the organisations block to the organisations still referred to, so a
shelter's name never travels beside a dropped shelter address.
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
from trm_standard.v1._vocab import ConsentPurpose, DataCategory, PrivacyClass

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


def leaves(
    model: TRMModel, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], PrivacyClass, DataCategory]]:
    """Yield the path, privacy class and category of every value present in ``model``."""
    for name, (privacy, category, _) in _meta(type(model)).items():
        value = getattr(model, name)
        if value is None:
            continue
        if isinstance(value, TRMModel):
            yield from leaves(value, (*path, name))
        elif _is_models(value):
            for index, item in enumerate(value):
                yield from leaves(item, (*path, name, index))
        else:
            yield (*path, name), privacy, category


def _prune(model: TRMModel, data: dict[str, Any], allow: Allow) -> dict[str, Any] | None:
    """Return the allowed part of ``data`` (the JSON form of ``model``), None if impossible."""
    meta = _meta(type(model))
    kept: dict[str, Any] = {}
    for name, raw in data.items():
        privacy, category, required = meta[name]
        value = getattr(model, name)
        if isinstance(value, TRMModel):
            sub = _prune(value, raw, allow)
            if sub is None or (not sub and not required):
                if required and sub is None:
                    return None
                continue
            kept[name] = sub
        elif _is_models(value):
            items = [_prune(item, part, allow) for item, part in zip(value, raw, strict=True)]
            survivors = [item for item in items if item]
            if not survivors:
                if required:
                    return None
                continue
            kept[name] = survivors
        elif allow(privacy, category):
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
    out: dict[str, Any] = {k: v for k, v in data.items() if k in _HEADER}
    if participant_country(recipient) != participant_country(message.recipient):
        out.pop("transfer_instrument", None)
    out.update(pruned)
    out["recipient"] = recipient
    out.update(_corridor(message, recipient))
    if purpose is not None:
        out["purpose"] = purpose.value
    if consent_id is not None and "consents" in data:
        chosen = [c for c in data["consents"] if c["consent_id"] == consent_id]
        if chosen:
            out["consents"] = chosen
    if "organisations" in data:
        named = set(_strings(out))
        listed = [o for o in data["organisations"] if o["org_id"] in named]
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

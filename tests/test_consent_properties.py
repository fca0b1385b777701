"""Properties of the sharing decision and of minimisation over generated messages."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import trm_standard as trm
from trm_standard._minimise import leaves as _leaves
from trm_standard.consent import Decision, Directory, Outcome, load_directory, may_share, minimise
from trm_standard.testing import documents
from trm_standard.v1 import ConsentWithdrawal, MessageBase, Referral
from trm_standard.v1._base import TRMModel
from trm_standard.v1._vocab import (
    ConsentGiver,
    ConsentPurpose,
    DataCategory,
    PrivacyClass,
    WithdrawalAction,
)

PURPOSES = st.sampled_from(list(ConsentPurpose))
TIMES = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2031, 1, 1), timezones=st.just(UTC)
).map(lambda t: t.replace(microsecond=0))


def parse(doc: dict[str, Any]) -> MessageBase:
    report = trm.validate_value(doc)
    assert report.message is not None
    return report.message


def recipients(message: MessageBase) -> list[str]:
    listed = [o.org_id for o in getattr(message, "organisations", None) or ()]
    return [message.recipient, *listed]


def allowed_everywhere(model: TRMModel, decision: Decision) -> None:
    """Every value outside the header is allowed (SAFETY containers count as SAFETY)."""
    from trm_standard._minimise import leaves  # noqa: PLC0415

    header = set(MessageBase.model_fields)
    for path, privacy, category in leaves(model):
        if path[0] in header:
            continue
        if path[0] == "consents":
            assert DataCategory.CONSENT_RECORDS in decision.categories
            assert [c.consent_id for c in getattr(model, "consents", ())] == [decision.consent_id]
            continue
        if path[0] == "organisations":
            assert DataCategory.ORGANISATIONS in decision.categories
            continue
        assert privacy in decision.privacy_classes, path
        assert category in decision.categories, path


@given(doc=documents(), purpose=PURPOSES, at=TIMES, pick=st.integers(0, 20))
def test_a_permit_minimises_to_a_valid_message_with_nothing_else(
    doc: dict[str, Any], purpose: ConsentPurpose, at: datetime, pick: int
) -> None:
    message = parse(doc)
    options = recipients(message)
    recipient = options[pick % len(options)]
    decision = may_share(message, purpose, recipient, at=at)
    if decision.outcome is not Outcome.PERMIT:
        with pytest.raises(trm.TRMError):
            minimise(message, decision)
        if decision.outcome is Outcome.DENY:
            assert not decision.categories
            assert decision.basis is None
        return
    smaller = minimise(message, decision)
    assert trm.validate(json.dumps(smaller.to_json_dict())).valid
    assert smaller.recipient == recipient
    allowed_everywhere(smaller, decision)
    assert minimise(smaller, decision) == smaller


@given(doc=documents("referral"), purpose=PURPOSES, at=TIMES)
def test_without_consent_nothing_identifying_leaves(
    doc: dict[str, Any], purpose: ConsentPurpose, at: datetime
) -> None:
    doc.pop("consents", None)
    message = parse(doc)
    decision = may_share(message, purpose, message.recipient, at=at)
    if decision.outcome is Outcome.PERMIT:
        assert decision.basis is not None
        assert decision.basis.value in ("LEGAL_BASIS", "LAW_ENFORCEMENT")
        assert decision.consent_id is None
        # only purposes the policy serves by legal basis, or the law-enforcement channel
        assert purpose in (
            ConsentPurpose.RESIDENCE_PERMIT,
            ConsentPurpose.CROSS_BORDER_CASE_LINKING,
            ConsentPurpose.CRIMINAL_PROCEEDINGS,
            ConsentPurpose.VICTIM_WITNESS_PROTECTION,
        )


def _withdrawal(message: Referral, consent_id: str, when: datetime) -> ConsentWithdrawal:
    notice = {
        "spec_version": "1.0.0",
        "message_type": "consent_withdrawal",
        "message_id": "5f0d8a5e-6b7c-4d8e-9f0a-1b2c3d4e5f60",
        "created_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sender": message.sender,
        "recipient": message.recipient,
        "case_ref": message.case_ref,
        "in_reply_to": message.message_id,
        "channel": message.channel.value,
        "legal_basis": message.legal_basis.to_json_dict(),
        "transfer_mechanism": message.transfer_mechanism.value,
        "consent_ids": [consent_id],
        "withdrawn_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "withdrawn_by": ConsentGiver.SELF.value,
        "required_action": WithdrawalAction.STOP_PROCESSING.value,
    }
    if message.transfer_instrument:
        notice["transfer_instrument"] = message.transfer_instrument
    parsed = parse(notice)
    assert isinstance(parsed, ConsentWithdrawal)
    return parsed


@given(doc=documents("referral"), offset=st.integers(-400 * 86400, 400 * 86400))
def test_withdrawal_is_effective_from_its_time_onward_and_not_before(
    doc: dict[str, Any], offset: int
) -> None:
    message = parse(doc)
    assert isinstance(message, Referral)
    for consent in message.consents or ():
        at = consent.given_at + timedelta(days=1)
        when = at + timedelta(seconds=offset)
        notice = _withdrawal(message, consent.consent_id, when)
        base = may_share(message, consent.purpose, message.recipient, at=at)
        withdrawn = may_share(
            message, consent.purpose, message.recipient, at=at, withdrawals=[notice]
        )
        if when > at:  # not yet effective: the same decision as without it
            assert withdrawn == base
        elif base.consent_id == consent.consent_id:
            assert withdrawn.consent_id != consent.consent_id
            assert "TRM-CONSENT-011" in withdrawn.codes


@given(doc=documents(), purpose=PURPOSES, at=TIMES)
def test_the_decision_depends_on_time_only_through_at(
    doc: dict[str, Any], purpose: ConsentPurpose, at: datetime
) -> None:
    message = parse(doc)
    first = may_share(message, purpose, message.recipient, at=at)
    for hours in (-11, 5, 14):
        elsewhere = at.astimezone(timezone(timedelta(hours=hours)))
        assert may_share(message, purpose, message.recipient, at=elsewhere) == first
    assert first.evaluated_at == at


@given(
    doc=documents("referral"),
    purpose=PURPOSES,
    at=TIMES,
    cooperation=st.sampled_from(["COOPERATING", "NOT_COOPERATING", "UNDECIDED"]),
)
def test_assistance_never_depends_on_cooperation(
    doc: dict[str, Any], purpose: ConsentPurpose, at: datetime, cooperation: str
) -> None:
    proceedings = doc.get("legal_status", {}).get("criminal_proceedings")
    before = may_share(parse(doc), purpose, doc["recipient"], at=at)
    if proceedings is None:
        return
    proceedings["cooperation"] = cooperation
    after = may_share(parse(doc), purpose, doc["recipient"], at=at)
    assert after.outcome is before.outcome
    assert after.codes == before.codes


def test_the_engine_reads_no_clock() -> None:
    from pathlib import Path  # noqa: PLC0415

    import trm_standard  # noqa: PLC0415

    package = Path(trm_standard.__file__).parent
    for name in ("_consent.py", "_minimise.py", "_policy.py", "_decision.py"):
        source = (package / name).read_text(encoding="utf-8")
        for clock in ("now(", "time.time", "today(", "utcnow"):
            assert clock not in source, (name, clock)


def covered(doc: dict[str, Any]) -> dict[str, Any]:
    """Make a generated referral's first consent cover its own recipient for assistance."""
    recipient = doc["recipient"]
    country = recipient.split("/")[5]
    orgs = doc.setdefault("organisations", [])
    for org_id in (recipient, doc["sender"]):
        if all(o["org_id"] != org_id for o in orgs):
            orgs.append(
                {
                    "org_id": org_id,
                    "name": "Synthetic office",
                    "country": org_id.split("/")[5],
                    "org_type": "NATIONAL_COORDINATOR",
                    "is_public_authority": True,
                }
            )
    consents = doc.get("consents") or [json.loads(json.dumps(_TEMPLATE))]
    first = consents[0]
    doc.pop("return_plan", None)
    created = datetime.strptime(doc["created_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    first.update(
        purpose="REFERRAL_ASSISTANCE",
        recipients={"org_ids": [recipient], "countries": [country]},
        status="ACTIVE",
        obtained_by_org_id=doc["sender"],
        data_categories=sorted(c.value for c in DataCategory),
        given_at=(created - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        valid_until=(created + timedelta(days=200)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        information_provided=dict.fromkeys(
            (
                "purpose",
                "recipients_and_countries",
                "transfer_risks",
                "right_to_withdraw",
                "retention",
                "assistance_not_conditional",
            ),
            True,
        ),
    )
    first.pop("withdrawn_at", None)
    first.pop("superseded_by", None)
    doc["consents"] = [first]
    return doc


_TEMPLATE = json.loads(
    (Path(__file__).parents[1] / "examples" / "referral-se-ro-adult-labour.json").read_text()
)["consents"][0]


@given(doc=documents("referral").filter(lambda d: d["channel"] == "ASSISTANCE").map(covered))
def test_covered_referrals_minimise_within_their_consent(doc: dict[str, Any]) -> None:
    report = trm.validate_value(doc)
    if report.message is None:  # the repair broke a business rule of this draw
        return
    message = report.message
    at = message.created_at
    decision = may_share(message, "REFERRAL_ASSISTANCE", message.recipient, at=at)
    if decision.outcome is not Outcome.PERMIT:
        return
    smaller = minimise(message, decision)
    allowed_everywhere(smaller, decision)
    assert minimise(smaller, decision) == smaller
    assert isinstance(message, Referral)
    assert message.consents is not None
    consent = message.consents[0]
    assert {c.value for c in decision.categories} <= {c.value for c in consent.data_categories} | {
        "CASE_METADATA"
    }


def _directory_for(doc: dict[str, Any]) -> Directory:
    entries = [
        {
            "org_id": org_id,
            "name": "Synthetic office",
            "country": org_id.split("/")[5],
            "org_type": "NATIONAL_COORDINATOR",
            "is_public_authority": True,
        }
        for org_id in {doc["sender"], doc["recipient"]}
    ]
    return load_directory(
        json.dumps({"directory_version": "1.0.0", "organisations": entries}).encode()
    )


@given(doc=documents("pre_referral_consultation"), purpose=PURPOSES, at=TIMES)
def test_consultations_rest_on_a_legal_basis_and_stay_anonymous(
    doc: dict[str, Any], purpose: ConsentPurpose, at: datetime
) -> None:
    message = parse(doc)
    decision = may_share(message, purpose, message.recipient, at=at, directory=_directory_for(doc))
    if message.legal_basis.lawful_basis.value == "GDPR_6_1_A":
        assert decision.outcome is Outcome.DENY
        return
    if decision.outcome is Outcome.PERMIT:
        assert decision.basis is not None
        assert decision.basis.value in ("LEGAL_BASIS", "LAW_ENFORCEMENT")
        smaller = minimise(message, decision)
        allowed_everywhere(smaller, decision)
        assert PrivacyClass.DI not in {p for _, p, _ in _leaves(smaller)}

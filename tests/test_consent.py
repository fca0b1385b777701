"""The sharing decision: every rule with a permitting and a refusing case (DESIGN §6)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, load_example

import trm_standard as trm
from trm_standard.consent import (
    Decision,
    Effect,
    Outcome,
    load_directory,
    load_policy,
    may_share,
    minimise,
)
from trm_standard.v1 import Consent, MessageBase

Doc = dict[str, Any]
RO = "https://w3id.org/trm/org/RO/ANITP"
RO_NGO = "https://w3id.org/trm/org/RO/NGO-SHELTER-B"
XK = "https://w3id.org/trm/org/XK/MIA-NATC"
SE_POLICE = "https://w3id.org/trm/org/SE/POLICE-NOA"
AT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
CHILD = "referral-se-xk-child-begging.json"
DIRECTORY = load_directory(EXAMPLES / "_directory.json")


def parse(doc: Doc) -> MessageBase:
    report = trm.validate_value(doc)
    assert report.message is not None, sorted(report.codes)
    return report.message


def decide(
    doc: Doc,
    purpose: str = "REFERRAL_ASSISTANCE",
    recipient: str = RO,
    at: datetime = AT,
    **kwargs: Any,
) -> Decision:
    kwargs.setdefault("directory", DIRECTORY)
    return may_share(parse(doc), purpose, recipient, at=at, **kwargs)


def edited(change: Callable[[Doc], object], name: str = "referral-se-ro-adult-labour.json") -> Doc:
    doc = copy.deepcopy(load_example(name))
    change(doc)
    return doc


def codes_of(decision: Decision, effect: Effect | None = None) -> set[str]:
    return {r.code for r in decision.reasons if effect is None or r.effect is effect}


def consent0(doc: Doc) -> Doc:
    found: Doc = doc["consents"][0]
    return found


# --------------------------------------------------------------------------------------
# Grounds and consent problems
# --------------------------------------------------------------------------------------


def test_a_covering_consent_permits_and_names_what_it_rests_on() -> None:
    decision = decide(load_example())
    assert decision.outcome is Outcome.PERMIT
    assert "TRM-CONSENT-001" in codes_of(decision, Effect.PERMIT)
    assert decision.consent_id == consent0(load_example())["consent_id"]
    assert decision.lawful_basis == "GDPR_6_1_E"
    assert decision.valid_until == datetime(2027, 2, 26, 10, 15, tzinfo=UTC)
    assert "IDENTITY" in {c.value for c in decision.categories}
    # criminal-proceedings data are outside this consent: left out, not refused
    assert "TRM-CONSENT-005" in codes_of(decision, Effect.LIMIT)
    assert "CRIMINAL_PROCEEDINGS" not in {c.value for c in decision.categories}


def test_without_a_consent_for_the_purpose_nothing_is_shared() -> None:
    decision = decide(edited(lambda d: d.pop("consents")))
    assert decision.outcome is Outcome.DENY
    assert {"TRM-CONSENT-010", "TRM-CONSENT-009"} <= codes_of(decision)
    assert not decision.categories
    assert decision.consent_id is None
    other = decide(load_example(), purpose="FAMILY_TRACING_CONTACT")
    assert other.outcome is Outcome.DENY
    assert "TRM-CONSENT-010" in codes_of(other)


def test_withdrawal_is_effective_from_its_time_and_not_before() -> None:
    def withdraw(doc: Doc) -> None:
        consent0(doc).update(status="WITHDRAWN", withdrawn_at="2026-03-01T08:00:00Z")

    doc = edited(withdraw)
    after = decide(doc, at=datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    assert after.outcome is Outcome.DENY
    assert "TRM-CONSENT-011" in codes_of(after)
    before = decide(doc, at=datetime(2026, 3, 1, 7, 59, 59, tzinfo=UTC))
    assert before.outcome is Outcome.PERMIT


def test_an_expired_consent_permits_nothing() -> None:
    late = decide(load_example(), at=datetime(2027, 2, 26, 10, 15, tzinfo=UTC))
    assert late.outcome is Outcome.DENY
    assert "TRM-CONSENT-012" in codes_of(late)
    just_before = decide(load_example(), at=datetime(2027, 2, 26, 10, 14, 59, tzinfo=UTC))
    assert just_before.outcome is Outcome.PERMIT


def test_the_policy_caps_the_age_of_a_consent() -> None:
    doc = edited(lambda d: consent0(d).update(valid_until="2029-01-01T00:00:00Z"))
    assert decide(doc, at=datetime(2027, 2, 1, tzinfo=UTC)).outcome is Outcome.PERMIT
    capped = decide(doc, at=datetime(2027, 3, 1, tzinfo=UTC))
    assert capped.outcome is Outcome.DENY
    assert "TRM-CONSENT-012" in codes_of(capped)


def test_a_superseded_consent_permits_nothing_but_its_successor_does() -> None:
    def supersede(doc: Doc) -> None:
        old = consent0(doc)
        new = copy.deepcopy(old)
        new["consent_id"] = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c99"
        new["given_at"] = "2026-03-01T10:00:00Z"
        old.update(status="SUPERSEDED", superseded_by=new["consent_id"])
        doc["consents"].append(new)

    both = decide(edited(supersede))
    assert both.outcome is Outcome.PERMIT
    assert both.consent_id == "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c99"
    only_old = edited(supersede)
    only_old["consents"].pop()
    alone = decide(only_old)
    assert alone.outcome is Outcome.DENY
    assert "TRM-CONSENT-013" in codes_of(alone)


def test_a_consent_given_after_the_decision_time_does_not_count() -> None:
    early = decide(load_example(), at=datetime(2026, 2, 26, 10, 14, 59, tzinfo=UTC))
    assert early.outcome is Outcome.DENY
    assert "TRM-CONSENT-014" in codes_of(early)


def test_recipient_by_name_or_by_type_and_country() -> None:
    outside = decide(load_example(), recipient=RO_NGO)
    assert outside.outcome is Outcome.DENY
    assert "TRM-CONSENT-015" in codes_of(outside)
    typed = edited(lambda d: consent0(d)["recipients"].update(org_types=["NGO"]))
    by_type = decide(typed, recipient=RO_NGO)
    assert by_type.outcome is Outcome.PERMIT
    assert "SAFETY" not in {c.value for c in by_type.privacy_classes}
    assert "TRM-CONSENT-007" in codes_of(by_type, Effect.LIMIT)
    named = decide(load_example())
    assert "SAFETY" in {c.value for c in named.privacy_classes}


def test_recipient_country_outside_the_consent() -> None:
    doc = edited(lambda d: consent0(d)["recipients"].update(countries=["BG"]))
    decision = decide(doc)
    assert decision.outcome is Outcome.DENY
    assert "TRM-CONSENT-016" in codes_of(decision)


def test_an_unknown_recipient_is_refused_and_a_directory_describes_it() -> None:
    doc = edited(lambda d: None, "referral-si-me-long-term-inclusion.json")
    recipient = "https://w3id.org/trm/org/ME/MUP-OCTHB"
    without = decide(doc, recipient=recipient, directory=None)
    assert without.outcome is Outcome.DENY
    assert codes_of(without) >= {"TRM-CONSENT-017"}
    created = datetime.fromisoformat(doc["created_at"].replace("Z", "+00:00"))
    with_directory = decide(doc, recipient=recipient, at=created + timedelta(hours=1))
    assert with_directory.outcome is Outcome.PERMIT
    assert with_directory.recipient.source == "directory"


def test_an_uninformed_consent_is_no_consent() -> None:
    doc = edited(lambda d: consent0(d)["information_provided"].update(right_to_withdraw=False))
    decision = decide(doc)
    assert decision.outcome is Outcome.DENY
    assert "TRM-CONSENT-018" in codes_of(decision)


def test_notices_go_to_their_addressee_only() -> None:
    doc = load_example("consent-withdrawal-se-bg.json")
    addressee = doc["recipient"]
    ok = decide(doc, recipient=addressee)
    assert ok.outcome is Outcome.PERMIT
    assert codes_of(ok) == {"TRM-CONSENT-004"}
    other = decide(doc, recipient=RO)
    assert other.outcome is Outcome.DENY
    assert codes_of(other) == {"TRM-CONSENT-019"}


# --------------------------------------------------------------------------------------
# Legal basis and transfers
# --------------------------------------------------------------------------------------


def _as_ngo_sender(doc: Doc) -> None:
    for org in doc["organisations"]:
        if org["org_id"] == doc["sender"]:
            org["is_public_authority"] = False
            org["org_type"] = "NGO"


def test_a_public_authority_cannot_use_the_consent_derogation() -> None:
    def derogation(doc: Doc) -> None:
        doc["transfer_mechanism"] = "ART49_1A_CONSENT"
        doc.pop("transfer_instrument", None)

    authority = decide(edited(derogation, CHILD), "SAFETY_RISK_ASSESSMENT", XK)
    assert authority.outcome is Outcome.DENY
    assert "TRM-CONSENT-020" in codes_of(authority)

    def ngo(doc: Doc) -> None:
        derogation(doc)
        _as_ngo_sender(doc)

    ngo_doc = edited(ngo, CHILD)
    ngo_decision = decide(ngo_doc, "SAFETY_RISK_ASSESSMENT", XK, directory=None)
    assert ngo_decision.outcome is Outcome.PERMIT, ngo_decision.codes
    consent0(ngo_doc)["information_provided"]["transfer_risks"] = False
    uninformed = decide(ngo_doc, "SAFETY_RISK_ASSESSMENT", XK, directory=None)
    assert uninformed.outcome is Outcome.DENY
    assert "TRM-CONSENT-023" in codes_of(uninformed)


def test_consent_as_the_lawful_basis_of_an_authority_needs_review() -> None:
    doc = edited(lambda d: d["legal_basis"].update(lawful_basis="GDPR_6_1_A"))
    review = decide(doc)
    assert review.outcome is Outcome.NEEDS_REVIEW
    assert "TRM-CONSENT-021" in codes_of(review)

    def ngo(d: Doc) -> None:
        d["legal_basis"]["lawful_basis"] = "GDPR_6_1_A"
        _as_ngo_sender(d)

    assert decide(edited(ngo), directory=None).outcome is Outcome.PERMIT


def test_third_countries_need_a_recorded_mechanism_for_the_corridor() -> None:
    assert decide(load_example(CHILD), "SAFETY_RISK_ASSESSMENT", XK).outcome is Outcome.PERMIT
    bare = edited(lambda d: d.pop("transfer_instrument"), CHILD)
    missing = decide(bare, "SAFETY_RISK_ASSESSMENT", XK)
    assert missing.outcome is Outcome.DENY
    assert "TRM-CONSENT-022" in codes_of(missing)
    montenegro = "https://w3id.org/trm/org/ME/MUP-OCTHB"

    def cover_montenegro(doc: Doc) -> None:
        consent0(doc)["recipients"] = {"org_ids": [montenegro], "countries": ["ME"]}

    other_country = decide(edited(cover_montenegro), recipient=montenegro)
    assert other_country.outcome is Outcome.DENY
    assert "TRM-CONSENT-022" in codes_of(other_country)


def test_a_corridor_policy_restricts_the_mechanisms(tmp_path: Any) -> None:
    from importlib import resources  # noqa: PLC0415

    from trm_standard._policy import _PACKAGE  # noqa: PLC0415 - the shipped file

    data = json.loads(resources.files(_PACKAGE).joinpath("consent-policy.json").read_bytes())
    data["transfers"]["corridors"] = [{"from": "SE", "to": "XK", "mechanisms": ["SCC"]}]
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    decision = decide(load_example(CHILD), "SAFETY_RISK_ASSESSMENT", XK, policy=load_policy(path))
    assert decision.outcome is Outcome.DENY
    assert "TRM-CONSENT-022" in codes_of(decision)


def test_derogations_need_review() -> None:
    doc = edited(lambda d: d.update(transfer_mechanism="ART49_1F_VITAL_INTERESTS"), CHILD)
    decision = decide(doc, "SAFETY_RISK_ASSESSMENT", XK)
    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert "TRM-CONSENT-024" in codes_of(decision)


def test_the_channels_are_never_mixed() -> None:
    assistance = decide(load_example(), "CRIMINAL_PROCEEDINGS")
    assert assistance.outcome is Outcome.DENY
    assert "TRM-CONSENT-025" in codes_of(assistance)
    proceedings = load_example("referral-rs-hr-proceedings.json")
    police = proceedings["recipient"]
    permitted = decide(proceedings, "CRIMINAL_PROCEEDINGS", police)
    assert permitted.outcome is Outcome.PERMIT
    assert "TRM-CONSENT-003" in codes_of(permitted)
    assert permitted.basis is not None
    assert permitted.basis.value == "LAW_ENFORCEMENT"
    wrong = decide(proceedings, "REFERRAL_ASSISTANCE", police)
    assert wrong.outcome is Outcome.DENY
    assert "TRM-CONSENT-025" in codes_of(wrong)


def test_law_enforcement_data_go_to_competent_authorities() -> None:
    proceedings = load_example("referral-rs-hr-proceedings.json")
    ngo = "https://w3id.org/trm/org/RS/CZZTL"
    decision = decide(proceedings, "CRIMINAL_PROCEEDINGS", ngo)
    assert decision.outcome is Outcome.DENY
    assert "TRM-CONSENT-026" in codes_of(decision)


def test_assistance_data_reach_the_police_only_under_their_own_consent() -> None:
    def police_consent(doc: Doc) -> None:
        extra = copy.deepcopy(consent0(doc))
        extra.update(
            consent_id="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c77",
            purpose="SHARE_WITH_LAW_ENFORCEMENT",
            recipients={"org_ids": [SE_POLICE]},
        )
        doc["consents"].append(extra)
        consent0(doc)["recipients"]["org_ids"].append(SE_POLICE)

    doc = edited(police_consent)
    blocked = decide(doc, recipient=SE_POLICE)
    assert blocked.outcome is Outcome.DENY
    assert "TRM-CONSENT-027" in codes_of(blocked)
    own = decide(doc, "SHARE_WITH_LAW_ENFORCEMENT", SE_POLICE)
    assert own.outcome is Outcome.PERMIT, own.codes


# --------------------------------------------------------------------------------------
# Minors
# --------------------------------------------------------------------------------------


def child_decision(change: Callable[[Doc], object], **kwargs: Any) -> Decision:
    return decide(edited(change, CHILD), "SAFETY_RISK_ASSESSMENT", XK, **kwargs)


def test_the_appointed_guardian_consents_for_a_child() -> None:
    ok = child_decision(lambda d: None)
    assert ok.outcome is Outcome.PERMIT
    assert "TRM-CONSENT-036" in codes_of(ok, Effect.NOTE)
    self_given = child_decision(lambda d: consent0(d).update(given_by="SELF"))
    assert self_given.outcome is Outcome.DENY
    assert "TRM-CONSENT-030" in codes_of(self_given)


def test_a_parent_consents_only_when_not_suspected() -> None:
    # The validator already refuses such a consent inside a message (TRM-RULE-004); a
    # consent kept in the case file and passed beside the message meets the same rule.
    def parent_consent(doc: Doc) -> Consent:
        record = copy.deepcopy(doc.pop("consents")[0])
        record["given_by"] = "PARENT"
        return Consent.model_validate_json(json.dumps(record))

    suspected_doc = copy.deepcopy(load_example(CHILD))
    record = parent_consent(suspected_doc)
    suspected = decide(suspected_doc, "SAFETY_RISK_ASSESSMENT", XK, consents=[record])
    assert suspected.outcome is Outcome.DENY
    assert "TRM-CONSENT-031" in codes_of(suspected)

    def accompanied(doc: Doc) -> None:
        consent0(doc)["given_by"] = "PARENT"
        doc["child"].update(parental_involvement="NONE_KNOWN", unaccompanied=False)

    assert child_decision(accompanied).outcome is Outcome.PERMIT

    def unaccompanied(doc: Doc) -> None:
        consent0(doc)["given_by"] = "PARENT"
        doc["child"]["parental_involvement"] = "NONE_KNOWN"

    alone = child_decision(unaccompanied)
    assert alone.outcome is Outcome.DENY
    assert "TRM-CONSENT-030" in codes_of(alone)


def test_a_guardian_must_be_appointed() -> None:
    decision = child_decision(lambda d: d["child"]["guardian"].update(appointed=False))
    assert decision.outcome is Outcome.DENY
    assert "TRM-CONSENT-032" in codes_of(decision)


def test_the_childs_views_are_recorded_and_an_objection_is_reviewed() -> None:
    unheard = child_decision(lambda d: d["child"].pop("views"))
    assert unheard.outcome is Outcome.DENY
    assert "TRM-CONSENT-033" in codes_of(unheard)
    objects = child_decision(lambda d: d["child"]["views"].update(assent="OBJECTED"))
    assert objects.outcome is Outcome.NEEDS_REVIEW
    assert "TRM-CONSENT-034" in codes_of(objects)


def test_a_guardians_consent_lapses_at_eighteen() -> None:
    def born(doc: Doc) -> None:
        doc["person"].pop("age")
        doc["person"]["date_of_birth"] = "2008-04-10"
        doc["person"]["minor_status"] = "MINOR"

    before = child_decision(born, at=datetime(2026, 4, 9, 23, 0, tzinfo=UTC))
    assert before.outcome is Outcome.PERMIT
    assert before.valid_until == datetime(2026, 4, 10, tzinfo=UTC)
    after = child_decision(born, at=datetime(2026, 4, 10, 0, 0, tzinfo=UTC))
    assert after.outcome is Outcome.DENY
    assert "TRM-CONSENT-035" in codes_of(after)


def test_ages_come_from_the_policy(tmp_path: Any) -> None:
    from importlib import resources  # noqa: PLC0415

    from trm_standard._policy import _PACKAGE  # noqa: PLC0415

    def born(doc: Doc) -> None:
        doc["person"].pop("age")
        doc["person"]["date_of_birth"] = "2009-01-01"
        doc["person"]["minor_status"] = "MINOR"
        consent0(doc)["given_by"] = "SELF"

    assert child_decision(born).outcome is Outcome.DENY
    data = json.loads(resources.files(_PACKAGE).joinpath("consent-policy.json").read_bytes())
    data["countries"]["SE"]["self_consent_age"] = 16
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert child_decision(born, policy=load_policy(path)).outcome is Outcome.PERMIT


# --------------------------------------------------------------------------------------
# Hard blocks
# --------------------------------------------------------------------------------------


def _asylum(status: str | None) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        protection: Doc = {"applied": True}
        if status:
            protection["status"] = status
        doc.setdefault("legal_status", {})["international_protection"] = protection

    return change


def test_no_origin_authorities_for_a_protection_seeker() -> None:
    blocked = child_decision(_asylum("PENDING"))
    assert blocked.outcome is Outcome.DENY
    assert "TRM-CONSENT-040" in codes_of(blocked)
    rejected = child_decision(_asylum("REJECTED"))
    assert rejected.outcome is Outcome.NEEDS_REVIEW
    assert "TRM-CONSENT-041" in codes_of(rejected)


def test_family_tracing_is_blocked_when_family_is_involved() -> None:
    def tracing_consent(doc: Doc) -> None:
        consent0(doc)["purpose"] = "FAMILY_TRACING_CONTACT"
        consent0(doc)["data_categories"].append("FAMILY")

    blocked = decide(edited(tracing_consent, CHILD), "FAMILY_TRACING_CONTACT", XK)
    assert blocked.outcome is Outcome.DENY
    assert "TRM-CONSENT-042" in codes_of(blocked)

    def clear(doc: Doc) -> None:
        tracing_consent(doc)
        doc["child"].update(parental_involvement="NONE_KNOWN", family_tracing="IN_PROGRESS")
        doc["exploitation"]["recruiter_relationship"] = "FRIEND_ACQUAINTANCE"

    assert decide(edited(clear, CHILD), "FAMILY_TRACING_CONTACT", XK).outcome is Outcome.PERMIT


def test_a_child_is_returned_only_after_determination_and_safe_assessment() -> None:
    def returning(doc: Doc) -> None:
        consent0(doc)["purpose"] = "RETURN_REINTEGRATION"

    blocked = decide(edited(returning, CHILD), "RETURN_REINTEGRATION", XK)
    assert blocked.outcome is Outcome.DENY
    assert "TRM-CONSENT-043" in codes_of(blocked)

    def safeguarded(doc: Doc) -> None:
        returning(doc)
        doc["child"]["best_interests"].update(
            determination_done=True, determined_on="2026-02-20", outcome="RETURN_ORIGIN"
        )
        assessment = doc["risk_assessments"][0]
        assessment.update(
            context="PRE_RETURN",
            return_safety_outcome="SAFE_WITH_CONDITIONS",
            assessed_on="2026-02-21",
        )

    allowed = decide(edited(safeguarded, CHILD), "RETURN_REINTEGRATION", XK)
    assert "TRM-CONSENT-043" not in codes_of(allowed)
    assert allowed.outcome is Outcome.PERMIT, allowed.codes

    def stale(doc: Doc) -> None:  # assessed before the determination
        safeguarded(doc)
        doc["risk_assessments"][0]["assessed_on"] = "2026-02-19"

    assert "TRM-CONSENT-043" in codes_of(decide(edited(stale, CHILD), "RETURN_REINTEGRATION", XK))

    def overtaken(doc: Doc) -> None:  # a newer assessment finds return not safe
        safeguarded(doc)
        newer = copy.deepcopy(doc["risk_assessments"][0])
        newer.update(
            assessment_id="6f3a0710-972d-4703-b10a-76552669be99",
            assessed_on="2026-02-23",
            return_safety_outcome="NOT_SAFE",
        )
        doc["risk_assessments"].append(newer)

    later = decide(edited(overtaken, CHILD), "RETURN_REINTEGRATION", XK)
    assert later.outcome is Outcome.DENY
    assert "TRM-CONSENT-043" in codes_of(later)


# --------------------------------------------------------------------------------------
# Consultations, purposes, emergencies, feasibility
# --------------------------------------------------------------------------------------


def test_a_consultation_rests_on_a_legal_basis_not_consent() -> None:
    name = "pre-referral-consultation-mk-al.json"
    doc = load_example(name)
    ok = decide(doc, "REFERRAL_ASSISTANCE", doc["recipient"])
    assert ok.outcome is Outcome.PERMIT
    assert "TRM-CONSENT-002" in codes_of(ok)

    def from_sweden_on_consent(d: Doc) -> None:
        d.update(
            sender="https://w3id.org/trm/org/SE/JAMY",
            legal_basis={"lawful_basis": "GDPR_6_1_A"},
            transfer_mechanism="ART46_2A_INSTRUMENT",
            transfer_instrument="Memorandum on TRM cooperation (synthetic)",
        )

    bad = decide(edited(from_sweden_on_consent, name), "REFERRAL_ASSISTANCE", doc["recipient"])
    assert bad.outcome is Outcome.DENY
    assert "TRM-CONSENT-045" in codes_of(bad)


def test_statistics_are_an_anonymised_release_not_a_disclosure() -> None:
    decision = decide(load_example(), "ANONYMISED_STATISTICS")
    assert decision.outcome is Outcome.DENY
    assert "TRM-CONSENT-046" in codes_of(decision)


def test_an_emergency_without_consent_is_reviewed_not_refused() -> None:
    def emergency(doc: Doc) -> None:
        doc.pop("consents")
        doc["case"]["urgency"] = "EMERGENCY"
        doc["legal_basis"]["lawful_basis"] = "GDPR_6_1_D"

    decision = decide(edited(emergency))
    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert "TRM-CONSENT-047" in codes_of(decision)


def test_no_permit_when_the_minimised_message_would_be_invalid() -> None:
    def without_child_protection(doc: Doc) -> None:
        consent0(doc)["data_categories"].remove("CHILD_PROTECTION")

    decision = child_decision(without_child_protection)
    assert decision.outcome is Outcome.DENY
    assert "TRM-CONSENT-048" in codes_of(decision)


def test_special_categories_need_explicit_consent_or_a_condition() -> None:
    def health(doc: Doc) -> None:
        doc["person"]["health_conditions"] = ["CHRONIC_ILLNESS"]
        consent0(doc)["data_categories"].append("HEALTH")
        doc["legal_basis"].pop("special_category_conditions")

    limited = decide(edited(health))
    assert "TRM-CONSENT-006" in codes_of(limited, Effect.LIMIT)
    assert "HEALTH" not in {c.value for c in limited.categories}

    def explicit(doc: Doc) -> None:
        health(doc)
        consent0(doc)["explicit_categories"] = ["HEALTH"]

    named = decide(edited(explicit))
    assert "HEALTH" in {c.value for c in named.categories}


def test_case_linking_carries_no_direct_identifiers() -> None:
    decision = decide(load_example(), "CROSS_BORDER_CASE_LINKING")
    assert decision.outcome is Outcome.PERMIT, decision.codes
    assert "TRM-CONSENT-008" in codes_of(decision, Effect.LIMIT)
    smaller = minimise(parse(load_example()), decision)
    assert "given_names" not in smaller.to_json_dict()["person"]


def test_policy_and_directory_files_are_checked(tmp_path: Any) -> None:
    bad = tmp_path / "policy.json"
    bad.write_text('{"policy_id": "x"}', encoding="utf-8")
    with pytest.raises(trm.TRMError) as caught:
        load_policy(bad)
    assert caught.value.code == "TRM-CONSENT-050"
    twice = tmp_path / "directory.json"
    entry = json.loads((EXAMPLES / "_directory.json").read_text())["organisations"][0]
    twice.write_text(
        json.dumps({"directory_version": "1.0.0", "organisations": [entry, entry]}),
        encoding="utf-8",
    )
    with pytest.raises(trm.TRMError) as caught:
        load_directory(twice)
    assert caught.value.code == "TRM-CONSENT-051"


def test_bad_requests_raise_usage_codes() -> None:
    message = parse(load_example())
    for purpose, recipient, at in (
        ("HELPING", RO, AT),
        ("REFERRAL_ASSISTANCE", "RO", AT),
        ("REFERRAL_ASSISTANCE", RO, AT.replace(tzinfo=None)),
    ):
        with pytest.raises(trm.TRMError) as caught:
            may_share(message, purpose, recipient, at=at)
        assert caught.value.code == "TRM-CONSENT-053"


def test_decisions_never_echo_personal_values() -> None:
    doc = load_example()
    values = {doc["person"]["given_names"], doc["person"]["family_names"], doc["case_ref"]}
    for purpose in ("REFERRAL_ASSISTANCE", "FAMILY_TRACING_CONTACT", "CROSS_BORDER_CASE_LINKING"):
        text = json.dumps(decide(doc, purpose).to_json()) + repr(decide(doc, purpose))
        assert not any(value in text for value in values)


def test_every_consent_code_has_a_test_here() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    for code in trm.CODES:
        if code.startswith("TRM-CONSENT-") and code not in ("TRM-CONSENT-052", "TRM-CONSENT-054"):
            assert code in source, code


def test_reasons_carry_their_legal_source() -> None:
    decision = decide(edited(lambda d: d.pop("consents")))
    assert all(r.reference for r in decision.reasons)
    assert decision.to_json()["reasons"][0]["reference"].startswith("GDPR")


def test_one_later_day_is_enough_to_change_nothing_but_time() -> None:
    first = decide(load_example())
    again = decide(load_example())
    assert first == again
    later = decide(load_example(), at=AT + timedelta(days=1))
    assert later.outcome is first.outcome
    assert later.evaluated_at != first.evaluated_at


# --------------------------------------------------------------------------------------
# Findings of the review: leaks through containers, scope, revival, time zones, replies
# --------------------------------------------------------------------------------------


def _by_type_only(doc: Doc) -> None:
    consent0(doc)["recipients"] = {"org_types": ["NGO"], "countries": ["RO"]}
    consent0(doc)["data_categories"] += ["LOCATION", "CONTACT", "FAMILY"]
    doc["accommodation"] = {
        "accommodation_type": "SHELTER",
        "provider_org_id": "https://w3id.org/trm/org/SE/SHELTER-01",
        "address": {"street": "Hemligvagen 7", "locality": "Stockholm", "country": "SE"},
    }


def test_nothing_inside_a_safety_container_reaches_an_unnamed_recipient() -> None:
    doc = edited(_by_type_only)
    decision = decide(doc, recipient=RO_NGO)
    assert decision.outcome is Outcome.PERMIT, decision.codes
    assert "TRM-CONSENT-007" in codes_of(decision, Effect.LIMIT)
    smaller = minimise(parse(doc), decision)
    text = smaller.model_dump_json()
    for absent in ("Hemligvagen", "SHELTER-01", "Shelter Association"):
        assert absent not in text, absent
    out = smaller.to_json_dict()
    assert "accommodation" not in out
    assert "return_plan" not in out


def test_the_recipient_sees_neither_other_recipients_nor_other_consents() -> None:
    doc = load_example()
    smaller = minimise(parse(doc), decide(doc)).to_json_dict()
    assert [c["recipients"] for c in smaller["consents"]] == [
        {"org_ids": [RO], "countries": ["RO"]}
    ]
    listed = {o["org_id"] for o in smaller["organisations"]}
    # the consent covers no LOCATION data: the shelter's identity stays home
    assert "https://w3id.org/trm/org/SE/SHELTER-01" not in listed
    assert "https://w3id.org/trm/org/SE/MIGRATION" in listed  # still referred to

    def without_records(d: Doc) -> None:
        consent0(d)["data_categories"].remove("CONSENT_RECORDS")
        consent0(d)["data_categories"].remove("ORGANISATIONS")

    bare_doc = edited(without_records)
    bare = decide(bare_doc)
    if bare.permitted:
        out = minimise(parse(bare_doc), bare).to_json_dict()
        assert "consents" not in out
        assert "organisations" not in out
    else:
        assert "TRM-CONSENT-048" in codes_of(bare)


def test_re_addressing_drops_the_previous_addressees_case_reference() -> None:
    def with_peer(doc: Doc) -> None:
        doc["peer_case_ref"] = "RO-ANITP-2026-0042"
        consent0(doc)["recipients"]["org_ids"].append(RO_NGO)

    doc = edited(with_peer)
    smaller = minimise(parse(doc), decide(doc, recipient=RO_NGO)).to_json_dict()
    assert "peer_case_ref" not in smaller
    assert smaller["recipient"] == RO_NGO
    assert minimise(parse(doc), decide(doc)).to_json_dict()["peer_case_ref"] == "RO-ANITP-2026-0042"


def test_withdrawing_the_newest_consent_does_not_revive_an_older_one() -> None:
    def two_consents(doc: Doc) -> None:
        older = consent0(doc)
        newer = copy.deepcopy(older)
        newer.update(
            consent_id="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c55",
            given_at="2026-02-28T10:00:00Z",
            status="WITHDRAWN",
            withdrawn_at="2026-03-01T10:00:00Z",
        )
        doc["consents"].append(newer)

    decision = decide(edited(two_consents))
    assert decision.outcome is Outcome.DENY
    assert "TRM-CONSENT-011" in codes_of(decision)
    before = decide(edited(two_consents), at=datetime(2026, 2, 28, 12, 0, tzinfo=UTC))
    assert before.permitted
    assert before.consent_id == "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c55"


def test_the_same_instant_in_any_time_zone_gives_the_same_decision() -> None:
    from datetime import timezone  # noqa: PLC0415

    def born(doc: Doc) -> None:
        doc["person"].pop("age")
        doc["person"]["date_of_birth"] = "2008-05-01"
        doc["person"]["minor_status"] = "MINOR"

    utc = datetime(2026, 4, 30, 20, 0, tzinfo=UTC)
    kiribati = utc.astimezone(timezone(timedelta(hours=14)))
    assert kiribati.date() != utc.date()
    first, second = child_decision(born, at=utc), child_decision(born, at=kiribati)
    assert first == second
    assert first.outcome is Outcome.PERMIT


def test_replies_rest_on_the_legal_basis_only_for_feedback() -> None:
    doc = load_example("case-update-ro-se-accept.json")
    feedback = decide(doc, "CASE_MONITORING_FEEDBACK", doc["recipient"])
    assert feedback.outcome is Outcome.PERMIT
    assert "TRM-CONSENT-002" in codes_of(feedback)
    health = decide(doc, "HEALTH_INFORMATION_SHARING", doc["recipient"])
    assert health.outcome is Outcome.DENY
    assert "TRM-CONSENT-010" in codes_of(health)

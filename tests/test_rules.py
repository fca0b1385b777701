"""Layer 4: every business rule fires on the case it exists for, and only there."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from conftest import Doc, check, codes_of

HEADER_KEYS = (
    "spec_version",
    "message_id",
    "created_at",
    "sender",
    "recipient",
    "case_ref",
    "channel",
    "legal_basis",
    "transfer_mechanism",
)


def header(referral: Doc, message_type: str) -> Doc:
    doc = {k: copy.deepcopy(referral[k]) for k in HEADER_KEYS}
    doc["message_type"] = message_type
    return doc


def pointers(doc: Doc, code: str) -> set[str]:
    return {i.pointer for i in check(doc).issues if i.code == code}


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (
            lambda d: d["identification"].__setitem__("formally_identified_on", "2026-01-19"),
            "/identification/formally_identified_on",
        ),
        (
            lambda d: d["reflection_period"].__setitem__("end", "2026-01-01"),
            "/reflection_period/end",
        ),
        (
            lambda d: d["exploitation"]["events"][1].__setitem__("end", "2025-05"),
            "/exploitation/events/1/end",
        ),
        (
            lambda d: d["exploitation"]["events"][0].__setitem__("start", "1990"),
            "/exploitation/events/0/start",
        ),
        (
            lambda d: d["risk_assessments"][0].__setitem__("next_review_on", "2026-02-01"),
            "/risk_assessments/0/next_review_on",
        ),
        (
            lambda d: d["consents"][0].__setitem__("valid_until", "2026-02-01T00:00:00Z"),
            "/consents/0/valid_until",
        ),
        (
            lambda d: d["return_plan"].__setitem__("planned_departure_on", "2026-02-01"),
            "/return_plan/planned_departure_on",
        ),
        (
            lambda d: d["services"][0].__setitem__("end", "2026-01-01"),
            "/services/0/end",
        ),
        (
            lambda d: d.setdefault("legal_status", {}).__setitem__(
                "residence_permit",
                {"basis": "BOTH", "valid_from": "2026-02-01", "valid_to": "2026-01-01"},
            ),
            "/legal_status/residence_permit/valid_to",
        ),
    ],
)
def test_dates_out_of_order(referral: Doc, mutate: Callable[[Doc], Any], where: str) -> None:
    mutate(referral)
    assert pointers(referral, "TRM-RULE-001") == {where}


def test_partial_dates_compare_by_what_they_may_mean(referral: Doc) -> None:
    # Same month at month precision: could be in order, so it is accepted.
    referral["exploitation"]["events"][1] |= {"start": "2025-06", "end": "2025-06-01"}
    assert check(referral).valid
    referral["exploitation"]["events"][1] |= {"start": "2025-06-02", "end": "2025-06"}
    assert check(referral).valid
    referral["exploitation"]["events"][1] |= {"start": "2025-07", "end": "2025-06"}
    assert codes_of(referral) == {"TRM-RULE-001"}


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("identification", "reasonable_grounds_on"), "2026-03-05"),
        (("person", "date_of_birth"), "2027"),
        (("case", "opened_on"), "2026-04-01"),
        (("consents", 0, "given_at"), "2026-03-02T09:30:01Z"),
        (("risk_assessments", 0, "assessed_on"), "2026-03-10"),
    ],
)
def test_recorded_dates_cannot_follow_created_at(
    referral: Doc, path: tuple[Any, ...], value: str
) -> None:
    target: Any = referral
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert "/" + "/".join(map(str, path)) in pointers(referral, "TRM-RULE-002")


def test_a_local_date_one_day_ahead_of_utc_is_tolerated(referral: Doc) -> None:
    referral["case"]["opened_on"] = "2026-03-03"  # created_at is 2026-03-02T09:30Z
    assert check(referral).valid


# --- the child --------------------------------------------------------------------------


def test_child_referral_is_valid(child_referral: Doc) -> None:
    assert check(child_referral).valid, check(child_referral).issues


@pytest.mark.parametrize("status", ["MINOR", "PRESUMED_MINOR"])
def test_minor_without_child_block(child_referral: Doc, status: str) -> None:
    child_referral["person"]["minor_status"] = status
    del child_referral["child"]
    assert pointers(child_referral, "TRM-RULE-003") == {"/child"}


def test_child_block_for_an_adult(referral: Doc, child_referral: Doc) -> None:
    referral["child"] = child_referral["child"]
    assert pointers(referral, "TRM-RULE-022") == {"/child"}


@pytest.mark.parametrize("involvement", ["SUSPECTED", "CONFIRMED"])
def test_involved_parent_cannot_be_guardian_or_consent(
    child_referral: Doc, involvement: str
) -> None:
    child_referral["child"]["parental_involvement"] = involvement
    assert check(child_referral).valid
    child_referral["child"]["guardian"]["guardian_type"] = "PARENT"
    child_referral["consents"][0]["given_by"] = "PARENT"
    assert pointers(child_referral, "TRM-RULE-004") == {
        "/child/guardian/guardian_type",
        "/consents/0/given_by",
    }


def test_parent_may_consent_when_not_involved(child_referral: Doc) -> None:
    child_referral["child"]["guardian"]["guardian_type"] = "PARENT"
    child_referral["consents"][0]["given_by"] = "PARENT"
    assert check(child_referral).valid


@pytest.mark.parametrize(
    ("status", "dob", "valid"),
    [
        ("ADULT", "2010", False),
        ("ADULT", "2008-03-02", True),  # 18 on the day of the message
        ("ADULT", "2008-03-03", False),  # 18 tomorrow
        ("ADULT", "2008", True),  # may be 17 or 18: only a sure contradiction is flagged
        ("ADULT", "2009", False),  # 17 at most
        ("MINOR", "2008-03-02", False),
        ("MINOR", "2008", True),
        ("MINOR", "1990", False),
        ("PRESUMED_MINOR", "1990", True),  # a document may be false (CETS 197 Art. 10(3))
    ],
)
def test_minor_status_against_date_of_birth(
    child_referral: Doc, status: str, dob: str, valid: bool
) -> None:
    child_referral["person"] |= {"minor_status": status, "date_of_birth": dob}
    if status == "ADULT":
        del child_referral["child"]
    codes = codes_of(child_referral)
    assert (codes == set()) is valid, codes
    if not valid:
        assert codes == {"TRM-RULE-007"}


def test_undetermined_cannot_hide_a_child(referral: Doc) -> None:
    referral["person"] |= {"minor_status": "UNDETERMINED", "date_of_birth": "2016-01-01"}
    assert pointers(referral, "TRM-RULE-007") == {"/person/minor_status"}
    referral["person"]["date_of_birth"] = "1990"
    assert check(referral).valid


def test_minor_status_against_age_estimate(referral: Doc) -> None:
    del referral["person"]["date_of_birth"]
    referral["person"]["age"] = {"years": 16, "basis": "SELF_DECLARED"}
    assert pointers(referral, "TRM-RULE-007") == {"/person/minor_status"}


def test_age_range_inverted(child_referral: Doc) -> None:
    child_referral["child"]["age_assessment"] = {"performed": True, "min_age": 16, "max_age": 14}
    assert pointers(child_referral, "TRM-RULE-021") == {"/child/age_assessment/max_age"}


# --- reflection period ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "exception", "codes"),
    [
        ("2026-02-20", None, set()),  # 22 Jan .. 20 Feb inclusive: exactly 30 days
        ("2026-02-19", None, {"TRM-RULE-005"}),  # 29 days
        ("2026-01-22", None, {"TRM-RULE-005"}),  # one day
        ("2026-02-19", "PUBLIC_ORDER", set()),  # CETS 197 Art. 13(3) exception recorded
    ],
)
def test_reflection_period_minimum(
    referral: Doc, end: str, exception: str | None, codes: set[str]
) -> None:
    referral["reflection_period"]["end"] = end
    if exception:
        referral["reflection_period"]["exception"] = exception
    assert codes_of(referral) == codes


def test_reflection_period_refused_needs_a_ground(referral: Doc) -> None:
    referral["reflection_period"] = {"granted": False}
    assert pointers(referral, "TRM-RULE-006") == {"/reflection_period/exception"}
    referral["reflection_period"]["exception"] = "NOT_REQUESTED"
    assert check(referral).valid


# --- organisations and participants -----------------------------------------------------


def test_referenced_organisations_must_be_listed(referral: Doc) -> None:
    referral["organisations"] = [
        o for o in referral["organisations"] if not o["org_id"].endswith("SHELTER-01")
    ]
    assert pointers(referral, "TRM-RULE-008") == {"/services/0/provider_org_id"}
    del referral["organisations"]
    assert pointers(referral, "TRM-RULE-008") == {
        "/consents/0/obtained_by_org_id",
        "/identification/identifying_org_id",
        "/reflection_period/granting_org_id",
        "/return_plan/reception/receiving_org_id",
        "/risk_assessments/0/assessor_org_id",
        "/services/0/provider_org_id",
    }


def test_child_block_organisations_must_be_listed(child_referral: Doc) -> None:
    unlisted = "https://w3id.org/trm/org/SE/UNLISTED"
    child_referral["child"]["guardian"] |= {
        "appointing_org_id": unlisted,
        "guardian_org_id": unlisted,
    }
    child_referral["child"]["best_interests"] = {
        "assessment_done": True,
        "determining_org_id": unlisted,
    }
    assert pointers(child_referral, "TRM-RULE-008") == {
        "/child/guardian/appointing_org_id",
        "/child/guardian/guardian_org_id",
        "/child/best_interests/determining_org_id",
    }


def test_reply_deadlines_cannot_lie_in_the_past(referral: Doc) -> None:
    referral["case"]["respond_by"] = "2026-03-01T00:00:00Z"
    assert pointers(referral, "TRM-RULE-001") == {"/case/respond_by"}
    update = header(referral, "case_update") | {
        "in_reply_to": referral["message_id"],
        "update_type": "STATUS",
        "referral_status": "IN_PROGRESS",
        "next_update_by": "2026-02-01",
    }
    assert pointers(update, "TRM-RULE-001") == {"/next_update_by"}
    request = header(referral, "erasure_request") | {
        "ground": "CONSENT_WITHDRAWN",
        "reply_by": "2026-02-01",
    }
    assert pointers(request, "TRM-RULE-001") == {"/reply_by"}


def test_duplicate_identifiers(referral: Doc) -> None:
    referral["organisations"].append(copy.deepcopy(referral["organisations"][0]))
    referral["consents"].append(copy.deepcopy(referral["consents"][0]))
    referral["risk_assessments"].append(copy.deepcopy(referral["risk_assessments"][0]))
    assert pointers(referral, "TRM-RULE-009") == {
        "/organisations/5/org_id",
        "/consents/1/consent_id",
        "/risk_assessments/1/assessment_id",
    }


def test_participant_countries(referral: Doc) -> None:
    referral["organisations"][0]["country"] = "NO"
    referral["organisations"][1]["org_id"] = "https://w3id.org/trm/org/QQ/POLICE"
    referral["identification"]["identifying_org_id"] = "https://w3id.org/trm/org/QQ/POLICE"
    assert pointers(referral, "TRM-RULE-010") == {
        "/organisations/0/country",
        "/organisations/1/org_id",
        "/organisations/1/country",
    }


def test_sender_is_recipient(referral: Doc) -> None:
    referral["recipient"] = referral["sender"]
    referral["transfer_mechanism"] = "DOMESTIC"
    assert codes_of(referral) == {"TRM-RULE-014"}


# --- exploitation, person, consents -----------------------------------------------------


def test_sexual_exploitation_detail_needs_its_form(referral: Doc) -> None:
    referral["exploitation"]["sexual_exploitation_types"] = ["PROSTITUTION"]
    assert pointers(referral, "TRM-RULE-011") == {"/exploitation/sexual_exploitation_types"}
    referral["exploitation"]["forms"].append("SEXUAL_EXPLOITATION")
    assert check(referral).valid


def test_stateless_with_citizenship(referral: Doc) -> None:
    referral["person"]["stateless"] = True
    assert pointers(referral, "TRM-RULE-015") == {"/person/citizenships"}
    del referral["person"]["citizenships"]
    assert check(referral).valid


def test_consent_status_and_timestamps(referral: Doc) -> None:
    consent = referral["consents"][0]
    consent["status"] = "WITHDRAWN"
    assert pointers(referral, "TRM-RULE-012") == {"/consents/0/withdrawn_at"}
    consent["withdrawn_at"] = "2026-03-01T08:00:00Z"
    assert check(referral).valid
    consent["withdrawn_at"] = "2026-02-01T08:00:00Z"
    assert pointers(referral, "TRM-RULE-001") == {"/consents/0/withdrawn_at"}
    consent["status"] = "SUPERSEDED"
    del consent["withdrawn_at"]
    assert pointers(referral, "TRM-RULE-012") == {"/consents/0/superseded_by"}
    consent["superseded_by"] = "9d0e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70"
    assert check(referral).valid


def test_explicit_categories(referral: Doc) -> None:
    consent = referral["consents"][0]
    consent["explicit_categories"] = ["HEALTH"]
    assert pointers(referral, "TRM-RULE-013") == {"/consents/0/explicit_categories"}
    consent["data_categories"].append("HEALTH")
    assert check(referral).valid
    consent["explicit_categories"] = ["HEALTH", "EXPLOITATION"]
    assert check(referral).valid


def test_return_outcome_belongs_to_pre_return(referral: Doc) -> None:
    referral["risk_assessments"][0]["context"] = "ONGOING"
    assert pointers(referral, "TRM-RULE-023") == {"/risk_assessments/0/return_safety_outcome"}


# --- channel, legal basis, corridor -----------------------------------------------------


def test_law_enforcement_channel_needs_led_basis(referral: Doc) -> None:
    referral["channel"] = "LAW_ENFORCEMENT"
    assert pointers(referral, "TRM-RULE-016") == {
        "/legal_basis/lawful_basis",
        "/legal_basis/special_category_conditions",
    }
    # Between EU countries the LED needs no transfer mechanism of its own (Arts. 35-39
    # govern third countries): INTRA_EU.
    referral["legal_basis"] = {
        "lawful_basis": "LED_ART_8",
        "special_category_conditions": ["LED_ART_10"],
    }
    assert check(referral).valid
    referral["transfer_mechanism"] = "LED_ART37_SAFEGUARDS"
    assert pointers(referral, "TRM-RULE-017") == {"/transfer_mechanism"}
    referral["recipient"] = "https://w3id.org/trm/org/RS/MUP-UKP"
    assert "TRM-RULE-017" not in codes_of(referral)


def test_law_enforcement_purposes_stay_in_their_channel(referral: Doc) -> None:
    referral["purpose"] = "CRIMINAL_PROCEEDINGS"
    assert pointers(referral, "TRM-RULE-016") == {"/purpose"}


def test_chapter_v_mechanisms_only_leave_the_eea(referral: Doc) -> None:
    referral["transfer_mechanism"] = "ADEQUACY"
    assert pointers(referral, "TRM-RULE-017") == {"/transfer_mechanism"}


def test_assistance_channel_refuses_led_basis(referral: Doc) -> None:
    referral["legal_basis"] = {
        "lawful_basis": "LED_ART_8",
        "special_category_conditions": ["GDPR_9_2_G", "LED_ART_10"],
    }
    referral["transfer_mechanism"] = "LED_ART38_DEROGATION"
    assert pointers(referral, "TRM-RULE-016") == {
        "/legal_basis/lawful_basis",
        "/legal_basis/special_category_conditions",
        "/transfer_mechanism",
    }


def test_legal_basis_follows_the_sender_jurisdiction(referral: Doc) -> None:
    # An EU sender cannot rely on non-EU national law.
    referral["legal_basis"] = {
        "lawful_basis": "NATIONAL_LAW_NON_EU",
        "special_category_conditions": ["NATIONAL_LAW_NON_EU"],
    }
    referral["transfer_mechanism"] = "NON_EU_NATIONAL_LAW"
    assert pointers(referral, "TRM-RULE-024") == {
        "/legal_basis/lawful_basis",
        "/legal_basis/special_category_conditions",
        "/transfer_mechanism",
    }
    # A non-EU sender (Serbia) cannot rely on the GDPR or a GDPR Chapter V mechanism.
    referral |= {
        "sender": "https://w3id.org/trm/org/RS/CZZTL",
        "legal_basis": {
            "lawful_basis": "GDPR_6_1_E",
            "special_category_conditions": ["GDPR_9_2_G"],
        },
        "transfer_mechanism": "ADEQUACY",
    }
    assert pointers(referral, "TRM-RULE-024") == {
        "/legal_basis/lawful_basis",
        "/legal_basis/special_category_conditions",
        "/transfer_mechanism",
    }
    referral |= {
        "legal_basis": {"lawful_basis": "NATIONAL_LAW_NON_EU"},
        "transfer_mechanism": "NON_EU_NATIONAL_LAW",
    }
    assert "TRM-RULE-024" not in codes_of(referral)


def test_planned_services_may_start_later(referral: Doc) -> None:
    referral["services"].append(
        {"service": "REINTEGRATION_SUPPORT", "status": "PLANNED", "start": "2026-04-01"}
    )
    assert check(referral).valid
    referral["services"][-1]["status"] = "ONGOING"
    assert pointers(referral, "TRM-RULE-002") == {"/services/2/start"}


def test_transfer_mechanism_and_corridor(referral: Doc) -> None:
    referral["transfer_mechanism"] = "DOMESTIC"
    assert pointers(referral, "TRM-RULE-017") == {"/transfer_mechanism"}
    referral["recipient"] = "https://w3id.org/trm/org/AL/NATC"
    referral["transfer_mechanism"] = "INTRA_EU"
    assert pointers(referral, "TRM-RULE-017") == {"/transfer_mechanism"}
    referral["transfer_mechanism"] = "ART46_2A_INSTRUMENT"
    assert "TRM-RULE-017" not in codes_of(referral)


# --- other message types ----------------------------------------------------------------


def test_case_update_rules(referral: Doc) -> None:
    update = header(referral, "case_update") | {
        "update_type": "DECLINE",
        "referral_status": "DECLINED",
    }
    assert pointers(update, "TRM-RULE-018") == {"/in_reply_to"}
    assert pointers(update, "TRM-RULE-019") == {"/decline_reason"}
    update |= {"in_reply_to": referral["message_id"], "decline_reason": "NO_CAPACITY"}
    assert check(update).valid
    update |= {"update_type": "ACCEPT"}
    assert pointers(update, "TRM-RULE-019") == {"/decline_reason"}


def test_case_update_organisations(referral: Doc) -> None:
    update = header(referral, "case_update") | {
        "in_reply_to": referral["message_id"],
        "update_type": "STATUS",
        "referral_status": "IN_PROGRESS",
        "services": [
            {
                "service": "EDUCATION",
                "status": "PLANNED",
                "provider_org_id": "https://w3id.org/trm/org/RO/NGO-1",
            }
        ],
    }
    assert pointers(update, "TRM-RULE-008") == {"/services/0/provider_org_id"}


@pytest.mark.parametrize(
    ("outcome", "extra", "valid"),
    [
        ("ERASED", {"erased_at": "2026-03-01T00:00:00Z"}, True),
        ("ERASED", {}, False),
        ("ERASED", {"erased_at": "2026-03-01T00:00:00Z", "retained": "R"}, False),
        ("PARTIALLY_ERASED", {"erased_at": "2026-03-01T00:00:00Z", "retained": "R"}, True),
        ("PARTIALLY_ERASED", {"erased_at": "2026-03-01T00:00:00Z"}, False),
        ("REFUSED", {"retained": "R"}, True),
        ("REFUSED", {"retained": "R", "erased_at": "2026-03-01T00:00:00Z"}, False),
        ("REFUSED", {"retained": "R", "erased_categories": ["IDENTITY"]}, False),
    ],
)
def test_erasure_confirmation(referral: Doc, outcome: str, extra: Doc, valid: bool) -> None:
    retained = [
        {
            "data_category": "VICTIM_STATUS",
            "ground": "LEGAL_CLAIMS",
            "legal_reference": "Civil claim pending",
        }
    ]
    doc = header(referral, "erasure_confirmation") | {
        "in_reply_to": referral["message_id"],
        "outcome": outcome,
    }
    doc |= {k: (retained if v == "R" else v) for k, v in extra.items()}
    codes = codes_of(doc)
    assert (codes == set()) is valid, codes
    if not valid:
        assert codes == {"TRM-RULE-020"}


def test_erasure_categories_cannot_be_both_erased_and_retained(referral: Doc) -> None:
    doc = header(referral, "erasure_confirmation") | {
        "in_reply_to": referral["message_id"],
        "outcome": "PARTIALLY_ERASED",
        "erased_at": "2026-03-01T00:00:00Z",
        "erased_categories": ["IDENTITY", "CONTACT"],
        "retained": [
            {
                "data_category": "IDENTITY",
                "ground": "LEGAL_CLAIMS",
                "legal_reference": "Claim pending",
            },
            {
                "data_category": "VICTIM_STATUS",
                "ground": "LEGAL_CLAIMS",
                "legal_reference": "Claim pending",
            },
            {
                "data_category": "VICTIM_STATUS",
                "ground": "ARCHIVING_RESEARCH_STATISTICS",
                "legal_reference": "Statistics act",
            },
        ],
    }
    found = {(i.code, i.pointer) for i in check(doc).issues}
    assert found == {
        ("TRM-RULE-020", "/retained/0/data_category"),
        ("TRM-RULE-009", "/retained/2/data_category"),
    }


def test_case_closure_and_withdrawal_dates(referral: Doc) -> None:
    closure = header(referral, "case_closure") | {
        "closure_reason": "SERVICES_COMPLETED",
        "closed_on": "2026-03-01",
        "follow_up_until": "2026-02-01",
    }
    assert pointers(closure, "TRM-RULE-001") == {"/follow_up_until"}
    withdrawal = header(referral, "consent_withdrawal") | {
        "consent_ids": [referral["consents"][0]["consent_id"]],
        "withdrawn_at": "2026-03-03T00:00:00Z",
        "withdrawn_by": "SELF",
        "required_action": "STOP_PROCESSING",
    }
    assert pointers(withdrawal, "TRM-RULE-002") == {"/withdrawn_at"}


def test_consultation_answer_cannot_be_due_before_question(referral: Doc) -> None:
    doc = header(referral, "pre_referral_consultation") | {
        "trm_phase": "IDENTIFICATION",
        "urgency": "ROUTINE",
        "questions": ["SERVICE_AVAILABILITY"],
        "profile": {"sex": "FEMALE", "minor_status": "ADULT", "age_band": "AGE_25_34"},
        "respond_by": "2026-03-01T00:00:00Z",
    }
    assert pointers(doc, "TRM-RULE-001") == {"/respond_by"}
    doc["respond_by"] = "2026-03-05T00:00:00Z"
    assert check(doc).valid
    doc["profile"]["age_band"] = "AGE_12_14"
    assert pointers(doc, "TRM-RULE-007") == {"/profile/minor_status"}
    doc["profile"]["minor_status"] = "MINOR"
    assert check(doc).valid
    doc["profile"]["age_band"] = "AGE_35_44"
    assert pointers(doc, "TRM-RULE-007") == {"/profile/minor_status"}

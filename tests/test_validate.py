"""Layers 2 and 3 and the dispatch on version and type, through the public validate()."""

from __future__ import annotations

import json
from typing import Any

import pydantic
import pytest
from conftest import Doc, check, codes_of, dump

import trm_standard as trm
from trm_standard.v1 import message_adapter


def test_valid_referral(referral: Doc) -> None:
    report = check(referral)
    assert report.valid, report.issues
    assert isinstance(report.message, trm.Referral)
    assert report.spec_version == "1.0.0"
    assert report.message_type == "referral"


@pytest.mark.parametrize(
    ("change", "code", "where"),
    [
        ({"spec_version": None}, "TRM-VERSION-001", "/spec_version"),
        ({"spec_version": 1}, "TRM-VERSION-001", "/spec_version"),
        ({"spec_version": "9.9.9"}, "TRM-VERSION-002", "/spec_version"),
        ({"message_type": None}, "TRM-VERSION-003", "/message_type"),
        ({"message_type": "gossip"}, "TRM-VERSION-004", "/message_type"),
    ],
)
def test_dispatch_errors(referral: Doc, change: dict[str, Any], code: str, where: str) -> None:
    for key, value in change.items():
        if value is None:
            del referral[key]
        else:
            referral[key] = value
    report = check(referral)
    assert (code, where) in {(i.code, i.pointer) for i in report.issues}


def test_message_types_are_judged_in_a_readable_version_only(referral: Doc) -> None:
    # Another version may have other types: only the version is reported.
    referral["spec_version"] = "2.0.0"
    referral["message_type"] = "gossip"
    assert codes_of(referral) == {"TRM-VERSION-002"}
    del referral["message_type"]
    assert codes_of(referral) == {"TRM-VERSION-002", "TRM-VERSION-003"}


def test_schema_layer_reports_every_problem_with_pointers(referral: Doc) -> None:
    del referral["person"]["sex"]
    referral["person"]["org_id"] = "x"
    referral["person"]["citizenships"] = ["RO", "RO"]
    referral["person"]["dependent_children"] = 99
    referral["person"]["languages"] = ["Romanian"]
    referral["created_at"] = "2026-02-30T09:00:00Z"
    referral["case"]["urgency"] = "WHENEVER"
    referral["person"]["interpreter_needed"] = "yes"
    referral["identification"]["reasonable_grounds_on"] = "2026-01-20T00:00:00Z"
    report = check(referral)
    found = {(i.code, i.pointer) for i in report.issues}
    assert found == {
        ("TRM-SCHEMA-001", "/person/sex"),
        ("TRM-SCHEMA-002", "/person/org_id"),
        ("TRM-SCHEMA-009", "/person/citizenships"),
        ("TRM-SCHEMA-007", "/person/dependent_children"),
        ("TRM-SCHEMA-005", "/person/languages/0"),
        ("TRM-SCHEMA-010", "/created_at"),
        ("TRM-SCHEMA-004", "/case/urgency"),
        ("TRM-SCHEMA-003", "/person/interpreter_needed"),
        ("TRM-SCHEMA-005", "/identification/reasonable_grounds_on"),
    }


def test_member_names_outside_the_standard_are_not_shown(referral: Doc) -> None:
    referral["person"]["ana_maria_exemplu_born_1994"] = True
    referral["case"]["ioana_exemplu"] = {"a": 1, "b": None}
    report = check(referral)
    assert {(i.code, i.pointer) for i in report.issues} == {("TRM-JSON-011", "/case")}
    del referral["case"]["ioana_exemplu"]
    report = check(referral)
    assert [(i.code, i.pointer, i.message) for i in report.issues] == [
        ("TRM-SCHEMA-002", "/person", "unknown member (name not shown)")
    ]


@pytest.mark.parametrize(
    "value",
    [
        "1994-06\n",  # Python's "$" would match before the newline; ECMA's does not
        "0000",
        "9999-12",
        "1899",
        "2200-01-01",
    ],
)
def test_partial_dates_outside_the_pattern(referral: Doc, value: str) -> None:
    referral["person"]["date_of_birth"] = value
    assert codes_of(referral) == {"TRM-SCHEMA-005"}


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("message_id", "0b9f6c1e-3d2a-4f5b-9c7d-1a2b3c4d5e01\n"),
        ("case_ref", "SE-JAMY-2026-0147\n"),
        ("created_at", "9999-12-31T23:59:59Z"),
        ("created_at", "0000-01-01T00:00:00Z"),
    ],
)
def test_header_values_outside_the_pattern(referral: Doc, member: str, value: str) -> None:
    referral[member] = value
    assert codes_of(referral) == {"TRM-SCHEMA-005"}


@pytest.mark.parametrize(
    "name",
    ["Ana\u202eairaM", "Ana\u2028Maria", "Ana\u0085", " Ana", "Ana ", " ", "\u00a0"],
)
def test_names_must_be_printable(referral: Doc, name: str) -> None:
    referral["person"]["given_names"] = name
    assert codes_of(referral) == ({"TRM-SCHEMA-005"} if name != "\u00a0" else set())


def test_huge_integers_are_reported_not_crashing(referral: Doc) -> None:
    data = dump(referral).replace(
        b'"dependent_children": 1', b'"dependent_children": 1' + b"0" * 5000
    )
    assert trm.validate(data).codes == {"TRM-JSON-008"}
    referral["person"]["dependent_children"] = 10**5000
    assert trm.validate_value(referral).codes == {"TRM-JSON-008"}


def test_validate_value_survives_deep_python_data() -> None:
    deep: Any = {}
    for _ in range(100_000):
        deep = {"a": deep}
    assert trm.validate_value(deep).codes == {"TRM-JSON-009"}


def test_issue_count_is_bounded(referral: Doc) -> None:
    referral["needs"] = [{}] * 1000
    report = check(referral)
    assert len(report.issues) == 101
    assert report.issues[-1].code == "TRM-REPORT-001"
    small = trm.validate(dump(referral), limits=trm.Limits(max_issues=5))
    assert [i.code for i in small.issues][-1] == "TRM-REPORT-001"
    assert len(small.issues) == 6


def test_issues_are_in_document_order(referral: Doc) -> None:
    referral["needs"] = [{"need": "EDUCATION", "priority": "NORMAL"}] * 12
    for i in (2, 10):
        referral["needs"][i] = {"need": "EDUCATION"}
    assert [i.pointer for i in check(referral).issues] == [
        "/needs/2/priority",
        "/needs/10/priority",
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_bytes": 0},
        {"max_depth": 0},
        {"max_depth": 10_000},
        {"max_issues": 0},
        {"max_bytes": True},
    ],
)
def test_limits_are_checked(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must be an integer"):
        trm.Limits(**kwargs)


def test_message_adapter_does_not_echo_the_type() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        message_adapter.validate_python({"message_type": "Ana Popescu"})
    assert "Ana" not in str(caught.value)


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-03-02 09:30:00Z",
        "2026-03-02T09:30:00+00:00",
        "2026-03-02T09:30:00.5Z",
        "2026-03-02T09:30:00",
        "2026-03-02T24:00:00Z",
        "2026-03-02T09:30:60Z",
    ],
)
def test_times_must_be_utc_z_whole_seconds(referral: Doc, stamp: str) -> None:
    referral["created_at"] = stamp
    assert codes_of(referral) == {"TRM-SCHEMA-005"}


def test_uuid_must_be_canonical(referral: Doc) -> None:
    referral["message_id"] = referral["message_id"].replace("-", "")
    assert codes_of(referral) == {"TRM-SCHEMA-005"}
    referral["message_id"] = "0B9F6C1E-3D2A-4F5B-9C7D-1A2B3C4D5E01"
    assert codes_of(referral) == {"TRM-SCHEMA-005"}


def test_empty_arrays_are_rejected_absent_is_the_way(referral: Doc) -> None:
    referral["person"]["citizenships"] = []
    assert codes_of(referral) == {"TRM-SCHEMA-008"}


def test_control_characters_are_rejected(referral: Doc) -> None:
    referral["person"]["given_names"] = "Ana\nMaria"
    assert codes_of(referral) == {"TRM-SCHEMA-005"}


def test_invalid_partial_date_is_a_model_error(referral: Doc) -> None:
    referral["person"]["date_of_birth"] = "1994-02-30"
    report = check(referral)
    assert [(i.code, i.pointer) for i in report.issues] == [
        ("TRM-MODEL-001", "/person/date_of_birth")
    ]


def test_kosovo_is_a_country(referral: Doc) -> None:
    referral["person"]["citizenships"] = ["XK"]
    assert check(referral).valid
    referral["person"]["citizenships"] = ["XX"]
    assert codes_of(referral) == {"TRM-SCHEMA-004"}


def test_validate_value_applies_the_same_checks(referral: Doc) -> None:
    assert trm.validate_value(referral).valid
    referral["person"]["dependent_children"] = 1.0
    assert trm.validate_value(referral).codes == {"TRM-JSON-007"}
    referral["person"]["dependent_children"] = None
    assert trm.validate_value(referral).codes == {"TRM-JSON-011"}
    assert trm.validate_value({"a": {1, 2}}).codes == {"TRM-JSON-004"}


def test_parse_raises_with_every_issue(referral: Doc) -> None:
    assert isinstance(trm.parse(dump(referral)), trm.Referral)
    del referral["person"]["sex"]
    del referral["case"]
    with pytest.raises(trm.ValidationError) as caught:
        trm.parse(dump(referral))
    error = caught.value
    assert {i.pointer for i in error.issues} == {"/person/sex", "/case"}
    assert error.code == "TRM-SCHEMA-001"
    assert "and 1 more" in str(error)
    assert "required member" in error.diagnostics()
    assert list(error) == list(error.issues)


def test_trm_error_diagnostics_and_registry() -> None:
    err = trm.TRMError("TRM-RULE-005", "too short")
    assert "CETS 197 Art. 13" in err.diagnostics()
    with pytest.raises(ValueError, match="unregistered"):
        trm.TRMError("TRM-NOPE-001", "x")
    with pytest.raises(ValueError, match="unregistered"):
        trm.Issue("", "TRM-NOPE-001", "x")
    with pytest.raises(ValueError, match="at least one"):
        trm.ValidationError([])


SECRET_VALUES = ("Ana-Maria", "Exemplu", "XS000000", "1994-06", "SE-JAMY-2026-0147")


def _all_issue_text(report: trm.Report) -> str:
    return json.dumps([i.as_dict() for i in report.issues], ensure_ascii=False)


@pytest.mark.parametrize(
    "mutation",
    [
        lambda d: d["person"].__setitem__("given_names", 7),
        lambda d: d["person"].__setitem__("family_names", "x" * 300),
        lambda d: d["person"]["identity_documents"][0].__setitem__("number", ["XS000000"]),
        lambda d: d["person"].__setitem__("date_of_birth", "1994-06-31"),
        lambda d: d["person"].__setitem__("date_of_birth", "June 1994"),
        lambda d: d.__setitem__("case_ref", "SE-JAMY-2026-0147 Ana-Maria Exemplu"),
        lambda d: d["person"].__setitem__("minor_status", "Exemplu"),
    ],
)
def test_issues_never_echo_personal_values(referral: Doc, mutation: Any) -> None:
    mutation(referral)
    report = check(referral)
    assert not report.valid
    text = _all_issue_text(report)
    for secret in SECRET_VALUES:
        assert secret not in text


def test_limits_are_configurable(referral: Doc) -> None:
    data = dump(referral)
    assert trm.validate(data, limits=trm.Limits(max_bytes=len(data))).valid
    assert trm.validate(data, limits=trm.Limits(max_bytes=len(data) - 1)).codes == {"TRM-JSON-002"}
    assert trm.validate(data, limits=trm.Limits(max_depth=3)).codes == {"TRM-JSON-009"}

"""FHIR R4/R5 mapping: lossless round trip, determinism, semantics and import checks."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import pytest
from conftest import EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

import trm_standard as trm
from trm_standard import ValidationError
from trm_standard._fhir import structure_issues
from trm_standard.fhir import (
    EXT_BASE,
    PATH_EXTENSION,
    PROFILES,
    BundleType,
    FhirVersion,
    from_fhir,
    to_fhir,
)
from trm_standard.testing import messages
from trm_standard.v1 import MESSAGE_CLASSES, MessageBase

VALID = sorted(
    p.name for p in EXAMPLES.glob("*.json") if ".invalid" not in p.name and p.name[0] != "_"
)
CHILD = "referral-se-xk-child-begging.json"
ADULT = "referral-se-ro-adult-labour.json"
Bundle = dict[str, Any]


def _message(name: str) -> MessageBase:
    return trm.parse((EXAMPLES / name).read_bytes())


def _resources(bundle: Bundle, kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _path_of(resource: dict[str, Any]) -> str:
    path: str = next(e["valueString"] for e in resource["extension"] if e["url"] == PATH_EXTENSION)
    return path


def _by_path(bundle: Bundle, path: str) -> dict[str, Any]:
    return next(e["resource"] for e in bundle["entry"] if _path_of(e["resource"]) == path)


def _codes(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {issue.code for issue in exc.value.issues}


# --------------------------------------------------------------------------------------
# Round trip
# --------------------------------------------------------------------------------------


def test_every_message_type_has_an_example() -> None:
    types = {json.loads((EXAMPLES / n).read_text())["message_type"] for n in VALID}
    assert types == set(MESSAGE_CLASSES)


@pytest.mark.parametrize("name", VALID)
@pytest.mark.parametrize("version", ["R4", "R5"])
@pytest.mark.parametrize("bundle_type", ["collection", "transaction"])
def test_examples_round_trip(name: str, version: Any, bundle_type: Any) -> None:
    message = _message(name)
    bundle = to_fhir(message, fhir_version=version, bundle_type=bundle_type)  # validates once
    back = from_fhir(json.dumps(bundle), validate=False)
    assert back.to_json_dict() == message.to_json_dict()
    assert back == message
    assert bundle["type"] == bundle_type
    assert bundle["meta"]["profile"] == [PROFILES[version]]


@pytest.mark.parametrize("message_type", sorted(MESSAGE_CLASSES))
def test_generated_messages_round_trip(message_type: str) -> None:
    @given(messages(message_type))
    def check(message: MessageBase) -> None:
        versions: tuple[FhirVersion, ...] = ("R4", "R5")
        for version in versions:
            for bundle_type in ("collection", "transaction"):
                bundle = to_fhir(
                    message, fhir_version=version, bundle_type=bundle_type, validate=False
                )
                assert structure_issues(bundle, version) == []  # fhir.resources, once
                back = from_fhir(bundle, validate=False)
                assert back.to_json_dict() == message.to_json_dict()

    check()


def test_import_validates_with_fhir_resources_by_default() -> None:
    message = _message(CHILD)
    assert from_fhir(to_fhir(message, fhir_version="R4", validate=False)) == message


# --------------------------------------------------------------------------------------
# Determinism
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", VALID)
@pytest.mark.parametrize("version", ["R4", "R5"])
@pytest.mark.parametrize("bundle_type", ["collection", "transaction"])
def test_same_message_same_bytes(name: str, version: Any, bundle_type: Any) -> None:
    first = json.dumps(to_fhir(_message(name), fhir_version=version, bundle_type=bundle_type))
    again = json.dumps(to_fhir(_message(name), fhir_version=version, bundle_type=bundle_type))
    assert first == again
    back = from_fhir(first, validate=False)  # and again through an import
    assert json.dumps(to_fhir(back, fhir_version=version, bundle_type=bundle_type)) == first


def test_resource_ids_are_derived_from_message_id_and_path() -> None:
    doc = json.loads((EXAMPLES / ADULT).read_text())
    one = to_fhir(trm.parse(json.dumps(doc)), validate=False)
    doc["message_id"] = "00000000-0000-4000-8000-000000000001"
    two = to_fhir(trm.parse(json.dumps(doc)), validate=False)
    ids_one = [e["resource"]["id"] for e in one["entry"]]
    ids_two = [e["resource"]["id"] for e in two["entry"]]
    assert len(set(ids_one)) == len(ids_one)
    assert not set(ids_one) & set(ids_two)
    assert all(e["fullUrl"] == "urn:uuid:" + e["resource"]["id"] for e in one["entry"])


# --------------------------------------------------------------------------------------
# The FHIR side: workflow resources, Consent semantics, pseudonymised Patient
# --------------------------------------------------------------------------------------


def test_referral_uses_the_workflow_resources() -> None:
    bundle = to_fhir(_message(CHILD), validate=False)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Task", "Patient", "Organization", "Condition", "Consent", "RelatedPerson"} <= kinds
    (task,) = _resources(bundle, "Task")
    assert task["intent"] == "order"
    assert task["code"]["coding"][0]["code"] == "referral"
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert task["requester"]["reference"] in urls
    assert task["for"]["reference"] in urls
    (guardian,) = _resources(bundle, "RelatedPerson")
    assert guardian["relationship"][0]["coding"][0]["code"] == "GUARD"


def test_requested_services_are_service_requests_the_task_is_based_on() -> None:
    message = _message("referral-se-bg-return.json")
    bundle = to_fhir(message, fhir_version="R5", validate=False)
    requests = [r for r in _resources(bundle, "ServiceRequest") if r["intent"] == "order"]
    assert len(requests) == len(message.case.requested_services or ())  # type: ignore[attr-defined]
    assert requests, "the example asks for services"
    (task,) = _resources(bundle, "Task")
    assert [b["reference"] for b in task["basedOn"]] == ["urn:uuid:" + r["id"] for r in requests]
    assert "concept" in requests[0]["code"]  # R5 CodeableReference
    r4 = to_fhir(message, fhir_version="R4", validate=False)
    r4_request = next(r for r in _resources(r4, "ServiceRequest") if r["intent"] == "order")
    assert "coding" in r4_request["code"]  # R4 CodeableConcept


def test_r5_consent_is_base_deny_with_a_permit_per_purpose() -> None:
    message = _message(CHILD)
    bundle = to_fhir(message, fhir_version="R5", validate=False)
    consents = _resources(bundle, "Consent")
    assert len(consents) == len(message.consents or ())  # type: ignore[attr-defined]
    for consent in consents:
        assert consent["decision"] == "deny"
        (permit,) = consent["provision"]
        assert "type" not in permit
        assert permit["action"][0]["coding"][0]["code"] == "disclose"
        purpose = permit["purpose"][0]["code"]
        assert purpose in {c["coding"][0]["code"] for c in consent["category"]}
        assert "policyRule" not in consent


def test_r4_consent_uses_policy_rule_and_a_nested_permit() -> None:
    bundle = to_fhir(_message(CHILD), fhir_version="R4", validate=False)
    for consent in _resources(bundle, "Consent"):
        assert consent["policyRule"]["coding"][0]["code"] == "OPTOUTE"
        assert consent["scope"]["coding"][0]["code"] == "patient-privacy"
        root = consent["provision"]
        assert "type" not in root  # R4: "not permitted in root rule"
        assert [p["type"] for p in root["provision"]] == ["permit"]
        assert not {"decision", "grantor", "subject", "controller"} & set(consent)


def test_child_consent_given_by_guardian_names_the_related_person() -> None:
    bundle = to_fhir(_message(CHILD), fhir_version="R5", validate=False)
    (guardian,) = _resources(bundle, "RelatedPerson")
    givers = {c["grantor"][0]["reference"] for c in _resources(bundle, "Consent")}
    assert "urn:uuid:" + guardian["id"] in givers


#: Elements of the R5 output that R4 4.0.1 does not have (or types it changed).
_R5_ONLY: Final = {
    "Organization": {"contact"},
    "Consent": {"decision", "grantor", "controller", "subject", "period", "date"},
}


@pytest.mark.parametrize("name", VALID)
def test_r4_output_has_no_r5_only_elements_and_r5_json_is_not_r4(name: str) -> None:
    message = _message(name)
    r4 = to_fhir(message, fhir_version="R4", validate=False)
    r5 = to_fhir(message, fhir_version="R5", validate=False)
    for kind, elements in _R5_ONLY.items():
        for resource in _resources(r4, kind):
            assert not elements & set(resource), kind
    for resource in _resources(r4, "ServiceRequest"):
        assert "concept" not in resource["code"]  # R4 CodeableConcept, not CodeableReference
    for resource in _resources(r4, "Task"):
        assert "concept" not in resource.get("statusReason", {})
    assert structure_issues(r4, "R4") == []
    assert structure_issues(r5, "R5") == []
    # The R4B classes reject the R5 JSON exactly where it uses R5-only elements.
    rejected = {i.pointer.split("/")[4] for i in structure_issues(r5, "R4")}
    # and where R5 changed a type: CodeableReference, a repeated provision; R4 needs scope
    r5_only = set().union(*_R5_ONLY.values(), {"code", "statusReason", "provision", "scope"})
    assert rejected <= r5_only
    kinds = {e["resource"]["resourceType"] for e in r5["entry"]}
    if "Consent" in kinds:
        assert {"decision", "grantor", "controller"} <= rejected


def test_minimised_person_is_a_pseudonymised_patient() -> None:
    doc = json.loads((EXAMPLES / ADULT).read_text())
    person = doc["person"]
    for key in (
        "given_names",
        "family_names",
        "other_names",
        "date_of_birth",
        "place_of_birth",
        "home_address",
        "contact",
    ):
        person.pop(key, None)
    # A DI container left with its QI members only (what minimise keeps) identifies no one.
    assert person["identity_documents"]
    for document in person["identity_documents"]:
        del document["number"]
    message = trm.parse(json.dumps(doc))
    bundle = to_fhir(message, validate=False)
    (patient,) = _resources(bundle, "Patient")
    labels = {c["code"] for c in patient["meta"]["security"]}
    assert labels == {"PSEUDED", "R"}
    assert "name" not in patient
    assert "birthDate" not in patient
    (ident,) = patient["identifier"]
    assert ident["type"]["coding"][0]["code"] == "PSEUDED"
    assert ident["value"] == doc["case_ref"]
    assert from_fhir(bundle, validate=False) == message


def test_identified_person_is_not_labelled_pseudonymised() -> None:
    bundle = to_fhir(_message(ADULT), validate=False)
    (patient,) = _resources(bundle, "Patient")
    assert {c["code"] for c in patient["meta"]["security"]} == {"R"}
    assert patient["name"]


def test_members_without_a_fhir_home_are_trm_extensions() -> None:
    bundle = to_fhir(_message(CHILD), validate=False)
    urls = {
        ext["url"] for entry in bundle["entry"] for ext in entry["resource"].get("extension", ())
    }
    assert EXT_BASE + "MessageBase.legal_basis" in urls
    assert EXT_BASE + "Person.minor_status" in urls
    assert all(
        u.startswith((EXT_BASE, "http://hl7.org/fhir/StructureDefinition/patient-")) for u in urls
    )


# --------------------------------------------------------------------------------------
# Import checks beyond fhir.resources, each with a failing case
# --------------------------------------------------------------------------------------


def _tampered(edit: Callable[[Bundle], None], *, version: Any = "R5", name: str = CHILD) -> Bundle:
    bundle = copy.deepcopy(to_fhir(_message(name), fhir_version=version, validate=False))
    edit(bundle)
    return bundle


def _import_codes(bundle: Bundle, *, validate: bool = False) -> set[str]:
    with pytest.raises(ValidationError) as exc:
        from_fhir(bundle, validate=validate)
    return _codes(exc)


def test_unresolved_reference_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        _by_path(b, "#")["owner"]["reference"] = "urn:uuid:00000000-0000-5000-8000-000000000000"

    bundle = _tampered(edit)
    assert structure_issues(bundle, "R5") == []  # fhir.resources does not notice
    assert "TRM-FHIR-004" in _import_codes(bundle, validate=True)


def test_reference_to_the_wrong_resource_type_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        _by_path(b, "#")["owner"] = dict(_by_path(b, "#")["for"])  # a Patient

    # Every reference of every resource: tests/test_fhir_review.py.
    assert _import_codes(_tampered(edit), validate=True) == {"TRM-FHIR-004"}


def test_unknown_code_of_a_trm_system_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        _by_path(b, "#/exploitation/forms/0")["code"]["coding"][0]["code"] = "CHEESE_MAKING"

    bundle = _tampered(edit)
    assert structure_issues(bundle, "R5") == []
    assert _import_codes(bundle, validate=True) == {"TRM-FHIR-005"}


def test_unknown_code_inside_an_extension_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        task = _by_path(b, "#")
        ext = next(e for e in task["extension"] if e["url"].endswith("MessageBase.channel"))
        ext["valueCoding"]["code"] = "CARRIER_PIGEON"

    assert "TRM-FHIR-005" in _import_codes(_tampered(edit))


def test_unknown_trm_code_system_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        coding = _by_path(b, "#/exploitation/forms/0")["code"]["coding"][0]
        coding["system"] = "https://w3id.org/trm/codes/no-such-list"

    assert "TRM-FHIR-006" in _import_codes(_tampered(edit))


def test_missing_path_extension_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        cond = _by_path(b, "#/exploitation/forms/0")
        cond["extension"] = [e for e in cond["extension"] if e["url"] != PATH_EXTENSION]
        if not cond["extension"]:
            del cond["extension"]

    assert "TRM-FHIR-007" in _import_codes(_tampered(edit))


def test_bundle_without_task_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        b["entry"] = [e for e in b["entry"] if e["resource"]["resourceType"] != "Task"]

    assert "TRM-FHIR-007" in _import_codes(_tampered(edit))


def test_unmapped_element_is_rejected_not_dropped() -> None:
    def edit(b: Bundle) -> None:
        _by_path(b, "#/person")["active"] = True
        _by_path(b, "#")["note"] = [{"text": "a note from another system"}]

    bundle = _tampered(edit)
    assert structure_issues(bundle, "R5") == []
    with pytest.raises(ValidationError) as exc:
        from_fhir(bundle)
    pointers = {i.pointer for i in exc.value.issues if i.code == "TRM-FHIR-008"}
    assert any(p.endswith("/active") for p in pointers)
    assert any(p.endswith("/note") for p in pointers)


def test_unknown_extension_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        _by_path(b, "#/person")["extension"].append(
            {"url": EXT_BASE + "Person.favourite_colour", "valueString": "green"}
        )

    assert "TRM-FHIR-009" in _import_codes(_tampered(edit))


def test_foreign_extension_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        _by_path(b, "#")["extension"].append(
            {"url": "https://example.org/fhir/StructureDefinition/x", "valueBoolean": True}
        )

    assert "TRM-FHIR-009" in _import_codes(_tampered(edit))


def test_unmapped_resource_type_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        b["entry"].append(
            {
                "fullUrl": "urn:uuid:00000000-0000-5000-8000-00000000000a",
                "resource": {
                    "resourceType": "Observation",
                    "id": "00000000-0000-5000-8000-00000000000a",
                    "extension": [{"url": PATH_EXTENSION, "valueString": "#/needs/0"}],
                    "status": "final",
                    "code": {"text": "x"},
                },
            }
        )

    assert "TRM-FHIR-010" in _import_codes(_tampered(edit))


def test_two_resources_for_one_member_are_rejected() -> None:
    def edit(b: Bundle) -> None:
        paths = [_path_of(e["resource"]) for e in b["entry"]]
        second = next(p for p in paths if p.endswith("/1"))
        for ext in _by_path(b, second)["extension"]:
            if ext["url"] == PATH_EXTENSION:
                ext["valueString"] = second[:-1] + "0"

    assert "TRM-FHIR-011" in _import_codes(_tampered(edit))


def test_invalid_carried_message_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        patient = _by_path(b, "#/person")
        patient["extension"] = [e for e in patient["extension"] if not e["url"].endswith(".sex")]

    codes = _import_codes(_tampered(edit))
    assert "TRM-FHIR-012" in codes
    assert "TRM-SCHEMA-001" in codes


def test_extension_value_of_the_wrong_type_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        task = _by_path(b, "#")
        ext = next(e for e in task["extension"] if e["url"].endswith("MessageBase.spec_version"))
        del ext["valueString"]
        ext["valueInteger"] = 1

    assert "TRM-FHIR-013" in _import_codes(_tampered(edit))


def test_bundle_of_the_other_version_is_rejected_by_fhir_resources() -> None:
    def edit(b: Bundle) -> None:
        b["meta"]["profile"] = [PROFILES["R4"]]

    assert _import_codes(_tampered(edit), validate=True) == {"TRM-FHIR-002"}


@pytest.mark.parametrize("value", [[], {"resourceType": "Patient"}, "not json {"])
def test_not_a_bundle_is_rejected(value: Any) -> None:
    data = value if isinstance(value, str) else json.dumps(value)
    with pytest.raises(ValidationError) as exc:
        from_fhir(data)
    assert _codes(exc) == {"TRM-FHIR-002"}


def test_bundle_without_trm_profile_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        del b["meta"]["profile"]

    assert _import_codes(_tampered(edit)) == {"TRM-FHIR-003"}


def test_transaction_entries_must_be_posts() -> None:
    bundle = copy.deepcopy(to_fhir(_message(CHILD), bundle_type="transaction", validate=False))
    bundle["entry"][0]["request"]["method"] = "DELETE"
    assert "TRM-FHIR-008" in _import_codes(bundle)


def test_import_errors_never_show_values() -> None:
    secret = "Shembull"  # the synthetic family name in the child example

    def edit(b: Bundle) -> None:
        patient = _by_path(b, "#/person")
        patient["name"][0]["family"] = 12345  # wrong type
        patient["photo"] = [{"title": secret}]

    with pytest.raises(ValidationError) as exc:
        from_fhir(_tampered(edit))
    assert secret not in str(exc.value)
    assert secret not in exc.value.diagnostics()
    assert "12345" not in exc.value.diagnostics()


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="fhir_version"):
        to_fhir(_message(CHILD), fhir_version="R6")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="bundle_type"):
        to_fhir(_message(CHILD), bundle_type="batch")  # type: ignore[arg-type]


def test_every_fhir_code_is_registered_and_documented() -> None:
    folder = Path(trm.__file__).parent
    source = "".join(p.read_text() for p in folder.glob("_fhir*.py"))
    used = {c for c in trm.CODES if c.startswith("TRM-FHIR-") and c in source}
    registered = {c for c in trm.CODES if c.startswith("TRM-FHIR-")}
    assert registered == used
    for code in registered:
        assert trm.CODES[code].example, code


def test_consent_turned_into_permit_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        _resources(b, "Consent")[0]["decision"] = "permit"

    bundle = _tampered(edit)
    assert structure_issues(bundle, "R5") == []
    assert _import_codes(bundle, validate=True) == {"TRM-FHIR-014"}


def test_r4_consent_with_another_permit_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        nested = _resources(b, "Consent")[0]["provision"]["provision"][0]
        nested["type"] = "deny"

    assert _import_codes(_tampered(edit, version="R4")) == {"TRM-FHIR-014"}


def test_task_status_outside_its_value_set_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        _by_path(b, "#")["status"] = "nonsense"

    bundle = _tampered(edit)
    assert structure_issues(bundle, "R5") == []  # fhir.resources does not check codes
    assert _import_codes(bundle, validate=True) == {"TRM-FHIR-014"}


def test_removed_security_label_is_rejected() -> None:
    def edit(b: Bundle) -> None:
        _by_path(b, "#/person")["meta"]["security"] = []

    assert _import_codes(_tampered(edit)) == {"TRM-FHIR-014"}


def test_duplicate_member_names_are_rejected() -> None:
    text = json.dumps(to_fhir(_message(CHILD), validate=False))
    doubled = text.replace('"type": "collection"', '"type": "collection", "type": "transaction"')
    assert doubled != text
    with pytest.raises(ValidationError) as exc:
        from_fhir(doubled)
    assert _codes(exc) == {"TRM-FHIR-002"}


@pytest.mark.parametrize("validate", [True, False])
def test_foreign_element_names_are_not_shown(validate: bool) -> None:
    hostile = "Jane Example 1970-01-01"

    def edit(b: Bundle) -> None:
        _by_path(b, "#/person")[hostile] = True

    with pytest.raises(ValidationError) as exc:
        from_fhir(_tampered(edit), validate=validate)
    assert hostile not in str(exc.value)
    assert hostile not in exc.value.diagnostics()
    assert all(hostile not in i.pointer for i in exc.value.issues)


def _locations(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here] if here else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _locations(item, (*here, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _locations(item, (*here, i))
    return found


def _nested(levels: int) -> Any:
    value: Any = {"url": "x", "valueString": "y"}
    for _ in range(levels):
        value = {"url": "x", "extension": [value]}
    return value


_ODD_VALUES = st.sampled_from(
    [
        *(None, 0, -1, "x", True, [], {}, [1], {"a": 1}, "urn:uuid:1", "#", "#/person", 1.5),
        *(_nested(5), [_nested(60)], _nested(150), [[[[[[[[[[[[]]]]]]]]]]]]),
    ]
).map(copy.deepcopy)  # fresh objects: a shared one could end up inside itself


@settings(max_examples=150)
@given(st.data())
def test_damaged_bundles_fail_only_with_validation_errors(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(VALID))
    version: FhirVersion = data.draw(st.sampled_from(["R4", "R5"]))
    bundle_type: BundleType = data.draw(st.sampled_from(["collection", "transaction"]))
    bundle = copy.deepcopy(
        to_fhir(_message(name), fhir_version=version, bundle_type=bundle_type, validate=False)
    )
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(_locations(bundle)))
        parent: Any = bundle
        for key in where[:-1]:
            parent = parent[key]
        if data.draw(st.booleans()):
            del parent[where[-1]]
        else:
            parent[where[-1]] = data.draw(_ODD_VALUES)
    validate = data.draw(st.booleans())
    try:
        from_fhir(bundle, validate=validate)  # a harmless edit may still import
    except ValidationError as exc:  # any other exception fails the test
        codes = {i.code for i in exc.issues}
    else:
        codes = set()
    assert codes <= set(trm.CODES)


@pytest.mark.parametrize("kind", [None, "NoSuchResource", 7])
def test_entry_without_a_known_resource_type_is_not_valid_fhir(kind: Any) -> None:
    def edit(b: Bundle) -> None:
        resource = b["entry"][1]["resource"]
        if kind is None:
            del resource["resourceType"]
        else:
            resource["resourceType"] = kind

    assert _import_codes(_tampered(edit), validate=True) == {"TRM-FHIR-002"}


def test_in_reply_to_is_task_part_of_by_identifier() -> None:
    name = "case-update-ro-se-accept.json"
    message = _message(name)
    assert message.in_reply_to is not None
    bundle = to_fhir(message, validate=False)
    (task,) = _resources(bundle, "Task")
    (part,) = task["partOf"]
    assert part == {
        "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:" + message.in_reply_to}
    }
    assert not any(e["url"].endswith(".in_reply_to") for e in task["extension"])
    assert from_fhir(bundle, validate=False) == message

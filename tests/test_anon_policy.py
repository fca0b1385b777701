"""Policies and hierarchies are data, validated; the anonymised tier cannot keep identifiers."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from trm_standard import codelist
from trm_standard._anon_policy import DATA_DIR, Hierarchy, weakened
from trm_standard.anonymise import (
    PolicyError,
    field_catalogue,
    hierarchies,
    load_policy,
    policy_from_dict,
    shipped_policy,
)

FIELDS = field_catalogue("referral")
IDENTIFYING = sorted(p for p, f in FIELDS.items() if f.privacy in ("DI", "SAFETY"))


def _anonymised() -> dict[str, Any]:
    return copy.deepcopy(dict(shipped_policy("anonymised").source))


def _codes(error: PolicyError) -> set[str]:
    return {i.code for i in error.issues}


def test_policy_schema_is_valid_2020_12() -> None:
    schema = json.loads((DATA_DIR / "anonymisation-policy.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("tier", ["pseudonymised", "anonymised"])
def test_shipped_policies_load(tier: str) -> None:
    policy = shipped_policy(tier)  # type: ignore[arg-type]
    assert policy.tier == tier
    assert policy.release.k == 11
    assert policy.release.l == 2
    assert str(policy.release.suppression_budget) == "0.05"
    released = {c.path: c for c in policy.columns}
    assert "exploitation.forms[]" in released
    for column in policy.columns:  # no direct identifier leaves, except as a pseudonym
        if column.info.privacy in ("DI", "SAFETY"):
            assert column.action == "pseudonymise"
        assert column.info.kind != "text" or column.action == "pseudonymise"


def test_anonymised_tier_is_coarse() -> None:
    rules = shipped_policy("anonymised").source["fields"]
    assert rules["derived.age_years"] == "generalise:age:ctdc"
    assert rules["created_at"] == "generalise:date:year"
    assert rules["person.citizenships[]"] == "generalise:country:rollup"
    assert all(not r.startswith("pseudonymise") for r in rules.values())


@given(st.sampled_from(IDENTIFYING), st.sampled_from(["keep", "pseudonymise"]))
def test_anonymised_tier_rejects_identifying_fields(path: str, rule: str) -> None:
    doc = _anonymised()
    doc["fields"][path] = rule
    with pytest.raises(PolicyError) as exc:
        policy_from_dict(doc)
    assert "TRM-ANON-005" in _codes(exc.value)


def test_the_same_field_is_fine_as_a_pseudonym_in_the_pseudonymised_tier() -> None:
    doc = _anonymised()
    doc["tier"] = "pseudonymised"
    doc["fields"]["person.family_names"] = "pseudonymise"
    assert policy_from_dict(doc).needs_key


def test_anonymised_tier_cannot_pseudonymise() -> None:
    doc = _anonymised()
    doc["fields"]["case_ref"] = "pseudonymise"
    with pytest.raises(PolicyError) as exc:
        policy_from_dict(doc)
    assert "TRM-ANON-006" in _codes(exc.value)


@pytest.mark.parametrize("tier", ["pseudonymised", "anonymised"])
def test_free_text_is_never_kept(tier: str) -> None:
    doc = _anonymised()
    doc["tier"] = tier
    doc["fields"]["organisations[].name"] = "keep"
    with pytest.raises(PolicyError) as exc:
        policy_from_dict(doc)
    assert "TRM-ANON-004" in _codes(exc.value)


@pytest.mark.parametrize(
    ("path", "rule", "code"),
    [
        ("person.shoe_size", "keep", "TRM-ANON-002"),
        ("person.sex", "generalise:age:ctdc", "TRM-ANON-003"),
        ("created_at", "generalise:date:decade", "TRM-ANON-003"),
        ("created_at", "generalise:zodiac", "TRM-ANON-003"),
        ("exploitation.labour_sectors[]", "generalise:exploitation:ctdc", "TRM-ANON-003"),
        ("person.sex", "hide", "TRM-ANON-001"),
    ],
)
def test_bad_rules(path: str, rule: str, code: str) -> None:
    doc = _anonymised()
    doc["fields"][path] = rule
    with pytest.raises(PolicyError) as exc:
        policy_from_dict(doc)
    assert code in _codes(exc.value)
    assert exc.value.issues[0].pointer.startswith("/fields")


def test_policy_needs_version_and_tier(tmp_path: Path) -> None:
    doc = _anonymised()
    del doc["version"]
    doc["tier"] = "public"
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(PolicyError) as exc:
        load_policy(path)
    assert _codes(exc.value) == {"TRM-ANON-001"}
    path.write_bytes(b"{not json")
    with pytest.raises(PolicyError):
        load_policy(path)


def test_unlisted_fields_are_dropped() -> None:
    policy = policy_from_dict(
        {
            "policy_format": "1",
            "policy": "tiny",
            "version": "1.0.0",
            "tier": "anonymised",
            "message_type": "referral",
            "fields": {"person.sex": "keep"},
        }
    )
    assert [c.path for c in policy.columns] == ["person.sex"]


# --- hierarchies ----------------------------------------------------------------------


def test_every_country_has_a_subregion_and_region() -> None:
    country = Hierarchy("country", "subregion")
    region = Hierarchy("country", "region")
    regions = set(country.spec["tables"]["region"].values())
    for code in codelist("country").codes:
        assert country.apply(code.code) in country.spec["tables"]["region"], code.code
        assert region.apply(code.code) in regions
    assert region.apply("XK") == "EUROPE"
    assert country.apply("XK") == "SOUTHERN_EUROPE"  # DESIGN §2 convention


@pytest.mark.parametrize(
    ("name", "codes"),
    [("exploitation", "exploitation-form"), ("means_of_control", "means-of-control")],
)
def test_code_hierarchies_cover_their_code_lists(name: str, codes: str) -> None:
    levels = hierarchies()[name]
    for level in levels[1:]:
        hierarchy = Hierarchy(name, level)
        for code in codelist(codes).codes:
            assert hierarchy.apply(code.code), (level, code.code)


def test_ctdc_age_bands_partition_ages() -> None:
    for level in ("ctdc", "broad", "child_adult"):
        hierarchy = Hierarchy("age", level)
        labels = [hierarchy.apply(a) for a in range(121)]
        assert all(labels)
        # bands are contiguous: once left, a band never comes back
        seen: list[str] = []
        for label in labels:
            if not seen or seen[-1] != label:
                assert label not in seen
                seen.append(label)
    assert Hierarchy("age", "ctdc").apply(17) == "9-17"
    assert Hierarchy("age", "ctdc").apply(18) == "18-20"
    assert Hierarchy("age", "child_adult").apply(17) == "CHILD"


@given(st.integers(0, 120))
def test_age_levels_nest(age: int) -> None:
    # each finer band lies within one coarser band: ctdc -> child/adult
    child = Hierarchy("age", "child_adult").apply(age)
    assert (age < 18) == (child == "CHILD")


@given(st.dates().map(lambda d: d.isoformat()))
def test_date_levels(day: str) -> None:
    assert Hierarchy("date", "month").apply(day) == day[:7]
    assert Hierarchy("date", "year").apply(day + "T10:00:00Z") == day[:4]


def test_hierarchies_are_versioned() -> None:
    doc = json.loads((DATA_DIR / "hierarchies.json").read_text())
    assert doc["version"] == "1.1.0"
    for spec in doc["hierarchies"].values():
        assert spec["source"]


def test_sensitive_column_must_exist() -> None:
    doc = _anonymised()
    doc["release"]["sensitive"] = "exploitation.feelings[]"
    with pytest.raises(PolicyError) as exc:
        policy_from_dict(doc)
    assert exc.value.issues[0].pointer == "/release/sensitive"


def test_every_anonymisation_code_is_used() -> None:
    from trm_standard import CODES  # noqa: PLC0415

    src = Path(__file__).resolve().parents[1] / "src" / "trm_standard"
    text = "".join(p.read_text() for p in src.glob("*.py") if p.name != "_errors.py")
    for code in CODES:
        if code.startswith("TRM-ANON-"):
            assert f'"{code}"' in text, code


# --- tier rules for any policy (finding M6) and release floors (finding M3) -------------

RULES = (
    "keep",
    "pseudonymise",
    "generalise:date:day",
    "generalise:date:month",
    "generalise:date:year",
    "generalise:participant:participant",
    "generalise:participant:country",
)


@given(
    st.sampled_from(["pseudonymised", "anonymised"]),
    st.sampled_from(sorted(FIELDS)),
    st.sampled_from(RULES),
)
def test_any_accepted_policy_keeps_its_tier_rules(tier: str, path: str, rule: str) -> None:
    doc = _anonymised()
    doc["tier"] = tier
    doc["fields"] = {path: rule}
    try:
        policy = policy_from_dict(doc)
    except PolicyError:
        return
    (column,) = policy.columns
    info = column.info
    assert info.privacy != "SAFETY"
    if info.privacy == "DI":
        assert tier == "pseudonymised"
        assert column.action == "pseudonymise"
    if info.kind == "date" and column.action != "pseudonymise":
        assert column.hierarchy is not None
        allowed = {"pseudonymised": {"month", "year"}, "anonymised": {"year"}}[tier]
        assert column.hierarchy.level in allowed
    if info.kind == "participant" and tier == "anonymised":
        assert column.hierarchy == Hierarchy("participant", "country")


@pytest.mark.parametrize(
    ("tier", "path", "rule", "code"),
    [
        ("pseudonymised", "person.date_of_birth", "keep", "TRM-ANON-005"),
        ("pseudonymised", "person.date_of_birth", "generalise:date:year", "TRM-ANON-005"),
        ("pseudonymised", "safety_plan.measures[]", "keep", "TRM-ANON-005"),
        (
            "pseudonymised",
            "return_plan.planned_departure_on",
            "generalise:date:year",
            "TRM-ANON-005",
        ),
        ("pseudonymised", "return_plan.reception.meeting_point", "pseudonymise", "TRM-ANON-005"),
        ("pseudonymised", "case.opened_on", "keep", "TRM-ANON-008"),
        ("pseudonymised", "case.opened_on", "generalise:date:day", "TRM-ANON-008"),
        ("anonymised", "case.opened_on", "generalise:date:month", "TRM-ANON-008"),
        ("anonymised", "case.opened_on", "keep", "TRM-ANON-008"),
        ("anonymised", "accommodation.provider_org_id", "keep", "TRM-ANON-008"),
        (
            "anonymised",
            "accommodation.provider_org_id",
            "generalise:participant:participant",
            "TRM-ANON-008",
        ),
    ],
)
def test_tier_rules(tier: str, path: str, rule: str, code: str) -> None:
    doc = _anonymised()
    doc["tier"] = tier
    doc["fields"][path] = rule
    with pytest.raises(PolicyError) as exc:
        policy_from_dict(doc)
    assert code in _codes(exc.value)


@pytest.mark.parametrize(
    ("tier", "path", "rule"),
    [
        ("pseudonymised", "case.opened_on", "generalise:date:month"),
        ("pseudonymised", "person.identity_documents[].number", "pseudonymise"),
        ("anonymised", "case.opened_on", "generalise:date:year"),
        ("anonymised", "accommodation.provider_org_id", "generalise:participant:country"),
        ("anonymised", "accommodation.provider_org_id", "generalise:participant"),
    ],
)
def test_tier_rules_allow(tier: str, path: str, rule: str) -> None:
    doc = _anonymised()
    doc["tier"] = tier
    doc["fields"][path] = rule
    assert path in {c.path for c in policy_from_dict(doc).columns}


@pytest.mark.parametrize(
    ("release", "pointer"),
    [
        ({"k": 4}, "/release/k"),
        ({"l": 1}, "/release/l"),
        ({"sensitive": "person.sex"}, "/release/sensitive"),
        ({"min_cell": 4}, "/release/min_cell"),
        ({"suppression_budget": "0.2"}, "/release/suppression_budget"),
    ],
)
def test_release_parameters_below_the_floor_are_refused(
    release: dict[str, Any], pointer: str
) -> None:
    doc = _anonymised()
    doc["release"] |= release
    with pytest.raises(PolicyError) as exc:
        policy_from_dict(doc)
    assert [(i.code, i.pointer) for i in exc.value.issues] == [("TRM-ANON-009", pointer)]


def test_l_may_be_one_when_no_exploitation_form_is_released() -> None:
    doc = _anonymised()
    del doc["fields"]["exploitation.forms[]"]
    doc["release"] |= {"l": 1}
    policy = policy_from_dict(doc)
    assert weakened(policy) == ["l = 1 below 2"]


def test_weaker_parameters_are_named() -> None:
    doc = _anonymised()
    doc["release"] |= {"k": 7, "min_cell": 5, "suppression_budget": "0.1"}
    assert weakened(policy_from_dict(doc)) == [
        "k = 7 below 11",
        "min_cell = 5 below 10",
        "suppression budget 0.1 above 0.05",
    ]
    assert weakened(shipped_policy("anonymised")) == []
    assert weakened(shipped_policy("pseudonymised")) == []

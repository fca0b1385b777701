"""The anonymisation and FHIR conformance vectors: this library passes them, they are
generated without drift, and every code of both registries is exercised or exempted."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import jsonschema
import pytest

from trm_standard._confgen_more import drift
from trm_standard._conformance import compare, handle, load_cases, run_suite
from trm_standard._errors import _ANON_CODES, _FHIR_CODES

AREAS = ["anonymisation", "fhir"]
CASES = load_cases(areas=AREAS)
VECTORS = resources.files("trm_standard.vectors")


def _exempt() -> dict[str, str]:
    data: dict[str, str] = json.loads(VECTORS.joinpath("exempt.json").read_bytes())
    return data


def test_the_library_passes_every_vector() -> None:
    failed = [(r.case.id, r.problems) for r in run_suite(CASES) if not r.passed]
    assert failed == []
    assert {c.area for c in CASES} == set(AREAS)


def test_the_generator_has_no_drift() -> None:
    assert drift() == []


def test_vectors_match_the_meta_schema_and_ids_are_unique() -> None:
    schema = json.loads(VECTORS.joinpath("vector.schema.json").read_bytes())
    validator = jsonschema.Draft202012Validator(schema)
    every = load_cases()
    ids = [c.id for c in every]
    assert len(ids) == len(set(ids))
    seen = [c.data["description"] for c in every]
    assert all(seen.count(c.data["description"]) == 1 for c in CASES)
    for case in CASES:
        assert list(validator.iter_errors(case.data)) == [], case.id
        assert case.name == f"{case.id}.json"
        assert case.id[0] == ("A" if case.area == "anonymisation" else "F")
        assert set(case.data["exercises"]) <= set(case.data["expected"]["errors"])


@pytest.mark.parametrize("code", [c[0] for c in (*_ANON_CODES, *_FHIR_CODES)])
def test_every_code_is_exercised_or_exempt(code: str) -> None:
    exercising = [c for c in CASES if code in c.data.get("exercises", ())]
    if code in _exempt():
        assert exercising == []
        return
    assert exercising, f"no vector exercises {code}"
    for case in exercising:  # and the library really produces it
        response = handle(case.data["operation"], case.request["context"], case.request["input"])
        assert code in response["errors"]


def test_exempt_is_a_flat_sorted_object_of_registered_codes() -> None:
    from trm_standard import CODES  # noqa: PLC0415

    exempt = _exempt()
    assert list(exempt) == sorted(exempt)
    assert all(isinstance(v, str) and v for v in exempt.values())
    assert set(exempt) <= set(CODES)


def test_normalisation_vectors_link_spellings_and_keys_separate() -> None:
    by_input = {
        c.data["input"]["value"]: c.data["expected"]["output"]
        for c in CASES
        if c.id[1].isdigit() and c.id[3:12] == "-normalis"
    }
    assert by_input["Čurin"] == by_input["CURIN"] == by_input["Чурин"]
    others = {
        c.data["expected"]["output"]["pseudonym"]
        for c in CASES
        if c.id in ("A30-other-domain", "A31-other-key")
    }
    assert len(others | {by_input["Čurin"]["pseudonym"]}) == 3


def _case(ident: str) -> Any:
    return next(c for c in CASES if c.id == ident)


@pytest.mark.parametrize(
    ("ident", "key", "change"),
    [
        ("A01-normalise-01", "pseudonym", lambda o: o.update(pseudonym="0" * 32)),
        ("A60-release-small", "rows", lambda o: o["rows"].pop()),
        ("A80-stats-sex", "rows", lambda o: o["rows"][0].__setitem__(-2, 1)),
    ],
)
def test_a_wrong_answer_fails(ident: str, key: str, change: Any) -> None:
    case = _case(ident)
    response = copy.deepcopy(
        handle(case.data["operation"], case.data["context"], case.data["input"])
    )
    assert compare(case.data, response) == []
    change(response["output"])
    assert f"output.{key} differs" in compare(case.data, response)


def test_a_wrong_fhir_answer_fails() -> None:
    case = next(c for c in CASES if c.data["operation"] == "fhir.export")
    response = copy.deepcopy(handle("fhir.export", case.data["context"], case.data["input"]))
    response["output"]["bundle"]["type"] = "batch"
    assert compare(case.data, response) == ["output.bundle differs"]

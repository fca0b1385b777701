"""Generate the conformance vectors of the anonymisation and FHIR areas.

As in :mod:`trm_standard._confgen`, each case is written here by hand with its verdict
and error codes, taken from the specification (``docs/anonymisation.md``,
``docs/fhir.md``, the published normalisation v1 table), never computed by the code under
test. Pseudonyms are computed here independently from the published formula
(HMAC-SHA-256 of ``domain ‖ 0x1F ‖ normalised``, first 128 bits in hex). The generator runs
this library on every case and refuses to write a vector it disagrees with; the details of
released tables and Bundles are then recorded from the library (a Bundle only after it
has been imported back to the very message it came from) and reviewed with the vector.

``python -m trm_standard._confgen_more`` writes the files; ``--check`` reports drift
(exit 1), and ``make test`` runs the check. Persons are synthetic: the examples and
:func:`trm_standard.testing.synthetic_referrals` with fixed seeds.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

from trm_standard._confgen import (
    EXAMPLES,
    VECTORS,
    Vector,
    drift_areas,
    example,
    generator_main,
    write_areas,
)
from trm_standard._conformance import handle
from trm_standard.testing import synthetic_referrals

__all__ = ["build", "drift", "main", "write"]

AREAS: Final = ("anonymisation", "fhir")
Doc = dict[str, Any]

#: Synthetic pseudonymisation keys (32 bytes each); never used outside these vectors.
KEY_A: Final = base64.urlsafe_b64encode(bytes(range(32))).decode("ascii").rstrip("=")
KEY_B: Final = base64.urlsafe_b64encode(bytes(range(100, 132))).decode("ascii").rstrip("=")
DOMAIN: Final = "trm:link:v1"

ADULT: Final = "referral-se-ro-adult-labour.json"
CHILD: Final = "referral-se-xk-child-begging.json"
UPDATE: Final = "case-update-ro-se-accept.json"


def compact(doc: Any) -> str:
    """A compact JSON text (the form documents take inside the vectors)."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def _expected_pseudonym(key: str, domain: str, normalised: str) -> str:
    """The published formula, computed here without the library."""
    secret = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
    data = domain.encode("utf-8") + b"\x1f" + normalised.encode("utf-8")
    return hmac.new(secret, data, hashlib.sha256).hexdigest()[:32]


# --------------------------------------------------------------------------------------
# anonymise.pseudonym
# --------------------------------------------------------------------------------------


def _normalisation_table() -> list[Doc]:
    path = Path(__file__).parent / "anonymisation" / "normalisation-v1.json"
    vectors: list[Doc] = json.loads(path.read_text(encoding="utf-8"))["vectors"]
    return vectors


def _pseudonym_vectors() -> Iterator[Vector]:
    for number, entry in enumerate(_normalisation_table(), 1):
        yield Vector(
            f"A{number:02d}-normalise-{number:02d}",
            "anonymisation",
            f"VALID: normalisation v1 published vector {number}: "
            f"{entry['input']!r} normalises to {entry['output']!r}",
            "anonymise.pseudonym",
            {"key": KEY_A, "key_id": "conformance-a", "domain": DOMAIN},
            {"value": entry["input"]},
            {
                "valid": True,
                "errors": [],
                "output": {
                    "normalised": entry["output"],
                    "pseudonym": _expected_pseudonym(KEY_A, DOMAIN, entry["output"]),
                },
            },
        )
    others = [
        ("A30-other-domain", "another domain label gives another pseudonym", KEY_A, "trm:stats:v1"),
        ("A31-other-key", "another key gives another pseudonym", KEY_B, DOMAIN),
    ]
    for ident, what, key, domain in others:
        yield Vector(
            ident,
            "anonymisation",
            f"VALID: {what} of the same value",
            "anonymise.pseudonym",
            {"key": key, "domain": domain},
            {"value": "Čurin"},
            {
                "valid": True,
                "errors": [],
                "output": {
                    "normalised": "curin",
                    "pseudonym": _expected_pseudonym(key, domain, "curin"),
                },
            },
        )
    bad_keys: list[tuple[str, str, Doc]] = [
        (
            "A32-short-key",
            "a 16-byte key is shorter than 256 bits",
            {"key": base64.urlsafe_b64encode(bytes(16)).decode().rstrip("="), "domain": DOMAIN},
        ),
        (
            "A33-key-not-base64url",
            "a key in standard base64 with + and / and padding",
            {"key": base64.b64encode(bytes(range(200, 232))).decode(), "domain": DOMAIN},
        ),
        (
            "A34-bad-key-id",
            "a key id with a space",
            {"key": KEY_A, "key_id": "agreement 1", "domain": DOMAIN},
        ),
    ]
    for ident, what, context in bad_keys:
        yield Vector(
            ident,
            "anonymisation",
            f"INVALID: unusable pseudonymisation key: {what}",
            "anonymise.pseudonym",
            context,
            {"value": "Čurin"},
            {"valid": False, "errors": ["TRM-ANON-010"]},
            ["TRM-ANON-010"],
        )
    yield Vector(
        "A35-no-key",
        "anonymisation",
        "INVALID: a pseudonym without the agreement's key",
        "anonymise.pseudonym",
        {"domain": DOMAIN},
        {"value": "Čurin"},
        {"valid": False, "errors": ["TRM-ANON-011"]},
        ["TRM-ANON-011"],
    )


# --------------------------------------------------------------------------------------
# anonymise.load_policy
# --------------------------------------------------------------------------------------


def _shipped(tier: str) -> Doc:
    path = Path(__file__).parent / "anonymisation" / "policies" / f"{tier}.json"
    data: Doc = json.loads(path.read_text(encoding="utf-8"))
    return data


def _small_policy(**release: Any) -> Doc:
    """A small anonymised-tier policy: sending country, sex, exploitation form."""
    return {
        "policy_format": "1",
        "policy": "conformance-small",
        "version": "1.0.0",
        "tier": "anonymised",
        "message_type": "referral",
        "spec_version": "1.0.0",
        "release": {"k": 5, "l": 2, "suppression_budget": "0.10", "min_cell": 5, **release},
        "fields": {
            "derived.sender_country": "keep",
            "person.sex": "keep",
            "exploitation.forms[]": "generalise:exploitation:ctdc",
        },
    }


def _rollup_policy() -> Doc:
    doc = _small_policy(l=1)
    doc["policy"] = "conformance-rollup"
    doc["fields"] = {"person.citizenships[]": "generalise:country:rollup"}
    return doc


def _pseudonym_policy() -> Doc:
    doc = _small_policy(l=1)
    doc.update(policy="conformance-pseudonyms", tier="pseudonymised", pseudonym_domain=DOMAIN)
    doc["fields"] = {"case_ref": "pseudonymise", "person.sex": "keep"}
    return doc


def _with_fields(base: Doc, **fields: str) -> Doc:
    doc = copy.deepcopy(base)
    doc["fields"].update({k.replace("__", "."): v for k, v in fields.items()})
    return doc


def _policy_vectors() -> Iterator[Vector]:
    anonymised = _shipped("anonymised")
    valid: list[tuple[str, str, Doc, Doc]] = [
        ("A40-shipped-anonymised", "the shipped anonymised-tier policy", anonymised, {}),
        (
            "A41-shipped-pseudonymised",
            "the shipped pseudonymised-tier policy",
            _shipped("pseudonymised"),
            {"tier": "pseudonymised"},
        ),
        ("A42-small", "a small anonymised policy of three columns", _small_policy(), {}),
    ]
    for ident, what, doc, context in valid:
        yield Vector(
            ident,
            "anonymisation",
            f"VALID: {what}",
            "anonymise.load_policy",
            context,
            {"text": json.dumps(doc, ensure_ascii=False, indent=1)},
            {"valid": True, "errors": [], "output": {}},
        )
    hide = _small_policy()
    hide["fields"]["person.sex"] = "hide"
    invalid: list[tuple[str, str, str, str | Doc, Doc]] = [
        ("A43-not-json", "the policy text is not JSON", "TRM-ANON-001", '{"policy": ', {}),
        ("A44-unknown-rule", 'a rule "hide" instead of "drop"', "TRM-ANON-001", hide, {}),
        (
            "A45-unknown-field",
            "a rule names person.shoe_size, not a field of a referral",
            "TRM-ANON-002",
            _with_fields(_small_policy(), person__shoe_size="keep"),
            {},
        ),
        (
            "A46-unknown-hierarchy",
            "person.sex generalised with the age hierarchy",
            "TRM-ANON-003",
            _with_fields(_small_policy(), person__sex="generalise:age:ctdc"),
            {},
        ),
        (
            "A47-free-text",
            "a free-text field kept (legal_basis.legal_reference)",
            "TRM-ANON-004",
            _with_fields(_small_policy(), legal_basis__legal_reference="keep"),
            {},
        ),
        (
            "A48-identifier-anonymised",
            "an anonymised-tier policy generalises a direct identifier (date of birth)",
            "TRM-ANON-005",
            _with_fields(_small_policy(), person__date_of_birth="generalise:date:year"),
            {},
        ),
        (
            "A49-pseudonym-anonymised",
            "an anonymised-tier policy pseudonymises person.sex",
            "TRM-ANON-006",
            _with_fields(_small_policy(), person__sex="pseudonymise"),
            {},
        ),
        (
            "A50-other-tier",
            "the pseudonymised policy given where the anonymised tier is asked for",
            "TRM-ANON-007",
            _shipped("pseudonymised"),
            {"tier": "anonymised"},
        ),
        (
            "A51-date-too-fine",
            "an anonymised-tier policy releases the case's opening date to the month",
            "TRM-ANON-008",
            _with_fields(_small_policy(), case__opened_on="generalise:date:month"),
            {},
        ),
        (
            "A52-k-below-floor",
            "an anonymised-tier policy with k = 3, below the floor of 5",
            "TRM-ANON-009",
            _small_policy(k=3),
            {},
        ),
        (
            "A53-l-one-with-forms",
            "an anonymised-tier policy releasing the exploitation form with l = 1",
            "TRM-ANON-009",
            _small_policy(l=1),
            {},
        ),
    ]
    for ident, what, code, given, context in invalid:
        yield Vector(
            ident,
            "anonymisation",
            f"INVALID: {what}",
            "anonymise.load_policy",
            context,
            {"text": given if isinstance(given, str) else json.dumps(given, ensure_ascii=False)},
            {"valid": False, "errors": [code]},
            [code],
        )


# --------------------------------------------------------------------------------------
# anonymise.release and anonymise.stats
# --------------------------------------------------------------------------------------


def _synthetic(count: int, seed: int, country: str | None = "SE") -> list[str]:
    return [compact(d) for d in synthetic_referrals(count, seed=seed, sender_country=country)]


def _release_vectors() -> Iterator[Vector]:
    docs = _synthetic(40, 91)
    update = compact(example(UPDATE))
    truncated = compact(example(ADULT))[:200]
    # Each case: id, description, context, documents, released, errors, exercises.
    cases: list[tuple[str, str, Doc, list[str], bool, list[str], list[str]]] = [
        (
            "A60-release-small",
            "RELEASED: 40 synthetic referrals, three columns, k = 5, l = 2, budget 10 %",
            {"tier": "anonymised", "policy": _small_policy()},
            docs,
            True,
            [],
            [],
        ),
        (
            "A61-release-other-type",
            "RELEASED: a case_update among the referrals is counted and left out",
            {"tier": "anonymised", "policy": _small_policy()},
            [*docs, update],
            True,
            ["TRM-ANON-022"],
            ["TRM-ANON-022"],
        ),
        (
            "A62-release-invalid-left-out",
            "RELEASED: a truncated document is counted by its code and left out",
            {"tier": "anonymised", "policy": _small_policy()},
            [*docs, truncated],
            True,
            ["TRM-JSON-004"],
            [],
        ),
        (
            "A63-refused-budget",
            "REFUSED: the shipped anonymised policy (k = 11) on 40 referrals needs too much "
            "suppression",
            {"tier": "anonymised", "policy": "default"},
            docs,
            False,
            ["TRM-ANON-020"],
            ["TRM-ANON-020"],
        ),
        (
            "A64-refused-no-budget",
            "REFUSED: the small policy with a suppression budget of 0",
            {"tier": "anonymised", "policy": _small_policy(), "suppression_budget": "0"},
            docs,
            False,
            ["TRM-ANON-020"],
            ["TRM-ANON-020"],
        ),
        (
            "A65-refused-nothing",
            "REFUSED: nothing to release when every document is of another type",
            {"tier": "anonymised", "policy": _small_policy()},
            [update],
            False,
            ["TRM-ANON-021", "TRM-ANON-022"],
            ["TRM-ANON-021"],
        ),
        (
            "A66-release-rollup",
            "RELEASED: citizenships with rare countries rolled up to sub-regions and regions",
            {"tier": "anonymised", "policy": _rollup_policy()},
            _synthetic(60, 91),
            True,
            [],
            [],
        ),
        (
            "A67-pseudonymised",
            "RELEASED: a pseudonymised-tier policy with a key: case_ref pseudonymised, sex kept",
            {
                "tier": "pseudonymised",
                "policy": _pseudonym_policy(),
                "key": KEY_A,
                "key_id": "conformance-a",
            },
            docs[:12],
            True,
            [],
            [],
        ),
        (
            "A68-pseudonymised-no-key",
            "INVALID: the pseudonymised tier without a key",
            {"tier": "pseudonymised", "policy": _pseudonym_policy()},
            docs[:3],
            False,
            ["TRM-ANON-011"],
            ["TRM-ANON-011"],
        ),
        (
            "A69-pseudonymised-short-key",
            "INVALID: the pseudonymised tier with a 16-byte key",
            {
                "tier": "pseudonymised",
                "policy": "default",
                "key": base64.urlsafe_b64encode(bytes(16)).decode().rstrip("="),
            },
            docs[:3],
            False,
            ["TRM-ANON-010"],
            ["TRM-ANON-010"],
        ),
        (
            "A70-policy-other-tier",
            "INVALID: a pseudonymised-tier policy given for the anonymised tier",
            {"tier": "anonymised", "policy": _shipped("pseudonymised")},
            docs[:3],
            False,
            ["TRM-ANON-007"],
            ["TRM-ANON-007"],
        ),
        (
            "A71-policy-invalid",
            "INVALID: a release with a policy that keeps free text",
            {
                "tier": "anonymised",
                "policy": _with_fields(_small_policy(), legal_basis__legal_reference="keep"),
            },
            docs[:3],
            False,
            ["TRM-ANON-004"],
            [],
        ),
    ]
    for ident, description, context, documents, released, errors, exercises in cases:
        expected: Doc = {"valid": released, "errors": errors}
        if released or errors[0] in ("TRM-ANON-020", "TRM-ANON-021"):
            expected["output"] = {"status": "released" if released else "refused"}
        yield Vector(
            ident,
            "anonymisation",
            description,
            "anonymise.release",
            context,
            {"documents": documents},
            expected,
            exercises,
        )


def _stats_vectors() -> Iterator[Vector]:
    docs = _synthetic(40, 92, country=None)
    cases: list[tuple[str, str, Doc, list[str], bool, list[str], list[str]]] = [
        (
            "A80-stats-sex",
            "TABLE: 40 referrals by sex, shipped anonymised policy, cells below 10 suppressed",
            {"by": ["person.sex"]},
            docs,
            True,
            [],
            [],
        ),
        (
            "A81-stats-two-columns",
            "TABLE: by sending country and sex, min_cell 3, complementary suppression",
            {"by": ["derived.sender_country", "person.sex"], "min_cell": 3},
            docs,
            True,
            [],
            [],
        ),
        (
            "A82-stats-floor",
            "TABLE: by exploitation form, counts floored to multiples of 5",
            {"by": ["exploitation.forms[]"], "min_cell": 5, "rounding": "floor"},
            docs,
            True,
            [],
            [],
        ),
        (
            "A83-stats-not-released",
            "INVALID: person.family_names is not released by the anonymised policy",
            {"by": ["person.family_names"]},
            docs[:3],
            False,
            ["TRM-ANON-024"],
            ["TRM-ANON-024"],
        ),
        (
            "A84-stats-all-suppressed",
            "REFUSED: 3 referrals, every cell below 10 is suppressed",
            {"by": ["person.sex"]},
            docs[:3],
            False,
            ["TRM-ANON-021"],
            ["TRM-ANON-021"],
        ),
        (
            "A85-stats-small-policy",
            "TABLE: the small policy by sex with its own min_cell 5",
            {"by": ["person.sex"], "policy": _small_policy()},
            docs,
            True,
            [],
            [],
        ),
    ]
    for ident, description, context, documents, released, errors, exercises in cases:
        expected: Doc = {"valid": released, "errors": errors}
        if released or errors == ["TRM-ANON-021"]:
            expected["output"] = {"status": "released" if released else "refused"}
        yield Vector(
            ident,
            "anonymisation",
            description,
            "anonymise.stats",
            context,
            {"documents": documents},
            expected,
            exercises,
        )


# --------------------------------------------------------------------------------------
# FHIR
# --------------------------------------------------------------------------------------


def _valid_examples() -> list[tuple[str, str]]:
    manifest = json.loads((EXAMPLES / "_manifest.json").read_text(encoding="utf-8"))
    return [(e["file"], e["title"]) for e in manifest["examples"] if e["valid"]]


CONFIGS: Final = (("R4", "collection"), ("R4", "transaction"), ("R5", "collection"))
CONFIGS_ALL: Final = (*CONFIGS, ("R5", "transaction"))


def _bundle(name: str, version: str = "R5", bundle_type: str = "collection") -> Doc:
    response = handle(
        "fhir.export",
        {"fhir_version": version, "bundle_type": bundle_type},
        {"message": example(name)},
    )
    if response.get("errors"):
        raise AssertionError(f"{name}: export failed {response['errors']}")
    bundle: Doc = response["output"]["bundle"]
    return bundle


def _fhir_valid() -> Iterator[Vector]:
    for number, (name, title) in enumerate(_valid_examples(), 1):
        stem = name.removesuffix(".json")
        for version, bundle_type in CONFIGS_ALL:
            tag = f"{version.lower()}-{bundle_type[0]}"
            yield Vector(
                f"F{number:02d}{tag}-export-{stem}"[:80],
                "fhir",
                f"VALID: export {name} ({title}) as an {version} {bundle_type} Bundle"[:300],
                "fhir.export",
                {"fhir_version": version, "bundle_type": bundle_type},
                {"message": example(name)},
                {"valid": True, "errors": [], "output": {}},
            )
        version, bundle_type = CONFIGS_ALL[number % 4]
        yield Vector(
            f"F{number:02d}-import-{stem}"[:80],
            "fhir",
            f"VALID: import the {version} {bundle_type} Bundle of {name} back to the message"[:300],
            "fhir.import",
            {},
            {"text": compact(_bundle(name, version, bundle_type))},
            {"valid": True, "errors": [], "output": {"message": example(name)}},
        )


Edit = Callable[[Doc], None]


def _path_of(resource: Doc) -> str:
    for ext in resource.get("extension", ()):
        if ext["url"].endswith("/trm-path"):
            return str(ext["valueString"])
    return ""


def _by_path(bundle: Doc, path: str) -> Doc:
    return next(e["resource"] for e in bundle["entry"] if _path_of(e["resource"]) == path)


def _first(bundle: Doc, resource_type: str) -> Doc:
    return next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type
    )


def _owner_nowhere(b: Doc) -> None:
    _by_path(b, "#")["owner"]["reference"] = "urn:uuid:00000000-0000-5000-8000-000000000000"


def _cheese(b: Doc) -> None:
    _by_path(b, "#/exploitation/forms/0")["code"]["coding"][0]["code"] = "CHEESE_MAKING"


def _no_such_list(b: Doc) -> None:
    coding = _by_path(b, "#/exploitation/forms/0")["code"]["coding"][0]
    coding["system"] = "https://w3id.org/trm/codes/no-such-list"


def _no_task(b: Doc) -> None:
    b["entry"] = [e for e in b["entry"] if e["resource"]["resourceType"] != "Task"]


def _active(b: Doc) -> None:
    _by_path(b, "#/person")["active"] = True


def _colour(b: Doc) -> None:
    _by_path(b, "#/person")["extension"].append(
        {
            "url": "https://w3id.org/trm/fhir/StructureDefinition/Person.favourite_colour",
            "valueString": "green",
        }
    )


def _observation(b: Doc) -> None:
    b["entry"].append(
        {
            "fullUrl": "urn:uuid:00000000-0000-5000-8000-00000000000a",
            "resource": {
                "resourceType": "Observation",
                "id": "00000000-0000-5000-8000-00000000000a",
                "extension": [
                    {
                        "url": "https://w3id.org/trm/fhir/StructureDefinition/trm-path",
                        "valueString": "#/needs/0",
                    }
                ],
                "status": "final",
                "code": {"text": "x"},
            },
        }
    )


def _twice(b: Doc) -> None:
    paths = [_path_of(e["resource"]) for e in b["entry"]]
    second = next(p for p in paths if p.endswith("/1"))
    for ext in _by_path(b, second)["extension"]:
        if ext["url"].endswith("/trm-path"):
            ext["valueString"] = second[:-1] + "0"


def _no_sex(b: Doc) -> None:
    patient = _by_path(b, "#/person")
    patient["extension"] = [e for e in patient["extension"] if not e["url"].endswith(".sex")]


def _spec_version_integer(b: Doc) -> None:
    task = _by_path(b, "#")
    ext = next(e for e in task["extension"] if e["url"].endswith("MessageBase.spec_version"))
    del ext["valueString"]
    ext["valueInteger"] = 1


def _permit(b: Doc) -> None:
    _first(b, "Consent")["decision"] = "permit"


def _no_profile(b: Doc) -> None:
    del b["meta"]["profile"]


def _searchset(b: Doc) -> None:
    b["type"] = "searchset"


def _r4_profile(b: Doc) -> None:
    b["meta"]["profile"] = ["https://w3id.org/trm/fhir/StructureDefinition/trm-bundle-r4"]


#: (id, description, codes, exercises, edit of the child example's R5 collection Bundle).
_FHIR_INVALID: Final[list[tuple[str, str, list[str], list[str], Edit]]] = [
    (
        "F40-r5-as-r4",
        "an R5 Bundle (Consent with decision) labelled with the R4 profile",
        ["TRM-FHIR-002"],
        ["TRM-FHIR-002"],
        _r4_profile,
    ),
    (
        "F41-no-profile",
        "a Bundle without a TRM profile",
        ["TRM-FHIR-003"],
        ["TRM-FHIR-003"],
        _no_profile,
    ),
    ("F42-searchset", "a searchset Bundle", ["TRM-FHIR-003"], [], _searchset),
    (
        "F43-unresolved",
        "Task.owner points to a resource not in the Bundle",
        ["TRM-FHIR-004"],
        ["TRM-FHIR-004"],
        _owner_nowhere,
    ),
    (
        "F44-unknown-code",
        'a Condition coded "CHEESE_MAKING" in the exploitation-form code system',
        ["TRM-FHIR-005"],
        ["TRM-FHIR-005"],
        _cheese,
    ),
    (
        "F45-unknown-system",
        "a Coding with system https://w3id.org/trm/codes/no-such-list (so the form is missing, "
        "and the Bundle differs from the re-export)",
        ["TRM-FHIR-006", "TRM-FHIR-007", "TRM-FHIR-008"],
        ["TRM-FHIR-006"],
        _no_such_list,
    ),
    (
        "F46-no-task",
        "a Bundle without the message Task",
        ["TRM-FHIR-007"],
        ["TRM-FHIR-007"],
        _no_task,
    ),
    (
        "F47-unmapped-element",
        "a Patient with active: true, an element the mapping does not read",
        ["TRM-FHIR-008"],
        ["TRM-FHIR-008"],
        _active,
    ),
    (
        "F48-unknown-extension",
        "a Patient with the extension Person.favourite_colour",
        ["TRM-FHIR-009"],
        ["TRM-FHIR-009"],
        _colour,
    ),
    (
        "F49-unmapped-type",
        "an Observation in a TRM Bundle",
        ["TRM-FHIR-010"],
        ["TRM-FHIR-010"],
        _observation,
    ),
    (
        "F50-two-for-one",
        "two resources carry the same list item (trm-path ending /0 twice)",
        ["TRM-FHIR-011"],
        ["TRM-FHIR-011"],
        _twice,
    ),
    (
        "F51-message-invalid",
        "a referral Bundle without the person's sex",
        ["TRM-FHIR-012", "TRM-SCHEMA-001"],
        ["TRM-FHIR-012"],
        _no_sex,
    ),
    (
        "F52-wrong-value-type",
        "the spec_version extension with valueInteger (a value the mapping does not read)",
        ["TRM-FHIR-008", "TRM-FHIR-013"],
        ["TRM-FHIR-013"],
        _spec_version_integer,
    ),
    (
        "F53-consent-permit",
        'a Consent changed to "decision": "permit"',
        ["TRM-FHIR-014"],
        ["TRM-FHIR-014"],
        _permit,
    ),
]


def _fhir_invalid() -> Iterator[Vector]:
    base = _bundle(CHILD)
    for ident, what, codes, exercises, edit in _FHIR_INVALID:
        bundle = copy.deepcopy(base)
        edit(bundle)
        yield Vector(
            ident,
            "fhir",
            f"INVALID: {what}",
            "fhir.import",
            {},
            {"text": compact(bundle)},
            {"valid": False, "errors": codes},
            exercises,
        )
    text = compact(base)
    texts: list[tuple[str, str, str]] = [
        ("F54-not-json", "the text is not JSON", text[:100]),
        (
            "F55-duplicate-member",
            "a member name appears twice in the Bundle object",
            text.replace('"type":"collection"', '"type":"collection","type":"transaction"', 1),
        ),
        ("F56-not-a-bundle", "a Patient, not a Bundle", '{"resourceType":"Patient"}'),
        ("F57-array", "a JSON array, not a Bundle", "[]"),
    ]
    for ident, what, given in texts:
        yield Vector(
            ident,
            "fhir",
            f"INVALID: {what}",
            "fhir.import",
            {},
            {"text": given},
            {"valid": False, "errors": ["TRM-FHIR-002"]},
            [] if ident != "F54-not-json" else ["TRM-FHIR-002"],
        )
    yield Vector(
        "F58-export-invalid-message",
        "fhir",
        "INVALID: export of a referral without person.sex",
        "fhir.export",
        {"fhir_version": "R5", "bundle_type": "collection"},
        {"message": _without_sex(example(ADULT))},
        {"valid": False, "errors": ["TRM-SCHEMA-001"]},
    )


def _without_sex(doc: Doc) -> Doc:
    doc = copy.deepcopy(doc)
    del doc["person"]["sex"]
    return doc


# --------------------------------------------------------------------------------------
# Checking and writing
# --------------------------------------------------------------------------------------


def _within(expected: Any, got: Any) -> bool:
    """True if every member written by hand in ``expected`` is in ``got`` (recursively)."""
    if isinstance(expected, dict):
        return isinstance(got, dict) and all(
            k in got and _within(v, got[k]) for k, v in expected.items()
        )
    return bool(expected == got)


def _ascii_normalised(value: str) -> str:
    """Normalisation v1 of an ASCII reference: lower case, other runs to one space."""
    return " ".join(re.split(r"[^a-z0-9]+", value.lower())).strip()


def _check_pseudonym_column(documents: list[str], output: Any) -> None:
    """Every released case_ref pseudonym is the published formula's (nothing suppressed).

    Released rows are sorted, so the column is compared as a multiset.
    """
    wanted = [
        _expected_pseudonym(KEY_A, DOMAIN, _ascii_normalised(json.loads(d)["case_ref"]))
        for d in documents
    ]
    if sorted(row[0] for row in output["rows"]) != sorted(wanted):  # rows are sorted
        raise AssertionError("A67: the pseudonym column differs from the published formula")


def _checked(vector: Vector) -> Doc:
    """Run this library on the case; refuse any disagreement; record the details."""
    response = handle(vector.operation, vector.context, vector.input)
    expected = vector.expected
    got = sorted(set(response.get("errors", [])))
    if got != sorted(expected["errors"]) or response.get("valid") != expected["valid"]:
        raise AssertionError(
            f"{vector.id}: got valid={response.get('valid')} {got}, expected {expected}"
        )
    if not set(vector.exercises) <= set(got):
        raise AssertionError(f"{vector.id}: {vector.exercises} not within {got}")
    recorded: Doc = {"valid": expected["valid"], "errors": sorted(expected["errors"])}
    if "output" in expected:
        output = response.get("output")
        if not _within(expected["output"], output):
            raise AssertionError(f"{vector.id}: output differs from what was written by hand")
        if vector.operation == "fhir.export":
            back = handle("fhir.import", {}, {"text": json.dumps(output["bundle"])})  # type: ignore[index]
            if back.get("errors") or back["output"]["message"] != vector.input["message"]:
                raise AssertionError(f"{vector.id}: the Bundle does not import back")
        if vector.id == "A67-pseudonymised":
            _check_pseudonym_column(vector.input["documents"], output)
        recorded["output"] = output
    data = vector.data()
    data["expected"] = recorded
    data["exercises"] = sorted(vector.exercises)
    return data


def build() -> dict[str, list[Doc]]:
    """Return the checked vectors of each area."""
    anonymisation = [
        *_pseudonym_vectors(),
        *_policy_vectors(),
        *_release_vectors(),
        *_stats_vectors(),
    ]
    fhir = [*_fhir_valid(), *_fhir_invalid()]
    return {
        "anonymisation": [_checked(v) for v in anonymisation],
        "fhir": [_checked(v) for v in fhir],
    }


def write(root: Path = VECTORS) -> int:
    """Write every vector of these areas; return the count."""
    return write_areas(build(), root)


def drift(root: Path = VECTORS) -> list[str]:
    """Return the files that differ from what the generator writes."""
    return drift_areas(build(), root)


def main(argv: list[str] | None = None) -> int:
    """Write the vectors, or with ``--check`` report drift (exit 1)."""
    return generator_main(__doc__.splitlines()[0], build, argv)


if __name__ == "__main__":
    sys.exit(main())

"""Generate the conformance vectors of the schema, rules, consent and minimisation areas.

Each case is written here by hand: the document (an example with one change), the
operation, and the verdict with its error codes, taken from the specification
(``docs/validation.md``, ``docs/consent.md``), never computed by the code under test. The
generator then runs this library on every case and refuses to write a vector it disagrees
with, so the committed files are both specified and checked. Decision details (categories,
privacy classes, validity) are recorded from the library and reviewed with the vector.

``python -m trm_standard._confgen`` writes the files; ``--check`` reports drift (exit 1),
and ``make test`` runs the check. The examples are synthetic persons only.
"""

from __future__ import annotations

import argparse
import base64
import copy
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from trm_standard._conformance import handle

__all__ = ["build", "drift", "drift_areas", "generator_main", "main", "write", "write_areas"]

ROOT: Final = Path(__file__).resolve().parents[2]
EXAMPLES: Final = ROOT / "examples"
VECTORS: Final = Path(__file__).resolve().parent / "vectors" / "1.0.0"
AREAS: Final = ("schema", "rules", "consent", "minimisation")

Doc = dict[str, Any]
Change = Callable[[Doc], object]

BASE = "referral-se-ro-adult-labour.json"
CHILD = "referral-se-xk-child-begging.json"
RO = "https://w3id.org/trm/org/RO/ANITP"
RO_NGO = "https://w3id.org/trm/org/RO/NGO-SHELTER-B"
XK = "https://w3id.org/trm/org/XK/MIA-NATC"
SE_POLICE = "https://w3id.org/trm/org/SE/POLICE-NOA"
AT = "2026-03-02T12:00:00Z"


def example(name: str = BASE) -> Doc:
    data: Doc = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


def directory() -> Doc:
    data: Doc = json.loads((EXAMPLES / "_directory.json").read_text(encoding="utf-8"))
    return data


def changed(change: Change | None = None, name: str = BASE) -> Doc:
    doc = copy.deepcopy(example(name))
    if change is not None:
        change(doc)
    return doc


def text(doc: Doc) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1)


@dataclass
class Vector:
    """One case before it is checked and written."""

    id: str
    area: str
    description: str
    operation: str
    context: Doc
    input: Doc
    expected: Doc
    exercises: list[str] = field(default_factory=list)

    def data(self) -> Doc:
        return {
            "id": self.id,
            "description": self.description,
            "operation": self.operation,
            "context": self.context,
            "input": self.input,
            "expected": self.expected,
            "exercises": self.exercises,
        }


# --------------------------------------------------------------------------------------
# schema area: strict JSON, dispatch, JSON Schema layer
# --------------------------------------------------------------------------------------


def _valid_examples() -> Iterator[Vector]:
    manifest = json.loads((EXAMPLES / "_manifest.json").read_text(encoding="utf-8"))
    for number, entry in enumerate((e for e in manifest["examples"] if e["valid"]), 1):
        stem = entry["file"].removesuffix(".json")
        yield Vector(
            f"S{number:02d}-{stem}"[:80],
            "schema",
            f"VALID: example {entry['file']}: {entry['title']}"[:300],
            "validate",
            {},
            {"document": (EXAMPLES / entry["file"]).read_text(encoding="utf-8")},
            {"valid": True, "errors": []},
        )


def _set(path: str, value: Any) -> Change:
    def change(doc: Doc) -> None:
        *parents, last = path.split("/")
        node: Any = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


def _drop(path: str) -> Change:
    def change(doc: Doc) -> None:
        *parents, last = path.split("/")
        node: Any = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[last]

    return change


_BASE_TEXT: Final = '{"spec_version": "1.0.0", "message_type": "referral"'

#: (id, description, code, input) for layer 1 and dispatch; input is text or bytes.
_BYTES: Final[list[tuple[str, str, str, str | bytes, Doc]]] = [
    ("J01-empty", "INVALID: an empty document", "TRM-JSON-001", "", {}),
    (
        "J02-too-large",
        "INVALID: a document larger than max_bytes (limit 64 bytes)",
        "TRM-JSON-002",
        text(example()),
        {"limits": {"max_bytes": 64}},
    ),
    (
        "J03-not-utf8",
        "INVALID: the byte 0xFF inside a string is never UTF-8",
        "TRM-JSON-003",
        b'{"a": "\xff"}',
        {},
    ),
    ("J04-truncated", "INVALID: a truncated document", "TRM-JSON-004", _BASE_TEXT, {}),
    (
        "J05-duplicate-member",
        "INVALID: a member name appears twice in one object",
        "TRM-JSON-005",
        '{"spec_version": "1.0.0", "spec_version": "1.0.0"}',
        {},
    ),
    ("J06-nan", "INVALID: NaN is not JSON", "TRM-JSON-006", '{"dependent_children": NaN}', {}),
    (
        "J07-float",
        "INVALID: 1.0 is a number with a fraction, not an integer",
        "TRM-JSON-007",
        '{"dependent_children": 1.0}',
        {},
    ),
    (
        "J08-unsafe-integer",
        "INVALID: 2^53 is beyond the safe integer range",
        "TRM-JSON-008",
        '{"dependent_children": 9007199254740992}',
        {},
    ),
    (
        "J09-too-deep",
        "INVALID: nesting deeper than max_depth (limit 3)",
        "TRM-JSON-009",
        '{"a": {"b": {"c": {"d": {}}}}}',
        {"limits": {"max_depth": 3}},
    ),
    (
        "J10-root-array",
        "INVALID: the root is an array",
        "TRM-JSON-010",
        '[{"spec_version": "1.0.0"}]',
        {},
    ),
    (
        "J11-null",
        "INVALID: null is never written (absent means not collected)",
        "TRM-JSON-011",
        '{"spec_version": "1.0.0", "place_of_birth": null}',
        {},
    ),
    (
        "J12-bom",
        "INVALID: a byte order mark before the document",
        "TRM-JSON-012",
        b'\xef\xbb\xbf{"spec_version": "1.0.0"}',
        {},
    ),
    (
        "J13-not-nfc",
        "INVALID: a string in NFD (e followed by a combining acute accent)",
        "TRM-JSON-013",
        '{"place_of_birth": "Exemplu\\u0301"}',
        {},
    ),
    (
        "J14-lone-surrogate",
        "INVALID: a lone surrogate escape in a string of the document",
        "TRM-JSON-014",
        '{"place_of_birth": "\\ud800"}',
        {},
    ),
    (
        "J15-member-name",
        "INVALID: a member name that is not ASCII snake case",
        "TRM-JSON-015",
        '{"Given Names": "Ana"}',
        {},
    ),
]

#: (id, description, code, change) on the base referral, for dispatch and schema codes.
_SCHEMA: Final[list[tuple[str, str, str, Change]]] = [
    (
        "D01-no-spec-version",
        "INVALID: spec_version missing",
        "TRM-VERSION-001",
        _drop("spec_version"),
    ),
    (
        "D02-unknown-version",
        "INVALID: spec_version 9.9.9 is not supported",
        "TRM-VERSION-002",
        _set("spec_version", "9.9.9"),
    ),
    (
        "D03-no-message-type",
        "INVALID: message_type missing",
        "TRM-VERSION-003",
        _drop("message_type"),
    ),
    (
        "D04-unknown-type",
        "INVALID: message_type gossip is unknown",
        "TRM-VERSION-004",
        _set("message_type", "gossip"),
    ),
    (
        "X01-required",
        "INVALID: a referral without person.sex",
        "TRM-SCHEMA-001",
        _drop("person/sex"),
    ),
    (
        "X02-unknown-member",
        "INVALID: an unknown member in person",
        "TRM-SCHEMA-002",
        _set("person/shoe_size", 38),
    ),
    (
        "X03-type",
        "INVALID: interpreter_needed is a string, not a boolean",
        "TRM-SCHEMA-003",
        _set("person/interpreter_needed", "yes"),
    ),
    (
        "X04-code",
        "INVALID: urgency WHENEVER is not in its code list",
        "TRM-SCHEMA-004",
        _set("case/urgency", "WHENEVER"),
    ),
    (
        "X05-pattern",
        "INVALID: created_at with a space instead of T",
        "TRM-SCHEMA-005",
        _set("created_at", "2026-03-02 09:30:00Z"),
    ),
    (
        "X06-length",
        "INVALID: place_of_birth of 300 characters",
        "TRM-SCHEMA-006",
        _set("person/place_of_birth", "Primjer" + "a" * 293),
    ),
    (
        "X07-range",
        "INVALID: dependent_children 99 is out of range",
        "TRM-SCHEMA-007",
        _set("person/dependent_children", 99),
    ),
    (
        "X08-array-size",
        "INVALID: citizenships is an empty list",
        "TRM-SCHEMA-008",
        _set("person/citizenships", []),
    ),
    (
        "X09-duplicate-items",
        "INVALID: citizenships lists RO twice",
        "TRM-SCHEMA-009",
        _set("person/citizenships", ["RO", "RO"]),
    ),
    (
        "X10-date",
        "INVALID: formally_identified_on 2026-02-30 does not exist",
        "TRM-SCHEMA-010",
        _set("identification/formally_identified_on", "2026-02-30"),
    ),
]


def _schema_vectors() -> Iterator[Vector]:
    yield from _valid_examples()
    for ident, description, code, raw, context in _BYTES:
        given: Doc
        if isinstance(raw, bytes):
            given = {"document_base64": base64.b64encode(raw).decode("ascii")}
        else:
            given = {"document": raw}
        yield Vector(
            ident,
            "schema",
            description,
            "validate",
            context,
            given,
            {"valid": False, "errors": [code]},
            [code],
        )
    for ident, description, code, change in _SCHEMA:
        yield Vector(
            ident,
            "schema",
            description,
            "validate",
            {},
            {"document": text(changed(change))},
            {"valid": False, "errors": [code]},
            [code],
        )


# --------------------------------------------------------------------------------------
# rules area: model and business rules
# --------------------------------------------------------------------------------------


def _consent0(doc: Doc) -> Doc:
    found: Doc = doc["consents"][0]
    return found


def _many(*changes: Change) -> Change:
    def change(doc: Doc) -> None:
        for each in changes:
            each(doc)

    return change


_RULES: Final[list[tuple[str, str, str, str, Change]]] = [
    (
        "M01-partial-date",
        "INVALID: date_of_birth 1994-02-30 names no day",
        "TRM-MODEL-001",
        BASE,
        _set("person/date_of_birth", "1994-02-30"),
    ),
    (
        "R01-dates-order",
        "INVALID: formally identified before reasonable grounds",
        "TRM-RULE-001",
        BASE,
        _set("identification/formally_identified_on", "2026-01-10"),
    ),
    (
        "R02-future-date",
        "INVALID: reasonable grounds three days after created_at",
        "TRM-RULE-002",
        BASE,
        _many(
            _set("identification/reasonable_grounds_on", "2026-03-05"),
            _set("identification/formally_identified_on", "2026-03-05"),
        ),
    ),
    (
        "R03-child-block",
        "INVALID: a presumed minor without the child block",
        "TRM-RULE-003",
        CHILD,
        _drop("child"),
    ),
    (
        "R04-involved-parent",
        "INVALID: a parent suspected of involvement as guardian",
        "TRM-RULE-004",
        CHILD,
        _set("child/guardian/guardian_type", "PARENT"),
    ),
    (
        "R05-short-reflection",
        "INVALID: a granted reflection period shorter than 30 days",
        "TRM-RULE-005",
        BASE,
        _set("reflection_period/end", "2026-02-10"),
    ),
    (
        "R06-refused-reflection",
        "INVALID: a reflection period refused without a ground",
        "TRM-RULE-006",
        BASE,
        _set("reflection_period", {"granted": False}),
    ),
    (
        "R07-minor-status",
        "INVALID: ADULT although the date of birth shows a child",
        "TRM-RULE-007",
        BASE,
        _set("person/date_of_birth", "2014"),
    ),
    (
        "R08-unknown-org",
        "INVALID: a service provider missing from organisations",
        "TRM-RULE-008",
        BASE,
        _set("services/0/provider_org_id", "https://w3id.org/trm/org/SE/NOWHERE"),
    ),
    (
        "R09-duplicate-id",
        "INVALID: two consents with the same consent_id",
        "TRM-RULE-009",
        BASE,
        lambda d: d["consents"].append(copy.deepcopy(d["consents"][0])),
    ),
    (
        "R10-participant-country",
        "INVALID: an organisation whose country disagrees with its id",
        "TRM-RULE-010",
        BASE,
        _set("organisations/2/country", "BG"),
    ),
    (
        "R11-detail-without-form",
        "INVALID: sexual exploitation details without the form",
        "TRM-RULE-011",
        BASE,
        _set("exploitation/sexual_exploitation_types", ["PROSTITUTION"]),
    ),
    (
        "R12-consent-status",
        "INVALID: a WITHDRAWN consent without withdrawn_at",
        "TRM-RULE-012",
        BASE,
        lambda d: _consent0(d).update(status="WITHDRAWN"),
    ),
    (
        "R13-explicit-categories",
        "INVALID: explicit HEALTH consent while HEALTH is not covered",
        "TRM-RULE-013",
        BASE,
        lambda d: _consent0(d).update(explicit_categories=["HEALTH"]),
    ),
    (
        "R14-sender-recipient",
        "INVALID: the recipient is the sender",
        "TRM-RULE-014",
        BASE,
        _many(
            _set("recipient", "https://w3id.org/trm/org/SE/JAMY"),
            _set("transfer_mechanism", "DOMESTIC"),
        ),
    ),
    (
        "R15-stateless",
        "INVALID: stateless with citizenships",
        "TRM-RULE-015",
        BASE,
        _set("person/stateless", value=True),
    ),
    (
        "R16-channel-basis",
        "INVALID: the assistance channel with a Law Enforcement Directive basis",
        "TRM-RULE-016",
        BASE,
        _set("legal_basis/lawful_basis", "LED_ART_8"),
    ),
    (
        "R17-corridor",
        "INVALID: DOMESTIC from SE to RO",
        "TRM-RULE-017",
        BASE,
        _set("transfer_mechanism", "DOMESTIC"),
    ),
    (
        "R18-reply",
        "INVALID: a case_update that answers nothing",
        "TRM-RULE-018",
        "case-update-ro-se-accept.json",
        _drop("in_reply_to"),
    ),
    (
        "R19-decline",
        "INVALID: a DECLINE without decline_reason",
        "TRM-RULE-019",
        "case-update-ro-se-accept.json",
        _set("update_type", "DECLINE"),
    ),
    (
        "R20-erasure",
        "INVALID: ERASED while data are retained",
        "TRM-RULE-020",
        "erasure-confirmation-bg-se.json",
        _set("outcome", "ERASED"),
    ),
    (
        "R21-age-range",
        "INVALID: an assessed age range 16 to 14",
        "TRM-RULE-021",
        CHILD,
        _many(_set("child/age_assessment/min_age", 16), _set("child/age_assessment/max_age", 14)),
    ),
    (
        "R22-child-block-adult",
        "INVALID: a child block for an adult",
        "TRM-RULE-022",
        BASE,
        _set("child", {"unaccompanied": False, "parental_involvement": "NONE_KNOWN"}),
    ),
    (
        "R23-return-outcome",
        "INVALID: return_safety_outcome on an ONGOING assessment",
        "TRM-RULE-023",
        BASE,
        _set("risk_assessments/0/context", "ONGOING"),
    ),
    (
        "R24-jurisdiction",
        "INVALID: a sender in SE relying on non-EU national law",
        "TRM-RULE-024",
        BASE,
        _set("legal_basis/lawful_basis", "NATIONAL_LAW_NON_EU"),
    ),
]


def _rules_vectors() -> Iterator[Vector]:
    for ident, description, code, name, change in _RULES:
        yield Vector(
            ident,
            "rules",
            description,
            "validate",
            {},
            {"document": text(changed(change, name))},
            {"valid": False, "errors": [code]},
            [code],
        )
    many = changed(lambda d: d.update(needs=[{}] * 150))
    yield Vector(
        "R99-too-many-issues",
        "rules",
        "INVALID: 150 empty needs entries: the report stops at max_issues (10)",
        "validate",
        {"limits": {"max_issues": 10}},
        {"document": text(many)},
        {"valid": False, "errors": ["TRM-REPORT-001", "TRM-SCHEMA-001"]},
        ["TRM-REPORT-001"],
    )


# --------------------------------------------------------------------------------------
# consent and minimisation areas
# --------------------------------------------------------------------------------------


def _with_peer_and_ngo(doc: Doc) -> None:
    _consent0(doc)["recipients"]["org_ids"].append(RO_NGO)


def _by_type(doc: Doc) -> None:
    _consent0(doc)["recipients"] = {"org_types": ["NGO"], "countries": ["RO"]}


def _ngo_sender(doc: Doc) -> None:
    for org in doc["organisations"]:
        if org["org_id"] == doc["sender"]:
            org.update(is_public_authority=False, org_type="NGO")


def _asylum(status: str) -> Change:
    def change(doc: Doc) -> None:
        doc.setdefault("legal_status", {})["international_protection"] = {
            "applied": True,
            "status": status,
        }

    return change


def _born(date: str) -> Change:
    def change(doc: Doc) -> None:
        doc["person"].pop("age", None)
        doc["person"]["date_of_birth"] = date
        doc["person"]["minor_status"] = "MINOR"

    return change


def _police_consent(doc: Doc) -> None:
    extra = copy.deepcopy(_consent0(doc))
    extra.update(
        consent_id="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c77",
        purpose="SHARE_WITH_LAW_ENFORCEMENT",
        recipients={"org_ids": [SE_POLICE]},
    )
    doc["consents"].append(extra)
    _consent0(doc)["recipients"]["org_ids"].append(SE_POLICE)


def _returning_child(doc: Doc) -> None:
    _consent0(doc)["purpose"] = "RETURN_REINTEGRATION"


def _safe_return(doc: Doc) -> None:
    _returning_child(doc)
    doc["child"]["best_interests"].update(
        determination_done=True, determined_on="2026-02-20", outcome="RETURN_ORIGIN"
    )
    doc["risk_assessments"][0].update(
        context="PRE_RETURN", return_safety_outcome="SAFE_WITH_CONDITIONS", assessed_on="2026-02-21"
    )


def _tracing(clear: bool) -> Change:
    def change(doc: Doc) -> None:
        _consent0(doc)["purpose"] = "FAMILY_TRACING_CONTACT"
        _consent0(doc)["data_categories"].append("FAMILY")
        if clear:
            doc["child"].update(parental_involvement="NONE_KNOWN", family_tracing="IN_PROGRESS")
            doc["exploitation"]["recruiter_relationship"] = "FRIEND_ACQUAINTANCE"

    return change


def _emergency(doc: Doc) -> None:
    doc.pop("consents")
    doc["case"]["urgency"] = "EMERGENCY"
    doc["legal_basis"]["lawful_basis"] = "GDPR_6_1_D"


def _health(explicit: bool) -> Change:
    def change(doc: Doc) -> None:
        doc["person"]["health_conditions"] = ["CHRONIC_ILLNESS"]
        _consent0(doc)["data_categories"].append("HEALTH")
        doc["legal_basis"].pop("special_category_conditions")
        if explicit:
            _consent0(doc)["explicit_categories"] = ["HEALTH"]

    return change


def _derogation(ngo: bool, told: bool = True) -> Change:
    def change(doc: Doc) -> None:
        doc["transfer_mechanism"] = "ART49_1A_CONSENT"
        doc.pop("transfer_instrument", None)
        if ngo:
            _ngo_sender(doc)
        _consent0(doc)["information_provided"]["transfer_risks"] = told

    return change


def _sweden_consultation(doc: Doc) -> None:
    doc.update(
        sender="https://w3id.org/trm/org/SE/JAMY",
        legal_basis={"lawful_basis": "GDPR_6_1_A"},
        transfer_mechanism="ART46_2A_INSTRUMENT",
        transfer_instrument="Memorandum on TRM cooperation (synthetic)",
    )


def _two_consents_newest_withdrawn(doc: Doc) -> None:
    newer = copy.deepcopy(_consent0(doc))
    newer.update(
        consent_id="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c55",
        given_at="2026-02-28T10:00:00Z",
        status="WITHDRAWN",
        withdrawn_at="2026-03-01T10:00:00Z",
    )
    doc["consents"].append(newer)


CONSULTATION = "pre-referral-consultation-mk-al.json"
PROCEEDINGS = "referral-rs-hr-proceedings.json"
AL = "https://w3id.org/trm/org/AL/NATC"
HR_POLICE = "https://w3id.org/trm/org/HR/MUP-UKP"

#: (id, description, outcome, exercised codes, example, change, purpose, recipient, at,
#: extra context)
_CONSENT: Final[list[tuple[str, str, str, list[str], str, Change | None, str, str, str, Doc]]] = [
    (
        "C001-consent-permits",
        "PERMIT: a current, informed consent names the receiving coordinator",
        "PERMIT",
        ["TRM-CONSENT-001", "TRM-CONSENT-005"],
        BASE,
        None,
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
    (
        "C002-consultation-basis",
        "PERMIT: a pre-referral consultation rests on its legal basis",
        "PERMIT",
        ["TRM-CONSENT-002"],
        CONSULTATION,
        None,
        "REFERRAL_ASSISTANCE",
        AL,
        "2026-02-16T12:00:00Z",
        {},
    ),
    (
        "C003-law-enforcement",
        "PERMIT: criminal proceedings on the law-enforcement channel to the police",
        "PERMIT",
        ["TRM-CONSENT-003"],
        PROCEEDINGS,
        None,
        "CRIMINAL_PROCEEDINGS",
        HR_POLICE,
        "2026-02-20T12:00:00Z",
        {},
    ),
    (
        "C006-special-category",
        "PERMIT, HEALTH left out: special category without explicit consent",
        "PERMIT",
        ["TRM-CONSENT-006"],
        BASE,
        _health(explicit=False),
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
    (
        "C006b-explicit-health",
        "PERMIT with HEALTH: the consent names HEALTH explicitly",
        "PERMIT",
        ["TRM-CONSENT-001"],
        BASE,
        _health(explicit=True),
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
    (
        "C007-safety-unnamed",
        "PERMIT without SAFETY data: the recipient is covered by type only",
        "PERMIT",
        ["TRM-CONSENT-007"],
        BASE,
        _by_type,
        "REFERRAL_ASSISTANCE",
        RO_NGO,
        AT,
        {},
    ),
    (
        "C008-case-linking",
        "PERMIT without direct identifiers: cross-border case linking",
        "PERMIT",
        ["TRM-CONSENT-008"],
        BASE,
        None,
        "CROSS_BORDER_CASE_LINKING",
        RO,
        AT,
        {},
    ),
    (
        "C010-no-consent",
        "DENY: no consent for the purpose; assistance is not affected",
        "DENY",
        ["TRM-CONSENT-010", "TRM-CONSENT-009"],
        BASE,
        lambda d: d.pop("consents"),
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
    (
        "C011-withdrawn",
        "DENY: the consent was withdrawn before the disclosure",
        "DENY",
        ["TRM-CONSENT-011"],
        BASE,
        lambda d: _consent0(d).update(status="WITHDRAWN", withdrawn_at="2026-03-01T08:00:00Z"),
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
    (
        "C011b-withdrawn-later",
        "PERMIT: a withdrawal takes effect only from its time",
        "PERMIT",
        ["TRM-CONSENT-001"],
        BASE,
        lambda d: _consent0(d).update(status="WITHDRAWN", withdrawn_at="2026-03-01T08:00:00Z"),
        "REFERRAL_ASSISTANCE",
        RO,
        "2026-03-01T07:59:59Z",
        {},
    ),
    (
        "C011c-no-revival",
        "DENY: withdrawing the newest consent does not revive an older one",
        "DENY",
        ["TRM-CONSENT-011"],
        BASE,
        _two_consents_newest_withdrawn,
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
    (
        "C012-expired",
        "DENY: the consent's validity has ended",
        "DENY",
        ["TRM-CONSENT-012"],
        BASE,
        None,
        "REFERRAL_ASSISTANCE",
        RO,
        "2027-02-26T10:15:00Z",
        {},
    ),
    (
        "C012b-policy-cap",
        "DENY: the consent is older than the policy allows for the purpose",
        "DENY",
        ["TRM-CONSENT-012"],
        BASE,
        lambda d: _consent0(d).update(valid_until="2029-01-01T00:00:00Z"),
        "REFERRAL_ASSISTANCE",
        RO,
        "2027-03-01T00:00:00Z",
        {},
    ),
    (
        "C013-superseded",
        "DENY: a superseded consent permits nothing",
        "DENY",
        ["TRM-CONSENT-013"],
        BASE,
        lambda d: _consent0(d).update(
            status="SUPERSEDED", superseded_by="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c99"
        ),
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
    (
        "C014-not-yet-given",
        "DENY: the consent was given after the time of the disclosure",
        "DENY",
        ["TRM-CONSENT-014"],
        BASE,
        None,
        "REFERRAL_ASSISTANCE",
        RO,
        "2026-02-26T10:14:59Z",
        {},
    ),
    (
        "C015-recipient",
        "DENY: the recipient is outside the consent",
        "DENY",
        ["TRM-CONSENT-015"],
        BASE,
        None,
        "REFERRAL_ASSISTANCE",
        RO_NGO,
        AT,
        {},
    ),
    (
        "C016-country",
        "DENY: the recipient's country is outside the consent",
        "DENY",
        ["TRM-CONSENT-016"],
        BASE,
        lambda d: _consent0(d)["recipients"].update(countries=["BG"]),
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
    (
        "C017-unknown-recipient",
        "DENY: the recipient is described neither by the message nor a directory",
        "DENY",
        ["TRM-CONSENT-017"],
        "referral-si-me-long-term-inclusion.json",
        None,
        "REFERRAL_ASSISTANCE",
        "https://w3id.org/trm/org/ME/MUP-OCTHB",
        "2026-04-01T00:00:00Z",
        {"directory": None},
    ),
    (
        "C018-uninformed",
        "DENY: the person was not told of the right to withdraw",
        "DENY",
        ["TRM-CONSENT-018"],
        BASE,
        lambda d: _consent0(d)["information_provided"].update(right_to_withdraw=False),
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
    (
        "C019-notice-other-party",
        "DENY: a withdrawal notice goes only to its addressee",
        "DENY",
        ["TRM-CONSENT-019"],
        "consent-withdrawal-se-bg.json",
        None,
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
    (
        "C004-notice",
        "PERMIT: a withdrawal notice to its addressee (GDPR Art. 19)",
        "PERMIT",
        ["TRM-CONSENT-004"],
        "consent-withdrawal-se-bg.json",
        None,
        "REFERRAL_ASSISTANCE",
        "https://w3id.org/trm/org/BG/NCCTHB",
        AT,
        {},
    ),
    (
        "C020-authority-derogation",
        "DENY: a public authority relies on the explicit-consent derogation",
        "DENY",
        ["TRM-CONSENT-020"],
        CHILD,
        _derogation(ngo=False),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        AT,
        {},
    ),
    (
        "C023-derogation-uninformed",
        "DENY: explicit-consent derogation without being told the risks",
        "DENY",
        ["TRM-CONSENT-023"],
        CHILD,
        _derogation(ngo=True, told=False),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        AT,
        {"directory": None},
    ),
    (
        "C021-authority-consent-basis",
        "NEEDS_REVIEW: a public authority names consent as its lawful basis",
        "NEEDS_REVIEW",
        ["TRM-CONSENT-021"],
        BASE,
        _set("legal_basis/lawful_basis", "GDPR_6_1_A"),
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
    (
        "C022-no-instrument",
        "DENY: an Art. 46(3)(b) transfer without the arrangement named",
        "DENY",
        ["TRM-CONSENT-022"],
        CHILD,
        _drop("transfer_instrument"),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        AT,
        {},
    ),
    (
        "C024-derogation-review",
        "NEEDS_REVIEW: a vital-interests transfer derogation",
        "NEEDS_REVIEW",
        ["TRM-CONSENT-024"],
        CHILD,
        _set("transfer_mechanism", "ART49_1F_VITAL_INTERESTS"),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        AT,
        {},
    ),
    (
        "C025-channels",
        "DENY: a law-enforcement purpose on the assistance channel",
        "DENY",
        ["TRM-CONSENT-025"],
        BASE,
        None,
        "CRIMINAL_PROCEEDINGS",
        RO,
        AT,
        {},
    ),
    (
        "C026-not-competent",
        "DENY: law-enforcement data to an NGO",
        "DENY",
        ["TRM-CONSENT-026"],
        PROCEEDINGS,
        None,
        "CRIMINAL_PROCEEDINGS",
        "https://w3id.org/trm/org/RS/CZZTL",
        "2026-02-20T12:00:00Z",
        {},
    ),
    (
        "C027-police-block",
        "DENY: assistance data to the police under a referral consent",
        "DENY",
        ["TRM-CONSENT-027"],
        BASE,
        _police_consent,
        "REFERRAL_ASSISTANCE",
        SE_POLICE,
        AT,
        {},
    ),
    (
        "C027b-police-own-consent",
        "PERMIT: assistance data to the police under their own consent",
        "PERMIT",
        ["TRM-CONSENT-001"],
        BASE,
        _police_consent,
        "SHARE_WITH_LAW_ENFORCEMENT",
        SE_POLICE,
        AT,
        {},
    ),
    (
        "C030-child-self",
        "DENY: a child below the self-consent age consented alone",
        "DENY",
        ["TRM-CONSENT-030", "TRM-CONSENT-036"],
        CHILD,
        lambda d: _consent0(d).update(given_by="SELF"),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        AT,
        {},
    ),
    (
        "C031-involved-parent",
        "DENY: a parent suspected of involvement consented (a consent from the case file)",
        "DENY",
        ["TRM-CONSENT-031"],
        CHILD,
        lambda d: d.pop("consents"),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        AT,
        {"consents": [dict(example(CHILD)["consents"][0], given_by="PARENT")]},
    ),
    (
        "C032-no-guardian",
        "DENY: the guardian who consented was never appointed",
        "DENY",
        ["TRM-CONSENT-032"],
        CHILD,
        _set("child/guardian/appointed", value=False),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        AT,
        {},
    ),
    (
        "C033-views",
        "DENY: the child's views were not heard",
        "DENY",
        ["TRM-CONSENT-033"],
        CHILD,
        _drop("child/views"),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        AT,
        {},
    ),
    (
        "C034-child-objects",
        "NEEDS_REVIEW: the child objects",
        "NEEDS_REVIEW",
        ["TRM-CONSENT-034"],
        CHILD,
        _set("child/views/assent", "OBJECTED"),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        AT,
        {},
    ),
    (
        "C035-lapsed-at-18",
        "DENY: the guardian's consent lapsed when the person turned 18",
        "DENY",
        ["TRM-CONSENT-035"],
        CHILD,
        _born("2008-04-10"),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        "2026-04-10T00:00:00Z",
        {},
    ),
    (
        "C035b-before-18",
        "PERMIT until the 18th birthday: the guardian's consent still counts",
        "PERMIT",
        ["TRM-CONSENT-001"],
        CHILD,
        _born("2008-04-10"),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        "2026-04-09T23:00:00Z",
        {},
    ),
    (
        "C040-asylum",
        "DENY: origin authorities for a person applying for international protection",
        "DENY",
        ["TRM-CONSENT-040"],
        CHILD,
        _asylum("PENDING"),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        AT,
        {},
    ),
    (
        "C041-asylum-rejected",
        "NEEDS_REVIEW: origin authorities after a rejected application",
        "NEEDS_REVIEW",
        ["TRM-CONSENT-041"],
        CHILD,
        _asylum("REJECTED"),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        AT,
        {},
    ),
    (
        "C042-family-tracing",
        "DENY: family tracing while a parent is suspected of involvement",
        "DENY",
        ["TRM-CONSENT-042"],
        CHILD,
        _tracing(clear=False),
        "FAMILY_TRACING_CONTACT",
        XK,
        AT,
        {},
    ),
    (
        "C042b-family-tracing-clear",
        "PERMIT: family tracing with no family involvement known",
        "PERMIT",
        ["TRM-CONSENT-001"],
        CHILD,
        _tracing(clear=True),
        "FAMILY_TRACING_CONTACT",
        XK,
        AT,
        {},
    ),
    (
        "C043-child-return",
        "DENY: a child's return without a best-interests determination",
        "DENY",
        ["TRM-CONSENT-043"],
        CHILD,
        _returning_child,
        "RETURN_REINTEGRATION",
        XK,
        AT,
        {},
    ),
    (
        "C043b-child-return-safe",
        "PERMIT: a child's return after determination and a safe assessment",
        "PERMIT",
        ["TRM-CONSENT-001"],
        CHILD,
        _safe_return,
        "RETURN_REINTEGRATION",
        XK,
        AT,
        {},
    ),
    (
        "C045-consultation-consent",
        "DENY: a consultation cannot rest on consent",
        "DENY",
        ["TRM-CONSENT-045"],
        CONSULTATION,
        _sweden_consultation,
        "REFERRAL_ASSISTANCE",
        AL,
        "2026-02-16T12:00:00Z",
        {},
    ),
    (
        "C046-statistics",
        "DENY: statistics are an anonymised release, not a disclosure",
        "DENY",
        ["TRM-CONSENT-046"],
        BASE,
        None,
        "ANONYMISED_STATISTICS",
        RO,
        AT,
        {},
    ),
    (
        "C047-emergency",
        "NEEDS_REVIEW: an emergency referral without consent under vital interests",
        "NEEDS_REVIEW",
        ["TRM-CONSENT-047"],
        BASE,
        _emergency,
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
    (
        "C048-infeasible",
        "DENY: without CHILD_PROTECTION the child's referral would be invalid",
        "DENY",
        ["TRM-CONSENT-048"],
        CHILD,
        lambda d: _consent0(d)["data_categories"].remove("CHILD_PROTECTION"),
        "SAFETY_RISK_ASSESSMENT",
        XK,
        AT,
        {},
    ),
]

#: (id, description, code, operation, text) for the policy and directory loaders and bad
#: requests.
_CONSENT_ERRORS: Final[list[tuple[str, str, str, str, Doc, Doc]]] = [
    (
        "C050-bad-policy",
        "INVALID: a consent policy that does not match its schema",
        "TRM-CONSENT-050",
        "consent.load_policy",
        {},
        {"text": '{"policy_id": "x"}'},
    ),
    (
        "C051-bad-directory",
        "INVALID: a directory listing the same organisation twice",
        "TRM-CONSENT-051",
        "consent.load_directory",
        {},
        {
            "text": json.dumps(
                {
                    "directory_version": "1.0.0",
                    "organisations": [directory()["organisations"][0]] * 2,
                }
            )
        },
    ),
]


def _consent_context(at: str, extra: Doc) -> Doc:
    context: Doc = {
        "at": at,
        "policy": "default",
        "directory": directory(),
        "consents": [],
        "withdrawals": [],
    }
    context.update(extra)
    return context


def _consent_vectors() -> Iterator[Vector]:
    for ident, description, outcome, codes, name, change, purpose, recipient, at, extra in _CONSENT:
        yield Vector(
            ident,
            "consent",
            description,
            "consent.decide",
            _consent_context(at, extra),
            {"message": changed(change, name), "purpose": purpose, "recipient": recipient},
            {"decision": {"outcome": outcome}, "errors": codes},
            codes,
        )
    for ident, description, code, operation, context, given in _CONSENT_ERRORS:
        yield Vector(
            ident,
            "consent",
            description,
            operation,
            context,
            given,
            {"valid": False, "errors": [code]},
            [code],
        )
    yield Vector(
        "C053-bad-purpose",
        "consent",
        "INVALID: a purpose that is not a consent-purpose code",
        "consent.decide",
        _consent_context(AT, {}),
        {"message": example(), "purpose": "HELPING", "recipient": RO},
        {"valid": False, "errors": ["TRM-CONSENT-053"]},
        ["TRM-CONSENT-053"],
    )


#: (id, description, example, change, purpose, recipient, at, extra)
_MINIMISE: Final[list[tuple[str, str, str, Change | None, str, str, str, Doc]]] = [
    (
        "N01-referral-to-coordinator",
        "PERMIT: the SE to RO referral minimised for the named coordinator",
        BASE,
        None,
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
    (
        "N02-typed-recipient",
        "PERMIT: minimised for a shelter NGO covered by type: no SAFETY data, no shelter",
        BASE,
        _by_type,
        "REFERRAL_ASSISTANCE",
        RO_NGO,
        AT,
        {},
    ),
    (
        "N03-case-linking",
        "PERMIT: minimised for case linking: no direct identifiers",
        BASE,
        None,
        "CROSS_BORDER_CASE_LINKING",
        RO,
        AT,
        {},
    ),
    (
        "N04-child-assessment",
        "PERMIT: the child's referral minimised for the safety assessment",
        CHILD,
        None,
        "SAFETY_RISK_ASSESSMENT",
        XK,
        AT,
        {},
    ),
    (
        "N05-re-addressed",
        "PERMIT: re-addressed to a second named recipient: no peer_case_ref",
        BASE,
        _many(_with_peer_and_ngo, _set("peer_case_ref", "RO-ANITP-2026-0042")),
        "REFERRAL_ASSISTANCE",
        RO_NGO,
        AT,
        {},
    ),
    (
        "N06-refused",
        "DENY: nothing to minimise without a consent",
        BASE,
        lambda d: d.pop("consents"),
        "REFERRAL_ASSISTANCE",
        RO,
        AT,
        {},
    ),
]


def _minimise_vectors() -> Iterator[Vector]:
    for ident, description, name, change, purpose, recipient, at, extra in _MINIMISE:
        refused = description.startswith("DENY")
        yield Vector(
            ident,
            "minimisation",
            description,
            "consent.minimise",
            _consent_context(at, extra),
            {"message": changed(change, name), "purpose": purpose, "recipient": recipient},
            {"output": None, "errors": ["TRM-CONSENT-009", "TRM-CONSENT-010"]}
            if refused
            else {"output": {}, "errors": []},
            ["TRM-CONSENT-010"] if refused else [],
        )


# --------------------------------------------------------------------------------------
# Checking and writing
# --------------------------------------------------------------------------------------


def _checked(vector: Vector) -> Doc:
    """Run this library on the case; fill recorded details; refuse any disagreement."""
    response = handle(vector.operation, vector.context, vector.input)
    expected = vector.expected
    got = sorted(set(response.get("errors", [])))
    if vector.area in ("consent",) and "decision" in expected:
        decision = response.get("decision")
        if decision is None or decision["outcome"] != expected["decision"]["outcome"]:
            raise AssertionError(f"{vector.id}: outcome {decision} != {expected['decision']}")
        if not set(vector.exercises) <= set(got):
            raise AssertionError(f"{vector.id}: {vector.exercises} not within {got}")
        expected = {"decision": decision, "errors": got}
    elif vector.operation == "consent.minimise":
        if got != sorted(expected["errors"]):
            raise AssertionError(f"{vector.id}: errors {got} != {expected['errors']}")
        expected = {"output": response.get("output"), "errors": got}
        if (expected["output"] is None) != (vector.expected["output"] is None):
            raise AssertionError(f"{vector.id}: output presence differs")
    else:
        wanted = sorted(expected["errors"])
        if got != wanted or response.get("valid") != expected["valid"]:
            raise AssertionError(f"{vector.id}: got {response} expected {expected}")
    data = vector.data()
    data["expected"] = expected
    data["exercises"] = sorted(vector.exercises)
    return data


def build() -> dict[str, list[Doc]]:
    """Return the checked vectors of each area."""
    areas = {
        "schema": _schema_vectors(),
        "rules": _rules_vectors(),
        "consent": _consent_vectors(),
        "minimisation": _minimise_vectors(),
    }
    return {area: [_checked(v) for v in vectors] for area, vectors in areas.items()}


def _dump(data: Doc) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


Areas = dict[str, list[Doc]]


def write_areas(areas: Areas, root: Path = VECTORS) -> int:
    """Write the vectors of ``areas``; remove stale files of these areas; return the count."""
    count = 0
    for area, vectors in areas.items():
        folder = root / area
        folder.mkdir(parents=True, exist_ok=True)
        keep = set()
        for data in vectors:
            path = folder / f"{data['id']}.json"
            path.write_text(_dump(data), encoding="utf-8")
            keep.add(path.name)
            count += 1
        for stale in folder.glob("*.json"):
            if stale.name not in keep:
                stale.unlink()
    return count


def drift_areas(areas: Areas, root: Path = VECTORS) -> list[str]:
    """Return the files of ``areas`` that differ from what was built."""
    problems = []
    for area, vectors in areas.items():
        folder = root / area
        wanted = {f"{d['id']}.json": _dump(d) for d in vectors}
        present = {p.name for p in folder.glob("*.json")} if folder.is_dir() else set()
        for name in sorted(present | set(wanted)):
            path = folder / name
            if name not in wanted:
                problems.append(f"{area}/{name}: not generated")
            elif name not in present or path.read_text(encoding="utf-8") != wanted[name]:
                problems.append(f"{area}/{name}: differs")
    return problems


def generator_main(
    description: str, build_areas: Callable[[], Areas], argv: list[str] | None
) -> int:
    """Write the vectors ``build_areas`` returns, or with ``--check`` report drift (exit 1)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        problems = drift_areas(build_areas())
        for line in problems:
            print(line, file=sys.stderr)
        return 1 if problems else 0
    print(f"{write_areas(build_areas())} vectors written")
    return 0


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

"""TRM message ⇄ FHIR R4/R5 Bundle, lossless both ways.

The mapping follows the HL7 FHIR workflow pattern (FHIR R5 §12.1 "Workflow"): a Task
carries the message and its fulfilment status, ServiceRequests what is asked, a
pseudonymised Patient the person, a RelatedPerson the guardian, an Organization each
party, Conditions the forms of exploitation and the needs, RiskAssessments and one
Consent per purpose. Every member without a FHIR element travels as an extension under
``https://w3id.org/trm/fhir/StructureDefinition/`` whose shape follows the model
(:mod:`trm_standard._fhirmodel`), so nothing is lost and nothing is guessed.

Elements FHIR derives from the record (``Task.status``, ``ServiceRequest.status``,
``Patient.gender``, security labels, the Consent's grantor, ...) are written for FHIR
readers and never read back. Resource ids are UUIDv5 of the message id and the JSON
Pointer of what the resource carries, so the same message gives the same bytes.

The R4 output uses only elements unchanged since FHIR 4.0.1, although it is validated
with the R4B (4.3.0) classes of ``fhir.resources``.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from pydantic import BaseModel

from trm_standard._codelists import CODE_SYSTEM_BASE, codelist, codelist_names
from trm_standard._errors import Issue, TRMError, ValidationError, escape_pointer_token
from trm_standard._fhirmodel import EXT_BASE, Member, members
from trm_standard.v1 import MESSAGE_CLASSES, MessageBase
from trm_standard.v1._base import field_privacy
from trm_standard.v1._record import Consent as ConsentRecord
from trm_standard.v1._record import (
    Guardian,
    NeedEntry,
    Organisation,
    Person,
    ServiceEntry,
)
from trm_standard.v1._record import RiskAssessment as RiskRecord
from trm_standard.v1._vocab import PrivacyClass

__all__ = [
    "BUNDLE_TYPES",
    "CARRIERS",
    "ELEMENT_MEMBERS",
    "FHIR_VERSIONS",
    "MESSAGE_TYPE_SYSTEM",
    "PATH_EXTENSION",
    "PROFILES",
    "BundleType",
    "FhirVersion",
    "from_fhir",
    "to_fhir",
]

FhirVersion = Literal["R4", "R5"]
BundleType = Literal["collection", "transaction"]
FHIR_VERSIONS: Final[tuple[FhirVersion, ...]] = ("R4", "R5")
BUNDLE_TYPES: Final[tuple[BundleType, ...]] = ("collection", "transaction")

#: The extension every mapped resource carries: the JSON Pointer (RFC 6901, URI
#: fragment form) of the member it maps, e.g. ``#/needs/0``; ``#`` for the message Task.
PATH_EXTENSION: Final = EXT_BASE + "trm-path"
#: Profile of a TRM Bundle, one per FHIR version (how an import knows the version).
PROFILES: Final[Mapping[FhirVersion, str]] = {
    "R4": EXT_BASE + "trm-bundle-r4",
    "R5": EXT_BASE + "trm-bundle-r5",
}
#: Code system of the message types (``Task.code``).
MESSAGE_TYPE_SYSTEM: Final = CODE_SYSTEM_BASE + "message-type"
INSTALL_HINT: Final = "pip install 'trm_standard[fhir]'"

_URI: Final = "urn:ietf:rfc:3986"
_NS: Final = uuid.uuid5(uuid.NAMESPACE_URL, "https://w3id.org/trm/fhir")
_V3_OBS: Final = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"
_V3_CONF: Final = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
_V3_ACT: Final = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
_V3_ROLE: Final = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
_V3_PART: Final = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
_NATIONALITY: Final = "http://hl7.org/fhir/StructureDefinition/patient-nationality"
_INTERPRETER: Final = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired"
_BCP47: Final = "urn:ietf:bcp:47"
_COUNTRY: Final = CODE_SYSTEM_BASE + "country"
_R: Final = {"system": _V3_CONF, "code": "R"}
_PSEUDED: Final = {"system": _V3_OBS, "code": "PSEUDED"}
_ACTIVE: Final = {
    "coding": [
        {"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}
    ]
}
_IDSCL: Final = {"coding": [{"system": _V3_ACT, "code": "IDSCL"}]}
_LOINC_CONSENT: Final = {"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}
_DISCLOSE: Final = {
    "coding": [
        {"system": "http://terminology.hl7.org/CodeSystem/consentaction", "code": "disclose"}
    ]
}
_IRCP: Final = {"coding": [{"system": _V3_PART, "code": "IRCP"}]}
_GUARD: Final = {"coding": [{"system": _V3_ROLE, "code": "GUARD"}]}

Json = dict[str, Any]


#: Members carried by a FHIR element or by a resource of their own, per model; every
#: other member travels as the extension ``<Model>.<member>`` (docs/fhir.md). A
#: ``contact`` object without members stays an extension (telecom needs a value).
ELEMENT_MEMBERS: Final[Mapping[str, frozenset[str]]] = {
    "MessageBase": frozenset(
        {"message_type", "message_id", "created_at", "sender", "recipient", "case_ref"}
        | {"peer_case_ref"}
    ),
    "Referral": frozenset(
        {"message_type", "person", "needs", "services", "risk_assessments", "consents"}
        | {"organisations"}
    ),
    "PreReferralConsultation": frozenset({"message_type", "questions", "profile"}),
    "CaseUpdate": frozenset(
        {"message_type", "referral_status", "decline_reason", "services", "risk_assessments"}
        | {"organisations"}
    ),
    "ConsentWithdrawal": frozenset({"message_type"}),
    "ErasureRequest": frozenset({"message_type"}),
    "ErasureConfirmation": frozenset({"message_type"}),
    "CaseClosure": frozenset({"message_type"}),
    "CaseInfo": frozenset({"requested_services"}),
    "Exploitation": frozenset({"forms"}),
    "ChildBlock": frozenset({"guardian"}),
    "AnonymousProfile": frozenset({"citizenships", "exploitation_forms", "needs"}),
    "Person": frozenset(
        {"given_names", "family_names", "other_names", "date_of_birth", "citizenships"}
        | {"interpreter_needed", "home_address", "marital_status", "languages"}
    ),
    "Organisation": frozenset({"org_id", "name", "country", "org_type"}),
    "NeedEntry": frozenset({"need"}),
    "ServiceEntry": frozenset({"service", "start", "end"}),
    "RiskAssessment": frozenset({"assessment_id", "context", "assessed_on", "overall_level"}),
    "Consent": frozenset({"consent_id", "purpose", "given_at", "valid_until"}),
    "Guardian": frozenset({"name", "appointed_on"}),
}

#: The resource whose top-level extensions carry each model's other members.
CARRIERS: Final[Mapping[str, str]] = {
    **{cls.__name__: "Task" for cls in MESSAGE_CLASSES.values()},
    "Person": "Patient",
    "AnonymousProfile": "Patient",
    "Organisation": "Organization",
    "NeedEntry": "Condition",
    "ServiceEntry": "ServiceRequest",
    "RiskAssessment": "RiskAssessment",
    "Consent": "Consent",
    "Guardian": "RelatedPerson",
}


def _code(system: str, code: str) -> Json:
    return {"coding": [{"system": system, "code": code}]}


def _cs(name: str) -> str:
    return CODE_SYSTEM_BASE + name


# --------------------------------------------------------------------------------------
# The optional extra
# --------------------------------------------------------------------------------------


def _bundle_class(version: FhirVersion) -> Any:
    """Import the Bundle class of ``fhir.resources`` for ``version`` (lazily).

    Raises:
        TRMError: ``TRM-FHIR-001`` if the ``fhir`` extra is not installed.
    """
    try:
        module = importlib.import_module(
            "fhir.resources.R4B.bundle" if version == "R4" else "fhir.resources.bundle"
        )
    except ImportError:
        raise TRMError(
            "TRM-FHIR-001", f"the FHIR mapping needs fhir.resources: {INSTALL_HINT}"
        ) from None
    return module.Bundle


def require_extra() -> None:
    """Raise ``TRM-FHIR-001`` unless ``fhir.resources`` can be imported."""
    try:
        import fhir.resources  # noqa: F401, PLC0415 - optional extra
    except ImportError:
        raise TRMError(
            "TRM-FHIR-001", f"the FHIR mapping needs fhir.resources: {INSTALL_HINT}"
        ) from None


def structure_issues(bundle: Mapping[str, Any], version: FhirVersion) -> list[Issue]:
    """Validate ``bundle`` with the ``fhir.resources`` Bundle class of ``version``.

    Checks cardinality, data types and unknown elements (not codes, references or
    invariants: see :func:`from_fhir`). The issues give locations, never values.
    """
    from pydantic import ValidationError as PydanticError  # noqa: PLC0415

    cls = _bundle_class(version)
    try:
        cls.model_validate(bundle)
    except PydanticError as exc:
        return [
            Issue(
                "/" + "/".join(_shown(p) for p in err["loc"] if p != "__root__"),
                "TRM-FHIR-002",
                f"not valid FHIR {version} ({err['type']})",
            )
            for err in exc.errors(include_input=False, include_url=False)
        ]
    except (KeyError, TypeError, ValueError):
        # fhir.resources 8.3 looks up an entry's resourceType unguarded: a missing or
        # unknown one escapes as KeyError or TypeError instead of a validation error.
        return [Issue("/entry", "TRM-FHIR-002", f"not valid FHIR {version} (resource type)")]
    return []


# --------------------------------------------------------------------------------------
# Generic members: extensions whose shape follows the model
# --------------------------------------------------------------------------------------

_VALUE_KEY: Final[Mapping[str, str]] = {
    "string": "valueString",
    "date": "valueDate",
    "dateTime": "valueDateTime",
    "integer": "valueInteger",
    "boolean": "valueBoolean",
    "code": "valueCoding",
}
_PY_TYPE: Final[Mapping[str, type]] = {
    "string": str,
    "date": str,
    "dateTime": str,
    "integer": int,
    "boolean": bool,
}


def _owner(model: type[BaseModel], name: str) -> str:
    """Return the name of the class that declares member ``name`` (header members: base)."""
    for cls in model.__mro__:
        if name in inspect.get_annotations(cls):
            return cls.__name__
    return model.__name__  # pragma: no cover - every member is declared somewhere


def extension_url(model: type[BaseModel], name: str) -> str:
    """Return the URL of the extension that carries ``model.name`` on a resource."""
    return f"{EXT_BASE}{_owner(model, name)}.{name}"


def _encode_value(member: Member, value: Any) -> Json:
    if member.kind == "object":
        assert member.model is not None
        subs = _encode_members(member.model, value, top=False)
        # ext-1: an extension has a value or sub-extensions; an object without members
        # (all of them optional and absent) is written as valueBoolean true.
        return {"extension": subs} if subs else {"valueBoolean": True}
    if member.kind == "code":
        return {"valueCoding": {"system": member.system, "code": value}}
    return {_VALUE_KEY[member.kind]: value}


def _encode_members(model: type[BaseModel], data: Mapping[str, Any], *, top: bool) -> list[Json]:
    out: list[Json] = []
    for name, member in members(model).items():
        if name not in data:
            continue
        url = extension_url(model, name) if top else name
        values = data[name] if member.repeated else [data[name]]
        out.extend({"url": url, **_encode_value(member, v)} for v in values)
    return out


# --------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------


#: Element names a diagnostic may show; any other name of a foreign Bundle might be
#: personal data and is shown as "-".
_SHOWN: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}|[0-9]{1,9}")


def _shown(token: str | int) -> str:
    text = str(token)
    return text if _SHOWN.fullmatch(text) else "-"


def _pointer(*parts: str | int) -> str:
    return "".join("/" + escape_pointer_token(p) for p in parts)


def _full_url(rid: str) -> str:
    return "urn:uuid:" + rid


def _ref(rid: str) -> Json:
    return {"reference": _full_url(rid)}


@dataclass
class _Export:
    """State of one export: the message, the FHIR version and the resources so far."""

    doc: Json
    version: FhirVersion
    resources: list[Json] = field(default_factory=list)

    def rid(self, path: str) -> str:
        return str(uuid.uuid5(_NS, f"{self.doc['message_id']}#{path}"))

    def add(
        self,
        resource_type: str,
        path: str,
        body: Json,
        *,
        generic: tuple[type[BaseModel], Mapping[str, Any]] | None = None,
        extensions: list[Json] | None = None,
        security: list[Json] | None = None,
    ) -> str:
        rid = self.rid(path)
        # RFC 6901 §6: the pointer in its URI-fragment form ("#" is the whole message).
        ext = [{"url": PATH_EXTENSION, "valueString": "#" + path}, *(extensions or [])]
        if generic is not None:
            ext.extend(_encode_members(generic[0], generic[1], top=True))
        resource: Json = {"resourceType": resource_type, "id": rid}
        resource["meta"] = {"security": security or [_R]}
        resource["extension"] = ext
        resource.update(body)
        self.resources.append(resource)
        return rid


def _org_body(org: Mapping[str, Any], version: FhirVersion) -> Json:
    body: Json = {"identifier": [{"system": _URI, "value": org["org_id"]}]}
    if "org_type" in org:
        body["type"] = [_code(_cs("org-type"), org["org_type"])]
    if "name" in org:
        body["name"] = org["name"]
    if "country" in org:
        if version == "R4":
            body["address"] = [{"country": org["country"]}]
        else:  # R5 moved the address into ExtendedContactDetail (Organization.contact)
            body["contact"] = [{"address": {"country": org["country"]}}]
    return body


def _export_organisations(ex: _Export, doc: Json) -> dict[str, str]:
    """Map the organisations block and the two parties; return org_id → resource id."""
    by_id: dict[str, str] = {}

    for i, org in enumerate(doc.pop("organisations", ())):
        rest = {k: v for k, v in org.items() if k not in {"org_id", "name", "country", "org_type"}}
        rid = ex.add(
            "Organization",
            _pointer("organisations", i),
            _org_body(org, ex.version),
            generic=(Organisation, rest),
        )
        by_id.setdefault(org["org_id"], rid)
    for party in ("sender", "recipient"):
        if doc[party] not in by_id:
            by_id[doc[party]] = ex.add(
                "Organization", _pointer(party), _org_body({"org_id": doc[party]}, ex.version)
            )
    return by_id


def _is_identified(person: Mapping[str, Any]) -> bool:
    return any(field_privacy(Person, name) is PrivacyClass.DI for name in person)


_GENDER: Final = {
    "MALE": "male",
    "FEMALE": "female",
    "NOT_KNOWN": "unknown",
    "NOT_APPLICABLE": "other",
}


def _names(data: Json) -> list[Json]:
    """Pop the names: official (family, given) and aliases or former names (``old``)."""
    names: list[Json] = []
    official: Json = {}
    if "family_names" in data:
        official["family"] = data.pop("family_names")
    if "given_names" in data:
        official["given"] = [data.pop("given_names")]
    if official:
        names.append({"use": "official", **official})
    names.extend({"use": "old", "text": n} for n in data.pop("other_names", ()))
    return names


#: Address member → FHIR Address element (FHIR R5 §2.24.0.10).
_ADDRESS: Final = (
    ("locality", "city"),
    ("region", "state"),
    ("postal_code", "postalCode"),
    ("country", "country"),
)


def _address(address: Mapping[str, Any]) -> Json:
    out: Json = {"use": "home"}
    if "street" in address:
        out["line"] = [address["street"]]
    out.update({dst: address[src] for src, dst in _ADDRESS if src in address})
    return out


def _patient_body(ex: _Export, data: Json) -> tuple[Json, list[Json]]:
    """Pop the Patient elements from ``data`` (a person or profile); return body, extensions."""
    doc = ex.doc
    body: Json = {
        "identifier": [
            {
                "use": "usual",
                "type": {"coding": [_PSEUDED]},
                "system": doc["sender"] + "/case-ref",
                "value": doc["case_ref"],
            }
        ]
    }
    ext: list[Json] = [
        {
            "url": _NATIONALITY,
            "extension": [{"url": "code", "valueCodeableConcept": _code(_COUNTRY, c)}],
        }
        for c in data.pop("citizenships", ())
    ]
    if "interpreter_needed" in data:
        ext.append({"url": _INTERPRETER, "valueBoolean": data.pop("interpreter_needed")})
    names = _names(data)
    if names:
        body["name"] = names
    if data.get("contact"):
        contact = data.pop("contact")
        body["telecom"] = [
            {"system": s, "value": contact[k]}
            for k, s in (("phone", "phone"), ("email", "email"))
            if k in contact
        ]
    if "sex" in data:
        body["gender"] = _GENDER[data["sex"]]  # derived: sex itself travels as an extension
    if "date_of_birth" in data:
        body["birthDate"] = data.pop("date_of_birth")
    if "home_address" in data:
        body["address"] = [_address(data.pop("home_address"))]
    if "marital_status" in data:
        body["maritalStatus"] = _code(_cs("marital-status"), data.pop("marital_status"))
    languages = data.pop("languages", ())
    if languages:
        body["communication"] = [
            {"language": _code(_BCP47, tag), **({"preferred": True} if i == 0 else {})}
            for i, tag in enumerate(languages)
        ]
    return body, ext


def _export_patient(ex: _Export, doc: Json, cls: type[MessageBase]) -> str:
    """Map the person (referral), the profile (consultation) or a pseudonym-only Patient."""
    if "person" in doc:
        path, data, model = "/person", doc.pop("person"), members(cls)["person"].model
        identified = _is_identified(data)
    elif "profile" in doc:
        path, data, model = "/profile", dict(doc["profile"]), members(cls)["profile"].model
        doc["profile"] = data
        identified = False
    else:
        path, data, model, identified = "/case_ref", {}, None, False
    body, ext = _patient_body(ex, data)
    security = [_R] if identified else [_PSEUDED, _R]
    if path == "/profile":
        rest = data
        data = {}
        for key in ("exploitation_forms", "needs"):  # Conditions, mapped by the caller
            if key in rest:
                data[key] = rest.pop(key)
        doc["profile"] = data
        generic = (model, rest) if model else None
    else:
        generic = (model, data) if model else None
    return ex.add("Patient", path, body, generic=generic, extensions=ext, security=security)


def _export_conditions(
    ex: _Export, codes: list[str], *, path: tuple[str, ...], system: str, category: str, pid: str
) -> None:
    for i, value in enumerate(codes):
        ex.add(
            "Condition",
            _pointer(*path, i),
            {
                "clinicalStatus": _ACTIVE,
                "category": [_code(_cs("data-category"), category)],
                "code": _code(system, value),
                "subject": _ref(pid),
            },
        )


#: Code lists that become one Condition per code: (section, member, code list, category).
_CONDITION_LISTS: Final = (
    ("exploitation", "forms", "exploitation-form", "EXPLOITATION"),
    ("profile", "exploitation_forms", "exploitation-form", "EXPLOITATION"),
    ("profile", "needs", "need", "ASSISTANCE"),
)


def _concept(ex: _Export, concept: Json) -> Json:
    """Return a CodeableConcept (R4) or a CodeableReference holding it (R5)."""
    return concept if ex.version == "R4" else {"concept": concept}


_SR_STATUS: Final = {
    "PLANNED": "draft",
    "ONGOING": "active",
    "COMPLETED": "completed",
    "DECLINED_BY_PERSON": "revoked",
    "UNAVAILABLE": "revoked",
}


def _export_requests(ex: _Export, doc: Json, pid: str, orgs: Mapping[str, str]) -> list[str]:
    """Map what is asked (requested services, consultation questions) and services given."""
    asked: list[str] = []
    parties = {"requester": _ref(orgs[doc["sender"]]), "performer": [_ref(orgs[doc["recipient"]])]}
    case = doc.get("case", {})
    for key, holder, system in (
        ("requested_services", case, _cs("need")),
        ("questions", doc, _cs("consultation-request")),
    ):
        base = ("case", key) if holder is case else (key,)
        for i, value in enumerate(holder.pop(key, ())):
            asked.append(
                ex.add(
                    "ServiceRequest",
                    _pointer(*base, i),
                    {
                        "status": "active",
                        "intent": "order",
                        "code": _concept(ex, _code(system, value)),
                        "subject": _ref(pid),
                        **parties,
                    },
                )
            )
    for i, entry in enumerate(doc.pop("services", ())):
        body: Json = {
            "status": _SR_STATUS[entry["status"]],
            "intent": "plan",
            "code": _concept(ex, _code(_cs("need"), entry["service"])),
            "subject": _ref(pid),
        }
        period = {k: entry[k] for k in ("start", "end") if k in entry}
        if period:
            body["occurrencePeriod"] = period
        rest = {k: v for k, v in entry.items() if k not in {"service", "start", "end"}}
        ex.add("ServiceRequest", _pointer("services", i), body, generic=(ServiceEntry, rest))
    return asked


def _export_risks(ex: _Export, doc: Json, pid: str) -> None:
    for i, risk in enumerate(doc.pop("risk_assessments", ())):
        body = {
            "identifier": [{"system": _URI, "value": "urn:uuid:" + risk["assessment_id"]}],
            "status": "final",
            "code": _code(_cs("risk-context"), risk["context"]),
            "subject": _ref(pid),
            "occurrenceDateTime": risk["assessed_on"],
            "prediction": [{"qualitativeRisk": _code(_cs("risk-level"), risk["overall_level"])}],
        }
        mapped = {"assessment_id", "context", "assessed_on", "overall_level"}
        rest = {k: v for k, v in risk.items() if k not in mapped}
        ex.add("RiskAssessment", _pointer("risk_assessments", i), body, generic=(RiskRecord, rest))


def _export_guardian(ex: _Export, doc: Json, pid: str) -> str | None:
    child = doc.get("child")
    if not child or "guardian" not in child:
        return None
    guardian = dict(child.pop("guardian"))
    if not child:
        del doc["child"]
    body: Json = {"patient": _ref(pid), "relationship": [_GUARD]}
    if "name" in guardian:
        body["name"] = [{"text": guardian.pop("name")}]
    if guardian.get("contact"):
        contact = guardian.pop("contact")
        body["telecom"] = [
            {"system": s, "value": contact[s]} for s in ("phone", "email") if s in contact
        ]
    if "appointed_on" in guardian:
        body["period"] = {"start": guardian.pop("appointed_on")}
    return ex.add("RelatedPerson", "/child/guardian", body, generic=(Guardian, guardian))


_GUARDIAN_GIVERS: Final = frozenset({"PARENT", "LEGAL_GUARDIAN", "OTHER_LEGAL_REPRESENTATIVE"})


def _export_consents(
    ex: _Export, doc: Json, pid: str, guardian: str | None, orgs: Mapping[str, str]
) -> None:
    """One Consent per purpose: base rule deny, one permit exception (FHIR R5 §4.4.1.5).

    R5: ``decision`` deny and a permit ``provision``. R4: ``policyRule`` OPTOUTE
    (v3-ActCode "opt-out with exceptions": dissent with assent to listed terms), a root
    ``provision`` without ``type`` (R4 Consent.provision.type "not permitted in root
    rule") and a nested ``permit`` provision. Withdrawn, expired or superseded consents
    are ``inactive`` (GDPR Art. 7(3)).
    """
    for i, consent in enumerate(doc.pop("consents", ())):
        purpose = consent["purpose"]
        grantor = _ref(guardian if guardian and consent["given_by"] in _GUARDIAN_GIVERS else pid)
        recipients = consent.get("recipients", {}).get("org_ids", ())
        permit: Json = {}
        if recipients:
            permit["actor"] = [
                {"role": _IRCP, "reference": {"identifier": {"system": _URI, "value": org}}}
                for org in recipients
            ]
        permit["action"] = [_DISCLOSE]
        permit["purpose"] = [{"system": _cs("consent-purpose"), "code": purpose}]
        status = "active" if consent["status"] == "ACTIVE" else "inactive"
        category = [_IDSCL, _LOINC_CONSENT, _code(_cs("consent-purpose"), purpose)]
        ident = [{"system": _URI, "value": "urn:uuid:" + consent["consent_id"]}]
        period = {"start": consent["given_at"], "end": consent["valid_until"]}
        body: Json
        if ex.version == "R5":
            body = {
                "identifier": ident,
                "status": status,
                "category": category,
                "subject": _ref(pid),
                "date": consent["given_at"][:10],
                "period": period,
                "grantor": [grantor],
                "controller": [_ref(orgs[doc["sender"]])],
                "decision": "deny",
                "provision": [permit],
            }
        else:
            body = {
                "identifier": ident,
                "status": status,
                "scope": _code(
                    "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"
                ),
                "category": category,
                "patient": _ref(pid),
                "dateTime": consent["given_at"],
                "performer": [grantor],
                "organization": [_ref(orgs[doc["sender"]])],
                "policyRule": _code(_V3_ACT, "OPTOUTE"),
                "provision": {"period": period, "provision": [{"type": "permit", **permit}]},
            }
        mapped = {"consent_id", "purpose", "given_at", "valid_until"}
        rest = {k: v for k, v in consent.items() if k not in mapped}
        ex.add("Consent", _pointer("consents", i), body, generic=(ConsentRecord, rest))


_TASK_STATUS: Final = {
    "SENT": "requested",
    "RECEIVED": "received",
    "ACCEPTED": "accepted",
    "DECLINED": "rejected",
    "IN_PROGRESS": "in-progress",
    "COMPLETED": "completed",
    "CLOSED": "completed",
    "WITHDRAWN": "cancelled",
}


def _task_status(doc: Mapping[str, Any]) -> str:
    if "referral_status" in doc:
        return _TASK_STATUS[doc["referral_status"]]
    if doc["message_type"] in {"erasure_confirmation", "case_closure"}:
        return "completed"
    return "requested"


def _export_task(
    ex: _Export,
    doc: Json,
    cls: type[MessageBase],
    *,
    pid: str,
    orgs: Mapping[str, str],
    asked: list[str],
) -> None:
    identifiers = [{"system": _URI, "value": "urn:uuid:" + doc.pop("message_id")}]
    if "peer_case_ref" in doc:
        identifiers.append(
            {"system": doc["recipient"] + "/case-ref", "value": doc.pop("peer_case_ref")}
        )
    body: Json = {
        "identifier": identifiers,
        "groupIdentifier": {"system": doc["sender"] + "/case-ref", "value": doc.pop("case_ref")},
        "status": _task_status(doc),
    }
    if "referral_status" in doc:
        body["businessStatus"] = _code(_cs("referral-status"), doc.pop("referral_status"))
    if "decline_reason" in doc:
        body["statusReason"] = _concept(ex, _code(_cs("decline-reason"), doc.pop("decline_reason")))
    body["intent"] = "order"
    body["code"] = _code(MESSAGE_TYPE_SYSTEM, doc.pop("message_type"))
    if asked:
        body["basedOn"] = [_ref(r) for r in asked]
        body["focus"] = _ref(asked[0])
    body["for"] = _ref(pid)
    body["authoredOn"] = doc.pop("created_at")
    body["requester"] = _ref(orgs[doc.pop("sender")])
    body["owner"] = _ref(orgs[doc.pop("recipient")])
    if doc.get("case") == {}:
        del doc["case"]
    if doc.get("profile") == {}:
        del doc["profile"]
    exploitation = doc.get("exploitation")
    if exploitation is not None and not exploitation:
        del doc["exploitation"]
    ex.add("Task", "", body, generic=(cls, doc))
    ex.resources.insert(0, ex.resources.pop())


def to_fhir(
    message: MessageBase,
    *,
    fhir_version: FhirVersion = "R5",
    bundle_type: BundleType = "collection",
    validate: bool = True,
) -> dict[str, Any]:
    """Return the FHIR Bundle (JSON as Python data) that carries ``message``.

    Args:
        message: Any TRM message (all seven types map).
        fhir_version: ``"R5"`` (5.0.0) or ``"R4"`` (4.0.1 elements only).
        bundle_type: ``"collection"`` (a document to file) or ``"transaction"`` (POST to a
            server, with conditional creates for the Patient and the Organizations).
        validate: Check the Bundle with ``fhir.resources`` before returning it (a few
            milliseconds); turn off only when the caller validates it itself.

    Returns:
        The Bundle; equal messages give equal Bundles (deterministic resource ids).

    Raises:
        TRMError: ``TRM-FHIR-001`` without the ``fhir`` extra.
        ValueError: For an unknown version or bundle type.
    """
    if fhir_version not in FHIR_VERSIONS:
        raise ValueError("fhir_version must be 'R4' or 'R5'")
    if bundle_type not in BUNDLE_TYPES:
        raise ValueError("bundle_type must be 'collection' or 'transaction'")
    require_extra()
    cls = MESSAGE_CLASSES[message.message_type]
    source = message.to_json_dict()
    doc = {k: (dict(v) if isinstance(v, dict) else v) for k, v in source.items()}
    ex = _Export(source, fhir_version)
    orgs = _export_organisations(ex, doc)
    pid = _export_patient(ex, doc, cls)
    guardian = _export_guardian(ex, doc, pid)
    for section, key, system, category in _CONDITION_LISTS:
        _export_conditions(
            ex,
            doc.get(section, {}).pop(key, []),
            path=(section, key),
            system=_cs(system),
            category=category,
            pid=pid,
        )
    _export_needs(ex, doc, pid)
    asked = _export_requests(ex, doc, pid, orgs)
    _export_risks(ex, doc, pid)
    _export_consents(ex, doc, pid, guardian, orgs)
    _export_task(ex, doc, cls, pid=pid, orgs=orgs, asked=asked)
    bundle = _bundle(ex, bundle_type)
    if validate:
        issues = structure_issues(bundle, fhir_version)
        if issues:  # pragma: no cover - the mapping always emits valid FHIR (tested)
            raise ValidationError(issues)
    return bundle


def _export_needs(ex: _Export, doc: Json, pid: str) -> None:
    for i, entry in enumerate(doc.pop("needs", ())):
        rest = {k: v for k, v in entry.items() if k != "need"}
        ex.add(
            "Condition",
            _pointer("needs", i),
            {
                "clinicalStatus": _ACTIVE,
                "category": [_code(_cs("data-category"), "ASSISTANCE")],
                "code": _code(_cs("need"), entry["need"]),
                "subject": _ref(pid),
            },
            generic=(NeedEntry, rest),
        )


def _if_none_exist(resource: Mapping[str, Any]) -> str | None:
    if resource["resourceType"] not in {"Patient", "Organization"}:
        return None
    ident = resource["identifier"][0]
    return f"identifier={ident['system']}|{ident['value']}"


def _bundle(ex: _Export, bundle_type: BundleType) -> Json:
    doc = ex.doc
    entries: list[Json] = []
    for resource in ex.resources:
        entry: Json = {"fullUrl": _full_url(resource["id"]), "resource": resource}
        if bundle_type == "transaction":
            request: Json = {"method": "POST", "url": resource["resourceType"]}
            condition = _if_none_exist(resource)
            if condition:
                request["ifNoneExist"] = condition
            entry["request"] = request
        entries.append(entry)
    return {
        "resourceType": "Bundle",
        "id": ex.rid(f"bundle/{ex.version}/{bundle_type}"),
        "meta": {"profile": [PROFILES[ex.version]], "security": [_R]},
        "identifier": {"system": _URI, "value": "urn:uuid:" + doc["message_id"]},
        "type": bundle_type,
        "timestamp": doc["created_at"],
        "entry": entries,
    }


# --------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------


class _Issues:
    """Collects issues during an import."""

    def __init__(self) -> None:
        self.items: list[Issue] = []

    def add(self, ptr: str, code: str, message: str) -> None:
        self.items.append(Issue(ptr, code, message))


class _Reader:
    """Reads one JSON object of a resource, recording which members were used."""

    def __init__(self, obj: Json, ptr: str, issues: _Issues) -> None:
        self.obj = obj
        self.ptr = ptr
        self.issues = issues
        self.used: set[str] = set()

    def has(self, key: str) -> bool:
        return key in self.obj

    def get(self, key: str, kind: type | None = None) -> Any:
        self.used.add(key)
        value = self.obj.get(key)
        if value is not None and kind is not None and not isinstance(value, kind):
            self.issues.add(f"{self.ptr}/{key}", "TRM-FHIR-008", f"'{key}' has the wrong type")
            return None
        return value

    def skip(self, *keys: str) -> None:
        """Mark derived elements as known (they are not read back)."""
        self.used.update(keys)

    def sub(self, key: str) -> _Reader | None:
        value = self.get(key, dict)
        return None if value is None else _Reader(value, f"{self.ptr}/{key}", self.issues)

    def items(self, key: str) -> Iterator[_Reader]:
        value = self.get(key, list)
        for i, item in enumerate(value or ()):
            if isinstance(item, dict):
                yield _Reader(item, f"{self.ptr}/{key}/{i}", self.issues)
            else:
                self.issues.add(f"{self.ptr}/{key}/{i}", "TRM-FHIR-008", "expected an object")

    def finish(self) -> None:
        for key in self.obj:
            if key not in self.used:
                self.issues.add(
                    f"{self.ptr}/{_shown(key)}",
                    "TRM-FHIR-008",
                    f"element '{_shown(key)}' is not part of the TRM mapping",
                )


def _coded(reader: _Reader | None, system: str) -> str | None:
    """Return the one code of ``system`` in a CodeableConcept (checked elsewhere)."""
    if reader is None:
        return None
    found: str | None = None
    for coding in reader.items("coding"):
        if coding.get("system") == system and isinstance(coding.get("code"), str):
            found = coding.get("code")
        else:
            coding.get("system")
            coding.get("code")
        coding.finish()
    reader.finish()
    if found is None:
        reader.issues.add(reader.ptr, "TRM-FHIR-007", "a required code is missing")
    return found


def _decode_coding(member: Member, coding: _Reader | None) -> str | None:
    if coding is None:
        return None
    system, code = coding.get("system"), coding.get("code", str)
    coding.finish()
    if system != member.system:
        coding.issues.add(coding.ptr, "TRM-FHIR-013", f"'{member.name}' uses another code system")
        return None
    return code if isinstance(code, str) else None


def _decode_object(member: Member, ext: _Reader) -> Json | None:
    assert member.model is not None
    if ext.has("extension"):
        return _decode_members(member.model, list(ext.items("extension")), top=False)
    if ext.get("valueBoolean") is True:
        return {}
    ext.issues.add(ext.ptr, "TRM-FHIR-013", "an object extension has no sub-extensions")
    return None


def _decode_value(member: Member, ext: _Reader) -> Any:
    if member.kind == "object":
        return _decode_object(member, ext)
    key = _VALUE_KEY[member.kind]
    if not ext.has(key):
        ext.issues.add(ext.ptr, "TRM-FHIR-013", f"extension '{member.name}' needs {key}")
        return None
    if member.kind == "code":
        return _decode_coding(member, ext.sub(key))
    value = ext.get(key)
    kind = _PY_TYPE[member.kind]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        ext.issues.add(f"{ext.ptr}/{key}", "TRM-FHIR-013", f"'{member.name}' has the wrong type")
        return None
    return value


def _decode_members(model: type[BaseModel], exts: list[_Reader], *, top: bool) -> Json:
    out: Json = {}
    known = members(model)
    for ext in exts:
        url = ext.get("url")
        name = url if isinstance(url, str) else ""
        if top:
            name = name.removeprefix(EXT_BASE).partition(".")[2]
            if name not in known or not isinstance(url, str) or url != extension_url(model, name):
                ext.issues.add(ext.ptr, "TRM-FHIR-009", "extension not known to the TRM mapping")
                continue
        member = known.get(name)
        if member is None:
            ext.issues.add(ext.ptr, "TRM-FHIR-009", "extension not known to the TRM mapping")
            continue
        value = _decode_value(member, ext)
        ext.finish()
        if value is None:
            continue
        if member.repeated:
            out.setdefault(name, []).append(value)
        elif name in out:
            ext.issues.add(ext.ptr, "TRM-FHIR-011", f"'{name}' given twice")
        else:
            out[name] = value
    return out


@dataclass
class _Import:
    """State of one import."""

    version: FhirVersion
    issues: _Issues
    by_url: dict[str, tuple[str, Json]]  # fullUrl → (pointer, resource)
    placed: list[tuple[tuple[str, ...], Any]] = field(default_factory=list)
    identifiers: dict[str, str] = field(default_factory=dict)  # fullUrl → org id

    def target(self, reader: _Reader | None, resource_type: str) -> tuple[str, Json] | None:
        if reader is None:
            return None
        ref = reader.get("reference", str)
        reader.finish()
        found = self.by_url.get(ref or "")
        if found is None or found[1].get("resourceType") != resource_type:
            self.issues.add(
                reader.ptr, "TRM-FHIR-004", f"reference must resolve to a {resource_type}"
            )
            return None
        return found


def _split_extensions(
    res: _Reader, model: type[BaseModel] | None, *special: str
) -> tuple[Json, dict[str, list[_Reader]]]:
    """Decode the generic extensions of ``model``; return them and the special ones by URL."""
    generic: list[_Reader] = []
    found: dict[str, list[_Reader]] = {}
    for ext in res.items("extension"):
        url = ext.obj.get("url")
        if url == PATH_EXTENSION:
            ext.skip("url", "valueString")
            ext.finish()
        elif url in special:
            found.setdefault(url, []).append(ext)
        elif model is not None:
            generic.append(ext)
        else:
            ext.get("url")
            ext.issues.add(ext.ptr, "TRM-FHIR-009", "extension not known to the TRM mapping")
    return (_decode_members(model, generic, top=True) if model else {}), found


def _read_contact(res: _Reader) -> Json | None:
    contact: Json = {}
    for tel in res.items("telecom"):
        system, value = tel.get("system"), tel.get("value", str)
        tel.finish()
        if system not in {"phone", "email"}:
            tel.issues.add(tel.ptr, "TRM-FHIR-008", "telecom system not part of the TRM mapping")
        elif value is not None:
            contact[system] = value
    return contact or None


def _read_code(imp: _Import, reader: _Reader | None, system: str) -> str | None:
    """Read a CodeableConcept (or, in R5, a CodeableReference) of ``system``."""
    if reader is not None and imp.version == "R5" and reader.has("concept"):
        inner = reader.sub("concept")
        reader.finish()
        reader = inner
    return _coded(reader, system)


def _read_id(reader: _Reader, system: str, prefix: str = "") -> str | None:
    value: str | None = None
    for ident in reader.items("identifier"):
        if ident.get("system") == system:
            raw = ident.get("value", str)
            if isinstance(raw, str) and raw.startswith(prefix):
                value = raw.removeprefix(prefix)
        ident.finish()
    if value is None:
        reader.issues.add(reader.ptr + "/identifier", "TRM-FHIR-007", "required identifier missing")
    return value


def _read_organization(imp: _Import, res: _Reader, url: str, path: tuple[str, ...]) -> None:
    listed = path[0] == "organisations"
    org, _ = _split_extensions(res, Organisation if listed else None)
    org_id = _read_id(res, _URI)
    if org_id is not None:
        imp.identifiers[url] = org_id
        org["org_id"] = org_id
    if res.has("name"):
        org["name"] = res.get("name", str)
    if res.has("type"):
        for kind in res.items("type"):
            org["org_type"] = _coded(kind, _cs("org-type"))
    address = None
    if imp.version == "R4":
        for item in res.items("address"):
            address = item
    else:
        for item in res.items("contact"):
            address = item.sub("address")
            item.finish()
    if address is not None:
        org["country"] = address.get("country", str)
        address.finish()
    if listed:
        imp.placed.append((path, org))
    elif len(org) > 1:
        res.issues.add(res.ptr, "TRM-FHIR-008", "a party Organization carries only its identifier")


def _single(reader: _Reader, values: list[Any]) -> Any:
    """Return the one item of a list that the mapping writes with exactly one item."""
    if len(values) != 1:
        reader.issues.add(reader.ptr, "TRM-FHIR-008", "a list the TRM mapping fills with one item")
    return values[0]


def _read_patient_extensions(data: Json, special: Mapping[str, list[_Reader]]) -> None:
    """Read the core extensions patient-nationality and patient-interpreterRequired."""
    for ext in special.get(_NATIONALITY, ()):
        ext.get("url")
        for sub in ext.items("extension"):
            if sub.get("url") != "code":
                sub.issues.add(sub.ptr, "TRM-FHIR-009", "only the code of a nationality is mapped")
            code = _coded(sub.sub("valueCodeableConcept"), _COUNTRY)
            if code is not None:
                data.setdefault("citizenships", []).append(code)
            sub.finish()
        ext.finish()
    for ext in special.get(_INTERPRETER, ()):
        ext.get("url")
        data["interpreter_needed"] = ext.get("valueBoolean", bool)
        ext.finish()


def _read_names(res: _Reader, data: Json) -> None:
    for name in res.items("name"):
        use = name.get("use")
        if use == "official" and "given_names" not in data and "family_names" not in data:
            if name.has("family"):
                data["family_names"] = name.get("family", str)
            given = name.get("given", list)
            if given:
                data["given_names"] = _single(name, given)
        elif use == "old":
            data.setdefault("other_names", []).append(name.get("text", str))
        else:
            name.issues.add(name.ptr, "TRM-FHIR-008", "name not part of the TRM mapping")
        name.finish()


def _read_home_address(res: _Reader, data: Json) -> None:
    for i, address in enumerate(res.items("address")):
        if i:
            address.issues.add(address.ptr, "TRM-FHIR-011", "a TRM Patient has one address")
        address.skip("use")
        home: Json = {}
        lines = address.get("line", list)
        if lines:
            home["street"] = _single(address, lines)
        for src, dst in _ADDRESS:
            if address.has(dst):
                home[src] = address.get(dst, str)
        address.finish()
        data["home_address"] = home


def _read_patient(
    imp: _Import, res: _Reader, path: tuple[str, ...], cls: type[MessageBase] | None
) -> None:
    res.skip("identifier", "gender")  # derived: pseudonym of case_ref, sex as FHIR gender
    carried = members(cls).get(path[0]) if cls is not None else None
    model = carried.model if carried is not None and path[0] != "case_ref" else None
    if path[0] != "case_ref" and model is None:
        res.issues.add(res.ptr, "TRM-FHIR-011", "trm-path does not fit the message type")
    data, special = _split_extensions(res, model, _NATIONALITY, _INTERPRETER)
    _read_patient_extensions(data, special)
    _read_names(res, data)
    contact = _read_contact(res)
    if contact:
        data["contact"] = contact
    if res.has("birthDate"):
        data["date_of_birth"] = res.get("birthDate", str)
    _read_home_address(res, data)
    if res.has("maritalStatus"):
        data["marital_status"] = _coded(res.sub("maritalStatus"), _cs("marital-status"))
    for comm in res.items("communication"):
        comm.skip("preferred")
        tag = _coded(comm.sub("language"), _BCP47)
        comm.finish()
        if tag is not None:
            data.setdefault("languages", []).append(tag)
    if path[0] in ("person", "profile"):
        imp.placed.append((path, data))
    elif data:
        res.issues.add(res.ptr, "TRM-FHIR-008", "this message type carries no person data")


def _read_condition(imp: _Import, res: _Reader, path: tuple[str, ...]) -> None:
    res.skip("clinicalStatus", "category", "subject")
    entry = path[0] == "needs"
    data, _ = _split_extensions(res, NeedEntry if entry else None)
    system = _cs("need") if path[-2] == "needs" else _cs("exploitation-form")
    code = _coded(res.sub("code"), system)
    if entry:
        data["need"] = code
        imp.placed.append((path, data))
    else:
        imp.placed.append((path, code))


def _read_request(imp: _Import, res: _Reader, path: tuple[str, ...]) -> None:
    res.skip("status", "intent", "subject", "requester", "performer")
    given = path[0] == "services"
    data, _ = _split_extensions(res, ServiceEntry if given else None)
    system = _cs("consultation-request") if path[0] == "questions" else _cs("need")
    code = _read_code(imp, res.sub("code"), system)
    if not given:
        imp.placed.append((path, code))
        return
    data["service"] = code
    period = res.sub("occurrencePeriod")
    if period is not None:
        for key in ("start", "end"):
            if period.has(key):
                data[key] = period.get(key, str)
        period.finish()
    imp.placed.append((path, data))


def _read_risk(imp: _Import, res: _Reader, path: tuple[str, ...]) -> None:
    res.skip("status", "subject")
    data, _ = _split_extensions(res, RiskRecord)
    data["assessment_id"] = _read_id(res, _URI, "urn:uuid:")
    data["context"] = _coded(res.sub("code"), _cs("risk-context"))
    data["assessed_on"] = res.get("occurrenceDateTime", str)
    for prediction in res.items("prediction"):
        data["overall_level"] = _coded(prediction.sub("qualitativeRisk"), _cs("risk-level"))
        prediction.finish()
    imp.placed.append((path, data))


def _read_consent(imp: _Import, res: _Reader, path: tuple[str, ...]) -> None:
    # Derived for FHIR readers (status, grantor, controller, base rule, permit exception).
    res.skip("status", "subject", "patient", "date", "grantor", "performer", "controller")
    res.skip("organization", "decision", "scope", "policyRule")
    data, _ = _split_extensions(res, ConsentRecord)
    data["consent_id"] = _read_id(res, _URI, "urn:uuid:")
    purpose_system = _cs("consent-purpose")
    for category in res.items("category"):
        codings = category.obj.get("coding")
        codings = codings if isinstance(codings, list) else []
        if any(isinstance(c, dict) and c.get("system") == purpose_system for c in codings):
            data["purpose"] = _coded(category, purpose_system)
        else:
            category.skip("coding")
            category.finish()
    if imp.version == "R5":
        res.skip("provision")
        period = res.sub("period")
    else:
        data["given_at"] = res.get("dateTime", str)
        provision = res.sub("provision")
        period = None
        if provision is not None:
            provision.skip("provision")
            period = provision.sub("period")
            provision.finish()
    if period is not None:
        if imp.version == "R5":
            data["given_at"] = period.get("start", str)
        else:
            period.skip("start")
        data["valid_until"] = period.get("end", str)
        period.finish()
    imp.placed.append((path, data))


def _read_guardian(imp: _Import, res: _Reader, path: tuple[str, ...]) -> None:
    res.skip("patient", "relationship")
    data, _ = _split_extensions(res, Guardian)
    for name in res.items("name"):
        data["name"] = name.get("text", str)
        name.finish()
    contact = _read_contact(res)
    if contact:
        data["contact"] = contact
    period = res.sub("period")
    if period is not None:
        data["appointed_on"] = period.get("start", str)
        period.finish()
    imp.placed.append((path, data))


def _party(imp: _Import, reader: _Reader | None) -> str | None:
    found = imp.target(reader, "Organization")
    if found is None:
        return None
    url = next((u for u, (_, r) in imp.by_url.items() if r is found[1]), "")
    return imp.identifiers.get(url)


def _read_task(imp: _Import, res: _Reader) -> tuple[Json, type[MessageBase] | None]:
    res.skip("status", "intent", "basedOn", "focus", "for")
    message_type = _coded(res.sub("code"), MESSAGE_TYPE_SYSTEM)
    cls = MESSAGE_CLASSES.get(message_type or "")
    data, _ = _split_extensions(res, cls)
    if cls is None:
        return data, None
    data["message_type"] = message_type
    data["sender"] = _party(imp, res.sub("requester"))
    data["recipient"] = _party(imp, res.sub("owner"))
    data["created_at"] = res.get("authoredOn", str)
    peer_system = f"{data['recipient']}/case-ref"
    for ident in res.items("identifier"):
        system, value = ident.get("system"), ident.get("value", str)
        if system == _URI and isinstance(value, str) and value.startswith("urn:uuid:"):
            data["message_id"] = value.removeprefix("urn:uuid:")
        elif system == peer_system:
            data["peer_case_ref"] = value
        else:
            ident.issues.add(ident.ptr, "TRM-FHIR-008", "identifier not part of the TRM mapping")
        ident.finish()
    group = res.sub("groupIdentifier")
    if group is not None:
        if group.get("system") != f"{data['sender']}/case-ref":
            group.issues.add(group.ptr, "TRM-FHIR-008", "case reference of another participant")
        data["case_ref"] = group.get("value", str)
        group.finish()
    if res.has("businessStatus"):
        data["referral_status"] = _coded(res.sub("businessStatus"), _cs("referral-status"))
    if res.has("statusReason"):
        data["decline_reason"] = _read_code(imp, res.sub("statusReason"), _cs("decline-reason"))
    return data, cls


_Handler = Callable[[_Import, _Reader, tuple[str, ...]], None]

#: Resource type → (allowed path shapes, reader). ``#`` stands for a list index.
_READERS: Final[Mapping[str, tuple[frozenset[str], _Handler]]] = {
    "Condition": (
        frozenset(
            {"exploitation/forms/#", "profile/exploitation_forms/#", "profile/needs/#", "needs/#"}
        ),
        _read_condition,
    ),
    "ServiceRequest": (
        frozenset({"case/requested_services/#", "questions/#", "services/#"}),
        _read_request,
    ),
    "RiskAssessment": (frozenset({"risk_assessments/#"}), _read_risk),
    "Consent": (frozenset({"consents/#"}), _read_consent),
    "RelatedPerson": (frozenset({"child/guardian"}), _read_guardian),
}
_PATHS: Final[Mapping[str, frozenset[str]]] = {
    "Task": frozenset({""}),
    "Patient": frozenset({"person", "profile", "case_ref"}),
    "Organization": frozenset({"organisations/#", "sender", "recipient"}),
    **{k: v[0] for k, v in _READERS.items()},
}


def _shape(path: tuple[str, ...]) -> str:
    return "/".join("#" if p.isdigit() and p == str(int(p)) else p for p in path)


def _resource_path(res: Mapping[str, Any]) -> tuple[str, ...] | None:
    extensions = res.get("extension")
    for ext in extensions if isinstance(extensions, list) else ():
        if isinstance(ext, dict) and ext.get("url") == PATH_EXTENSION:
            value = ext.get("valueString")
            if isinstance(value, str) and (value == "#" or value.startswith("#/")):
                return tuple(value.split("/")[1:])
    return None


def _walk(value: Any, ptr: str) -> Iterator[tuple[str, Json]]:
    """Yield every JSON object below ``value`` with its pointer."""
    stack: list[tuple[str, Any]] = [(ptr, value)]
    while stack:
        here, item = stack.pop()
        if isinstance(item, dict):
            yield here, item
            stack.extend((f"{here}/{_shown(k)}", v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((f"{here}/{i}", v) for i, v in enumerate(item))


def _check_codes_and_references(bundle: Json, urls: set[str], issues: _Issues) -> None:
    """References resolve inside the Bundle; TRM codes belong to their code system."""
    names = set(codelist_names())
    for ptr, obj in _walk(bundle, ""):
        ref = obj.get("reference")
        if isinstance(ref, str) and ref not in urls:
            issues.add(ptr, "TRM-FHIR-004", "reference does not resolve inside the Bundle")
        system, code = obj.get("system"), obj.get("code")
        if not (isinstance(system, str) and system.startswith(CODE_SYSTEM_BASE)):
            continue
        name = system.removeprefix(CODE_SYSTEM_BASE)
        if name == "message-type":
            known = isinstance(code, str) and code in MESSAGE_CLASSES
        elif name in names:
            known = isinstance(code, str) and code in codelist(name)
        else:
            issues.add(ptr, "TRM-FHIR-006", "code system not published by TRM")
            continue
        if not known:
            issues.add(ptr, "TRM-FHIR-005", f"code not in the TRM code system '{name}'")


def _bundle_version(bundle: Any, issues: _Issues) -> FhirVersion | None:
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        issues.add("", "TRM-FHIR-002", "not a FHIR Bundle")
        return None
    meta = bundle.get("meta")
    profiles = meta.get("profile") if isinstance(meta, dict) else None
    versions = [v for v, url in PROFILES.items() if isinstance(profiles, list) and url in profiles]
    if len(versions) != 1:
        issues.add("/meta/profile", "TRM-FHIR-003", "not a TRM Bundle (no TRM profile)")
        return None
    if bundle.get("type") not in BUNDLE_TYPES:
        issues.add("/type", "TRM-FHIR-003", "a TRM Bundle is a collection or a transaction")
        return None
    return versions[0]


def _finalize(value: Any, ptr: str, issues: _Issues) -> Any:
    if isinstance(value, _Slots):
        if sorted(value) != list(range(len(value))):
            issues.add(ptr, "TRM-FHIR-011", "list items are missing or repeated")
        return [_finalize(value[i], f"{ptr}/{i}", issues) for i in sorted(value)]
    if isinstance(value, dict):
        return {k: _finalize(v, f"{ptr}/{k}", issues) for k, v in value.items()}
    return value


class _Slots(dict[int, Any]):
    """A list under construction: index → item."""


def _place(doc: Json, path: tuple[str, ...], value: Any, issues: _Issues) -> None:
    here: Any = doc
    for i, part in enumerate(path[:-1]):
        nxt = path[i + 1]
        key: Any = int(part) if isinstance(here, _Slots) else part
        if key not in here:
            here[key] = _Slots() if nxt.isdigit() else {}
        here = here[key]
    last: Any = int(path[-1]) if isinstance(here, _Slots) else path[-1]
    if last in here:
        if (
            isinstance(here[last], dict)
            and isinstance(value, dict)
            and not set(here[last]) & set(value)
        ):
            here[last].update(value)
            return
        issues.add(_pointer(*path), "TRM-FHIR-011", "two resources map to the same member")
        return
    here[last] = value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> Json:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate member name")
    return out


def _no_constant(_: str) -> Any:
    raise ValueError("NaN and Infinity are not JSON")


def _loads(data: str | bytes) -> Any:
    """Parse JSON strictly: no duplicate member names (RFC 8259 §4), no NaN or Infinity."""
    try:
        return json.loads(data, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise ValidationError(
            [Issue("", "TRM-FHIR-002", "not strict JSON (syntax, duplicate names or NaN)")]
        ) from None


def from_fhir(bundle: Mapping[str, Any] | str | bytes, *, validate: bool = True) -> MessageBase:
    """Return the TRM message carried by a Bundle made by :func:`to_fhir`.

    Beyond ``fhir.resources`` (structure and data types), the import checks what it does
    not (FHIR R5 §3.1.0 "Validation"): every reference resolves inside the Bundle
    (``TRM-FHIR-004``), every TRM-coded element uses a code of its code system
    (``TRM-FHIR-005``/``-006``), the TRM extensions it needs are present
    (``TRM-FHIR-007``), and every element and extension is part of the mapping
    (``TRM-FHIR-008``/``-009``): nothing from another system is silently dropped.

    Args:
        bundle: The Bundle as JSON text or Python data; its ``meta.profile`` says the
            FHIR version.
        validate: Check the Bundle with ``fhir.resources`` first.

    Returns:
        The message, validated through every TRM layer.

    Raises:
        TRMError: ``TRM-FHIR-001`` without the ``fhir`` extra.
        ValidationError: With every issue found (codes ``TRM-FHIR-0NN``, pointers into the
            Bundle; a message failing TRM validation adds ``TRM-FHIR-012`` and its issues).
    """
    require_extra()
    issues = _Issues()
    if isinstance(bundle, str | bytes):
        bundle = _loads(bundle)
    elif isinstance(bundle, Mapping) and not isinstance(bundle, dict):
        bundle = dict(bundle)
    version = _bundle_version(bundle, issues)
    if version is None:
        raise ValidationError(issues.items)
    assert isinstance(bundle, dict)
    if validate:
        struct = structure_issues(bundle, version)
        if struct:
            raise ValidationError(struct)
    message = _import(bundle, version, issues)
    if issues.items or message is None:
        raise ValidationError(sorted(issues.items))
    _check_derived(bundle, message, version, issues)
    if issues.items:
        raise ValidationError(sorted(issues.items))
    return message


#: Elements derived from the record and not read back, per resource type. The import
#: checks them against what the record gives, so that a Bundle cannot say one thing to
#: FHIR readers and another to TRM (a Consent turned into ``decision: permit``, a Task
#: status from no value set). References are left out: another system may renumber.
_DERIVED: Final[Mapping[str, tuple[str, ...]]] = {
    "Task": ("meta", "status", "intent"),
    "Patient": ("meta", "identifier", "gender"),
    "Organization": ("meta",),
    "Condition": ("meta", "clinicalStatus", "category"),
    "ServiceRequest": ("meta", "status", "intent"),
    "RiskAssessment": ("meta", "status"),
    "RelatedPerson": ("meta", "relationship"),
    "Consent": ("meta", "status", "category", "date", "decision", "scope", "policyRule"),
}


def _check_derived(
    bundle: Mapping[str, Any], message: MessageBase, version: FhirVersion, issues: _Issues
) -> None:
    """Compare the derived elements of ``bundle`` with those ``message`` gives (TRM-FHIR-014)."""
    expected = to_fhir(message, fhir_version=version, bundle_type=bundle["type"], validate=False)
    by_path = {_resource_path(e["resource"]): e["resource"] for e in expected["entry"]}
    for key in ("identifier", "timestamp"):
        if bundle.get(key) != expected[key]:
            issues.add(f"/{key}", "TRM-FHIR-014", f"Bundle.{key} disagrees with the message")
    for i, entry in enumerate(bundle["entry"]):
        resource = entry["resource"]
        want = by_path.get(_resource_path(resource))
        if want is None:  # a pseudonym-only Patient of another message type, e.g.
            issues.add(f"/entry/{i}", "TRM-FHIR-014", "resource not implied by the message")
            continue
        for key in _DERIVED[resource["resourceType"]]:
            if resource.get(key) != want.get(key):
                issues.add(
                    f"/entry/{i}/resource/{key}",
                    "TRM-FHIR-014",
                    f"derived element '{key}' disagrees with the message",
                )
        if resource["resourceType"] == "Consent":
            _check_provision(resource, want, f"/entry/{i}/resource", issues)


def _check_provision(have: Json, want: Json, ptr: str, issues: _Issues) -> None:
    """The permit exception must be exactly the one the consent record gives."""
    have_rule, want_rule = have.get("provision"), want.get("provision")
    if isinstance(want_rule, dict) and isinstance(have_rule, dict):  # R4: period read back
        have_rule = have_rule.get("provision")
        want_rule = want_rule.get("provision")
    if have_rule != want_rule:
        issues.add(ptr + "/provision", "TRM-FHIR-014", "the provisions disagree with the consent")


_Entry = tuple[str, _Reader, tuple[str, ...] | None]


def _check_request(request: _Reader, res: _Reader | None) -> None:
    request.skip("ifNoneExist")
    method, url = request.get("method"), request.get("url")
    if method != "POST" or res is None or url != res.obj.get("resourceType"):
        request.issues.add(request.ptr, "TRM-FHIR-008", "a TRM transaction only POSTs resources")
    request.finish()


def _entry_path(res: _Reader) -> tuple[str, ...] | None:
    """Return the trm-path of a resource, or None after reporting why it has none."""
    path = _resource_path(res.obj)
    kind = str(res.obj.get("resourceType"))
    if path is None:
        res.issues.add(res.ptr + "/extension", "TRM-FHIR-007", "the trm-path extension is missing")
    elif kind not in _PATHS:
        res.issues.add(res.ptr, "TRM-FHIR-010", "resource type not part of the TRM mapping")
        path = None
    elif _shape(path) not in _PATHS[kind]:
        res.issues.add(res.ptr + "/extension", "TRM-FHIR-011", "trm-path does not fit the resource")
        path = None
    return path


def _index_entries(top: _Reader) -> tuple[dict[str, tuple[str, Json]], list[_Entry]]:
    """Read ``Bundle.entry``: fullUrl → resource, and each resource with its trm-path."""
    transaction = top.get("type") == "transaction"
    by_url: dict[str, tuple[str, Json]] = {}
    entries: list[_Entry] = []
    for entry in top.items("entry"):
        url = entry.get("fullUrl", str)
        res = entry.sub("resource")
        request = entry.sub("request") if transaction else None
        if request is not None:
            _check_request(request, res)
        entry.finish()
        if res is None or url is None:
            entry.issues.add(entry.ptr, "TRM-FHIR-007", "an entry needs a fullUrl and a resource")
        elif url in by_url:
            entry.issues.add(entry.ptr + "/fullUrl", "TRM-FHIR-011", "fullUrl given twice")
        else:
            by_url[url] = (res.ptr, res.obj)
            entries.append((url, res, _entry_path(res)))
    return by_url, entries


def _read_resources(imp: _Import, entries: list[_Entry]) -> tuple[Json, type[MessageBase] | None]:
    """Read every resource: Organizations first (the Task names them), then the Task."""
    order = {"Organization": 0, "Task": 1}
    entries = sorted(entries, key=lambda e: order.get(str(e[1].obj.get("resourceType")), 2))
    doc: Json = {}
    cls: type[MessageBase] | None = None
    for url, res, path in entries:
        if path is None:
            continue
        res.skip("resourceType", "id")
        meta = res.sub("meta")
        if meta is not None:
            meta.skip("security")  # derived labels
            meta.finish()
        kind = res.obj["resourceType"]
        if kind == "Organization":
            _read_organization(imp, res, url, path)
        elif kind == "Task":
            doc, cls = _read_task(imp, res)
        elif kind == "Patient":
            _read_patient(imp, res, path, cls)
        else:
            _READERS[kind][1](imp, res, path)
        res.finish()
    return doc, cls


def _import(bundle: Json, version: FhirVersion, issues: _Issues) -> MessageBase | None:
    from trm_standard._api import validate_value  # noqa: PLC0415 - avoids an import cycle

    top = _Reader(bundle, "", issues)
    top.skip("resourceType", "id", "identifier", "timestamp")
    meta = top.sub("meta")
    if meta is not None:
        meta.skip("profile", "security")
        meta.finish()
    by_url, entries = _index_entries(top)
    top.finish()
    _check_codes_and_references(bundle, set(by_url), issues)
    if sum(1 for _, _, path in entries if path == ()) != 1:
        issues.add("/entry", "TRM-FHIR-007", "a TRM Bundle has exactly one message Task")
        return None
    imp = _Import(version, issues, by_url)
    doc, cls = _read_resources(imp, entries)
    for path, value in imp.placed:
        _place(doc, path, value, issues)
    doc = _finalize(doc, "", issues)
    if issues.items or cls is None:
        if cls is None:
            issues.add("/entry", "TRM-FHIR-007", "the message Task has no known message type")
        return None
    report = validate_value(doc)
    if report.message is None:
        issues.add("", "TRM-FHIR-012", "the Bundle does not carry a valid TRM message")
        issues.items.extend(report.issues)
        return None
    return report.message

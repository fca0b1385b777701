"""TRM message → FHIR R4/R5 Bundle (see :mod:`trm_standard._fhir` for the design)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import BaseModel

from trm_standard._errors import ValidationError
from trm_standard._fhir import (
    _ACTIVE,
    _ADDRESS,
    _BCP47,
    _COUNTRY,
    _DISCLOSE,
    _GUARD,
    _IDSCL,
    _INTERPRETER,
    _IRCP,
    _LOINC_CONSENT,
    _NATIONALITY,
    _NS,
    _PSEUDED,
    _R,
    _URI,
    _V3_ACT,
    BUNDLE_TYPES,
    FHIR_VERSIONS,
    MESSAGE_TYPE_SYSTEM,
    PATH_EXTENSION,
    PERMIT_SCOPE_EXTENSION,
    PROFILES,
    BundleType,
    FhirVersion,
    Json,
    _code,
    _cs,
    _encode_members,
    _full_url,
    _pointer,
    _ref,
    require_extra,
    structure_issues,
)
from trm_standard._fhirmodel import members
from trm_standard._minimise import leaves
from trm_standard.v1 import MESSAGE_CLASSES, MessageBase
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

__all__ = ["to_fhir"]


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


def _is_identified(person: Person) -> bool:
    """Return True if the person block holds a value whose privacy class is DI.

    Checked value by value, at any depth (``identity_documents[].number``), with the
    classes minimisation uses: a value inside a SAFETY container counts as SAFETY. A DI
    container left with only its QI members (a minimised ``identity_documents``) does not
    identify the person.
    """
    return any(privacy is PrivacyClass.DI for _, privacy, _ in leaves(person))


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


def _export_patient(ex: _Export, doc: Json, cls: type[MessageBase], person: Person | None) -> str:
    """Map the person (referral), the profile (consultation) or a pseudonym-only Patient."""
    if "person" in doc and person is not None:
        path, data, model = "/person", doc.pop("person"), members(cls)["person"].model
        identified = _is_identified(person)
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


#: Restrictions of a consent that the permit's actors (named organisations) do not say:
#: (member of the consent record, sub-member, code list).
_SCOPE: Final = (
    ("recipients", "org_types", "org-type"),
    ("recipients", "countries", "country"),
    ("", "data_categories", "data-category"),
)


def _permit_scope(consent: Mapping[str, Any]) -> list[Json]:
    """Return the permit's modifier extension (restrictions beyond the named recipients)."""
    subs = [
        {"url": name, "valueCoding": {"system": _cs(system), "code": code}}
        for holder, name, system in _SCOPE
        for code in (consent.get(holder, {}) if holder else consent).get(name, ())
    ]
    if not subs:  # pragma: no cover - a consent record always lists its data categories
        return []
    return [{"url": PERMIT_SCOPE_EXTENSION, "extension": subs}]


_GUARDIAN_GIVERS: Final = frozenset({"PARENT", "LEGAL_GUARDIAN", "OTHER_LEGAL_REPRESENTATIVE"})


def _export_consents(
    ex: _Export, doc: Json, pid: str, guardian: str | None, orgs: Mapping[str, str]
) -> None:
    """One Consent per purpose: base rule deny, one permit exception.

    FHIR R5 consent.html: ``decision`` is the base rule and each provision its exception.

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
        # A permit naming no recipient, or restricted to some data categories, must not read
        # as unrestricted to a FHIR reader: the restrictions are a modifier extension.
        permit: Json = {"modifierExtension": _permit_scope(consent)}
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
    if "in_reply_to" in doc:  # the message answered, by its identifier (a logical reference)
        answered = "urn:uuid:" + doc.pop("in_reply_to")
        body["partOf"] = [{"identifier": {"system": _URI, "value": answered}}]
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
    person = getattr(message, "person", None)
    pid = _export_patient(ex, doc, cls, person if isinstance(person, Person) else None)
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

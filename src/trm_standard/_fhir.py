"""TRM message ⇄ FHIR R4/R5 Bundle: what export and import share.

The mapping follows the HL7 FHIR workflow pattern (FHIR R5 workflow.html): a Task
carries the message and its fulfilment status, ServiceRequests what is asked, a
pseudonymised Patient the person, a RelatedPerson the guardian, an Organization each
party, Conditions the forms of exploitation and the needs, RiskAssessments and one
Consent per purpose. Every member without a FHIR element travels as an extension under
``https://w3id.org/trm/fhir/StructureDefinition/`` whose shape follows the model
(:mod:`trm_standard._fhirmodel`), so nothing is lost and nothing is guessed.

Elements FHIR derives from the record (``Task.status``, ``ServiceRequest.status``,
``Patient.gender``, security labels, the Consent's grantor, ...) are written for FHIR
readers, never read back, and checked on import against what the record gives.
Resource ids are UUIDv5 of the message id and the JSON
Pointer of what the resource carries, so the same message gives the same bytes.

The R4 output uses only elements unchanged since FHIR 4.0.1, although it is validated
with the R4B (4.3.0) classes of ``fhir.resources``. Export is
:mod:`trm_standard._fhirexport`, import :mod:`trm_standard._fhirimport`.
"""

from __future__ import annotations

import importlib
import inspect
import re
import uuid
from collections.abc import Mapping
from typing import Any, Final, Literal

from pydantic import BaseModel

from trm_standard._codelists import CODE_SYSTEM_BASE
from trm_standard._errors import Issue, TRMError, escape_pointer_token
from trm_standard._fhirmodel import EXT_BASE, Member, members
from trm_standard.v1 import MESSAGE_CLASSES

__all__ = [
    "BUNDLE_TYPES",
    "CARRIERS",
    "ELEMENT_MEMBERS",
    "FHIR_VERSIONS",
    "MESSAGE_TYPE_SYSTEM",
    "PATH_EXTENSION",
    "PERMIT_SCOPE_EXTENSION",
    "PROFILES",
    "BundleType",
    "FhirVersion",
    "extension_url",
    "require_extra",
    "structure_issues",
]

FhirVersion = Literal["R4", "R5"]
BundleType = Literal["collection", "transaction"]
FHIR_VERSIONS: Final[tuple[FhirVersion, ...]] = ("R4", "R5")
BUNDLE_TYPES: Final[tuple[BundleType, ...]] = ("collection", "transaction")

#: The extension every mapped resource carries: the JSON Pointer (RFC 6901, URI
#: fragment form) of the member it maps, e.g. ``#/needs/0``; ``#`` for the message Task.
PATH_EXTENSION: Final = EXT_BASE + "trm-path"
#: Modifier extension on the Consent's permit provision: the recipient organisation
#: types and countries and the data categories the consent record restricts the permit
#: to (sub-extensions ``org_types``, ``countries``, ``data_categories``). A modifier: a
#: FHIR reader that does not know it must not read the permit as unrestricted.
PERMIT_SCOPE_EXTENSION: Final = EXT_BASE + "trm-permit-scope"
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
        | {"peer_case_ref", "in_reply_to"}
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


#: Address member → FHIR Address element (FHIR datatypes.html#Address).
_ADDRESS: Final = (
    ("locality", "city"),
    ("region", "state"),
    ("postal_code", "postalCode"),
    ("country", "country"),
)


#: Element names a diagnostic may show: the shape of FHIR element names (lowerCamelCase
#: letters, ``_`` before a primitive's extensions). Any other name of a foreign Bundle
#: might be personal data (a document number, a name used as a key) and is shown as
#: "-"; list indexes (integers) are always shown.
_SHOWN: Final = re.compile(r"_?[a-z][A-Za-z]{0,63}")


def _shown(token: str | int) -> str:
    if isinstance(token, int) and not isinstance(token, bool):
        return str(token)
    text = str(token)
    return text if _SHOWN.fullmatch(text) else "-"


def _pointer(*parts: str | int) -> str:
    return "".join("/" + escape_pointer_token(p) for p in parts)


def _full_url(rid: str) -> str:
    return "urn:uuid:" + rid


def _ref(rid: str) -> Json:
    return {"reference": _full_url(rid)}

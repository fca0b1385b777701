"""FHIR R4/R5 Bundle → TRM message, with the checks ``fhir.resources`` does not make."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import BaseModel

from trm_standard._codelists import CODE_SYSTEM_BASE, codelist, codelist_names
from trm_standard._errors import Issue, ValidationError
from trm_standard._fhir import (
    _ADDRESS,
    _BCP47,
    _COUNTRY,
    _INTERPRETER,
    _NATIONALITY,
    _PY_TYPE,
    _URI,
    _VALUE_KEY,
    BUNDLE_TYPES,
    ELEMENT_MEMBERS,
    MESSAGE_TYPE_SYSTEM,
    PATH_EXTENSION,
    PROFILES,
    FhirVersion,
    Json,
    _cs,
    _owner,
    _pointer,
    _shown,
    extension_url,
    require_extra,
    structure_issues,
)
from trm_standard._fhirexport import _if_none_exist, to_fhir
from trm_standard._fhirmodel import EXT_BASE, Member, members
from trm_standard._jsonparse import Limits
from trm_standard.v1 import MESSAGE_CLASSES, MessageBase
from trm_standard.v1._record import Consent as ConsentRecord
from trm_standard.v1._record import (
    Guardian,
    NeedEntry,
    Organisation,
    ServiceEntry,
)
from trm_standard.v1._record import RiskAssessment as RiskRecord

__all__ = ["FHIR_LIMITS", "from_fhir"]


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

    def once(self, key: str) -> Iterator[_Reader]:
        """Yield the items of a list the mapping writes with at most one item."""
        for i, item in enumerate(self.items(key)):
            if i:
                item.issues.add(item.ptr, "TRM-FHIR-011", f"'{key}' is written once")
            yield item

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
        if coding.get("system") != system:
            coding.skip("code")
            coding.issues.add(
                coding.ptr, "TRM-FHIR-008", "a TRM-coded element carries only its TRM coding"
            )
        elif found is not None:
            coding.skip("code")
            coding.issues.add(coding.ptr, "TRM-FHIR-011", "a TRM-coded element has one coding")
        elif isinstance(coding.get("code"), str):
            found = coding.get("code")
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
        if member is None or name in ELEMENT_MEMBERS.get(_owner(model, name), ()):
            # A member with a FHIR element (or a resource of its own) is never an extension.
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
        if ref is None:  # identifier or display only: not a reference to an entry
            reader.skip(*reader.obj)
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
    if len(reader.obj.get("identifier") or ()) > 1:
        reader.skip("identifier")
        reader.issues.add(
            reader.ptr + "/identifier", "TRM-FHIR-011", "'identifier' is written once"
        )
        return None
    for ident in reader.items("identifier"):
        if ident.get("system") == system:
            raw = ident.get("value", str)
            if value is None and isinstance(raw, str) and raw.startswith(prefix):
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
        for kind in res.once("type"):
            org["org_type"] = _coded(kind, _cs("org-type"))
    address = None
    if imp.version == "R4":
        for item in res.once("address"):
            address = item
    else:
        for item in res.once("contact"):
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
    for i, ext in enumerate(special.get(_INTERPRETER, ())):
        if i:
            ext.issues.add(ext.ptr, "TRM-FHIR-011", "interpreterRequired given twice")
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
    for prediction in res.once("prediction"):
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
            if "purpose" in data:
                category.issues.add(category.ptr, "TRM-FHIR-011", "the purpose is given twice")
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
    for name in res.once("name"):
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


def _read_logical_id(reference: _Reader) -> str | None:
    """Read a reference by identifier to a message (``urn:uuid:`` of its message_id)."""
    ident = reference.sub("identifier")
    reference.finish()
    if ident is None:
        reference.issues.add(reference.ptr, "TRM-FHIR-007", "a message identifier is missing")
        return None
    system, value = ident.get("system"), ident.get("value", str)
    ident.finish()
    if system != _URI or not isinstance(value, str) or not value.startswith("urn:uuid:"):
        ident.issues.add(ident.ptr, "TRM-FHIR-008", "identifier not part of the TRM mapping")
        return None
    return value.removeprefix("urn:uuid:")


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
        key = (
            "message_id"
            if system == _URI and isinstance(value, str) and value.startswith("urn:uuid:")
            else "peer_case_ref"
            if system == peer_system
            else None
        )
        if key in data:
            ident.issues.add(ident.ptr, "TRM-FHIR-011", "identifier given twice")
        elif key == "message_id":
            data["message_id"] = value.removeprefix("urn:uuid:")
        elif key == "peer_case_ref":
            data["peer_case_ref"] = value
        else:
            ident.issues.add(ident.ptr, "TRM-FHIR-008", "identifier not part of the TRM mapping")
        ident.finish()
    for part in res.once("partOf"):
        data["in_reply_to"] = _read_logical_id(part)
    group = res.sub("groupIdentifier")
    if group is not None:
        if data["sender"] is None:  # reported: the requester is no Organization
            group.skip("system")
        elif group.get("system") != f"{data['sender']}/case-ref":
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


class _Open(dict[str, Any]):
    """An object the import opened to place a resource below it (e.g. ``profile``)."""


def _place(doc: Json, path: tuple[str, ...], value: Any, issues: _Issues) -> None:
    here: Any = doc
    for i, part in enumerate(path[:-1]):
        nxt = path[i + 1]
        key: Any = int(part) if isinstance(here, _Slots) else part
        if key not in here:
            here[key] = _Slots() if nxt.isdigit() else _Open()
        here = here[key]
    last: Any = int(path[-1]) if isinstance(here, _Slots) else path[-1]
    if last in here:
        if (
            isinstance(here[last], _Open)
            and isinstance(value, dict)
            and not here[last].keys() & value.keys()
        ):
            here[last] = {**value, **here[last]}  # a resource of its own below it came first
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


#: Default limits of an import. A Bundle nests every TRM object two levels deeper than
#: the message (an extension list and an extension), so a message within the core depth
#: limit (32) gives at most 2·32+3 levels; the FHIR form of a message is up to about 20
#: times its size. Deeper input is rejected before ``fhir.resources`` sees it (its
#: validators recurse).
FHIR_LIMITS: Final = Limits(max_bytes=32 * 1024 * 1024, max_depth=80, max_issues=100)


def _loads(data: str | bytes, limits: Limits) -> Any:
    """Parse JSON strictly: no duplicate member names (RFC 8259 §4), no NaN or Infinity."""
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > limits.max_bytes:
        raise ValidationError(
            [Issue("", "TRM-JSON-002", f"document larger than {limits.max_bytes} bytes")]
        )
    try:
        return json.loads(data, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except RecursionError:
        raise ValidationError(_too_deep("", limits)) from None
    except ValueError:
        raise ValidationError(
            [Issue("", "TRM-FHIR-002", "not strict JSON (syntax, duplicate names or NaN)")]
        ) from None


def _too_deep(ptr: str, limits: Limits) -> list[Issue]:
    return [Issue(ptr, "TRM-JSON-009", f"nesting deeper than {limits.max_depth}")]


def _check_depth(value: Any, limits: Limits) -> None:
    """Raise TRM-JSON-009 at the first object or array deeper than the limit (no recursion)."""
    stack: list[tuple[str, Any, int]] = [("", value, 1)]
    while stack:
        ptr, item, depth = stack.pop()
        if not isinstance(item, dict | list):
            continue
        if depth > limits.max_depth:
            raise ValidationError(_too_deep(ptr, limits))
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        stack.extend((f"{ptr}/{_shown(k)}", v, depth + 1) for k, v in pairs)


def _fail(issues: list[Issue], limits: Limits) -> ValidationError:
    """Return the error for ``issues``: sorted, at most ``limits.max_issues`` of them."""
    from trm_standard._validate import _finish  # noqa: PLC0415 - avoids an import cycle

    return ValidationError(_finish(issues, limits))


def from_fhir(
    bundle: Mapping[str, Any] | str | bytes,
    *,
    validate: bool = True,
    limits: Limits | None = None,
) -> MessageBase:
    """Return the TRM message carried by a Bundle made by :func:`to_fhir`.

    Beyond ``fhir.resources`` (structure and data types), the import checks what it does
    not (FHIR R5 validation.html): every reference resolves inside the Bundle to a
    resource of the right type (``TRM-FHIR-004``), every TRM-coded element uses a code of
    its code system (``TRM-FHIR-005``/``-006``), the TRM extensions it needs are present
    (``TRM-FHIR-007``), every element, coding, identifier and extension is part of the
    mapping (``TRM-FHIR-008``/``-009``: nothing from another system is silently dropped),
    nothing single-valued is given twice (``TRM-FHIR-011``), and the Bundle is the one
    the carried message exports to, up to renumbered resource ids and the order of the
    entries: derived elements such as the Consent's base rule agree with the record
    (``TRM-FHIR-014``). Diagnostics give pointers into the Bundle, never values.

    Args:
        bundle: The Bundle as JSON text or Python data; its ``meta.profile`` says the
            FHIR version.
        validate: Check the Bundle with ``fhir.resources`` first.
        limits: Size (of JSON text), depth and issue limits; default
            :data:`FHIR_LIMITS` (``TRM-JSON-002``, ``TRM-JSON-009``, ``TRM-REPORT-001``).

    Returns:
        The message, validated through every TRM layer.

    Raises:
        TRMError: ``TRM-FHIR-001`` without the ``fhir`` extra.
        ValidationError: With every issue found (codes ``TRM-FHIR-0NN``, pointers into the
            Bundle; a message failing TRM validation adds ``TRM-FHIR-012`` and its issues).
    """
    require_extra()
    limits = limits or FHIR_LIMITS
    if isinstance(bundle, str | bytes):
        bundle = _loads(bundle, limits)
    elif isinstance(bundle, Mapping) and not isinstance(bundle, dict):
        bundle = dict(bundle)
    _check_depth(bundle, limits)
    try:
        return _from_value(bundle, validate=validate, limits=limits)
    except RecursionError:  # only with limits deeper than the defaults
        raise ValidationError(_too_deep("", limits)) from None


def _from_value(bundle: Any, *, validate: bool, limits: Limits) -> MessageBase:
    issues = _Issues()
    version = _bundle_version(bundle, issues)
    if version is None:
        raise _fail(issues.items, limits)
    assert isinstance(bundle, dict)
    if validate:
        struct = structure_issues(bundle, version)
        if struct:
            raise _fail(struct, limits)
    message = _import(bundle, version, issues)
    if issues.items or message is None:
        raise _fail(issues.items, limits)
    _check_export(bundle, message, version, issues)
    if issues.items:
        raise _fail(issues.items, limits)
    return message


def _renamed(value: Any, rename: Mapping[str, str]) -> Any:
    """Return ``value`` with every literal reference renamed (fullUrl → expected fullUrl)."""
    if isinstance(value, dict):
        out = {k: _renamed(v, rename) for k, v in value.items()}
        ref = value.get("reference")
        if isinstance(ref, str) and ref in rename:
            out["reference"] = rename[ref]
        return out
    if isinstance(value, list):
        return [_renamed(v, rename) for v in value]
    return value


def _diffs(have: Any, want: Any, ptr: str) -> Iterator[tuple[str, Any, Any]]:
    """Yield the outermost places where ``have`` differs from ``want`` (pointer, both sides).

    A reference (an object with ``reference`` in ``want``) is one place: it is reported
    as a whole, so that its target and its members can be judged together.
    """
    if have == want:
        return
    if isinstance(have, dict) and isinstance(want, dict) and "reference" not in want:
        for key in sorted(set(have) | set(want)):
            where = f"{ptr}/{_shown(key)}"
            if key not in have or key not in want:
                yield where, have.get(key), want.get(key)
            else:
                yield from _diffs(have[key], want[key], where)
    elif isinstance(have, list) and isinstance(want, list) and len(have) == len(want):
        for i, (one, other) in enumerate(zip(have, want, strict=True)):
            yield from _diffs(one, other, f"{ptr}/{i}")
    else:
        yield ptr, have, want


#: References of a Consent derived from the record: who gave it (R4 ``performer``, R5
#: ``grantor``) and the custodian (R4 ``organization``, R5 ``controller``).
_DERIVED_REFERENCES: Final = frozenset({"grantor", "performer", "controller", "organization"})


def _judge(
    ptr: str, have: Any, want: Any, *, kind: str, kinds: Mapping[str, str], issues: _Issues
) -> None:
    """Report one difference from the re-export, with the code that fits it best."""
    element = ptr.split("/")[4] if ptr.count("/") >= 4 else ""
    if kind == "Consent" and element in _DERIVED_REFERENCES:  # who gave it, the custodian
        issues.add(ptr, "TRM-FHIR-014", f"derived element '{element}' disagrees with the message")
        return
    if isinstance(want, dict) and isinstance(want.get("reference"), str):
        wanted = kinds.get(want["reference"], "resource")
        if not isinstance(have, dict) or not isinstance(have.get("reference"), str):
            issues.add(ptr, "TRM-FHIR-004", f"must be a literal reference to a {wanted}")
        elif set(have) != {"reference"}:
            issues.add(ptr, "TRM-FHIR-008", "a reference carries only its literal 'reference'")
        elif kinds.get(have["reference"]) != wanted:
            issues.add(ptr, "TRM-FHIR-004", f"reference must resolve to a {wanted}")
        else:
            issues.add(ptr, "TRM-FHIR-014", "reference disagrees with the message")
        return
    name = ptr.rsplit("/", 1)[-1]
    issues.add(ptr, "TRM-FHIR-014", f"element '{name}' disagrees with the message")


def _check_export(
    bundle: Mapping[str, Any], message: MessageBase, version: FhirVersion, issues: _Issues
) -> None:
    """Compare ``bundle`` with the re-export of ``message`` (TRM-FHIR-014 and others).

    Only the resource ids and fullUrls may differ (another system may renumber them,
    consistently) and the order of the entries: every element FHIR readers see, including
    those derived from the record (statuses, labels, gender, pseudonym, the Consent's
    base rule, grantor, controller and permit provision, ``ifNoneExist``), must be the
    one the message gives, so a Bundle cannot say one thing to FHIR readers and another
    to TRM, and nothing is accepted that the import would drop.
    """
    expected = to_fhir(message, fhir_version=version, bundle_type=bundle["type"], validate=False)
    want_by_path = {_resource_path(e["resource"]): e for e in expected["entry"]}
    kinds = {e["fullUrl"]: e["resource"]["resourceType"] for e in expected["entry"]}
    rename: dict[str, str] = {}
    for entry in bundle["entry"]:
        want = want_by_path.get(_resource_path(entry["resource"]))
        if want is not None:
            rename[entry["fullUrl"]] = want["fullUrl"]
    for key in sorted(set(bundle) | set(expected) - {"id", "entry"}):
        if key not in {"id", "entry"} and bundle.get(key) != expected.get(key):
            issues.add(
                f"/{_shown(key)}",
                "TRM-FHIR-014",
                f"Bundle.{_shown(key)} disagrees with the message",
            )
    seen: set[tuple[str, ...] | None] = set()
    for i, entry in enumerate(bundle["entry"]):
        path = _resource_path(entry["resource"])
        want = want_by_path.get(path)
        if want is None:  # a pseudonym-only Patient of another message type, e.g.
            issues.add(f"/entry/{i}", "TRM-FHIR-014", "resource not implied by the message")
            continue
        seen.add(path)
        have = _renamed(entry, rename)
        have["fullUrl"] = want["fullUrl"]
        have["resource"]["id"] = want["resource"]["id"]
        for ptr, one, other in _diffs(have, want, f"/entry/{i}"):
            kind = want["resource"]["resourceType"]
            _judge(ptr, one, other, kind=kind, kinds=kinds, issues=issues)
    if set(want_by_path) - seen:
        issues.add("/entry", "TRM-FHIR-014", "a resource the message implies is missing")


_Entry = tuple[str, _Reader, tuple[str, ...] | None]


def _check_request(entry: _Reader, res: _Reader | None) -> None:
    """A transaction entry has a request (bdl-3): a POST, conditional as the export writes."""
    request = entry.sub("request")
    if request is None:
        entry.issues.add(
            entry.ptr + "/request", "TRM-FHIR-007", "a transaction entry needs a request"
        )
        return
    method, url = request.get("method"), request.get("url")
    if method != "POST" or res is None or url != res.obj.get("resourceType"):
        request.issues.add(request.ptr, "TRM-FHIR-008", "a TRM transaction only POSTs resources")
    elif request.get("ifNoneExist") != _condition(res.obj):
        request.issues.add(
            request.ptr + "/ifNoneExist",
            "TRM-FHIR-008",
            "ifNoneExist is not the condition the TRM mapping writes",
        )
    request.finish()


def _condition(resource: Json) -> str | None:
    """Return the ``ifNoneExist`` the export writes for ``resource`` (None: unconditional)."""
    try:
        return _if_none_exist(resource)
    except (KeyError, IndexError, TypeError):  # no identifier: the readers report it
        return None


#: A FHIR id (FHIR R4/R5 datatypes.html#id). Ids may be renumbered, never malformed.
_FHIR_ID: Final = re.compile(r"[A-Za-z0-9\-.]{1,64}")


def _check_id(res: _Reader) -> None:
    """A resource id, when present, is a FHIR id (its value is not compared: renumbering)."""
    if res.has("id"):
        rid = res.get("id")
        if not isinstance(rid, str) or not _FHIR_ID.fullmatch(rid):
            res.issues.add(res.ptr + "/id", "TRM-FHIR-008", "'id' is not a FHIR id")


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
    paths: set[tuple[str, ...]] = set()
    for entry in top.items("entry"):
        url = entry.get("fullUrl", str)
        res = entry.sub("resource")
        if transaction:  # a collection entry has no request: entry.finish() reports one
            _check_request(entry, res)
        entry.finish()
        if res is None or url is None:
            entry.issues.add(entry.ptr, "TRM-FHIR-007", "an entry needs a fullUrl and a resource")
        elif url in by_url:
            entry.issues.add(entry.ptr + "/fullUrl", "TRM-FHIR-011", "fullUrl given twice")
        else:
            by_url[url] = (res.ptr, res.obj)
            path = _entry_path(res)
            if path is not None and path in paths:
                res.issues.add(
                    res.ptr + "/extension", "TRM-FHIR-011", "two resources have the same trm-path"
                )
                path = None
            elif path is not None:
                paths.add(path)
            entries.append((url, res, path))
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
        res.skip("resourceType")
        _check_id(res)
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
    top.skip("resourceType", "identifier", "timestamp")
    _check_id(top)
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

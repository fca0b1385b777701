"""Consent policies and participant directories: data files with a documented default.

A policy holds what varies by country or corridor and what a data-protection officer may
tune: self-consent, assent and majority ages per country (never GDPR Art. 8 defaults),
purpose profiles (the data categories and privacy classes each purpose may carry, GDPR
Art. 5(1)(c)), consent expiry caps, and the transfer mechanisms accepted for third
countries (GDPR Chapter V; Directive (EU) 2016/680 Arts. 35-39).

A directory lists the organisations that may receive messages, with the attributes a
decision needs (type, country, public authority); it has the shape of a message's
``organisations`` block.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import jsonschema
import pydantic

from trm_standard._errors import TRMError
from trm_standard._trustlist import strict_json
from trm_standard.v1 import Organisation
from trm_standard.v1._rules import participant_country
from trm_standard.v1._vocab import (
    ConsentPurpose,
    DataCategory,
    OrgType,
    PrivacyClass,
    TransferMechanism,
)

__all__ = [
    "AgeRules",
    "ConsentPolicy",
    "Directory",
    "Mode",
    "PurposeProfile",
    "default_policy",
    "load_directory",
    "load_policy",
]

_PACKAGE: Final = "trm_standard.policies"
_MAX_FILE: Final = 16 << 20


class Mode(StrEnum):
    """How a purpose is served."""

    CONSENT = "consent"
    """A matching consent is required (CETS 197 Art. 12(7)), besides the lawful basis."""
    BASIS = "basis"
    """The recorded lawful basis suffices; consent is not used (GDPR Recital 43)."""
    LAW_ENFORCEMENT = "law_enforcement"
    """Law Enforcement Directive, LAW_ENFORCEMENT channel only."""
    ANONYMISED_ONLY = "anonymised_only"
    """Served by an anonymised release, never by disclosing a message."""


@dataclass(frozen=True, slots=True)
class AgeRules:
    """Ages of one country: who consents for a child, when the child's views are needed."""

    self_consent_age: int
    assent_age: int
    majority_age: int


@dataclass(frozen=True, slots=True)
class PurposeProfile:
    """What one purpose may carry and how it is served."""

    mode: Mode
    categories: frozenset[DataCategory]
    privacy_classes: frozenset[PrivacyClass]
    max_consent_days: int | None


@dataclass(frozen=True, slots=True)
class ConsentPolicy:
    """A validated consent policy (see ``policies/consent-policy.json``)."""

    policy_id: str
    policy_version: str
    defaults: AgeRules
    countries: Mapping[str, AgeRules]
    special_categories: frozenset[DataCategory]
    offence_categories: frozenset[DataCategory]
    law_enforcement_org_types: frozenset[OrgType]
    origin_authority_org_types: frozenset[OrgType]
    adequacy_countries: frozenset[str]
    third_country_mechanisms: frozenset[TransferMechanism]
    instrument_required: frozenset[TransferMechanism]
    review_required: frozenset[TransferMechanism]
    corridors: Mapping[tuple[str, str], frozenset[TransferMechanism]]
    purposes: Mapping[ConsentPurpose, PurposeProfile]
    disclosure_log_retention_days: int

    def ages(self, country: str) -> AgeRules:
        """Return the ages of ``country`` (the documented default when not listed)."""
        return self.countries.get(country, self.defaults)

    def profile(self, purpose: ConsentPurpose) -> PurposeProfile:
        """Return the profile of ``purpose``."""
        return self.purposes[purpose]


def _schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files(_PACKAGE).joinpath(name).read_bytes())
    return data


def _read(source: Path | str | bytes, code: str) -> Any:
    if isinstance(source, bytes):
        raw = source
    else:
        try:
            with Path(source).open("rb") as handle:
                raw = handle.read(_MAX_FILE + 1)
        except OSError as exc:
            raise TRMError(code, f"cannot read {source}: {exc.strerror or exc}") from None
        if len(raw) > _MAX_FILE:
            raise TRMError(code, "file larger than 16 MiB")
    try:
        return strict_json(raw)
    except ValueError:
        raise TRMError(code, "not strict JSON (syntax, duplicate member or constant)") from None


def _check(value: Any, schema_name: str, code: str) -> None:
    validator = jsonschema.Draft202012Validator(_schema(schema_name))
    errors = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/" + "/".join(str(p) for p in errors[0].absolute_path)
        raise TRMError(code, f"{len(errors)} schema error(s), first at '{where}'")


def _ages(data: Mapping[str, Any]) -> AgeRules:
    return AgeRules(data["self_consent_age"], data["assent_age"], data["majority_age"])


def load_policy(source: Path | str | bytes) -> ConsentPolicy:
    """Load and validate a consent policy file.

    Raises:
        TRMError: ``TRM-CONSENT-050`` when the file is unreadable, not strict JSON, or
            does not match ``consent-policy.schema.json``.
    """
    code = "TRM-CONSENT-050"
    data = _read(source, code)
    _check(data, "consent-policy.schema.json", code)
    for name, ages in (("defaults", data["defaults"]), *data["countries"].items()):
        if not ages["assent_age"] <= ages["self_consent_age"] <= ages["majority_age"]:
            raise TRMError(code, f"ages of {name} not ordered (assent <= self-consent <= majority)")
    transfers = data["transfers"]
    corridors: dict[tuple[str, str], frozenset[TransferMechanism]] = {}
    for entry in transfers["corridors"]:
        key = (entry["from"], entry["to"])
        if key in corridors or key[0] == key[1]:
            raise TRMError(code, f"corridor {key[0]}->{key[1]} listed twice or within one country")
        corridors[key] = frozenset(TransferMechanism(m) for m in entry["mechanisms"])
    return ConsentPolicy(
        policy_id=data["policy_id"],
        policy_version=data["policy_version"],
        defaults=_ages(data["defaults"]),
        countries=MappingProxyType({k: _ages(v) for k, v in data["countries"].items()}),
        special_categories=frozenset(DataCategory(c) for c in data["special_categories"]),
        offence_categories=frozenset(DataCategory(c) for c in data["offence_categories"]),
        law_enforcement_org_types=frozenset(OrgType(t) for t in data["law_enforcement_org_types"]),
        origin_authority_org_types=frozenset(
            OrgType(t) for t in data["origin_authority_org_types"]
        ),
        adequacy_countries=frozenset(transfers["adequacy_countries"]),
        third_country_mechanisms=frozenset(
            TransferMechanism(m) for m in transfers["third_country_mechanisms"]
        ),
        instrument_required=frozenset(
            TransferMechanism(m) for m in transfers["instrument_required"]
        ),
        review_required=frozenset(TransferMechanism(m) for m in transfers["review_required"]),
        corridors=MappingProxyType(corridors),
        purposes=MappingProxyType(
            {
                ConsentPurpose(name): PurposeProfile(
                    mode=Mode(p["mode"]),
                    categories=frozenset(DataCategory(c) for c in p["categories"]),
                    privacy_classes=frozenset(PrivacyClass(c) for c in p["privacy_classes"]),
                    max_consent_days=p.get("max_consent_days"),
                )
                for name, p in data["purposes"].items()
            }
        ),
        disclosure_log_retention_days=data["disclosure_log_retention_days"],
    )


@cache
def default_policy() -> ConsentPolicy:
    """Return the policy shipped with the library (``policies/consent-policy.json``)."""
    return load_policy(resources.files(_PACKAGE).joinpath("consent-policy.json").read_bytes())


@dataclass(frozen=True, slots=True)
class Directory:
    """Organisations that may receive messages, by participant id."""

    organisations: Mapping[str, Organisation]

    def get(self, org_id: str) -> Organisation | None:
        """Return the organisation with ``org_id``, if listed."""
        return self.organisations.get(org_id)


def load_directory(source: Path | str | bytes) -> Directory:
    """Load and validate a participant directory file.

    Raises:
        TRMError: ``TRM-CONSENT-051`` when the file is unreadable, not strict JSON, does
            not match ``directory.schema.json``, lists an organisation twice, or lists one
            whose country disagrees with its participant id.
    """
    code = "TRM-CONSENT-051"
    data = _read(source, code)
    _check(data, "directory.schema.json", code)
    found: dict[str, Organisation] = {}
    for index, entry in enumerate(data["organisations"]):
        try:
            org = Organisation.model_validate_json(json.dumps(entry))
        except pydantic.ValidationError:
            raise TRMError(code, f"organisation at '/organisations/{index}' is invalid") from None
        if org.org_id in found:
            raise TRMError(code, f"organisation at '/organisations/{index}' listed twice")
        if participant_country(org.org_id) != org.country.value:
            raise TRMError(
                code, f"organisation at '/organisations/{index}' disagrees with its id's country"
            )
        found[org.org_id] = org
    return Directory(MappingProxyType(found))

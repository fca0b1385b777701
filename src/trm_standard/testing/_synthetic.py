"""Deterministic synthetic referrals for release checks, demos and benchmarks.

Unlike the Hypothesis strategies, this generator draws from realistic skewed marginals
(a few frequent citizenships and many rare ones, mostly adult women, sexual exploitation
and forced labour dominating), so that release checks meet the uniqueness a real
national dataset shows (CONSENT-ANONYMISATION §4.3). Every record is a valid ``referral``;
the names are words meaning "example" or made-up syllables, never real people.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any, Final

__all__ = ["synthetic_referral", "synthetic_referrals"]

_EEA: Final = frozenset({"BG", "HR", "RO", "SI", "SE"})
_TRM: Final = ("AL", "BA", "BG", "HR", "XK", "MD", "ME", "MK", "RO", "RS", "SI", "SE")
#: (country, weight): frequent regional citizenships, then a long tail of rare ones.
_CITIZENSHIPS: Final = (
    ("RO", 22), ("BG", 12), ("AL", 10), ("MD", 9), ("RS", 8), ("UA", 7), ("NG", 6),
    ("BA", 4), ("MK", 4), ("XK", 3), ("VN", 3), ("HR", 2), ("ME", 2), ("SI", 1),
    ("TR", 1), ("CN", 1), ("PH", 1), ("MA", 1), ("PK", 1), ("ER", 1), ("BY", 1),
    ("GE", 1), ("BR", 1), ("IN", 1), ("DO", 1),
)  # fmt: skip
_FORMS: Final = (
    (["SEXUAL_EXPLOITATION"], 45), (["FORCED_LABOUR_SERVICES"], 30), (["FORCED_BEGGING"], 6),
    (["FORCED_CRIMINALITY"], 5), (["FORCED_MARRIAGE"], 4), (["DOMESTIC_SERVITUDE"], 4),
    (["SEXUAL_EXPLOITATION", "FORCED_LABOUR_SERVICES"], 4), (["OTHER"], 2),
)  # fmt: skip
_MEANS: Final = (
    "DEBT_BONDAGE", "THREATS", "PSYCHOLOGICAL_ABUSE", "PHYSICAL_ABUSE", "FALSE_PROMISES",
    "WITHHOLDS_DOCUMENTS", "RESTRICTS_MOVEMENT", "TAKES_EARNINGS",
)  # fmt: skip
_GIVEN: Final = ("Ana", "Maria", "Besa", "Ivana", "Jelena", "Elena", "Đurđa", "Čurin", "Ioana")
_FAMILY: Final = ("Exemplu", "Primjer", "Primer", "Shembull", "Exempel", "Пример", "Testescu")


def _mechanism(sender: str, recipient: str) -> str:
    if sender not in _EEA:
        return "NON_EU_NATIONAL_LAW"
    return "INTRA_EU" if recipient in _EEA else "ART46_3B_ADMIN_ARRANGEMENT"


def _weighted(rng: random.Random, table: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def _org(country: str, local: str, org_type: str) -> dict[str, Any]:
    return {
        "org_id": f"https://w3id.org/trm/org/{country}/{local}",
        "name": f"Example {org_type.replace('_', ' ').lower()} {country}",
        "country": country,
        "org_type": org_type,
        "is_public_authority": True,
        "channels": ["ASSISTANCE"],
    }


def _enrich(doc: dict[str, Any], rng: random.Random, created: date) -> None:
    """Add what a full referral carries (~3 KB in all), as the benchmarks' records do."""
    given = (created - timedelta(days=rng.randrange(1, 5))).isoformat() + "T10:15:00Z"
    until = (created + timedelta(days=365)).isoformat() + "T10:15:00Z"
    sender, recipient = doc["organisations"][0]["org_id"], doc["organisations"][1]["org_id"]
    citizenship = doc["person"]["citizenships"][0]
    doc["person"].update(
        {
            "country_of_birth": citizenship,
            "country_of_residence": citizenship,
            "languages": ["en"],
            "interpreter_needed": True,
            "marital_status": "SINGLE",
            "dependent_children": rng.randrange(0, 3),
        }
    )
    doc["case"]["requested_services"] = ["SAFE_ACCOMMODATION", "MENTAL_HEALTH_PSYCHOSOCIAL"]
    doc["legal_basis"]["legal_reference"] = (
        "National anti-trafficking act and the national referral mechanism ordinance, "
        "coordination task of the national coordinator, Art. 5 to 9"
    )
    doc["needs"] = [
        {"need": "SAFE_ACCOMMODATION", "priority": "IMMEDIATE"},
        {"need": "MENTAL_HEALTH_PSYCHOSOCIAL", "priority": "HIGH"},
        {"need": "IDENTITY_TRAVEL_DOCUMENTS", "priority": "HIGH"},
        {"need": "EMPLOYMENT_SUPPORT", "priority": "NORMAL"},
    ]
    doc["exploitation"]["recruitment_methods"] = ["ONLINE_ADVERTISEMENT"]
    doc["exploitation"]["events"] = [
        {"event_type": "RECRUITMENT", "country": citizenship, "start": str(created.year - 1)},
        {"event_type": "EXPLOITATION", "country": doc["organisations"][0]["country"]},
    ]
    for org in doc["organisations"]:
        org["trm_roles"] = ["CONTACT_POINT", "NATIONAL_COORDINATOR"]
    doc["consents"] = [
        {
            "consent_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "purpose": "REFERRAL_ASSISTANCE",
            "recipients": {"org_ids": [recipient], "countries": [recipient.split("/")[-2]]},
            "data_categories": ["IDENTITY", "DEMOGRAPHICS", "VICTIM_STATUS", "EXPLOITATION",
                                "ASSISTANCE", "RISK_ASSESSMENT", "CONSENT_RECORDS",
                                "CASE_METADATA", "ORGANISATIONS"],
            "given_by": "SELF" if doc["person"]["minor_status"] == "ADULT" else "LEGAL_GUARDIAN",
            "given_at": given,
            "valid_until": until,
            "status": "ACTIVE",
            "method": "WRITTEN_SIGNED",
            "language": "en",
            "interpreter_used": True,
            "information_provided": {
                "purpose": True, "recipients_and_countries": True, "transfer_risks": True,
                "right_to_withdraw": True, "retention": True, "assistance_not_conditional": True,
            },
            "obtained_by_org_id": sender,
        }
    ]  # fmt: skip


def synthetic_referral(
    rng: random.Random, *, sender_country: str | None = None, rich: bool = False
) -> dict[str, Any]:
    """Return one valid synthetic referral drawn with ``rng``.

    Args:
        rng: The random source (seed it for reproducible data).
        sender_country: The sending country (default: one of the TRM countries at random).
        rich: Add needs, a consent record and more (about 3 KB, like a full referral).
    """
    sender_country = sender_country or rng.choice(_TRM)
    recipient_country = rng.choice([c for c in _TRM if c != sender_country])
    eea = sender_country in _EEA
    created = date(2022, 1, 1) + timedelta(days=rng.randrange(5 * 365))
    age = max(6, min(75, int(rng.gauss(27, 10))))
    adult = age >= 18
    sex = "FEMALE" if rng.random() < 0.7 else "MALE"
    forms = list(_weighted(rng, _FORMS))
    if not adult and "FORCED_MARRIAGE" in forms:
        forms = ["FORCED_BEGGING"]
    means = sorted(rng.sample(_MEANS, rng.randrange(1, 4)))
    citizenship = _weighted(rng, _CITIZENSHIPS)
    stamp = f"{created.isoformat()}T{rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:00Z"
    sender = f"https://w3id.org/trm/org/{sender_country}/NC"
    recipient = f"https://w3id.org/trm/org/{recipient_country}/NC"
    person: dict[str, Any] = {
        "given_names": rng.choice(_GIVEN),
        "family_names": rng.choice(_FAMILY),
        "age": {"years": age, "basis": "SELF_DECLARED"},
        "minor_status": "ADULT" if adult else "MINOR",
        "sex": sex,
        "citizenships": [citizenship],
    }
    doc: dict[str, Any] = {
        "spec_version": "1.0.0",
        "message_type": "referral",
        "message_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "created_at": stamp,
        "sender": sender,
        "recipient": recipient,
        "case_ref": f"{sender_country}-NC-{created.year}-{rng.randrange(100_000):05d}",
        "channel": "ASSISTANCE",
        "legal_basis": {"lawful_basis": "GDPR_6_1_E" if eea else "NATIONAL_LAW_NON_EU"},
        "transfer_mechanism": _mechanism(sender_country, recipient_country),
        "case": {
            "trm_phase": "IDENTIFICATION",
            "urgency": "ROUTINE",
            "opened_on": (created - timedelta(days=rng.randrange(1, 60))).isoformat(),
        },
        "person": person,
        "identification": {
            "victim_status": "IDENTIFIED",
            "formally_identified_on": (created - timedelta(days=rng.randrange(0, 30))).isoformat(),
        },
        "exploitation": {"forms": forms, "means_of_control": means},
        "organisations": [
            _org(sender_country, "NC", "NATIONAL_COORDINATOR"),
            _org(recipient_country, "NC", "NATIONAL_COORDINATOR"),
        ],
    }
    if not adult:
        doc["child"] = {"unaccompanied": rng.random() < 0.5, "parental_involvement": "NONE_KNOWN"}
    if rich:
        _enrich(doc, rng, created)
    return doc


def synthetic_referrals(
    count: int, *, seed: int = 20261129, sender_country: str | None = None, rich: bool = False
) -> Iterator[dict[str, Any]]:
    """Yield ``count`` synthetic referrals, the same ones for the same seed.

    Args:
        count: How many.
        seed: The seed; the same seed gives the same records.
        sender_country: Fix the sending country (a "small country" dataset).
        rich: Full-size referrals (see :func:`synthetic_referral`).
    """
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not cryptography
    for _ in range(count):
        yield synthetic_referral(rng, sender_country=sender_country, rich=rich)

"""Strategies for valid TRM messages of spec 1.0.0 (see :mod:`trm_standard.testing`).

Documents are built in their JSON form, respecting the schema *and* the business rules
(dates in order and not after ``created_at``, a child block exactly for children, channel
and transfer mechanism consistent with the corridor, every referenced organisation
listed, ...). :func:`messages` parses them through the library, so a generated message
is exactly what a receiver would hold.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, Final, TypeVar

from hypothesis import strategies as st

from trm_standard._api import parse
from trm_standard._codelists import codelist
from trm_standard.v1 import MESSAGE_CLASSES, SPEC_VERSION, MessageBase, Referral
from trm_standard.v1 import _vocab as v
from trm_standard.v1._rules import (
    AGE_BANDS,
    ASSISTANCE_ONLY,
    EEA_COUNTRIES,
    LAW_ENFORCEMENT_ONLY,
    participant_country,
)

__all__ = [
    "documents",
    "message_types",
    "messages",
    "mutants",
    "participant_ids",
    "raw_mutants",
    "referrals",
]

Doc = dict[str, Any]
E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

_TRM_COUNTRIES: Final = ("AL", "BA", "BG", "HR", "XK", "MD", "ME", "MK", "RO", "RS", "SI", "SE")
_SPECIAL: Final = tuple(
    c.code for c in codelist("data-category").codes if c.attributes.get("special_category")
)
_LED_MECHANISMS: Final = (
    "LED_ART36_ADEQUACY",
    "LED_ART37_SAFEGUARDS",
    "LED_ART38_DEROGATION",
    "LED_ART39_NON_COMPETENT",
)
#: Words meaning "example" in the languages of the region: obviously synthetic names.
_SYNTHETIC_NAMES: Final = (
    "Exemplu",
    "Primjer",
    "Primer",
    "Shembull",
    "Exempel",
    "Пример",
    "Пример-Тест",
    "Ana-Maria",
    "Testescu",
    "Čurin",
    "Đurđa",
    "Ölmez",
    "Ђорђе",
)
EPOCH_LO: Final = datetime(2020, 1, 1, tzinfo=UTC)
EPOCH_HI: Final = datetime(2030, 12, 31, tzinfo=UTC)


def _codes(enum: type[E]) -> st.SearchStrategy[str]:
    return st.sampled_from([m.value for m in enum])


def _code_set(enum: type[E], max_size: int = 4) -> st.SearchStrategy[list[str]]:
    return st.lists(_codes(enum), min_size=1, max_size=max_size, unique=True)


def _maybe(draw: st.DrawFn, doc: Doc, key: str, strategy: st.SearchStrategy[Any]) -> None:
    """Set ``doc[key]`` to a drawn value half of the time (absent otherwise)."""
    if draw(st.booleans()):
        doc[key] = draw(strategy)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


_letters: Final = st.characters(categories=("Lu", "Ll"), min_codepoint=0x41, max_codepoint=0x4FF)
_random_name: Final = (
    st.text(_letters, min_size=2, max_size=24).map(_nfc).filter(lambda s: 1 <= len(s) <= 200)
)
names: Final = st.one_of(st.sampled_from(_SYNTHETIC_NAMES), _random_name)
_short_text: Final = st.sampled_from(
    (
        "Bilateral TRM arrangement, Art. 4",
        "National Anti-Trafficking Act, Art. 12",
        "Meeting point agreed by telephone",
        "Synthetic Street 1",
        "+00 000 000 000",
        "case.worker@example.org",
    )
)


def _iso(d: date) -> str:
    return d.isoformat()


def _stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _datetimes(lo: datetime, hi: datetime) -> st.SearchStrategy[datetime]:
    return st.datetimes(min_value=lo.replace(tzinfo=None), max_value=hi.replace(tzinfo=None)).map(
        lambda t: t.replace(microsecond=0, tzinfo=UTC)
    )


def _date(draw: st.DrawFn, lo: date, hi: date) -> date:
    return draw(st.dates(min_value=lo, max_value=max(lo, hi)))


def _partial(draw: st.DrawFn, d: date) -> str:
    precision = draw(st.sampled_from(("year", "month", "day")))
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _local_ids() -> st.SearchStrategy[str]:
    return st.from_regex(r"[A-Z][A-Z0-9-]{1,11}", fullmatch=True)


def participant_ids(countries: Sequence[str] = _TRM_COUNTRIES) -> st.SearchStrategy[str]:
    """Generate participant ids ``https://w3id.org/trm/org/<CC>/<LOCAL>`` in ``countries``."""
    return st.builds(
        lambda cc, local: f"https://w3id.org/trm/org/{cc}/{local}",
        st.sampled_from(list(countries)),
        _local_ids(),
    )


class _Context:
    """What one document's parts must agree on: its time and its organisations."""

    def __init__(self, draw: st.DrawFn, created: datetime, sender: str, recipient: str) -> None:
        self.draw = draw
        self.created = created
        self.today = created.date()
        self.pool = [sender, recipient]
        extra = draw(st.lists(participant_ids(), max_size=3, unique=True))
        self.pool += [o for o in extra if o not in self.pool]
        self.used: set[str] = set()

    def org(self) -> str:
        org_id = self.draw(st.sampled_from(self.pool))
        self.used.add(org_id)
        return org_id

    def past(self, years: int = 5) -> date:
        return _date(self.draw, self.today - timedelta(days=365 * years), self.today)

    def organisations(self) -> list[Doc]:
        out: list[Doc] = []
        for org_id in sorted(self.used):
            org: Doc = {
                "org_id": org_id,
                "name": self.draw(names),
                "country": participant_country(org_id),
                "org_type": self.draw(_codes(v.OrgType)),
                "is_public_authority": self.draw(st.booleans()),
            }
            _maybe(self.draw, org, "channels", _code_set(v.Channel, 2))
            _maybe(self.draw, org, "trm_roles", _code_set(v.TrmRole))
            out.append(org)
        return out


# --------------------------------------------------------------------------------------
# Header
# --------------------------------------------------------------------------------------


_CHAPTER_V: Final = (
    "ADEQUACY",
    "ART46_2A_INSTRUMENT",
    "ART46_3B_ADMIN_ARRANGEMENT",
    "SCC",
    "ART49_1A_CONSENT",
    "ART49_1D_PUBLIC_INTEREST",
    "ART49_1F_VITAL_INTERESTS",
)


def _channel_rules(draw: st.DrawFn, sender: str, recipient: str) -> Doc:
    """Channel, purpose, legal basis and transfer mechanism consistent with the corridor.

    A sender in the EU/EEA relies on the GDPR (assistance) or the Law Enforcement
    Directive (law enforcement); any other sender on its national law. Between EU/EEA
    countries the mechanism is INTRA_EU; towards other countries a GDPR Chapter V or LED
    mechanism.
    """
    origin, target = participant_country(sender), participant_country(recipient)
    channel = draw(_codes(v.Channel))
    law_enforcement = channel == v.Channel.LAW_ENFORCEMENT
    foreign = ASSISTANCE_ONLY if law_enforcement else LAW_ENFORCEMENT_ONLY
    mechanisms: Sequence[str]
    if origin not in EEA_COUNTRIES:
        basis, conditions, mechanisms = (
            "NATIONAL_LAW_NON_EU",
            ["NATIONAL_LAW_NON_EU"],
            ("NON_EU_NATIONAL_LAW",),
        )
    else:
        prefix = "LED_" if law_enforcement else "GDPR_"
        basis = draw(st.sampled_from([b.value for b in v.LawfulBasis if b.startswith(prefix)]))
        conditions = [c.value for c in v.SpecialCategoryCondition if c.startswith(prefix)]
        if target in EEA_COUNTRIES:
            mechanisms = ("INTRA_EU",)
        elif law_enforcement:
            mechanisms = _LED_MECHANISMS
        else:
            mechanisms = _CHAPTER_V
    if origin == target:
        mechanisms = ("DOMESTIC",)
    legal: Doc = {"lawful_basis": basis}
    _maybe(
        draw,
        legal,
        "special_category_conditions",
        st.lists(st.sampled_from(conditions), min_size=1, max_size=3, unique=True),
    )
    _maybe(draw, legal, "legal_reference", _short_text)
    header: Doc = {
        "channel": channel,
        "legal_basis": legal,
        "transfer_mechanism": draw(st.sampled_from(list(mechanisms))),
    }
    _maybe(
        draw,
        header,
        "purpose",
        st.sampled_from([p.value for p in v.ConsentPurpose if p not in foreign]),
    )
    _maybe(draw, header, "transfer_instrument", _short_text)
    return header


@st.composite
def _header(draw: st.DrawFn, message_type: str) -> tuple[Doc, _Context]:
    sender = draw(participant_ids())
    recipient = draw(participant_ids().filter(lambda r: r != sender))
    created = draw(_datetimes(EPOCH_LO, EPOCH_HI))
    doc: Doc = {
        "spec_version": SPEC_VERSION,
        "message_type": message_type,
        "message_id": str(draw(st.uuids())),
        "created_at": _stamp(created),
        "sender": sender,
        "recipient": recipient,
        "case_ref": draw(
            st.from_regex(r"[A-Z]{2}-[A-Z0-9]{2,8}-20[0-9]{2}-[0-9]{4}", fullmatch=True)
        ),
    }
    _maybe(
        draw,
        doc,
        "peer_case_ref",
        st.from_regex(r"[A-Z]{2}-[A-Z0-9]{2,8}-[0-9]{4}", fullmatch=True),
    )
    _maybe(draw, doc, "in_reply_to", st.uuids().map(str))
    doc |= _channel_rules(draw, sender, recipient)
    return doc, _Context(draw, created, sender, recipient)


# --------------------------------------------------------------------------------------
# Referral sections
# --------------------------------------------------------------------------------------


def _person(draw: st.DrawFn, ctx: _Context) -> tuple[Doc, date | None]:
    status = draw(_codes(v.MinorStatus))
    person: Doc = {"minor_status": status, "sex": draw(_codes(v.Sex))}
    born: date | None = None
    if status == v.MinorStatus.ADULT:
        born = _date(draw, ctx.today - timedelta(days=365 * 80), date(ctx.today.year - 19, 12, 31))
    elif status == v.MinorStatus.MINOR:
        born = _date(draw, ctx.today - timedelta(days=365 * 17), ctx.today)
    elif status == v.MinorStatus.PRESUMED_MINOR and draw(st.booleans()):
        born = _date(draw, ctx.today - timedelta(days=365 * 60), ctx.today)
    elif draw(st.booleans()):  # UNDETERMINED: never surely a child (that would be MINOR)
        born = _date(draw, ctx.today - timedelta(days=365 * 60), date(ctx.today.year - 19, 12, 31))
    if born is not None and draw(st.booleans()):
        person["date_of_birth"] = _partial(draw, born)
    elif draw(st.booleans()):
        low, high = {"ADULT": (18, 90), "MINOR": (0, 17), "UNDETERMINED": (18, 90)}.get(
            status, (0, 90)
        )
        person["age"] = {
            "years": draw(st.integers(low, high)),
            "basis": draw(_codes(v.AgeBasis)),
        }
    _maybe(draw, person, "given_names", names)
    _maybe(draw, person, "place_of_birth", names)
    _maybe(draw, person, "contact", _contact())
    _maybe(draw, person, "family_names", names)
    _maybe(draw, person, "other_names", st.lists(names, min_size=1, max_size=2, unique=True))
    _maybe(draw, person, "gender_identity", _codes(v.GenderIdentity))
    if draw(st.booleans()):
        person["stateless"] = True
    else:
        _maybe(draw, person, "citizenships", _code_set(v.Country, 2))
    _maybe(draw, person, "country_of_birth", _codes(v.Country))
    _maybe(draw, person, "country_of_residence", _codes(v.Country))
    _maybe(
        draw,
        person,
        "languages",
        st.lists(
            st.sampled_from(["ro", "sq", "sr-Latn", "sv", "bg", "en", "rom"]),
            min_size=1,
            max_size=3,
            unique=True,
        ),
    )
    _maybe(draw, person, "interpreter_needed", st.booleans())
    _maybe(draw, person, "marital_status", _codes(v.MaritalStatus))
    _maybe(draw, person, "dependent_children", st.integers(0, 6))
    _maybe(draw, person, "education_level", _codes(v.EducationLevel))
    _maybe(draw, person, "health_conditions", _code_set(v.HealthCondition))
    if draw(st.booleans()):
        document: Doc = {
            "document_type": draw(_codes(v.IdDocumentType)),
            "number": draw(st.from_regex(r"[A-Z]{2}[0-9]{6}", fullmatch=True)),
            "status": draw(_codes(v.IdDocumentStatus)),
        }
        _maybe(draw, document, "issuing_country", _codes(v.Country))
        _maybe(
            draw,
            document,
            "expires_on",
            st.just(_iso(ctx.today + timedelta(days=draw(st.integers(-900, 3000))))),
        )
        person["identity_documents"] = [document]
    _maybe(draw, person, "home_address", _address())
    return person, born


def _address() -> st.SearchStrategy[Doc]:
    return st.fixed_dictionaries(
        {"country": _codes(v.Country)},
        optional={
            "street": _short_text,
            "locality": names,
            "postal_code": st.from_regex(r"[0-9]{4,5}", fullmatch=True),
            "region": names,
        },
    )


def _contact() -> st.SearchStrategy[Doc]:
    return st.fixed_dictionaries(
        {},
        optional={"phone": st.just("+00 000 000 000"), "email": st.just("person@example.org")},
    )


def _identification(draw: st.DrawFn, ctx: _Context) -> Doc:
    ident: Doc = {"victim_status": draw(_codes(v.VictimStatus))}
    if draw(st.booleans()):
        grounds = ctx.past()
        ident["reasonable_grounds_on"] = _iso(grounds)
        if draw(st.booleans()):
            ident["formally_identified_on"] = _iso(_date(draw, grounds, ctx.today))
    if draw(st.booleans()):
        ident["identifying_org_id"] = ctx.org()
    _maybe(draw, ident, "channel", _codes(v.IdentificationChannel))
    return ident


def _exploitation(draw: st.DrawFn, ctx: _Context, born: date | None) -> Doc:
    forms = draw(_code_set(v.ExploitationForm))
    exp: Doc = {"forms": forms}
    if "SEXUAL_EXPLOITATION" in forms:
        _maybe(draw, exp, "sexual_exploitation_types", _code_set(v.SexualExploitationType))
    _maybe(draw, exp, "labour_sectors", _code_set(v.LabourSector))
    _maybe(draw, exp, "means_of_control", _code_set(v.MeansOfControl))
    _maybe(draw, exp, "recruitment_methods", _code_set(v.RecruitmentMethod))
    _maybe(draw, exp, "recruiter_relationship", _codes(v.RecruiterRelationship))
    _maybe(draw, exp, "abduction", st.booleans())
    _maybe(draw, exp, "minor_at_exploitation", st.booleans())
    if draw(st.booleans()):
        events = []
        low = max(born or date.min, ctx.today - timedelta(days=3650))
        for _ in range(draw(st.integers(1, 3))):
            start = _date(draw, low, ctx.today)
            event: Doc = {
                "event_type": draw(_codes(v.TraffickingEventType)),
                "country": draw(_codes(v.Country)),
                "start": _partial(draw, start),
            }
            if draw(st.booleans()):
                event["end"] = _partial(draw, _date(draw, start, ctx.today + timedelta(days=400)))
            events.append(event)
        exp["events"] = events
    return exp


def _services(draw: st.DrawFn, ctx: _Context) -> list[Doc]:
    out = []
    for _ in range(draw(st.integers(1, 3))):
        svc: Doc = {"service": draw(_codes(v.Need)), "status": draw(_codes(v.ServiceStatus))}
        if draw(st.booleans()):
            svc["provider_org_id"] = ctx.org()
        if draw(st.booleans()):
            start = ctx.past()
            if svc["status"] == "PLANNED":
                start += timedelta(days=draw(st.integers(0, 400)))
            svc["start"] = _iso(start)
            if draw(st.booleans()):
                svc["end"] = _iso(_date(draw, start, start + timedelta(days=400)))
        out.append(svc)
    return out


def _reflection(draw: st.DrawFn, ctx: _Context) -> Doc:
    granted = draw(st.booleans())
    period: Doc = {"granted": granted}
    if granted:
        start = ctx.past(2)
        length = draw(st.integers(1, 200))
        period["start"] = _iso(start)
        period["end"] = _iso(start + timedelta(days=length - 1))
        if length < 30 or draw(st.booleans()):
            period["exception"] = draw(_codes(v.ReflectionException))
        _maybe(draw, period, "extended", st.booleans())
    else:
        period["exception"] = draw(_codes(v.ReflectionException))
    if draw(st.booleans()):
        period["granting_org_id"] = ctx.org()
    return period


def _risks(draw: st.DrawFn, ctx: _Context) -> list[Doc]:
    out = []
    for assessment_id in draw(st.lists(st.uuids(), min_size=1, max_size=2, unique=True)):
        assessed = ctx.past(2)
        context = draw(_codes(v.RiskContext))
        risk: Doc = {
            "assessment_id": str(assessment_id),
            "assessed_on": _iso(assessed),
            "assessor_org_id": ctx.org(),
            "context": context,
            "overall_level": draw(_codes(v.RiskLevel)),
        }
        _maybe(draw, risk, "factors", _code_set(v.RiskFactor))
        _maybe(draw, risk, "subject_views_recorded", st.booleans())
        _maybe(draw, risk, "assertion_type", _codes(v.AssertionType))
        if context == v.RiskContext.PRE_RETURN:
            _maybe(draw, risk, "return_safety_outcome", _codes(v.ReturnSafetyOutcome))
        if draw(st.booleans()):
            risk["next_review_on"] = _iso(assessed + timedelta(days=draw(st.integers(0, 365))))
        out.append(risk)
    return out


def _child(draw: st.DrawFn, ctx: _Context) -> Doc:
    involvement = draw(_codes(v.ParentalInvolvement))
    child: Doc = {"unaccompanied": draw(st.booleans()), "parental_involvement": involvement}
    _maybe(draw, child, "separated", st.booleans())
    if draw(st.booleans()):
        low = draw(st.integers(0, 20))
        child["age_assessment"] = {
            "performed": True,
            "methods": draw(_code_set(v.AgeAssessmentMethod)),
            "assessed_on": _iso(ctx.past(1)),
            "min_age": low,
            "max_age": draw(st.integers(low, 25)),
            "benefit_of_doubt_applied": draw(st.booleans()),
        }
    if draw(st.booleans()):
        types = [g.value for g in v.GuardianType]
        if involvement != v.ParentalInvolvement.NONE_KNOWN:
            types.remove("PARENT")
        guardian: Doc = {"appointed": True, "guardian_type": draw(st.sampled_from(types))}
        _maybe(draw, guardian, "appointed_on", st.just(_iso(ctx.past(1))))
        if draw(st.booleans()):
            guardian["appointing_org_id"] = ctx.org()
        _maybe(draw, guardian, "name", names)
        _maybe(draw, guardian, "contact", _contact())
        if draw(st.booleans()):
            guardian["guardian_org_id"] = ctx.org()
        child["guardian"] = guardian
    if draw(st.booleans()):
        assessed = ctx.past(1)
        bia: Doc = {"assessment_done": True, "assessed_on": _iso(assessed)}
        if draw(st.booleans()):
            bia["determination_done"] = True
            bia["determined_on"] = _iso(_date(draw, assessed, ctx.today))
            bia["outcome"] = draw(_codes(v.BestInterestsOutcome))
            if draw(st.booleans()):
                bia["determining_org_id"] = ctx.org()
        child["best_interests"] = bia
    _maybe(draw, child, "family_tracing", _codes(v.FamilyTracingStatus))
    if draw(st.booleans()):
        child["views"] = {
            "heard": True,
            "heard_on": _iso(ctx.past(1)),
            "assent": draw(_codes(v.ChildAssent)),
        }
    _maybe(draw, child, "education_access", st.booleans())
    return child


def _consents(draw: st.DrawFn, ctx: _Context, parent_blocked: bool) -> list[Doc]:
    givers = [g.value for g in v.ConsentGiver if not (parent_blocked and g == "PARENT")]
    out = []
    for consent_id in draw(st.lists(st.uuids(), min_size=1, max_size=2, unique=True)):
        given = draw(_datetimes(ctx.created - timedelta(days=700), ctx.created))
        categories = draw(_code_set(v.DataCategory, 6))
        status = draw(_codes(v.ConsentStatus))
        consent: Doc = {
            "consent_id": str(consent_id),
            "purpose": draw(_codes(v.ConsentPurpose)),
            "recipients": draw(
                st.fixed_dictionaries(
                    {"countries": _code_set(v.Country, 2)},
                    optional={
                        "org_ids": st.lists(participant_ids(), min_size=1, max_size=2, unique=True),
                        "org_types": _code_set(v.OrgType, 2),
                    },
                )
            ),
            "data_categories": categories,
            "given_by": draw(st.sampled_from(givers)),
            "given_at": _stamp(given),
            "valid_until": _stamp(given + timedelta(days=draw(st.integers(1, 730)))),
            "status": status,
            "method": draw(_codes(v.ConsentMethod)),
            "language": draw(st.sampled_from(["ro", "sq", "sv", "bg", "mk", "sr-Cyrl"])),
            "information_provided": {
                key: draw(st.booleans())
                for key in (
                    "purpose",
                    "recipients_and_countries",
                    "transfer_risks",
                    "right_to_withdraw",
                    "retention",
                    "assistance_not_conditional",
                )
            },
            "obtained_by_org_id": ctx.org(),
        }
        special = [c for c in categories if c in _SPECIAL]
        name_explicitly = draw(st.booleans())
        if special and name_explicitly:
            consent["explicit_categories"] = special
        if status == v.ConsentStatus.WITHDRAWN:
            consent["withdrawn_at"] = _stamp(draw(_datetimes(given, ctx.created)))
        if status == v.ConsentStatus.SUPERSEDED:
            consent["superseded_by"] = str(draw(st.uuids()))
        _maybe(draw, consent, "interpreter_used", st.booleans())
        _maybe(draw, consent, "child_assent", _codes(v.ChildAssent))
        _maybe(draw, consent, "evidence_sha256", st.from_regex(r"[0-9a-f]{64}", fullmatch=True))
        out.append(consent)
    return out


def _legal_status(draw: st.DrawFn, ctx: _Context) -> Doc:
    status: Doc = {}
    _maybe(draw, status, "residence_status", _codes(v.ResidenceStatus))
    if draw(st.booleans()):
        start = ctx.past(2)
        status["residence_permit"] = {
            "basis": draw(_codes(v.PermitBasis)),
            "valid_from": _iso(start),
            "valid_to": _iso(start + timedelta(days=draw(st.integers(0, 730)))),
        }
    if draw(st.booleans()):
        status["international_protection"] = {
            "applied": True,
            "status": draw(_codes(v.ProtectionStatus)),
        }
    _maybe(draw, status, "removal_suspended", st.booleans())
    if draw(st.booleans()):
        status["criminal_proceedings"] = {
            "stage": draw(_codes(v.ProceedingsStage)),
            "roles": draw(_code_set(v.ProceedingsRole)),
            "cooperation": draw(_codes(v.CooperationStatus)),
        }
    _maybe(draw, status, "compensation", _codes(v.CompensationStatus))
    return status


def _return_plan(draw: st.DrawFn, ctx: _Context) -> Doc:
    decided = ctx.past(1)
    plan: Doc = {
        "voluntary": draw(st.booleans()),
        "destination_country": draw(st.sampled_from(_TRM_COUNTRIES)),
        "decision_recorded_on": _iso(decided),
        "planned_departure_on": _iso(decided + timedelta(days=draw(st.integers(0, 120)))),
    }
    _maybe(draw, plan, "travel_documents", _codes(v.TravelDocumentStatus))
    if draw(st.booleans()):
        plan["reception"] = {
            "receiving_org_id": ctx.org(),
            "arrival_at": _stamp(ctx.created + timedelta(days=draw(st.integers(1, 90)))),
            "meeting_point": draw(_short_text),
        }
    return plan


def _assistance(draw: st.DrawFn, ctx: _Context) -> Doc:
    """Needs, services, accommodation, reflection period, risk and safety sections."""
    doc: Doc = {}
    if draw(st.booleans()):
        doc["needs"] = [
            {"need": n, "priority": draw(_codes(v.NeedPriority))}
            for n in draw(_code_set(v.Need, 3))
        ]
    if draw(st.booleans()):
        doc["services"] = _services(draw, ctx)
    if draw(st.booleans()):
        doc["accommodation"] = {"accommodation_type": draw(_codes(v.AccommodationType))}
        _maybe(draw, doc["accommodation"], "address", _address())
        if draw(st.booleans()):
            doc["accommodation"]["provider_org_id"] = ctx.org()
    if draw(st.booleans()):
        doc["reflection_period"] = _reflection(draw, ctx)
    if draw(st.booleans()):
        doc["risk_assessments"] = _risks(draw, ctx)
    if draw(st.booleans()):
        doc["safety_plan"] = {"in_place": True, "measures": draw(_code_set(v.ProtectionMeasure))}
    return doc


@st.composite
def _referral(draw: st.DrawFn) -> Doc:
    doc, ctx = draw(_header("referral"))
    person, born = _person(draw, ctx)
    case: Doc = {"trm_phase": draw(_codes(v.TrmPhase)), "urgency": draw(_codes(v.Urgency))}
    _maybe(draw, case, "requested_services", _code_set(v.Need))
    _maybe(draw, case, "opened_on", st.just(_iso(ctx.past())))
    _maybe(
        draw,
        case,
        "respond_by",
        st.just(_stamp(ctx.created + timedelta(hours=draw(st.integers(0, 500))))),
    )
    if draw(st.booleans()):
        case["country_roles"] = [
            {"country": draw(_codes(v.Country)), "role": draw(_codes(v.CountryRole))}
        ]
    doc |= {"case": case, "person": person, "identification": _identification(draw, ctx)}
    if draw(st.booleans()):
        doc["exploitation"] = _exploitation(draw, ctx, born)
    doc |= _assistance(draw, ctx)
    status = person["minor_status"]
    is_child = status in {"MINOR", "PRESUMED_MINOR"}
    if is_child or (status == "UNDETERMINED" and draw(st.booleans())):
        doc["child"] = _child(draw, ctx)
    parent_blocked = doc.get("child", {}).get("parental_involvement", "NONE_KNOWN") != "NONE_KNOWN"
    if draw(st.booleans()):
        doc["consents"] = _consents(draw, ctx, parent_blocked)
    legal = _legal_status(draw, ctx)
    if legal:
        doc["legal_status"] = legal
    if draw(st.booleans()):
        doc["return_plan"] = _return_plan(draw, ctx)
    if ctx.used:
        doc["organisations"] = ctx.organisations()
    return doc


# --------------------------------------------------------------------------------------
# Other messages
# --------------------------------------------------------------------------------------


@st.composite
def _consultation(draw: st.DrawFn) -> Doc:
    doc, ctx = draw(_header("pre_referral_consultation"))
    profile: Doc = {"sex": draw(_codes(v.Sex)), "minor_status": draw(_codes(v.MinorStatus))}
    bands = [
        band.value
        for band, (_, oldest) in AGE_BANDS.items()
        if {"MINOR": oldest < 18, "ADULT": oldest >= 18, "UNDETERMINED": oldest >= 18}.get(
            profile["minor_status"], True
        )
    ]
    _maybe(draw, profile, "age_band", st.sampled_from(bands))
    _maybe(draw, profile, "citizenships", _code_set(v.Country, 2))
    _maybe(draw, profile, "exploitation_forms", _code_set(v.ExploitationForm))
    _maybe(draw, profile, "needs", _code_set(v.Need))
    _maybe(draw, profile, "unaccompanied_child", st.booleans())
    doc |= {
        "trm_phase": draw(_codes(v.TrmPhase)),
        "urgency": draw(_codes(v.Urgency)),
        "questions": draw(_code_set(v.ConsultationRequest)),
        "profile": profile,
    }
    if draw(st.booleans()):
        doc["respond_by"] = _stamp(ctx.created + timedelta(hours=draw(st.integers(0, 2000))))
    return doc


@st.composite
def _case_update(draw: st.DrawFn) -> Doc:
    doc, ctx = draw(_header("case_update"))
    doc["in_reply_to"] = str(draw(st.uuids()))
    update = draw(_codes(v.CaseUpdateType))
    doc |= {"update_type": update, "referral_status": draw(_codes(v.ReferralStatus))}
    if update == v.CaseUpdateType.DECLINE:
        doc["decline_reason"] = draw(_codes(v.DeclineReason))
    if draw(st.booleans()):
        doc["services"] = _services(draw, ctx)
    if draw(st.booleans()):
        doc["risk_assessments"] = _risks(draw, ctx)
    _maybe(draw, doc, "next_update_by", st.just(_iso(ctx.today + timedelta(days=14))))
    if ctx.used:
        doc["organisations"] = ctx.organisations()
    return doc


@st.composite
def _consent_withdrawal(draw: st.DrawFn) -> Doc:
    doc, ctx = draw(_header("consent_withdrawal"))
    doc |= {
        "consent_ids": [
            str(u) for u in draw(st.lists(st.uuids(), min_size=1, max_size=3, unique=True))
        ],
        "withdrawn_at": _stamp(draw(_datetimes(ctx.created - timedelta(days=30), ctx.created))),
        "withdrawn_by": draw(_codes(v.ConsentGiver)),
        "required_action": draw(_codes(v.WithdrawalAction)),
    }
    _maybe(draw, doc, "purposes", _code_set(v.ConsentPurpose))
    _maybe(draw, doc, "reply_by", st.just(_iso(ctx.today + timedelta(days=30))))
    return doc


@st.composite
def _erasure_request(draw: st.DrawFn) -> Doc:
    doc, ctx = draw(_header("erasure_request"))
    doc["ground"] = draw(_codes(v.ErasureGround))
    _maybe(draw, doc, "data_categories", _code_set(v.DataCategory))
    _maybe(
        draw, doc, "consent_ids", st.lists(st.uuids().map(str), min_size=1, max_size=2, unique=True)
    )
    _maybe(draw, doc, "reply_by", st.just(_iso(ctx.today + timedelta(days=30))))
    return doc


@st.composite
def _erasure_confirmation(draw: st.DrawFn) -> Doc:
    doc, ctx = draw(_header("erasure_confirmation"))
    doc["in_reply_to"] = str(draw(st.uuids()))
    outcome = draw(_codes(v.ErasureOutcome))
    doc["outcome"] = outcome
    categories = draw(st.permutations([c.value for c in v.DataCategory]))
    if outcome != v.ErasureOutcome.REFUSED:
        doc["erased_at"] = _stamp(draw(_datetimes(ctx.created - timedelta(days=30), ctx.created)))
        if draw(st.booleans()):
            doc["erased_categories"] = categories[: draw(st.integers(1, 4))]
    if outcome != v.ErasureOutcome.ERASED:
        doc["retained"] = [
            {
                "data_category": categories[-1],
                "ground": draw(_codes(v.RetentionGround)),
                "legal_reference": draw(_short_text),
                "retain_until": _iso(ctx.today + timedelta(days=draw(st.integers(1, 3650)))),
            }
        ]
    return doc


@st.composite
def _case_closure(draw: st.DrawFn) -> Doc:
    doc, ctx = draw(_header("case_closure"))
    closed = ctx.past(1)
    doc |= {"closure_reason": draw(_codes(v.ClosureReason)), "closed_on": _iso(closed)}
    if draw(st.booleans()):
        doc["follow_up_until"] = _iso(closed + timedelta(days=draw(st.integers(0, 365))))
    return doc


_BUILDERS: Final[dict[str, Callable[[], st.SearchStrategy[Doc]]]] = {
    "referral": _referral,
    "pre_referral_consultation": _consultation,
    "case_update": _case_update,
    "consent_withdrawal": _consent_withdrawal,
    "erasure_request": _erasure_request,
    "erasure_confirmation": _erasure_confirmation,
    "case_closure": _case_closure,
}


def message_types() -> st.SearchStrategy[str]:
    """Generate the message types of the current spec version."""
    return st.sampled_from(sorted(MESSAGE_CLASSES))


def documents(message_type: str | None = None) -> st.SearchStrategy[Doc]:
    """Generate valid messages in their JSON form (Python dicts, absent members left out).

    Args:
        message_type: Restrict to one message type; default: every type.
    """
    if message_type is not None:
        if message_type not in _BUILDERS:
            raise ValueError(f"unknown message type {message_type!r}")
        return _BUILDERS[message_type]()
    return st.one_of([builder() for _, builder in sorted(_BUILDERS.items())])


def _as_message(doc: Doc) -> MessageBase:
    import json  # noqa: PLC0415 - keeps the module namespace small

    return parse(json.dumps(doc, ensure_ascii=False).encode("utf-8"))


def messages(message_type: str | None = None) -> st.SearchStrategy[MessageBase]:
    """Generate valid message models (parsed through all four validation layers)."""
    return documents(message_type).map(_as_message)


def referrals() -> st.SearchStrategy[Referral]:
    """Generate valid referral records."""
    return messages("referral").map(_as_referral)


def _as_referral(message: MessageBase) -> Referral:
    assert isinstance(message, Referral)
    return message


# --------------------------------------------------------------------------------------
# Mutants: valid documents with one fault, for differential and robustness tests
# --------------------------------------------------------------------------------------

Path_ = list[str | int]

#: Replacement values that break a member in every way the standard must catch.
_BAD_VALUES: Final[tuple[Any, ...]] = (
    None,
    True,
    0,
    -1,
    2**53,
    "",
    " ",
    "x" * 600,
    "UNKNOWN_CODE",
    "Cafe\u0301",
    "line\nbreak",
    "trailing\n",
    "\u202eabc",
    "0000-01-01",
    "9999-12-31T23:59:59Z",
    "2026-02-30",
    "2026-02-30T10:00:00Z",
    "2026-03-01T10:00:00+01:00",
    "2019-13",
    [],
    [1, 1],
    {},
    {"unknown_member": 1},
)


def _paths(value: Any, path: Path_) -> list[Path_]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, [*path, index])
    return found


def _at(doc: Any, path: Path_) -> Any:
    for token in path:
        doc = doc[token]
    return doc


@st.composite
def _mutant(draw: st.DrawFn, base: st.SearchStrategy[Doc]) -> Doc:
    doc = draw(base)
    paths = [p for p in _paths(doc, []) if p]
    path = draw(st.sampled_from(paths))
    parent = _at(doc, path[:-1])
    key = path[-1]
    action = draw(st.sampled_from(("replace", "remove", "add_member", "duplicate_item")))
    if action == "remove":
        del parent[key]
    elif action == "add_member" and isinstance(parent, dict):
        parent[draw(st.sampled_from(["given_names", "extra_member", "org_id", "status"]))] = draw(
            st.sampled_from(_BAD_VALUES)
        )
    elif action == "duplicate_item" and isinstance(parent, list):
        parent.append(parent[key])  # type: ignore[index]
    else:
        parent[key] = draw(st.sampled_from(_BAD_VALUES))
    return doc


def mutants(message_type: str | None = None) -> st.SearchStrategy[Doc]:
    """Generate documents derived from valid ones by one fault (usually invalid).

    Each mutant replaces, removes, adds or duplicates one member or item, using values
    that break types, patterns, code lists, ranges, dates, NFC, nulls and uniqueness. Use
    it to check that two validators agree, or that a consumer rejects bad input cleanly.
    """
    return _mutant(documents(message_type))


# --------------------------------------------------------------------------------------
# Byte-level faults: what a JSON parser must catch before any schema sees the document
# --------------------------------------------------------------------------------------

_FAULTS: Final = (
    "none",
    "duplicate_same",
    "duplicate_other",
    "float",
    "exponent",
    "nan",
    "huge_int",
    "null",
    "escape_all",
    "escape_colon",
    "duplicate_escaped_colon",
    "non_nfc",
    "lone_surrogate",
    "bom",
    "trailing",
    "truncated",
    "deep",
    "minus_zero",
)


def _dump(value: Any, indent: int | None, ascii_only: bool) -> str:
    return json.dumps(value, indent=indent, ensure_ascii=ascii_only, allow_nan=True)


def _escape_all(text: str) -> str:
    return "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in text)


@st.composite
def _raw_mutant(draw: st.DrawFn, base: st.SearchStrategy[Doc]) -> bytes:
    doc = draw(base)
    fault = draw(st.sampled_from(_FAULTS))
    indent = draw(st.sampled_from([None, 2]))
    ascii_only = draw(st.booleans())
    objects = [p for p in _paths(doc, []) if isinstance(_at(doc, p), dict) and _at(doc, p)]
    target = _at(doc, draw(st.sampled_from(objects)))
    key = draw(st.sampled_from(sorted(target)))
    marker = "__trm_fault__"
    replacements = {
        "float": "1.0",
        "exponent": "1e2",
        "nan": "NaN",
        "huge_int": "1" + "0" * 30,
        "null": "null",
        "minus_zero": "-0",
    }
    text: str
    if fault in replacements:
        target[key] = marker
        text = _dump(doc, indent, ascii_only).replace(f'"{marker}"', replacements[fault], 1)
    elif fault in {"duplicate_same", "duplicate_other", "duplicate_escaped_colon"}:
        other = target[key] if fault == "duplicate_same" else "other: value"
        target[marker] = other
        text = _dump(doc, indent, ascii_only).replace(f'"{marker}"', f'"{key}"', 1)
        if fault == "duplicate_escaped_colon":
            # An escaped colon elsewhere must not hide the duplicate from a colon count.
            text = text.replace('"other: value"', '"other\\u003a value"', 1)
    else:
        text = _dump(doc, indent, ascii_only)
        if fault == "escape_all":
            text = _escape_all(text)
        elif fault == "escape_colon":
            target[key] = "a:b" if isinstance(target[key], str) else target[key]
            text = _dump(doc, indent, ascii_only).replace("a:b", "a\\u003ab", 1)
        elif fault == "non_nfc":
            text = text.replace(f'"{key}"', f'"x": "e\u0301", "{key}"', 1)
        elif fault == "lone_surrogate":
            text = text.replace(f'"{key}"', f'"x": "\\ud800", "{key}"', 1)
        elif fault == "deep":  # beyond the limit, and beyond what some writers accept
            depth = draw(st.sampled_from([40, 300, 1100]))
            text = text[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}"
    data = text.encode("utf-8")
    if fault == "bom":
        data = b"\xef\xbb\xbf" + data
    elif fault == "trailing":
        data += b" {}"
    elif fault == "truncated":
        data = data[: draw(st.integers(0, max(0, len(data) - 1)))]
    return data


def raw_mutants(message_type: str | None = None) -> st.SearchStrategy[bytes]:
    r"""Generate serialised documents with one byte-level fault (or none).

    Faults: duplicate member names (also behind an escaped colon), floats, exponents, NaN,
    huge integers, ``null``, ``\u`` escapes, non-NFC text, unpaired surrogates, a byte
    order mark, trailing data, truncation, deep nesting and ``-0``; layouts compact or
    indented, ASCII-escaped or not. For tests of parsers and of fast validation paths.
    """
    return _raw_mutant(documents(message_type))

"""Layer 4 of validation: business rules of spec 1.0.0 that a JSON Schema cannot express.

Each rule reports a ``TRM-RULE-NNN`` code (see ``docs/validation.md``) with a pointer to
the member that breaks it; the message names the rule, never a value. Rules only run on a
message that passed the schema and the model, so every member they read is well typed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Final

from trm_standard._codelists import codelist
from trm_standard._errors import Issue, pointer
from trm_standard.v1._messages import (
    CaseClosure,
    CaseUpdate,
    ConsentWithdrawal,
    ErasureConfirmation,
    ErasureRequest,
    MessageBase,
    PreReferralConsultation,
    Referral,
)
from trm_standard.v1._record import (
    ChildBlock,
    Consent,
    Organisation,
    Person,
    RiskAssessment,
    ServiceEntry,
)
from trm_standard.v1._types import PartialDate
from trm_standard.v1._vocab import (
    AgeBand,
    CaseUpdateType,
    Channel,
    ConsentGiver,
    ConsentPurpose,
    ConsentStatus,
    Country,
    ErasureOutcome,
    ExploitationForm,
    GuardianType,
    LawfulBasis,
    MinorStatus,
    ParentalInvolvement,
    RiskContext,
    ServiceStatus,
    SpecialCategoryCondition,
    TransferMechanism,
)

__all__ = [
    "ASSISTANCE_ONLY",
    "EEA_COUNTRIES",
    "LAW_ENFORCEMENT_ONLY",
    "MIN_REFLECTION_DAYS",
    "check_rules",
    "participant_country",
]

#: CETS 197 Art. 13(1): the recovery and reflection period is at least 30 days.
MIN_REFLECTION_DAYS: Final = 30
#: Age of majority used for child status (CETS 197 Art. 4(d): a child is under 18).
MAJORITY: Final = 18
#: Calendar dates are local; a date one day after the UTC day of created_at is not future.
FUTURE_TOLERANCE: Final = timedelta(days=1)

_COUNTRIES: Final = frozenset(c.value for c in Country)
#: EU and EEA countries, where the GDPR and the Law Enforcement Directive apply.
EEA_COUNTRIES: Final = frozenset(
    c.code for c in codelist("country").codes if "EEA" in c.attributes.get("groups", ())
)
#: Codes of the law-enforcement channel only (Directive (EU) 2016/680): bases,
#: conditions, third-country transfer mechanisms and purposes.
LAW_ENFORCEMENT_ONLY: Final[frozenset[str]] = frozenset(
    {
        LawfulBasis.LED_ART_8,
        SpecialCategoryCondition.LED_ART_10,
        TransferMechanism.LED_ART36_ADEQUACY,
        TransferMechanism.LED_ART37_SAFEGUARDS,
        TransferMechanism.LED_ART38_DEROGATION,
        TransferMechanism.LED_ART39_NON_COMPETENT,
        ConsentPurpose.CRIMINAL_PROCEEDINGS,
        ConsentPurpose.VICTIM_WITNESS_PROTECTION,
    }
)
#: Codes of the assistance channel only (GDPR): bases, conditions and Chapter V mechanisms.
ASSISTANCE_ONLY: Final[frozenset[str]] = frozenset(
    {b for b in LawfulBasis if b.startswith("GDPR_")}
    | {c for c in SpecialCategoryCondition if c.startswith("GDPR_")}
    | {
        TransferMechanism.ADEQUACY,
        TransferMechanism.ART46_2A_INSTRUMENT,
        TransferMechanism.ART46_3B_ADMIN_ARRANGEMENT,
        TransferMechanism.SCC,
        TransferMechanism.ART49_1A_CONSENT,
        TransferMechanism.ART49_1D_PUBLIC_INTEREST,
        TransferMechanism.ART49_1F_VITAL_INTERESTS,
    }
)
#: Ages covered by each age band (the last band is open-ended).
AGE_BANDS: Final[dict[AgeBand, tuple[int, int]]] = {
    AgeBand.AGE_0_11: (0, 11),
    AgeBand.AGE_12_14: (12, 14),
    AgeBand.AGE_15_17: (15, 17),
    AgeBand.AGE_18_24: (18, 24),
    AgeBand.AGE_25_34: (25, 34),
    AgeBand.AGE_35_44: (35, 44),
    AgeBand.AGE_45_54: (45, 54),
    AgeBand.AGE_55_PLUS: (55, 130),
}
_INVOLVED: Final = frozenset({ParentalInvolvement.SUSPECTED, ParentalInvolvement.CONFIRMED})

Path = tuple[str | int, ...]
DateLike = date | datetime | PartialDate


def _first(value: DateLike) -> date:
    """Return the first day ``value`` may denote (its day, for a date or an instant)."""
    kind = type(value)
    if kind is PartialDate:
        return value.span[0]  # type: ignore[union-attr]
    return value.date() if kind is datetime else value  # type: ignore[union-attr,return-value]


def _last(value: DateLike) -> date:
    """Return the last day ``value`` may denote."""
    kind = type(value)
    if kind is PartialDate:
        return value.span[1]  # type: ignore[union-attr]
    return value.date() if kind is datetime else value  # type: ignore[union-attr,return-value]


class _Checker:
    """Collects issues for one message; every rule is a method reading the typed model."""

    def __init__(self, message: MessageBase) -> None:
        self.message = message
        self.issues: list[Issue] = []
        self.created = message.created_at
        self.last_day = message.created_at.date() + FUTURE_TOLERANCE

    def add(self, path: Path, code: str, text: str) -> None:
        self.issues.append(Issue(pointer(path), code, text))

    # --- dates ---------------------------------------------------------------------------

    def order(
        self, earlier: DateLike | None, later: DateLike | None, path: Path, what: str
    ) -> None:
        """TRM-RULE-001: ``later`` must not be before ``earlier`` (at any precision)."""
        if earlier is None or later is None:
            return
        if type(earlier) is datetime and type(later) is datetime:
            broken = later < earlier
        else:
            broken = _last(later) < _first(earlier)
        if broken:
            self.add(path, "TRM-RULE-001", what)

    def past(self, value: DateLike | None, path: Path) -> None:
        """TRM-RULE-002: a date that records something done must not follow created_at."""
        if value is None:
            return
        if value > self.created if type(value) is datetime else _first(value) > self.last_day:
            self.add(path, "TRM-RULE-002", "date lies after the message's created_at")

    # --- header ---------------------------------------------------------------------------

    def header(self) -> None:
        msg = self.message
        if msg.sender == msg.recipient:
            self.add(("recipient",), "TRM-RULE-014", "recipient is the sender")
        for name in ("sender", "recipient"):
            self.participant(getattr(msg, name), (name,))
        self.channel()
        self.jurisdiction()
        self.corridor()

    def channel(self) -> None:
        """TRM-RULE-016: the two channels never share a legal vocabulary."""
        msg = self.message
        foreign: frozenset[str]
        if msg.channel == Channel.LAW_ENFORCEMENT:
            foreign, text = ASSISTANCE_ONLY, "not available in the law-enforcement channel"
        else:
            foreign, text = LAW_ENFORCEMENT_ONLY, "not available in the assistance channel"
        conditions = msg.legal_basis.special_category_conditions or ()
        for value, path in (
            (msg.legal_basis.lawful_basis, ("legal_basis", "lawful_basis")),
            (msg.transfer_mechanism, ("transfer_mechanism",)),
            (msg.purpose, ("purpose",)),
            *((c, ("legal_basis", "special_category_conditions")) for c in conditions),
        ):
            if value in foreign:
                self.add(path, "TRM-RULE-016", text)

    def jurisdiction(self) -> None:
        """TRM-RULE-024: the legal basis is the sender's own law (GDPR Art. 3)."""
        msg = self.message
        national = {"NATIONAL_LAW_NON_EU"}
        conditions = set(msg.legal_basis.special_category_conditions or ())
        mechanism = msg.transfer_mechanism
        if participant_country(msg.sender) in EEA_COUNTRIES:
            wrong_basis = msg.legal_basis.lawful_basis in national
            wrong_conditions = bool(conditions & national)
            wrong_mechanism = mechanism == TransferMechanism.NON_EU_NATIONAL_LAW
            text = "a sender in the EU/EEA relies on the GDPR or the Law Enforcement Directive"
        else:
            wrong_basis = msg.legal_basis.lawful_basis not in national
            wrong_conditions = bool(conditions - national)
            wrong_mechanism = mechanism not in {
                TransferMechanism.NON_EU_NATIONAL_LAW,
                TransferMechanism.DOMESTIC,
            }
            text = "a sender outside the EU/EEA relies on its national law"
        for wrong, path in (
            (wrong_basis, ("legal_basis", "lawful_basis")),
            (wrong_conditions, ("legal_basis", "special_category_conditions")),
            (wrong_mechanism, ("transfer_mechanism",)),
        ):
            if wrong:
                self.add(path, "TRM-RULE-024", text)

    def corridor(self) -> None:
        """TRM-RULE-017: the transfer mechanism fits the pair of countries."""
        origin = participant_country(self.message.sender)
        target = participant_country(self.message.recipient)
        mechanism = self.message.transfer_mechanism
        path = ("transfer_mechanism",)
        if (mechanism == TransferMechanism.DOMESTIC) != (origin == target):
            self.add(path, "TRM-RULE-017", "DOMESTIC is for one country, and only for it")
        elif origin != target and origin in EEA_COUNTRIES:
            within = target in EEA_COUNTRIES
            if within != (mechanism == TransferMechanism.INTRA_EU):
                self.add(
                    path,
                    "TRM-RULE-017",
                    "INTRA_EU is the mechanism between EU/EEA countries, and only between them",
                )

    def participant(self, org_id: str, path: Path) -> None:
        if participant_country(org_id) not in _COUNTRIES:
            self.add(path, "TRM-RULE-010", "participant id names an unknown country")

    # --- shared sections ------------------------------------------------------------------

    def organisations(
        self, orgs: tuple[Organisation, ...] | None, refs: Iterable[tuple[str, Path]]
    ) -> None:
        known: set[str] = set()
        for i, org in enumerate(orgs or ()):
            path: Path = ("organisations", i)
            if org.org_id in known:
                self.add((*path, "org_id"), "TRM-RULE-009", "organisation listed twice")
            known.add(org.org_id)
            self.participant(org.org_id, (*path, "org_id"))
            if participant_country(org.org_id) != org.country.value:
                self.add(
                    (*path, "country"),
                    "TRM-RULE-010",
                    "country differs from the country in the organisation's id",
                )
        for org_id, path in refs:
            if org_id not in known:
                self.add(path, "TRM-RULE-008", "organisation not listed in organisations")

    def services(self, services: tuple[ServiceEntry, ...] | None) -> Iterator[tuple[str, Path]]:
        for i, svc in enumerate(services or ()):
            path: Path = ("services", i)
            self.order(svc.start, svc.end, (*path, "end"), "service ends before it starts")
            if svc.status != ServiceStatus.PLANNED:
                self.past(svc.start, (*path, "start"))
            if svc.provider_org_id is not None:
                yield svc.provider_org_id, (*path, "provider_org_id")

    def risks(self, risks: tuple[RiskAssessment, ...] | None) -> Iterator[tuple[str, Path]]:
        seen: set[str] = set()
        for i, risk in enumerate(risks or ()):
            path: Path = ("risk_assessments", i)
            if risk.assessment_id in seen:
                self.add((*path, "assessment_id"), "TRM-RULE-009", "assessment listed twice")
            seen.add(risk.assessment_id)
            self.past(risk.assessed_on, (*path, "assessed_on"))
            self.order(
                risk.assessed_on,
                risk.next_review_on,
                (*path, "next_review_on"),
                "review falls before the assessment",
            )
            if risk.return_safety_outcome is not None and risk.context != RiskContext.PRE_RETURN:
                self.add(
                    (*path, "return_safety_outcome"),
                    "TRM-RULE-023",
                    "return safety outcome outside a PRE_RETURN assessment",
                )
            yield risk.assessor_org_id, (*path, "assessor_org_id")

    # --- referral ------------------------------------------------------------------------

    def referral(self, msg: Referral) -> None:
        refs: list[tuple[str, Path]] = []
        self.past(msg.case.opened_on, ("case", "opened_on"))
        self.order(
            self.created,
            msg.case.respond_by,
            ("case", "respond_by"),
            "answer due before the referral",
        )
        self.person(msg.person)
        ident = msg.identification
        self.past(ident.reasonable_grounds_on, ("identification", "reasonable_grounds_on"))
        self.past(ident.formally_identified_on, ("identification", "formally_identified_on"))
        self.order(
            ident.reasonable_grounds_on,
            ident.formally_identified_on,
            ("identification", "formally_identified_on"),
            "formal identification before reasonable grounds",
        )
        if ident.identifying_org_id is not None:
            refs.append((ident.identifying_org_id, ("identification", "identifying_org_id")))
        self.exploitation(msg)
        refs += self.services(msg.services)
        if msg.accommodation is not None and msg.accommodation.provider_org_id is not None:
            refs.append((msg.accommodation.provider_org_id, ("accommodation", "provider_org_id")))
        refs += self.reflection(msg)
        refs += self.risks(msg.risk_assessments)
        refs += self.child(msg)
        refs += self.consents(msg)
        self.legal_status(msg)
        refs += self.return_plan(msg)
        self.organisations(msg.organisations, refs)

    def person(self, person: Person) -> None:
        base: Path = ("person",)
        if person.stateless and person.citizenships:
            self.add((*base, "citizenships"), "TRM-RULE-015", "stateless person with citizenships")
        self.past(person.date_of_birth, (*base, "date_of_birth"))
        self.minor_status(person.minor_status, self.age_range(person), (*base, "minor_status"))

    def minor_status(self, status: MinorStatus, ages: tuple[int, int] | None, path: Path) -> None:
        """TRM-RULE-007: only a sure contradiction between status and age counts.

        A person surely under 18 is a MINOR (or PRESUMED_MINOR), never ADULT or
        UNDETERMINED, so the child safeguards cannot be skipped; a person surely 18 or
        over is not a MINOR. PRESUMED_MINOR is never contradicted: documents may be false
        (CETS 197 Art. 10(3)).
        """
        if ages is None:
            return
        youngest, oldest = ages
        surely_child = oldest < MAJORITY
        if surely_child and status in {MinorStatus.ADULT, MinorStatus.UNDETERMINED}:
            self.add(path, "TRM-RULE-007", f"{status.value} although the age shows a child")
        if status == MinorStatus.MINOR and youngest >= MAJORITY:
            self.add(path, "TRM-RULE-007", "MINOR although the age shows an adult")

    def age_range(self, person: Person) -> tuple[int, int] | None:
        """Return the youngest and oldest age compatible with the recorded data."""
        if person.date_of_birth is not None:
            today = self.created.date()
            born_first, born_last = _first(person.date_of_birth), _last(person.date_of_birth)
            return _age(born_last, today), _age(born_first, today)
        if person.age is not None:
            return person.age.years, person.age.years
        return None

    def exploitation(self, msg: Referral) -> None:
        exp = msg.exploitation
        if exp is None:
            return
        if exp.sexual_exploitation_types and ExploitationForm.SEXUAL_EXPLOITATION not in exp.forms:
            self.add(
                ("exploitation", "sexual_exploitation_types"),
                "TRM-RULE-011",
                "sexual-exploitation types without the SEXUAL_EXPLOITATION form",
            )
        born = msg.person.date_of_birth
        for i, event in enumerate(exp.events or ()):
            path: Path = ("exploitation", "events", i)
            self.order(event.start, event.end, (*path, "end"), "event ends before it starts")
            self.order(born, event.start, (*path, "start"), "event starts before birth")
            self.past(event.start, (*path, "start"))

    def reflection(self, msg: Referral) -> Iterator[tuple[str, Path]]:
        period = msg.reflection_period
        if period is None:
            return
        base: Path = ("reflection_period",)
        self.order(period.start, period.end, (*base, "end"), "period ends before it starts")
        if period.granted:
            if (
                period.start is not None
                and period.end is not None
                and period.end >= period.start
                and (period.end - period.start).days + 1 < MIN_REFLECTION_DAYS
                and period.exception is None
            ):
                self.add(
                    (*base, "end"),
                    "TRM-RULE-005",
                    f"period shorter than {MIN_REFLECTION_DAYS} days without a recorded exception",
                )
        elif period.exception is None:
            self.add((*base, "exception"), "TRM-RULE-006", "period not granted without a ground")
        if period.granting_org_id is not None:
            yield period.granting_org_id, (*base, "granting_org_id")

    def child(self, msg: Referral) -> Iterator[tuple[str, Path]]:
        status = msg.person.minor_status
        block = msg.child
        is_child = status in {MinorStatus.MINOR, MinorStatus.PRESUMED_MINOR}
        if is_child and block is None:
            self.add(("child",), "TRM-RULE-003", "a minor or presumed minor needs the child block")
        if status == MinorStatus.ADULT and block is not None:
            self.add(("child",), "TRM-RULE-022", "child block for an adult")
        if block is not None:
            yield from self.child_block(block)

    def child_block(self, block: ChildBlock) -> Iterator[tuple[str, Path]]:
        base: Path = ("child",)
        involved = block.parental_involvement in _INVOLVED
        if block.guardian is not None:
            guardian = block.guardian
            for name in ("appointing_org_id", "guardian_org_id"):
                org_id = getattr(guardian, name)
                if org_id is not None:
                    yield org_id, (*base, "guardian", name)
            self.past(guardian.appointed_on, (*base, "guardian", "appointed_on"))
            if involved and guardian.guardian_type == GuardianType.PARENT:
                self.add(
                    (*base, "guardian", "guardian_type"),
                    "TRM-RULE-004",
                    "a parent suspected of involvement cannot be the guardian",
                )
        if block.age_assessment is not None:
            assessment = block.age_assessment
            self.past(assessment.assessed_on, (*base, "age_assessment", "assessed_on"))
            if (
                assessment.min_age is not None
                and assessment.max_age is not None
                and assessment.min_age > assessment.max_age
            ):
                self.add((*base, "age_assessment", "max_age"), "TRM-RULE-021", "age range inverted")
        if block.best_interests is not None:
            bia = block.best_interests
            self.past(bia.assessed_on, (*base, "best_interests", "assessed_on"))
            self.past(bia.determined_on, (*base, "best_interests", "determined_on"))
            self.order(
                bia.assessed_on,
                bia.determined_on,
                (*base, "best_interests", "determined_on"),
                "determination before assessment",
            )
            if bia.determining_org_id is not None:
                yield bia.determining_org_id, (*base, "best_interests", "determining_org_id")
        if block.views is not None:
            self.past(block.views.heard_on, (*base, "views", "heard_on"))

    def consents(self, msg: Referral) -> Iterator[tuple[str, Path]]:
        involved = msg.child is not None and msg.child.parental_involvement in _INVOLVED
        seen: set[str] = set()
        for i, consent in enumerate(msg.consents or ()):
            path: Path = ("consents", i)
            if consent.consent_id in seen:
                self.add((*path, "consent_id"), "TRM-RULE-009", "consent listed twice")
            seen.add(consent.consent_id)
            if involved and consent.given_by == ConsentGiver.PARENT:
                self.add(
                    (*path, "given_by"),
                    "TRM-RULE-004",
                    "a parent suspected of involvement cannot give consent for the child",
                )
            self.consent(consent, path)
            yield consent.obtained_by_org_id, (*path, "obtained_by_org_id")

    def consent(self, consent: Consent, path: Path) -> None:
        self.past(consent.given_at, (*path, "given_at"))
        self.past(consent.withdrawn_at, (*path, "withdrawn_at"))
        self.order(
            consent.given_at, consent.valid_until, (*path, "valid_until"), "lapses before given"
        )
        self.order(
            consent.given_at,
            consent.withdrawn_at,
            (*path, "withdrawn_at"),
            "withdrawn before given",
        )
        withdrawn = consent.status == ConsentStatus.WITHDRAWN
        if withdrawn != (consent.withdrawn_at is not None):
            self.add(
                (*path, "withdrawn_at"),
                "TRM-RULE-012",
                "withdrawn_at goes with status WITHDRAWN and only with it",
            )
        superseded = consent.status == ConsentStatus.SUPERSEDED
        if superseded != (consent.superseded_by is not None):
            self.add(
                (*path, "superseded_by"),
                "TRM-RULE-012",
                "superseded_by goes with status SUPERSEDED and only with it",
            )
        if not set(consent.explicit_categories or ()) <= set(consent.data_categories):
            self.add(
                (*path, "explicit_categories"),
                "TRM-RULE-013",
                "explicit consent names a category the consent does not list",
            )

    def legal_status(self, msg: Referral) -> None:
        status = msg.legal_status
        if status is None or status.residence_permit is None:
            return
        permit = status.residence_permit
        self.order(
            permit.valid_from,
            permit.valid_to,
            ("legal_status", "residence_permit", "valid_to"),
            "permit ends before it starts",
        )

    def return_plan(self, msg: Referral) -> Iterator[tuple[str, Path]]:
        plan = msg.return_plan
        if plan is None:
            return
        base: Path = ("return_plan",)
        self.past(plan.decision_recorded_on, (*base, "decision_recorded_on"))
        self.order(
            plan.decision_recorded_on,
            plan.planned_departure_on,
            (*base, "planned_departure_on"),
            "departure before the person's decision",
        )
        if plan.reception is not None:
            yield plan.reception.receiving_org_id, (*base, "reception", "receiving_org_id")

    # --- other messages ------------------------------------------------------------------

    def case_update(self, msg: CaseUpdate) -> None:
        self.needs_reply()
        declining = msg.update_type == CaseUpdateType.DECLINE
        if declining != (msg.decline_reason is not None):
            self.add(
                ("decline_reason",),
                "TRM-RULE-019",
                "decline_reason goes with a DECLINE update and only with it",
            )
        self.order(
            self.created, msg.next_update_by, ("next_update_by",), "next update due in the past"
        )
        refs = [*self.services(msg.services), *self.risks(msg.risk_assessments)]
        self.organisations(msg.organisations, refs)

    def needs_reply(self) -> None:
        if self.message.in_reply_to is None:
            self.add(("in_reply_to",), "TRM-RULE-018", "this message must answer another one")

    def erasure_confirmation(self, msg: ErasureConfirmation) -> None:
        self.needs_reply()
        self.past(msg.erased_at, ("erased_at",))
        erased_some = msg.outcome != ErasureOutcome.REFUSED
        retains_some = msg.outcome != ErasureOutcome.ERASED
        if retains_some != (msg.retained is not None):
            self.add(
                ("retained",),
                "TRM-RULE-020",
                "retained data go with PARTIALLY_ERASED or REFUSED and only with them",
            )
        if erased_some != (msg.erased_at is not None):
            self.add(
                ("erased_at",),
                "TRM-RULE-020",
                "erased_at goes with ERASED or PARTIALLY_ERASED and only with them",
            )
        if not erased_some and msg.erased_categories is not None:
            self.add(("erased_categories",), "TRM-RULE-020", "a refusal erases no category")
        erased = set(msg.erased_categories or ())
        kept: set[str] = set()
        for i, item in enumerate(msg.retained or ()):
            path: Path = ("retained", i, "data_category")
            if item.data_category in kept:
                self.add(path, "TRM-RULE-009", "category retained twice")
            kept.add(item.data_category)
            if item.data_category in erased:
                self.add(path, "TRM-RULE-020", "category both erased and retained")

    def consent_withdrawal(self, msg: ConsentWithdrawal) -> None:
        self.past(msg.withdrawn_at, ("withdrawn_at",))
        self.order(self.created, msg.reply_by, ("reply_by",), "reply due before the request")

    def erasure_request(self, msg: ErasureRequest) -> None:
        self.order(self.created, msg.reply_by, ("reply_by",), "reply due before the request")

    def case_closure(self, msg: CaseClosure) -> None:
        self.past(msg.closed_on, ("closed_on",))
        self.order(
            msg.closed_on,
            msg.follow_up_until,
            ("follow_up_until",),
            "follow-up ends before closure",
        )

    def consultation(self, msg: PreReferralConsultation) -> None:
        self.order(self.created, msg.respond_by, ("respond_by",), "answer due before the question")
        profile = msg.profile
        if profile.age_band is not None:
            lowest, highest = AGE_BANDS[profile.age_band]
            self.minor_status(profile.minor_status, (lowest, highest), ("profile", "minor_status"))


@functools.lru_cache(maxsize=4096)
def participant_country(org_id: str) -> str:
    """Return the country code inside a participant id (pattern-checked by the schema)."""
    return org_id.split("/")[5]


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def check_rules(message: MessageBase) -> list[Issue]:
    """Return every business-rule issue of ``message`` (empty when it complies)."""
    checker = _Checker(message)
    checker.header()
    match message:
        case Referral():
            checker.referral(message)
        case CaseUpdate():
            checker.case_update(message)
        case ErasureConfirmation():
            checker.erasure_confirmation(message)
        case ConsentWithdrawal():
            checker.consent_withdrawal(message)
        case ErasureRequest():
            checker.erasure_request(message)
        case CaseClosure():
            checker.case_closure(message)
        case PreReferralConsultation():
            checker.consultation(message)
    return checker.issues

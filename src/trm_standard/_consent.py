"""The sharing decision: may this message go to this recipient for this purpose, now?

:func:`may_share` is pure: the time is an argument, the policy and directory are data,
and nothing is read from a clock, a file or the network. Deny by default; deny overrides
review, review overrides permit. Every reason is a registered ``TRM-CONSENT-NNN`` code
citing its rule (``docs/consent.md`` has the table).

The rules, in order:

1. the recipient must be described (message ``organisations`` or a directory);
2. notices (withdrawal, erasure) go to their addressee (GDPR Art. 19);
3. the channel decides the regime: the law-enforcement channel follows Directive (EU)
   2016/680, never consent; the assistance channel never carries its purposes and never
   forwards to law enforcement without a consent of its own (CETS 197 Art. 12(6));
4. transfers outside the EU/EEA need a recorded mechanism for the corridor (GDPR
   Arts. 44-49; a public authority cannot use the consent derogation, Art. 49(3));
5. hard blocks that consent cannot lift (Directive 2013/32/EU Art. 30; CETS 197
   Arts. 10(4), 16(7));
6. the basis: a pre-referral consultation and feedback rest on the legal basis
   (Recital 26); other purposes need a matching, informed, current consent given by the
   right person (for a child: the appointed guardian, the child's views heard);
7. what may travel: categories of the consent and the purpose profile, special
   categories only when named (GDPR Art. 9(2)(a)), SAFETY only to a named recipient;
8. the minimised message must still be valid.

Assistance never depends on the outcome (CETS 197 Art. 12(6)): no rule reads the person's
cooperation with the authorities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Final

from trm_standard._decision import Basis, Decision, Effect, Outcome, Reason, Recipient
from trm_standard._errors import TRMError
from trm_standard._minimise import leaves, minimal_message
from trm_standard._policy import ConsentPolicy, Directory, Mode, default_policy
from trm_standard.v1 import (
    CaseClosure,
    CaseUpdate,
    ChildBlock,
    Consent,
    ConsentWithdrawal,
    ErasureConfirmation,
    ErasureRequest,
    MessageBase,
    Organisation,
    PreReferralConsultation,
    Referral,
)
from trm_standard.v1._rules import EEA_COUNTRIES, participant_country
from trm_standard.v1._types import PARTICIPANT_PATTERN
from trm_standard.v1._vocab import (
    BestInterestsOutcome,
    Channel,
    ChildAssent,
    ConsentGiver,
    ConsentPurpose,
    ConsentStatus,
    CountryRole,
    DataCategory,
    FamilyTracingStatus,
    GuardianType,
    LawfulBasis,
    MinorStatus,
    ParentalInvolvement,
    PrivacyClass,
    ProtectionStatus,
    RecruiterRelationship,
    ReturnSafetyOutcome,
    RiskContext,
    SpecialCategoryCondition,
    TransferMechanism,
    Urgency,
)

__all__ = ["may_share"]

_PARTICIPANT: Final = re.compile(PARTICIPANT_PATTERN)
_NOTICES: Final = (ConsentWithdrawal, ErasureRequest, ErasureConfirmation)
_GUARDIANS: Final = frozenset(
    {
        ConsentGiver.LEGAL_GUARDIAN,
        ConsentGiver.GUARDIANSHIP_AUTHORITY,
        ConsentGiver.COURT,
        ConsentGiver.OTHER_LEGAL_REPRESENTATIVE,
    }
)
_INVOLVED: Final = frozenset({ParentalInvolvement.SUSPECTED, ParentalInvolvement.CONFIRMED})
_NON_CONSENT_ART9: Final = frozenset(
    {
        SpecialCategoryCondition.GDPR_9_2_B,
        SpecialCategoryCondition.GDPR_9_2_C,
        SpecialCategoryCondition.GDPR_9_2_F,
        SpecialCategoryCondition.GDPR_9_2_G,
        SpecialCategoryCondition.GDPR_9_2_H,
        SpecialCategoryCondition.LED_ART_10,
        SpecialCategoryCondition.NATIONAL_LAW_NON_EU,
    }
)
_OFFENCE_CONDITIONS: Final = frozenset(
    {
        SpecialCategoryCondition.GDPR_10,
        SpecialCategoryCondition.LED_ART_10,
        SpecialCategoryCondition.NATIONAL_LAW_NON_EU,
    }
)
_SAFE_RETURN: Final = frozenset(
    {ReturnSafetyOutcome.RETURN_SAFE, ReturnSafetyOutcome.SAFE_WITH_CONDITIONS}
)
_RETURN_OUTCOMES: Final = frozenset(
    {BestInterestsOutcome.RETURN_ORIGIN, BestInterestsOutcome.FAMILY_REUNIFICATION_THIRD_COUNTRY}
)
_ALL_CLASSES: Final = frozenset(PrivacyClass)


@dataclass(slots=True)
class _Found:
    """Reasons gathered while evaluating; the outcome follows from their effects."""

    reasons: list[Reason] = field(default_factory=list)

    def add(self, code: str, message: str, pointer: str = "") -> None:
        self.reasons.append(Reason(code, message, pointer))

    def has(self, effect: Effect) -> bool:
        return any(r.effect is effect for r in self.reasons)

    def outcome(self) -> Outcome:
        if self.has(Effect.DENY):
            return Outcome.DENY
        if self.has(Effect.REVIEW):
            return Outcome.NEEDS_REVIEW
        return Outcome.PERMIT if self.has(Effect.PERMIT) else Outcome.DENY


@dataclass(frozen=True, slots=True)
class _Age:
    """What is known of the person's age at the time of the decision."""

    child: bool
    presumed: bool
    youngest: int | None
    majority_on: date | None


@dataclass(frozen=True, slots=True)
class _Ctx:
    """One decision's inputs, resolved."""

    message: MessageBase
    purpose: ConsentPurpose
    recipient: Recipient
    sender: Organisation | None
    at: datetime
    age: _Age
    policy: ConsentPolicy
    withdrawn: dict[str, datetime]


# --------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------


def _organisation(
    message: MessageBase, org_id: str, directory: Directory | None
) -> Organisation | None:
    if directory is not None and (org := directory.get(org_id)) is not None:
        return org
    listed: tuple[Organisation, ...] = getattr(message, "organisations", None) or ()
    return next((org for org in listed if org.org_id == org_id), None)


def _recipient(message: MessageBase, org_id: str, directory: Directory | None) -> Recipient:
    org = _organisation(message, org_id, directory)
    if org is None:
        return Recipient(org_id, participant_country(org_id), None, None, "unknown")
    source = "directory" if directory is not None and directory.get(org_id) else "message"
    return Recipient(org_id, org.country.value, org.org_type, org.is_public_authority, source)


def _request(
    purpose: ConsentPurpose | str, recipient: str, at: datetime
) -> tuple[ConsentPurpose, datetime]:
    """Check the request; return the purpose and ``at`` in UTC (ages are counted in UTC)."""
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise TRMError("TRM-CONSENT-053", "the time of the decision must be timezone-aware")
    if not isinstance(recipient, str) or not _PARTICIPANT.fullmatch(recipient):
        raise TRMError("TRM-CONSENT-053", "the recipient is not a participant id")
    try:
        return ConsentPurpose(purpose), at.astimezone(UTC)
    except ValueError:
        raise TRMError("TRM-CONSENT-053", "the purpose is not a consent-purpose code") from None


# --------------------------------------------------------------------------------------
# The person
# --------------------------------------------------------------------------------------


def _years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February in a common year
        return date(born.year + years, 3, 1)


def _age(message: MessageBase, at: datetime, majority: int) -> _Age:
    """Return what is known of the age; uncertainty counts as childhood (CETS Art. 10(3))."""
    if not isinstance(message, Referral):
        return _Age(child=False, presumed=False, youngest=None, majority_on=None)
    person = message.person
    today = at.date()
    if person.date_of_birth is not None:
        latest = person.date_of_birth.latest()
        youngest = _years(latest, today)
        majority_on = _birthday(latest, majority)
        surely_child = _years(person.date_of_birth.earliest(), today) < majority
        child = youngest < majority
        return _Age(
            child=child,
            presumed=child and not surely_child,
            youngest=youngest,
            majority_on=majority_on,
        )
    status = person.minor_status
    if status is MinorStatus.ADULT:
        return _Age(child=False, presumed=False, youngest=None, majority_on=None)
    estimate = person.age.years if person.age is not None else None
    return _Age(
        child=True, presumed=status is not MinorStatus.MINOR, youngest=estimate, majority_on=None
    )


def _origin_countries(message: Referral) -> set[str]:
    found = {c.value for c in message.person.citizenships or ()}
    if message.person.country_of_birth is not None:
        found.add(message.person.country_of_birth.value)
    found.update(
        r.country.value for r in message.case.country_roles or () if r.role is CountryRole.ORIGIN
    )
    return found


# --------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------


def _transfer(found: _Found, ctx: _Ctx, consent: Consent | None) -> None:
    """GDPR Arts. 44-49 and Directive (EU) 2016/680 Arts. 35-39, for the recipient's country."""
    message, recipient, sender, policy = ctx.message, ctx.recipient, ctx.sender, ctx.policy
    origin, target = participant_country(message.sender), recipient.country
    if origin == target or (origin in EEA_COUNTRIES and target in EEA_COUNTRIES):
        return
    mechanism = message.transfer_mechanism
    where = "/transfer_mechanism"
    if participant_country(message.recipient) != target:
        found.add("TRM-CONSENT-022", "the recorded mechanism is for another country", where)
        return
    accepted = policy.corridors.get((origin, target), policy.third_country_mechanisms)
    if mechanism not in accepted:
        found.add("TRM-CONSENT-022", f"{mechanism.value} is not accepted on this corridor", where)
        return
    if mechanism is TransferMechanism.ADEQUACY and target not in policy.adequacy_countries:
        found.add("TRM-CONSENT-022", "no adequacy decision for the recipient country", where)
    if mechanism in policy.instrument_required and message.transfer_instrument is None:
        found.add("TRM-CONSENT-022", f"{mechanism.value} needs transfer_instrument", where)
    if mechanism is TransferMechanism.ART49_1A_CONSENT:
        if sender is None or sender.is_public_authority is not False:
            found.add("TRM-CONSENT-020", "the sender is (or may be) a public authority", where)
        if consent is None or not consent.information_provided.transfer_risks:
            found.add("TRM-CONSENT-023", "the person was not told the transfer risks", where)
    if mechanism in policy.review_required:
        found.add("TRM-CONSENT-024", f"{mechanism.value} is a derogation", where)


def _hard_blocks(found: _Found, ctx: _Ctx, message: Referral) -> None:
    """Blocks no consent can lift."""
    purpose, recipient, age, policy = ctx.purpose, ctx.recipient, ctx.age, ctx.policy
    protection = message.legal_status.international_protection if message.legal_status else None
    authority = recipient.is_public_authority is not False or (
        recipient.org_type in policy.origin_authority_org_types
    )
    origin = recipient.country in _origin_countries(message) and (
        authority or purpose is ConsentPurpose.IDENTITY_VERIFICATION_WITH_ORIGIN_AUTHORITIES
    )
    if protection is not None and protection.applied and origin:
        where = "/legal_status/international_protection"
        if protection.status in (ProtectionStatus.REJECTED, ProtectionStatus.WITHDRAWN):
            found.add("TRM-CONSENT-041", "protection was refused or withdrawn", where)
        else:
            found.add("TRM-CONSENT-040", "the person seeks or holds protection", where)
    if purpose is ConsentPurpose.FAMILY_TRACING_CONTACT:
        child = message.child
        if child is not None and child.parental_involvement in _INVOLVED:
            found.add("TRM-CONSENT-042", "family involvement", "/child/parental_involvement")
        if child is not None and child.family_tracing in (
            FamilyTracingStatus.NOT_IN_BEST_INTERESTS,
            FamilyTracingStatus.SUSPENDED_RISK,
        ):
            found.add("TRM-CONSENT-042", "tracing stopped", "/child/family_tracing")
        relation = message.exploitation.recruiter_relationship if message.exploitation else None
        if relation is RecruiterRelationship.FAMILY_MEMBER:
            found.add(
                "TRM-CONSENT-042",
                "a family member recruited",
                "/exploitation/recruiter_relationship",
            )
    returning = purpose is ConsentPurpose.RETURN_REINTEGRATION or message.return_plan is not None
    if returning and age.child:
        interests = message.child.best_interests if message.child else None
        determined = (
            interests is not None
            and interests.determination_done is True
            and interests.outcome in _RETURN_OUTCOMES
        )
        pre_return = [
            r for r in message.risk_assessments or () if r.context is RiskContext.PRE_RETURN
        ]
        latest = max((r.assessed_on for r in pre_return), default=None)
        newest = [r for r in pre_return if r.assessed_on == latest]
        safe = bool(newest) and all(r.return_safety_outcome in _SAFE_RETURN for r in newest)
        if safe and interests is not None and interests.determined_on is not None:
            safe = latest is not None and latest >= interests.determined_on
        if not determined:
            found.add("TRM-CONSENT-043", "no best-interests determination for return", "/child")
        if not safe:
            found.add(
                "TRM-CONSENT-043",
                "the latest pre-return assessment (not older than the determination) does not "
                "find return safe",
                "/risk_assessments",
            )


def _covers(consent: Consent, recipient: Recipient) -> tuple[bool, bool]:
    """Return (recipient covered, country covered) for the consent's recipient scope."""
    scope = consent.recipients
    named = recipient.org_id in (scope.org_ids or ())
    typed = recipient.org_type is not None and recipient.org_type in (scope.org_types or ())
    country = scope.countries is None or recipient.country in {c.value for c in scope.countries}
    return named or typed, country


def _consent_problems(ctx: _Ctx, consent: Consent, where: str) -> tuple[_Found, datetime]:
    """Return the problems of one consent and when it lapses."""
    purpose, recipient, at, policy = ctx.purpose, ctx.recipient, ctx.at, ctx.policy
    found = _Found()
    lapse = consent.valid_until
    cap = policy.profile(purpose).max_consent_days
    if cap is not None:
        lapse = min(lapse, consent.given_at + timedelta(days=cap))
    if consent.given_at > at:
        found.add("TRM-CONSENT-014", "given after the time of the decision", f"{where}/given_at")
    stopped = ctx.withdrawn.get(consent.consent_id)
    if consent.status is ConsentStatus.WITHDRAWN and consent.withdrawn_at is None:
        stopped = at
    elif consent.withdrawn_at is not None:
        stopped = min(stopped or consent.withdrawn_at, consent.withdrawn_at)
    if stopped is not None and stopped <= at:
        found.add("TRM-CONSENT-011", "withdrawn", f"{where}/withdrawn_at")
    if consent.status is ConsentStatus.SUPERSEDED or consent.superseded_by is not None:
        found.add("TRM-CONSENT-013", "replaced by another consent", f"{where}/superseded_by")
    if consent.status is ConsentStatus.EXPIRED or lapse <= at:
        found.add("TRM-CONSENT-012", "past its validity", f"{where}/valid_until")
    told = consent.information_provided
    if not (
        told.purpose
        and told.recipients_and_countries
        and told.right_to_withdraw
        and told.assistance_not_conditional
    ):
        found.add("TRM-CONSENT-018", "information incomplete", f"{where}/information_provided")
    covered, country = _covers(consent, recipient)
    if not covered:
        found.add("TRM-CONSENT-015", "recipient outside the consent", f"{where}/recipients")
    if not country:
        found.add("TRM-CONSENT-016", "country outside the consent", f"{where}/recipients/countries")
    return found, _giver_problems(found, ctx, consent, where, lapse)


def _giver_problems(
    found: _Found, ctx: _Ctx, consent: Consent, where: str, lapse: datetime
) -> datetime:
    """Who may consent for a child, and when a guardian's consent lapses."""
    age, giver = ctx.age, consent.given_by
    at_path = f"{where}/given_by"
    if not age.child:
        adult_consent = giver in (ConsentGiver.SELF, ConsentGiver.OTHER_LEGAL_REPRESENTATIVE)
        given_as_child = age.majority_on is None or consent.given_at.date() < age.majority_on
        if not adult_consent and given_as_child:
            found.add("TRM-CONSENT-035", "the person is now an adult", at_path)
        return lapse
    if age.majority_on is not None and giver is not ConsentGiver.SELF:
        end = datetime.combine(age.majority_on, datetime.min.time(), ctx.at.tzinfo)
        lapse = min(lapse, end)
    ages = ctx.policy.ages(participant_country(consent.obtained_by_org_id))
    child = ctx.message.child if isinstance(ctx.message, Referral) else None
    if giver is ConsentGiver.SELF:
        if age.youngest is None or age.youngest < ages.self_consent_age:
            found.add("TRM-CONSENT-030", "a child below the self-consent age", at_path)
    elif child is None:
        found.add("TRM-CONSENT-030", "no child block to check the giver against", at_path)
    else:
        _guardian_problems(found, child, giver, at_path)
    if child is None:
        return lapse
    hear = age.youngest is None or age.youngest >= ages.assent_age
    if hear and (child.views is None or not child.views.heard):
        found.add("TRM-CONSENT-033", "views not heard", "/child/views")
    if ChildAssent.OBJECTED in (child.views.assent if child.views else None, consent.child_assent):
        found.add("TRM-CONSENT-034", "the child objects", f"{where}/child_assent")
    return lapse


def _guardian_problems(found: _Found, child: ChildBlock, giver: ConsentGiver, at_path: str) -> None:
    """A parent only when not involved; otherwise an appointed guardian (CETS Art. 10(4))."""
    involved = child.parental_involvement in _INVOLVED
    guardian = child.guardian
    if giver is ConsentGiver.PARENT:
        if involved:
            found.add("TRM-CONSENT-031", "parent suspected of involvement", at_path)
        elif child.unaccompanied:
            found.add("TRM-CONSENT-030", "an unaccompanied child needs a guardian", at_path)
    elif giver is not ConsentGiver.COURT and (guardian is None or not guardian.appointed):
        found.add("TRM-CONSENT-032", "no appointed guardian", "/child/guardian")
    elif involved and guardian is not None and guardian.guardian_type is GuardianType.PARENT:
        found.add("TRM-CONSENT-031", "the guardian is a parent suspected of involvement", at_path)


def _choose_consent(
    ctx: _Ctx, consents: Sequence[tuple[str, Consent]]
) -> tuple[Consent | None, datetime | None, list[Reason]]:
    """Return the consent that decides, when and why it lapses, or every problem found.

    Among the consents for the purpose that were given by ``at`` and cover the recipient
    and its country, the newest decides: withdrawing it does not bring an older one back
    (GDPR Art. 7(3)). Without such a consent, every consent's problems are reported.
    """
    relevant = [(w, c) for w, c in consents if c.purpose is ctx.purpose]
    covering = [
        (w, c) for w, c in relevant if c.given_at <= ctx.at and all(_covers(c, ctx.recipient))
    ]
    if covering:
        where, newest = max(covering, key=lambda pair: pair[1].given_at)
        found, lapse = _consent_problems(ctx, newest, where)
        if found.has(Effect.DENY):
            return None, None, found.reasons
        return newest, lapse, found.reasons
    problems: list[Reason] = []
    for where, consent in relevant:
        problems.extend(_consent_problems(ctx, consent, where)[0].reasons)
    return None, None, problems


def _allowed(
    found: _Found, ctx: _Ctx, consent: Consent | None
) -> tuple[frozenset[DataCategory], frozenset[PrivacyClass]]:
    """Categories and classes that may travel, with a LIMIT reason for each left out."""
    message, recipient, policy, purpose = ctx.message, ctx.recipient, ctx.policy, ctx.purpose
    profile = policy.profile(purpose)
    categories = set(profile.categories)
    if consent is not None:
        categories &= set(consent.data_categories)
    categories |= {DataCategory.CASE_METADATA}
    conditions = set(message.legal_basis.special_category_conditions or ())
    explicit = set(consent.explicit_categories or ()) if consent is not None else set()
    present: dict[DataCategory, str] = {}
    classes_present: dict[PrivacyClass, str] = {}
    for path, privacy, category in leaves(message):
        pointer = "/" + "/".join(str(p) for p in path)
        present.setdefault(category, pointer)
        classes_present.setdefault(privacy, pointer)
    for category in sorted(policy.special_categories & categories):
        if category not in explicit and not conditions & _NON_CONSENT_ART9:
            categories.discard(category)
            if category in present:
                found.add("TRM-CONSENT-006", f"{category.value} not named", present[category])
    for category in sorted(policy.offence_categories & categories):
        if not conditions & _OFFENCE_CONDITIONS:
            categories.discard(category)
            if category in present:
                found.add(
                    "TRM-CONSENT-006", f"{category.value} without a condition", present[category]
                )
    for category in sorted(set(present) - categories - {DataCategory.CONSENT_RECORDS}):
        found.add("TRM-CONSENT-005", f"{category.value} not covered", present[category])
    classes = set(profile.privacy_classes)
    named = (
        recipient.org_id in (consent.recipients.org_ids or ())
        if consent is not None
        else recipient.org_id == message.recipient
    )
    if PrivacyClass.SAFETY in classes and not named:
        classes.discard(PrivacyClass.SAFETY)
        if PrivacyClass.SAFETY in classes_present:
            found.add(
                "TRM-CONSENT-007", "recipient not named", classes_present[PrivacyClass.SAFETY]
            )
    if PrivacyClass.DI not in classes and PrivacyClass.DI in classes_present:
        found.add("TRM-CONSENT-008", "no direct identifiers", classes_present[PrivacyClass.DI])
    return frozenset(categories), frozenset(classes)


def _withdrawals(
    withdrawals: Iterable[ConsentWithdrawal], purpose: ConsentPurpose
) -> dict[str, datetime]:
    found: dict[str, datetime] = {}
    for notice in withdrawals:
        if notice.purposes is not None and purpose not in notice.purposes:
            continue
        for consent_id in notice.consent_ids:
            earlier = found.get(consent_id)
            found[consent_id] = (
                notice.withdrawn_at if earlier is None else min(earlier, notice.withdrawn_at)
            )
    return found


def may_share(
    message: MessageBase,
    purpose: ConsentPurpose | str,
    recipient: str,
    *,
    at: datetime,
    policy: ConsentPolicy | None = None,
    directory: Directory | None = None,
    consents: Iterable[Consent] = (),
    withdrawals: Iterable[ConsentWithdrawal] = (),
) -> Decision:
    """Decide whether ``message`` may go to ``recipient`` for ``purpose`` at time ``at``.

    Pure and deterministic: the same arguments give the same decision; time enters only
    through ``at``. Deny by default; deny overrides review, review overrides permit.

    Args:
        message: A validated TRM message.
        purpose: A consent-purpose code (GDPR Art. 5(1)(b)).
        recipient: Participant id of the organisation that would receive the data.
        at: Timezone-aware time of the disclosure.
        policy: Country ages, purpose profiles and transfer rules (default: the shipped
            ``policies/consent-policy.json``).
        directory: Participant directory; preferred over the message's organisations.
        consents: Further consent records of the case, beside the message's own.
        withdrawals: Withdrawals received; each is effective from its ``withdrawn_at``.

    Returns:
        The decision with every reason, the basis, and what may travel.

    Raises:
        TRMError: ``TRM-CONSENT-053`` for a naive ``at``, an unknown purpose or a
            recipient that is not a participant id.
    """
    wanted, at = _request(purpose, recipient, at)
    policy = policy or default_policy()
    found = _Found()
    target = _recipient(message, recipient, directory)

    def decide(
        grant: _Grant | None = None,
        categories: frozenset[DataCategory] = frozenset(),
        classes: frozenset[PrivacyClass] = frozenset(),
    ) -> Decision:
        outcome = found.outcome()
        consent = grant.consent if grant else None
        if outcome is Outcome.PERMIT and grant and grant.basis is not Basis.LEGAL_OBLIGATION_NOTICE:
            try:
                minimal_message(
                    message,
                    categories=categories,
                    privacy_classes=classes,
                    consent_id=consent.consent_id if consent else None,
                    recipient=recipient,
                    purpose=wanted,
                )
            except TRMError as exc:
                found.add("TRM-CONSENT-048", str(exc).split(": ", 1)[-1])
                outcome = Outcome.DENY
        if outcome is Outcome.DENY:
            if wanted in _ASSISTANCE and isinstance(message, Referral):
                found.add("TRM-CONSENT-009", "assistance continues whatever the outcome")
            grant, consent, categories, classes = None, None, frozenset(), frozenset()
        return Decision(
            outcome=outcome,
            purpose=wanted,
            recipient=target,
            message_id=message.message_id,
            evaluated_at=at,
            reasons=tuple(found.reasons),
            basis=grant.basis if grant else None,
            consent_id=consent.consent_id if consent else None,
            lawful_basis=message.legal_basis.lawful_basis.value,
            categories=categories,
            privacy_classes=classes,
            valid_until=grant.lapse if grant else None,
            policy=f"{policy.policy_id}@{policy.policy_version}",
        )

    # Feedback to the party that referred: the message's own addressee, its own purpose
    # (or case monitoring), on a lawful basis other than consent.
    reply = (
        recipient == message.recipient
        and (
            isinstance(message, CaseClosure)
            or (isinstance(message, CaseUpdate) and message.in_reply_to is not None)
        )
        and wanted in (ConsentPurpose.CASE_MONITORING_FEEDBACK, message.purpose)
        and message.legal_basis.lawful_basis is not LawfulBasis.GDPR_6_1_A
    )
    if target.source == "unknown" and not (reply or isinstance(message, _NOTICES)):
        found.add("TRM-CONSENT-017", "recipient not described", "/organisations")
        return decide()
    if isinstance(message, _NOTICES):
        if recipient != message.recipient:
            found.add("TRM-CONSENT-019", "addressed to another party", "/recipient")
            return decide()
        found.add("TRM-CONSENT-004", "a notice to its addressee")
        return decide(_Grant(Basis.LEGAL_OBLIGATION_NOTICE), frozenset(DataCategory), _ALL_CLASSES)
    ctx = _Ctx(
        message=message,
        purpose=wanted,
        recipient=target,
        sender=_organisation(message, message.sender, directory),
        at=at,
        age=_age(message, at, policy.ages(participant_country(message.sender)).majority_age),
        policy=policy,
        withdrawn=_withdrawals(withdrawals, wanted),
    )
    grant = _ground(found, ctx, reply, consents)
    if grant is None:
        return decide()
    _transfer(found, ctx, grant.consent)
    categories, classes = _allowed(found, ctx, grant.consent)
    return decide(grant, categories, classes)


@dataclass(frozen=True, slots=True)
class _Grant:
    """What a permit would rest on."""

    basis: Basis
    consent: Consent | None = None
    lapse: datetime | None = None


def _ground(  # noqa: PLR0911, PLR0912 - the grounds read best as one ordered list
    found: _Found, ctx: _Ctx, reply: bool, extra: Iterable[Consent]
) -> _Grant | None:
    """Return the ground of the disclosure, or None when nothing can ground it."""
    message, wanted, target, policy = ctx.message, ctx.purpose, ctx.recipient, ctx.policy
    profile = policy.profile(wanted)
    law_enforcement = message.channel is Channel.LAW_ENFORCEMENT
    if profile.mode is Mode.ANONYMISED_ONLY:
        found.add("TRM-CONSENT-046", f"{wanted.value} is served by trm anonymise or trm stats")
        return None
    if law_enforcement != (profile.mode is Mode.LAW_ENFORCEMENT):
        text = f"{wanted.value} on the {message.channel.value} channel"
        found.add("TRM-CONSENT-025", text, "/channel")
        return None
    if ctx.age.presumed:
        found.add("TRM-CONSENT-036", "child rules apply", "/person/minor_status")
    if isinstance(message, Referral):
        _hard_blocks(found, ctx, message)
    if law_enforcement:
        if target.org_type in policy.law_enforcement_org_types:
            pass
        elif message.transfer_mechanism is TransferMechanism.LED_ART39_NON_COMPETENT:
            found.add("TRM-CONSENT-024", "a non-competent recipient", "/transfer_mechanism")
        else:
            found.add("TRM-CONSENT-026", "recipient not a competent authority", "/recipient")
        found.add("TRM-CONSENT-003", "Law Enforcement Directive")
        return _Grant(Basis.LAW_ENFORCEMENT)
    if target.org_type in policy.law_enforcement_org_types and (
        wanted is not ConsentPurpose.SHARE_WITH_LAW_ENFORCEMENT
    ):
        found.add("TRM-CONSENT-027", "a law-enforcement recipient", "/recipient")
    lawful = message.legal_basis.lawful_basis
    consent_basis = lawful is LawfulBasis.GDPR_6_1_A
    if consent_basis and (ctx.sender is None or ctx.sender.is_public_authority is not False):
        found.add("TRM-CONSENT-021", "consent as the lawful basis", "/legal_basis/lawful_basis")
    consultation = isinstance(message, PreReferralConsultation) and (
        wanted is not ConsentPurpose.SHARE_WITH_LAW_ENFORCEMENT
    )
    if consultation and consent_basis:
        found.add(
            "TRM-CONSENT-045", "a consultation carries no consent", "/legal_basis/lawful_basis"
        )
        return None
    if consultation or reply or (profile.mode is Mode.BASIS and not consent_basis):
        found.add("TRM-CONSENT-002", f"{lawful.value} recorded")
        return _Grant(Basis.LEGAL_BASIS)
    own = getattr(message, "consents", None) or ()
    records = [(f"/consents/{i}", c) for i, c in enumerate(own)]
    records += [("", c) for c in extra]
    chosen, lapse, problems = _choose_consent(ctx, records)
    if chosen is not None:
        found.reasons.extend(problems)
        found.add("TRM-CONSENT-001", f"consent for {wanted.value}")
        return _Grant(Basis.CONSENT, chosen, lapse)
    if (
        isinstance(message, Referral)
        and message.case.urgency is Urgency.EMERGENCY
        and lawful is LawfulBasis.GDPR_6_1_D
    ):
        found.add("TRM-CONSENT-047", "vital interests in an emergency", "/case/urgency")
        return _Grant(Basis.LEGAL_BASIS)
    if not any(c.purpose is wanted for _, c in records):
        found.add("TRM-CONSENT-010", f"no consent for {wanted.value}", "/consents")
    found.reasons.extend(problems)
    return None


_ASSISTANCE: Final = frozenset(
    {
        ConsentPurpose.REFERRAL_ASSISTANCE,
        ConsentPurpose.RETURN_REINTEGRATION,
        ConsentPurpose.HEALTH_INFORMATION_SHARING,
        ConsentPurpose.SAFETY_RISK_ASSESSMENT,
    }
)

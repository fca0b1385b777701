"""Sections of the canonical referral record (spec 1.0.0).

The record follows the five TRM standard operating procedures (ICMPD TRM-SEE 2009,
TRM-EU 2010): identification, first assistance and protection, long-term assistance and
social inclusion, return and social inclusion, criminal and civil proceedings. Every
field declares its privacy class and data category (DESIGN §3).

Free-text narrative is deliberately absent: names leak into notes and cannot be scrubbed
reliably (see ``docs/design-decisions.md``).
"""

from __future__ import annotations

from typing import Annotated

from trm_standard.v1._base import F, TRMModel
from trm_standard.v1._types import (
    CodeSet,
    Date,
    Items,
    LanguageTag,
    Name,
    PartialDate,
    ParticipantId,
    Sha256Hex,
    ShortText,
    UtcDateTime,
    Uuid,
)
from trm_standard.v1._vocab import (
    AccommodationType,
    AgeAssessmentMethod,
    AgeBasis,
    AssertionType,
    BestInterestsOutcome,
    Channel,
    ChildAssent,
    CompensationStatus,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    ConsentStatus,
    CooperationStatus,
    Country,
    CountryRole,
    DataCategory,
    EducationLevel,
    ExploitationForm,
    FamilyTracingStatus,
    GenderIdentity,
    GuardianType,
    HealthCondition,
    IdDocumentStatus,
    IdDocumentType,
    IdentificationChannel,
    LabourSector,
    MaritalStatus,
    MeansOfControl,
    MinorStatus,
    Need,
    NeedPriority,
    OrgType,
    ParentalInvolvement,
    PermitBasis,
    PermitInstrument,
    PrivacyClass,
    ProceedingsRole,
    ProceedingsStage,
    ProtectionMeasure,
    ProtectionStatus,
    RecruiterRelationship,
    RecruitmentMethod,
    ReflectionException,
    ResidenceStatus,
    ReturnSafetyOutcome,
    RiskContext,
    RiskFactor,
    RiskLevel,
    ServiceStatus,
    Sex,
    SexualExploitationType,
    TraffickingEventType,
    TravelDocumentStatus,
    TrmPhase,
    TrmRole,
    Urgency,
    VictimStatus,
)

__all__ = [
    "Accommodation",
    "Address",
    "AgeAssessment",
    "AgeEstimate",
    "BestInterests",
    "CaseInfo",
    "ChildBlock",
    "ChildViews",
    "Consent",
    "ConsentInformation",
    "ConsentRecipients",
    "ContactDetails",
    "CountryRoleEntry",
    "CriminalProceedings",
    "Exploitation",
    "Guardian",
    "Identification",
    "IdentityDocument",
    "InternationalProtection",
    "LegalStatus",
    "NeedEntry",
    "Organisation",
    "Person",
    "ReceptionArrangement",
    "ReflectionPeriod",
    "ResidencePermit",
    "ReturnPlan",
    "RiskAssessment",
    "SafetyPlan",
    "ServiceEntry",
    "TraffickingEvent",
]

P = PrivacyClass
C = DataCategory


# --------------------------------------------------------------------------------------
# A. Case and referral metadata
# --------------------------------------------------------------------------------------


class CountryRoleEntry(TRMModel):
    """A country and the role it plays in the case (origin, transit, destination, ...)."""

    country: Annotated[Country, F("The country.", P.QI, C.CASE_METADATA)]
    role: Annotated[CountryRole, F("Its role in the case.", P.QI, C.CASE_METADATA)]


class CaseInfo(TRMModel):
    """What the referral asks for, in which TRM phase, and how urgently."""

    trm_phase: Annotated[
        TrmPhase,
        F("The TRM standard operating procedure the referral belongs to.", P.OPS, C.CASE_METADATA),
    ]
    urgency: Annotated[
        Urgency,
        F(
            "How fast the recipient must act; EMERGENCY when life or freedom is in immediate "
            "danger (CETS 197 Art. 33).",
            P.OPS,
            C.CASE_METADATA,
        ),
    ]
    respond_by: Annotated[
        UtcDateTime | None,
        F("When the sender needs at least an acknowledgement.", P.OPS, C.CASE_METADATA),
    ] = None
    requested_services: Annotated[
        CodeSet[Need] | None,
        F("Services the sender asks the recipient to provide or arrange.", P.OPS, C.ASSISTANCE),
    ] = None
    country_roles: Annotated[
        Items[CountryRoleEntry] | None,
        F("Countries involved in the case and their roles.", P.QI, C.CASE_METADATA),
    ] = None
    opened_on: Annotated[
        Date | None,
        F("When the sender opened its case.", P.QI, C.CASE_METADATA),
    ] = None


# --------------------------------------------------------------------------------------
# J. Organisations involved (referenced by participant id)
# --------------------------------------------------------------------------------------


class Organisation(TRMModel):
    """An organisation involved in the case. Carries no personal data of staff."""

    org_id: Annotated[
        ParticipantId,
        F("Participant identifier of the organisation.", P.OPS, C.ORGANISATIONS),
    ]
    name: Annotated[Name, F("Official name of the organisation.", P.OPS, C.ORGANISATIONS)]
    country: Annotated[
        Country,
        F("Country where the organisation is established.", P.OPS, C.ORGANISATIONS),
    ]
    org_type: Annotated[OrgType, F("Kind of organisation.", P.OPS, C.ORGANISATIONS)]
    is_public_authority: Annotated[
        bool,
        F(
            "True for a public authority acting in the exercise of public powers "
            "(GDPR Art. 49(3), Recital 43).",
            P.OPS,
            C.ORGANISATIONS,
        ),
    ]
    channels: Annotated[
        CodeSet[Channel] | None,
        F("Exchange channels the organisation may use.", P.OPS, C.ORGANISATIONS),
    ] = None
    trm_roles: Annotated[
        CodeSet[TrmRole] | None,
        F("Roles the organisation plays in the TRM.", P.OPS, C.ORGANISATIONS),
    ] = None


# --------------------------------------------------------------------------------------
# B. The person
# --------------------------------------------------------------------------------------


class AgeEstimate(TRMModel):
    """An age in whole years at the time of the message, with its basis."""

    years: Annotated[int, F("Age in whole years.", P.QI, C.DEMOGRAPHICS, ge=0, le=130)]
    basis: Annotated[AgeBasis, F("Where the figure comes from.", P.QI, C.DEMOGRAPHICS)]


class IdentityDocument(TRMModel):
    """An identity or travel document, and what happened to it."""

    document_type: Annotated[IdDocumentType, F("Kind of document.", P.QI, C.DOCUMENTS)]
    number: Annotated[ShortText | None, F("Document number.", P.DI, C.DOCUMENTS)] = None
    issuing_country: Annotated[
        Country | None, F("Country that issued the document.", P.QI, C.DOCUMENTS)
    ] = None
    status: Annotated[
        IdDocumentStatus | None,
        F(
            "Where the document is; WITHHELD_BY_EXPLOITER is also a means of control.",
            P.QI,
            C.DOCUMENTS,
        ),
    ] = None
    expires_on: Annotated[Date | None, F("Expiry date.", P.QI, C.DOCUMENTS)] = None


class Address(TRMModel):
    """A postal address."""

    street: Annotated[ShortText | None, F("Street and number.", P.DI, C.CONTACT)] = None
    locality: Annotated[Name | None, F("Town or village.", P.DI, C.CONTACT)] = None
    postal_code: Annotated[ShortText | None, F("Postal code.", P.DI, C.CONTACT)] = None
    region: Annotated[Name | None, F("Region, province or municipality.", P.QI, C.CONTACT)] = None
    country: Annotated[Country, F("Country.", P.QI, C.CONTACT)]


class ContactDetails(TRMModel):
    """How to reach a person. Prefer functional contacts for staff and guardians."""

    phone: Annotated[
        ShortText | None, F("Telephone number in international form.", P.DI, C.CONTACT)
    ] = None
    email: Annotated[ShortText | None, F("E-mail address.", P.DI, C.CONTACT)] = None


class Person(TRMModel):
    """The (presumed) trafficked person."""

    given_names: Annotated[Name | None, F("Given names.", P.DI, C.IDENTITY)] = None
    family_names: Annotated[Name | None, F("Family names.", P.DI, C.IDENTITY)] = None
    other_names: Annotated[
        CodeSet[Name] | None, F("Aliases and former names.", P.DI, C.IDENTITY)
    ] = None
    date_of_birth: Annotated[
        PartialDate | None,
        F("Date of birth, to year, month or day precision.", P.DI, C.IDENTITY),
    ] = None
    place_of_birth: Annotated[Name | None, F("Place of birth.", P.DI, C.IDENTITY)] = None
    age: Annotated[
        AgeEstimate | None,
        F("Age when the date of birth is unknown or disputed.", P.QI, C.DEMOGRAPHICS),
    ] = None
    minor_status: Annotated[
        MinorStatus,
        F(
            "Whether the person is a child; PRESUMED_MINOR when age is uncertain and there "
            "are reasons to believe the person is a child (CETS 197 Art. 10(3)).",
            P.QI,
            C.DEMOGRAPHICS,
        ),
    ]
    sex: Annotated[Sex, F("Sex (ISO/IEC 5218).", P.QI, C.DEMOGRAPHICS)]
    gender_identity: Annotated[
        GenderIdentity | None,
        F("Gender identity, only if the person chose to state it.", P.SC, C.DEMOGRAPHICS),
    ] = None
    citizenships: Annotated[CodeSet[Country] | None, F("Citizenships.", P.QI, C.DEMOGRAPHICS)] = (
        None
    )
    stateless: Annotated[
        bool | None, F("True if the person is stateless.", P.QI, C.DEMOGRAPHICS)
    ] = None
    country_of_birth: Annotated[Country | None, F("Country of birth.", P.QI, C.DEMOGRAPHICS)] = None
    country_of_residence: Annotated[
        Country | None, F("Country of usual residence.", P.QI, C.DEMOGRAPHICS)
    ] = None
    home_address: Annotated[
        Address | None,
        F("Usual address in the country of residence (not a shelter).", P.DI, C.CONTACT),
    ] = None
    contact: Annotated[
        ContactDetails | None, F("The person's own contact details.", P.DI, C.CONTACT)
    ] = None
    identity_documents: Annotated[
        Items[IdentityDocument] | None, F("Identity documents.", P.DI, C.DOCUMENTS)
    ] = None
    languages: Annotated[
        CodeSet[LanguageTag] | None,
        F("Languages the person understands, first the preferred one.", P.QI, C.DEMOGRAPHICS),
    ] = None
    interpreter_needed: Annotated[
        bool | None,
        F("True if an interpreter is needed (CETS 197 Art. 12(1)(c)).", P.OPS, C.ASSISTANCE),
    ] = None
    marital_status: Annotated[MaritalStatus | None, F("Marital status.", P.QI, C.DEMOGRAPHICS)] = (
        None
    )
    dependent_children: Annotated[
        int | None,
        F("Number of dependent children.", P.QI, C.FAMILY, ge=0, le=30),
    ] = None
    education_level: Annotated[
        EducationLevel | None, F("Highest education level (ISCED 2011).", P.QI, C.DEMOGRAPHICS)
    ] = None
    health_conditions: Annotated[
        CodeSet[HealthCondition] | None,
        F(
            "Categories of health condition relevant to assistance (GDPR Art. 9 data).",
            P.SC,
            C.HEALTH,
        ),
    ] = None


# --------------------------------------------------------------------------------------
# C. Trafficking status and identification
# --------------------------------------------------------------------------------------


class Identification(TRMModel):
    """Victim status and how it was established (CETS 197 Art. 10)."""

    victim_status: Annotated[
        VictimStatus,
        F(
            "PRESUMED on reasonable grounds, IDENTIFIED after formal identification.",
            P.SC,
            C.VICTIM_STATUS,
        ),
    ]
    reasonable_grounds_on: Annotated[
        Date | None,
        F(
            "When reasonable grounds to believe the person is a victim were found.",
            P.QI,
            C.VICTIM_STATUS,
        ),
    ] = None
    formally_identified_on: Annotated[
        Date | None, F("When formal identification was concluded.", P.QI, C.VICTIM_STATUS)
    ] = None
    identifying_org_id: Annotated[
        ParticipantId | None,
        F("The competent authority that identified the person.", P.OPS, C.VICTIM_STATUS),
    ] = None
    channel: Annotated[
        IdentificationChannel | None,
        F("How the person came to the attention of the authorities.", P.QI, C.VICTIM_STATUS),
    ] = None


# --------------------------------------------------------------------------------------
# D. Exploitation
# --------------------------------------------------------------------------------------


class TraffickingEvent(TRMModel):
    """A stage of the trafficking process: where and when."""

    event_type: Annotated[
        TraffickingEventType, F("Recruitment, transit or exploitation.", P.QI, C.EXPLOITATION)
    ]
    country: Annotated[Country, F("Where it happened.", P.QI, C.EXPLOITATION)]
    start: Annotated[PartialDate | None, F("When it began.", P.QI, C.EXPLOITATION)] = None
    end: Annotated[PartialDate | None, F("When it ended.", P.QI, C.EXPLOITATION)] = None


class Exploitation(TRMModel):
    """Forms and circumstances of exploitation (Directive 2011/36/EU Art. 2(3) as amended)."""

    forms: Annotated[
        CodeSet[ExploitationForm],
        F("Forms of exploitation; UNKNOWN if not yet known.", P.SC, C.EXPLOITATION),
    ]
    sexual_exploitation_types: Annotated[
        CodeSet[SexualExploitationType] | None,
        F(
            "Types of sexual exploitation (GDPR Art. 9: sex life).",
            P.SC,
            C.SEXUAL_EXPLOITATION_DETAILS,
        ),
    ] = None
    labour_sectors: Annotated[
        CodeSet[LabourSector] | None,
        F("Economic sectors of labour exploitation (ISIC Rev.4 sections).", P.QI, C.EXPLOITATION),
    ] = None
    means_of_control: Annotated[
        CodeSet[MeansOfControl] | None, F("Means of control used.", P.SC, C.EXPLOITATION)
    ] = None
    recruitment_methods: Annotated[
        CodeSet[RecruitmentMethod] | None, F("How the person was recruited.", P.QI, C.EXPLOITATION)
    ] = None
    recruiter_relationship: Annotated[
        RecruiterRelationship | None,
        F("The recruiter's relationship to the person.", P.QI, C.EXPLOITATION),
    ] = None
    abduction: Annotated[
        bool | None, F("True if the person was abducted.", P.SC, C.EXPLOITATION)
    ] = None
    minor_at_exploitation: Annotated[
        bool | None,
        F("True if the person was a child when the exploitation began.", P.QI, C.EXPLOITATION),
    ] = None
    events: Annotated[
        Items[TraffickingEvent] | None,
        F("Stages of the trafficking process.", P.QI, C.EXPLOITATION),
    ] = None


# --------------------------------------------------------------------------------------
# E. Needs, services, accommodation, reflection period
# --------------------------------------------------------------------------------------


class NeedEntry(TRMModel):
    """An assessed need with its priority.

    Assistance never depends on consent or cooperation (CETS 197 Art. 12(6)).
    """

    need: Annotated[Need, F("The need.", P.SC, C.ASSISTANCE)]
    priority: Annotated[NeedPriority, F("How urgent it is.", P.OPS, C.ASSISTANCE)]


class ServiceEntry(TRMModel):
    """A service planned, given or declined."""

    service: Annotated[Need, F("The service, coded like a need.", P.SC, C.ASSISTANCE)]
    status: Annotated[ServiceStatus, F("Status of the service.", P.OPS, C.ASSISTANCE)]
    provider_org_id: Annotated[
        ParticipantId | None, F("Organisation providing it.", P.OPS, C.ASSISTANCE)
    ] = None
    start: Annotated[Date | None, F("When it began.", P.OPS, C.ASSISTANCE)] = None
    end: Annotated[Date | None, F("When it ended.", P.OPS, C.ASSISTANCE)] = None


class Accommodation(TRMModel):
    """Where the person stays. The address is SAFETY data: it can lead someone to them."""

    accommodation_type: Annotated[
        AccommodationType, F("Kind of accommodation.", P.QI, C.ASSISTANCE)
    ]
    provider_org_id: Annotated[
        ParticipantId | None, F("Organisation running it.", P.OPS, C.ASSISTANCE)
    ] = None
    address: Annotated[Address | None, F("Address of the accommodation.", P.SAFETY, C.LOCATION)] = (
        None
    )


class ReflectionPeriod(TRMModel):
    """Recovery and reflection period of at least 30 days (CETS 197 Art. 13).

    Granted by the country where the person is; ``granting_org_id`` names the authority.
    """

    granted: Annotated[bool, F("True if the period was granted.", P.QI, C.LEGAL_STATUS)]
    start: Annotated[Date | None, F("First day of the period.", P.QI, C.LEGAL_STATUS)] = None
    end: Annotated[Date | None, F("Last day of the period.", P.QI, C.LEGAL_STATUS)] = None
    granting_org_id: Annotated[
        ParticipantId | None, F("Authority that granted it.", P.OPS, C.LEGAL_STATUS)
    ] = None
    extended: Annotated[
        bool | None, F("True if the period was extended.", P.QI, C.LEGAL_STATUS)
    ] = None
    exception: Annotated[
        ReflectionException | None,
        F(
            "Ground for refusing the period or granting less than 30 days (CETS 197 Art. 13(3)).",
            P.QI,
            C.LEGAL_STATUS,
        ),
    ] = None


# --------------------------------------------------------------------------------------
# F. Risk assessment and safety
# --------------------------------------------------------------------------------------


class RiskAssessment(TRMModel):
    """A risk assessment (continuous: at identification, before return, during proceedings)."""

    assessment_id: Annotated[Uuid, F("Identifier of the assessment.", P.OPS, C.RISK_ASSESSMENT)]
    assessed_on: Annotated[Date, F("When it was made.", P.OPS, C.RISK_ASSESSMENT)]
    assessor_org_id: Annotated[
        ParticipantId, F("Organisation that made it.", P.OPS, C.RISK_ASSESSMENT)
    ]
    context: Annotated[RiskContext, F("Why it was made.", P.OPS, C.RISK_ASSESSMENT)]
    overall_level: Annotated[RiskLevel, F("Overall risk level.", P.SC, C.RISK_ASSESSMENT)]
    factors: Annotated[
        CodeSet[RiskFactor] | None, F("Risk factors found.", P.SC, C.RISK_ASSESSMENT)
    ] = None
    subject_views_recorded: Annotated[
        bool | None,
        F("True if the person's own concerns were recorded.", P.OPS, C.RISK_ASSESSMENT),
    ] = None
    assertion_type: Annotated[
        AssertionType | None,
        F(
            "Fact or personal assessment (Directive (EU) 2016/680 Art. 7).",
            P.OPS,
            C.RISK_ASSESSMENT,
        ),
    ] = None
    return_safety_outcome: Annotated[
        ReturnSafetyOutcome | None,
        F(
            "For a PRE_RETURN assessment: whether return is safe (CETS 197 Art. 16(2), 16(7)).",
            P.SC,
            C.RISK_ASSESSMENT,
        ),
    ] = None
    next_review_on: Annotated[
        Date | None, F("When it must be reviewed.", P.OPS, C.RISK_ASSESSMENT)
    ] = None


class SafetyPlan(TRMModel):
    """Safety plan agreed with the person (CETS 197 Art. 12(2), 28)."""

    in_place: Annotated[bool, F("True if a safety plan exists.", P.OPS, C.RISK_ASSESSMENT)]
    agreed_with_person: Annotated[
        bool | None, F("True if the person agreed to it.", P.OPS, C.RISK_ASSESSMENT)
    ] = None
    measures: Annotated[
        CodeSet[ProtectionMeasure] | None,
        F("Protection measures in the plan.", P.SAFETY, C.RISK_ASSESSMENT),
    ] = None


# --------------------------------------------------------------------------------------
# G. Child block
# --------------------------------------------------------------------------------------


class AgeAssessment(TRMModel):
    """Age assessment of a presumed child (CETS 197 Art. 10(3))."""

    performed: Annotated[bool, F("True if an assessment was made.", P.QI, C.CHILD_PROTECTION)]
    methods: Annotated[
        CodeSet[AgeAssessmentMethod] | None, F("Methods used.", P.QI, C.CHILD_PROTECTION)
    ] = None
    assessed_on: Annotated[Date | None, F("When it was made.", P.QI, C.CHILD_PROTECTION)] = None
    min_age: Annotated[
        int | None, F("Lower bound of the assessed age.", P.QI, C.CHILD_PROTECTION, ge=0, le=30)
    ] = None
    max_age: Annotated[
        int | None, F("Upper bound of the assessed age.", P.QI, C.CHILD_PROTECTION, ge=0, le=30)
    ] = None
    benefit_of_doubt_applied: Annotated[
        bool | None,
        F("True if the benefit of the doubt was given to the child.", P.QI, C.CHILD_PROTECTION),
    ] = None


class Guardian(TRMModel):
    """Guardian or legal representative.

    CETS 197 Art. 10(4)(a); Directive 2011/36/EU Art. 14(2).
    """

    appointed: Annotated[
        bool, F("True if a guardian has been appointed.", P.QI, C.CHILD_PROTECTION)
    ]
    guardian_type: Annotated[
        GuardianType | None, F("Kind of guardian.", P.QI, C.CHILD_PROTECTION)
    ] = None
    appointing_org_id: Annotated[
        ParticipantId | None, F("Authority that appointed the guardian.", P.OPS, C.CHILD_PROTECTION)
    ] = None
    appointed_on: Annotated[Date | None, F("Date of appointment.", P.QI, C.CHILD_PROTECTION)] = None
    guardian_org_id: Annotated[
        ParticipantId | None,
        F("Organisation the guardian acts for, if any.", P.OPS, C.CHILD_PROTECTION),
    ] = None
    name: Annotated[Name | None, F("Name of the guardian.", P.DI, C.FAMILY)] = None
    contact: Annotated[
        ContactDetails | None, F("Contact details of the guardian.", P.DI, C.FAMILY)
    ] = None


class BestInterests(TRMModel):
    """Best-interests assessment and determination (UNCRC Art. 3; CETS 197 Art. 16(7))."""

    assessment_done: Annotated[
        bool, F("True if a best-interests assessment was made.", P.SC, C.CHILD_PROTECTION)
    ]
    assessed_on: Annotated[Date | None, F("When it was made.", P.QI, C.CHILD_PROTECTION)] = None
    determination_done: Annotated[
        bool | None,
        F("True if a formal best-interests determination was made.", P.SC, C.CHILD_PROTECTION),
    ] = None
    determined_on: Annotated[
        Date | None, F("When the determination was made.", P.QI, C.CHILD_PROTECTION)
    ] = None
    determining_org_id: Annotated[
        ParticipantId | None, F("Authority that made the determination.", P.OPS, C.CHILD_PROTECTION)
    ] = None
    outcome: Annotated[
        BestInterestsOutcome | None, F("Durable solution found.", P.SC, C.CHILD_PROTECTION)
    ] = None


class ChildViews(TRMModel):
    """The child's views, heard and recorded (UNCRC Art. 12; Directive 2011/36/EU Art. 14(1))."""

    heard: Annotated[bool, F("True if the child's views were heard.", P.QI, C.CHILD_PROTECTION)]
    heard_on: Annotated[Date | None, F("When they were heard.", P.QI, C.CHILD_PROTECTION)] = None
    assent: Annotated[
        ChildAssent | None,
        F(
            "The child's assent to the referral; OBJECTED triggers review.",
            P.SC,
            C.CHILD_PROTECTION,
        ),
    ] = None


class ChildBlock(TRMModel):
    """Required for a minor or presumed minor (CETS 197 Art. 10(3)-(4))."""

    unaccompanied: Annotated[
        bool,
        F(
            "True if the child is separated from both parents and every caregiver.",
            P.QI,
            C.CHILD_PROTECTION,
        ),
    ]
    separated: Annotated[
        bool | None,
        F(
            "True if separated from parents or caregivers but with other relatives.",
            P.QI,
            C.CHILD_PROTECTION,
        ),
    ] = None
    age_assessment: Annotated[
        AgeAssessment | None, F("Age assessment.", P.QI, C.CHILD_PROTECTION)
    ] = None
    guardian: Annotated[Guardian | None, F("Guardian.", P.QI, C.CHILD_PROTECTION)] = None
    parental_involvement: Annotated[
        ParentalInvolvement,
        F(
            "Whether a parent is suspected of involvement; blocks parental consent and family "
            "contact when SUSPECTED or CONFIRMED.",
            P.SC,
            C.CHILD_PROTECTION,
        ),
    ]
    best_interests: Annotated[
        BestInterests | None, F("Best-interests assessment.", P.SC, C.CHILD_PROTECTION)
    ] = None
    family_tracing: Annotated[
        FamilyTracingStatus | None,
        F("Family tracing status (CETS 197 Art. 10(4)(d)).", P.QI, C.FAMILY),
    ] = None
    views: Annotated[ChildViews | None, F("The child's views.", P.QI, C.CHILD_PROTECTION)] = None
    education_access: Annotated[
        bool | None,
        F(
            "True if the child has access to education (CETS 197 Art. 12(1)(f)).",
            P.QI,
            C.CHILD_PROTECTION,
        ),
    ] = None


# --------------------------------------------------------------------------------------
# H. Consents (DESIGN §6)
# --------------------------------------------------------------------------------------


class ConsentRecipients(TRMModel):
    """Who the data may go to: named organisations, organisation types, countries."""

    org_ids: Annotated[
        CodeSet[ParticipantId] | None, F("Named recipient organisations.", P.OPS, C.CONSENT_RECORDS)
    ] = None
    org_types: Annotated[
        CodeSet[OrgType] | None, F("Recipient organisation types.", P.OPS, C.CONSENT_RECORDS)
    ] = None
    countries: Annotated[
        CodeSet[Country] | None, F("Recipient countries.", P.OPS, C.CONSENT_RECORDS)
    ] = None


class ConsentInformation(TRMModel):
    """What the person was told before consenting (GDPR Arts. 7, 13; CETS 197 Art. 12(7))."""

    purpose: Annotated[bool, F("Told the purpose.", P.OPS, C.CONSENT_RECORDS)]
    recipients_and_countries: Annotated[
        bool, F("Told the recipients and their countries.", P.OPS, C.CONSENT_RECORDS)
    ]
    transfer_risks: Annotated[
        bool,
        F(
            "Told the risks of transfer to a country without adequate protection "
            "(GDPR Art. 49(1)(a)).",
            P.OPS,
            C.CONSENT_RECORDS,
        ),
    ]
    right_to_withdraw: Annotated[
        bool, F("Told of the right to withdraw (GDPR Art. 7(3)).", P.OPS, C.CONSENT_RECORDS)
    ]
    retention: Annotated[bool, F("Told how long data are kept.", P.OPS, C.CONSENT_RECORDS)]
    assistance_not_conditional: Annotated[
        bool,
        F(
            "Told that assistance does not depend on consent or cooperation (CETS 197 Art. 12(6)).",
            P.OPS,
            C.CONSENT_RECORDS,
        ),
    ]


class Consent(TRMModel):
    """One consent: one purpose, its recipients and data categories (GDPR Art. 7)."""

    consent_id: Annotated[Uuid, F("Identifier of the consent record.", P.OPS, C.CONSENT_RECORDS)]
    purpose: Annotated[ConsentPurpose, F("The purpose consented to.", P.OPS, C.CONSENT_RECORDS)]
    recipients: Annotated[
        ConsentRecipients, F("Who may receive the data.", P.OPS, C.CONSENT_RECORDS)
    ]
    data_categories: Annotated[
        CodeSet[DataCategory], F("Data categories covered.", P.OPS, C.CONSENT_RECORDS)
    ]
    explicit_categories: Annotated[
        CodeSet[DataCategory] | None,
        F(
            "Special categories the person explicitly consented to, each named "
            "(GDPR Art. 9(2)(a)).",
            P.OPS,
            C.CONSENT_RECORDS,
        ),
    ] = None
    given_by: Annotated[ConsentGiver, F("Who gave the consent.", P.OPS, C.CONSENT_RECORDS)]
    given_at: Annotated[UtcDateTime, F("When it was given.", P.OPS, C.CONSENT_RECORDS)]
    valid_until: Annotated[UtcDateTime, F("When it lapses.", P.OPS, C.CONSENT_RECORDS)]
    status: Annotated[ConsentStatus, F("Current status.", P.OPS, C.CONSENT_RECORDS)]
    withdrawn_at: Annotated[
        UtcDateTime | None, F("When it was withdrawn.", P.OPS, C.CONSENT_RECORDS)
    ] = None
    superseded_by: Annotated[
        Uuid | None, F("The consent that replaced it.", P.OPS, C.CONSENT_RECORDS)
    ] = None
    method: Annotated[ConsentMethod, F("How it was recorded.", P.OPS, C.CONSENT_RECORDS)]
    language: Annotated[
        LanguageTag, F("Language in which the person was informed.", P.QI, C.CONSENT_RECORDS)
    ]
    interpreter_used: Annotated[
        bool | None, F("True if an interpreter was used.", P.OPS, C.CONSENT_RECORDS)
    ] = None
    information_provided: Annotated[
        ConsentInformation, F("What the person was told.", P.OPS, C.CONSENT_RECORDS)
    ]
    child_assent: Annotated[
        ChildAssent | None,
        F("For a child: the child's own assent to this consent.", P.SC, C.CONSENT_RECORDS),
    ] = None
    obtained_by_org_id: Annotated[
        ParticipantId, F("Organisation that obtained it.", P.OPS, C.CONSENT_RECORDS)
    ]
    evidence_sha256: Annotated[
        Sha256Hex | None,
        F(
            "SHA-256 of the signed form or recording; the evidence itself never travels.",
            P.OPS,
            C.CONSENT_RECORDS,
        ),
    ] = None


# --------------------------------------------------------------------------------------
# I. Legal status and proceedings
# --------------------------------------------------------------------------------------


class ResidencePermit(TRMModel):
    """Residence permit for a victim (CETS 197 Art. 14; Directive 2004/81/EC)."""

    basis: Annotated[PermitBasis, F("Why it was issued.", P.QI, C.LEGAL_STATUS)]
    instrument: Annotated[PermitInstrument | None, F("Legal instrument.", P.QI, C.LEGAL_STATUS)] = (
        None
    )
    valid_from: Annotated[Date | None, F("First day of validity.", P.QI, C.LEGAL_STATUS)] = None
    valid_to: Annotated[Date | None, F("Last day of validity.", P.QI, C.LEGAL_STATUS)] = None


class InternationalProtection(TRMModel):
    """Asylum application; blocks contact with origin authorities (Directive 2013/32/EU Art. 30)."""

    applied: Annotated[
        bool, F("True if the person applied for international protection.", P.QI, C.LEGAL_STATUS)
    ]
    status: Annotated[
        ProtectionStatus | None, F("State of the application.", P.QI, C.LEGAL_STATUS)
    ] = None


class CriminalProceedings(TRMModel):
    """The person's part in criminal proceedings.

    Cooperation is never a precondition of assistance (CETS 197 Art. 12(6)).
    """

    stage: Annotated[ProceedingsStage, F("Stage of the proceedings.", P.SC, C.CRIMINAL_PROCEEDINGS)]
    roles: Annotated[
        CodeSet[ProceedingsRole] | None,
        F("The person's roles (a victim is often also a witness).", P.SC, C.CRIMINAL_PROCEEDINGS),
    ] = None
    cooperation: Annotated[
        CooperationStatus | None,
        F("Whether the person cooperates with the authorities.", P.SC, C.CRIMINAL_PROCEEDINGS),
    ] = None
    witness_protection: Annotated[
        bool | None,
        F("True if witness protection applies (CETS 197 Art. 28).", P.SC, C.CRIMINAL_PROCEEDINGS),
    ] = None
    legal_representative_appointed: Annotated[
        bool | None, F("True if a lawyer was appointed.", P.SC, C.CRIMINAL_PROCEEDINGS)
    ] = None


class LegalStatus(TRMModel):
    """Residence, protection and proceedings (CETS 197 Arts. 13-16, 28)."""

    residence_status: Annotated[
        ResidenceStatus | None,
        F("Residence status in the country where the person is now.", P.QI, C.LEGAL_STATUS),
    ] = None
    residence_permit: Annotated[
        ResidencePermit | None, F("Residence permit.", P.QI, C.LEGAL_STATUS)
    ] = None
    international_protection: Annotated[
        InternationalProtection | None,
        F("International protection.", P.QI, C.LEGAL_STATUS),
    ] = None
    removal_suspended: Annotated[
        bool | None,
        F("True if removal is suspended (CETS 197 Art. 10(2), 13(1)).", P.QI, C.LEGAL_STATUS),
    ] = None
    criminal_proceedings: Annotated[
        CriminalProceedings | None,
        F("Criminal proceedings.", P.SC, C.CRIMINAL_PROCEEDINGS),
    ] = None
    compensation: Annotated[
        CompensationStatus | None,
        F("Compensation claim (CETS 197 Art. 15).", P.QI, C.LEGAL_STATUS),
    ] = None


# --------------------------------------------------------------------------------------
# Return and social inclusion (SOP 4)
# --------------------------------------------------------------------------------------


class ReceptionArrangement(TRMModel):
    """Reception on arrival. The meeting point is SAFETY data."""

    arrival_at: Annotated[UtcDateTime | None, F("Planned arrival.", P.SAFETY, C.LOCATION)] = None
    meeting_point: Annotated[
        ShortText | None, F("Where the person will be met.", P.SAFETY, C.LOCATION)
    ] = None
    receiving_org_id: Annotated[
        ParticipantId, F("Organisation that receives the person.", P.OPS, C.ASSISTANCE)
    ]
    escort: Annotated[
        bool | None, F("True if the person travels with an escort.", P.SAFETY, C.LOCATION)
    ] = None


class ReturnPlan(TRMModel):
    """Return, preferably voluntary, with due regard to rights, safety and dignity.

    CETS 197 Art. 16.
    """

    voluntary: Annotated[bool, F("True if the person decided to return.", P.QI, C.ASSISTANCE)]
    destination_country: Annotated[Country, F("Country of return.", P.QI, C.ASSISTANCE)]
    decision_recorded_on: Annotated[
        Date | None, F("When the person's informed decision was recorded.", P.QI, C.ASSISTANCE)
    ] = None
    planned_departure_on: Annotated[
        Date | None, F("Planned departure date.", P.SAFETY, C.LOCATION)
    ] = None
    travel_documents: Annotated[
        TravelDocumentStatus | None,
        F("Travel documents (CETS 197 Art. 16(4)).", P.OPS, C.DOCUMENTS),
    ] = None
    reception: Annotated[
        ReceptionArrangement | None, F("Reception on arrival.", P.SAFETY, C.LOCATION)
    ] = None
    reintegration_plan_agreed: Annotated[
        bool | None, F("True if a reintegration plan was agreed.", P.OPS, C.ASSISTANCE)
    ] = None

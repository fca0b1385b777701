"""Controlled vocabularies of spec 1.0.0, as Python enums.

GENERATED from src/trm_standard/codelists/*.json by ``python -m trm_standard._codegen``;
do not edit by hand. Each enum names its code list in ``__codelist__``.
"""

from enum import StrEnum

__all__ = [
    "AccommodationType",
    "AgeAssessmentMethod",
    "AgeBand",
    "AgeBasis",
    "AssertionType",
    "BestInterestsOutcome",
    "CaseUpdateType",
    "Channel",
    "ChildAssent",
    "ClosureReason",
    "CompensationStatus",
    "ConsentGiver",
    "ConsentMethod",
    "ConsentPurpose",
    "ConsentStatus",
    "ConsultationRequest",
    "CooperationStatus",
    "Country",
    "CountryRole",
    "DataCategory",
    "DeclineReason",
    "EducationLevel",
    "ErasureGround",
    "ErasureOutcome",
    "ExploitationForm",
    "FamilyTracingStatus",
    "GenderIdentity",
    "GuardianType",
    "HealthCondition",
    "IdDocumentStatus",
    "IdDocumentType",
    "IdentificationChannel",
    "LabourSector",
    "LawfulBasis",
    "MaritalStatus",
    "MeansOfControl",
    "MinorStatus",
    "Need",
    "NeedPriority",
    "OrgType",
    "ParentalInvolvement",
    "PermitBasis",
    "PermitInstrument",
    "PrivacyClass",
    "ProceedingsRole",
    "ProceedingsStage",
    "ProtectionMeasure",
    "ProtectionStatus",
    "RecruiterRelationship",
    "RecruitmentMethod",
    "ReferralStatus",
    "ReflectionException",
    "ResidenceStatus",
    "RetentionGround",
    "ReturnSafetyOutcome",
    "RiskContext",
    "RiskFactor",
    "RiskLevel",
    "ServiceStatus",
    "Sex",
    "SexualExploitationType",
    "SpecialCategoryCondition",
    "TraffickingEventType",
    "TransferMechanism",
    "TravelDocumentStatus",
    "TrmPhase",
    "TrmRole",
    "Urgency",
    "VictimStatus",
    "WithdrawalAction",
]


class AccommodationType(StrEnum):
    """Type of accommodation.

    Type of accommodation the person lives in or is offered, recorded in the assistance
    section of referral and return messages (accommodation_type). The code never carries
    an address: shelter locations are SAFETY-class data.
    """

    __codelist__ = "accommodation-type"

    SHELTER = "SHELTER"
    CRISIS_CENTRE = "CRISIS_CENTRE"
    CHILD_CARE_INSTITUTION = "CHILD_CARE_INSTITUTION"
    FOSTER_CARE = "FOSTER_CARE"
    FAMILY = "FAMILY"
    INDEPENDENT = "INDEPENDENT"
    ASYLUM_RECEPTION = "ASYLUM_RECEPTION"
    DETENTION = "DETENTION"
    OTHER = "OTHER"


class AgeAssessmentMethod(StrEnum):
    """Age assessment method.

    Method used to assess the age of a person whose age is uncertain and who may be a
    child; recorded as age_assessment.method in the child-specific section of a
    referral.
    """

    __codelist__ = "age-assessment-method"

    DOCUMENTARY = "DOCUMENTARY"
    INTERVIEW = "INTERVIEW"
    PSYCHOSOCIAL = "PSYCHOSOCIAL"
    MEDICAL = "MEDICAL"
    MULTIDISCIPLINARY = "MULTIDISCIPLINARY"


class AgeBand(StrEnum):
    """Age band.

    Age bands used instead of a date of birth in pre-referral consultations and
    pseudonymised (T2) outputs; the first three bands together cover children under 18.
    """

    __codelist__ = "age-band"

    AGE_0_11 = "AGE_0_11"
    AGE_12_14 = "AGE_12_14"
    AGE_15_17 = "AGE_15_17"
    AGE_18_24 = "AGE_18_24"
    AGE_25_34 = "AGE_25_34"
    AGE_35_44 = "AGE_35_44"
    AGE_45_54 = "AGE_45_54"
    AGE_55_PLUS = "AGE_55_PLUS"


class AgeBasis(StrEnum):
    """Basis of an age figure.

    Basis on which a recorded age or date of birth was established; accompanies
    age_estimate in the person section.
    """

    __codelist__ = "age-basis"

    DOCUMENT = "DOCUMENT"
    SELF_DECLARED = "SELF_DECLARED"
    ASSESSED = "ASSESSED"
    ESTIMATED = "ESTIMATED"


class AssertionType(StrEnum):
    """Fact or personal assessment (LED Art. 7).

    Marks whether a statement about the person, such as victim status or a risk factor,
    is an established fact or a personal assessment; set on identification and risk
    fields, and required on the law-enforcement channel.
    """

    __codelist__ = "assertion-type"

    FACT = "FACT"
    ASSESSMENT = "ASSESSMENT"


class BestInterestsOutcome(StrEnum):
    """Outcome of a best-interests determination.

    Outcome of the formal best-interests determination for a child, recorded in the
    child-specific section; a child return may only be coordinated when the outcome is
    RETURN_ORIGIN.
    """

    __codelist__ = "best-interests-outcome"

    REMAIN_DESTINATION = "REMAIN_DESTINATION"
    RETURN_ORIGIN = "RETURN_ORIGIN"
    FAMILY_REUNIFICATION_THIRD_COUNTRY = "FAMILY_REUNIFICATION_THIRD_COUNTRY"
    PENDING = "PENDING"


class CaseUpdateType(StrEnum):
    """Kind of case update.

    Kind of update carried by a CASE_UPDATE or FEEDBACK message between the receiving
    and the referring organisation.
    """

    __codelist__ = "case-update-type"

    ACKNOWLEDGE = "ACKNOWLEDGE"
    ACCEPT = "ACCEPT"
    DECLINE = "DECLINE"
    STATUS = "STATUS"
    FEEDBACK = "FEEDBACK"


class Channel(StrEnum):
    """Exchange channel.

    Exchange channel of a TRM message, set in the envelope; the assistance and law-
    enforcement channels are kept apart and data are never forwarded automatically from
    one to the other.
    """

    __codelist__ = "channel"

    ASSISTANCE = "ASSISTANCE"
    LAW_ENFORCEMENT = "LAW_ENFORCEMENT"


class ChildAssent(StrEnum):
    """Child's assent.

    Whether a child was heard and agreed when a guardian or other representative gave
    consent on the child's behalf; part of a consent record for a child.
    """

    __codelist__ = "child-assent"

    GIVEN = "GIVEN"
    OBJECTED = "OBJECTED"
    NOT_ASKED = "NOT_ASKED"
    NOT_CAPABLE = "NOT_CAPABLE"


class ClosureReason(StrEnum):
    """Reason a case is closed.

    Reason a TRM case is closed, sent in a CASE_CLOSURE message.
    """

    __codelist__ = "closure-reason"

    SERVICES_COMPLETED = "SERVICES_COMPLETED"
    RETURNED_AND_REINTEGRATED = "RETURNED_AND_REINTEGRATED"
    PERSON_DECLINED = "PERSON_DECLINED"
    LOST_CONTACT = "LOST_CONTACT"
    TRANSFERRED = "TRANSFERRED"
    NOT_A_VICTIM = "NOT_A_VICTIM"
    DECEASED = "DECEASED"
    CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN"
    OTHER = "OTHER"


class CompensationStatus(StrEnum):
    """Compensation claim status.

    Status of the person's claim for compensation from the offender or from a state
    scheme, recorded in the legal-status section.
    """

    __codelist__ = "compensation-status"

    NOT_CLAIMED = "NOT_CLAIMED"
    CLAIMED = "CLAIMED"
    AWARDED = "AWARDED"
    PAID = "PAID"
    REJECTED = "REJECTED"


class ConsentGiver(StrEnum):
    """Who gave consent.

    Who gave a recorded consent: the person themself or someone acting for them; part of
    every consent record.
    """

    __codelist__ = "consent-giver"

    SELF = "SELF"
    PARENT = "PARENT"
    LEGAL_GUARDIAN = "LEGAL_GUARDIAN"
    GUARDIANSHIP_AUTHORITY = "GUARDIANSHIP_AUTHORITY"
    COURT = "COURT"
    OTHER_LEGAL_REPRESENTATIVE = "OTHER_LEGAL_REPRESENTATIVE"


class ConsentMethod(StrEnum):
    """How consent was recorded.

    How a consent was obtained and documented; the evidence stays with the sender and
    only its hash is exchanged.
    """

    __codelist__ = "consent-method"

    WRITTEN_SIGNED = "WRITTEN_SIGNED"
    ORAL_RECORDED = "ORAL_RECORDED"
    ELECTRONIC = "ELECTRONIC"


class ConsentPurpose(StrEnum):
    """Purpose of a disclosure or consent.

    Purpose for which personal data are disclosed or a consent is given; used in consent
    records and as the purpose of every message envelope.
    """

    __codelist__ = "consent-purpose"

    REFERRAL_ASSISTANCE = "REFERRAL_ASSISTANCE"
    SAFETY_RISK_ASSESSMENT = "SAFETY_RISK_ASSESSMENT"
    RETURN_REINTEGRATION = "RETURN_REINTEGRATION"
    IDENTITY_VERIFICATION_WITH_ORIGIN_AUTHORITIES = "IDENTITY_VERIFICATION_WITH_ORIGIN_AUTHORITIES"
    FAMILY_TRACING_CONTACT = "FAMILY_TRACING_CONTACT"
    HEALTH_INFORMATION_SHARING = "HEALTH_INFORMATION_SHARING"
    CASE_MONITORING_FEEDBACK = "CASE_MONITORING_FEEDBACK"
    RESIDENCE_PERMIT = "RESIDENCE_PERMIT"
    LEGAL_AID_COMPENSATION = "LEGAL_AID_COMPENSATION"
    SHARE_WITH_LAW_ENFORCEMENT = "SHARE_WITH_LAW_ENFORCEMENT"
    CRIMINAL_PROCEEDINGS = "CRIMINAL_PROCEEDINGS"
    VICTIM_WITNESS_PROTECTION = "VICTIM_WITNESS_PROTECTION"
    CROSS_BORDER_CASE_LINKING = "CROSS_BORDER_CASE_LINKING"
    PSEUDONYMISED_RESEARCH = "PSEUDONYMISED_RESEARCH"
    ANONYMISED_STATISTICS = "ANONYMISED_STATISTICS"


class ConsentStatus(StrEnum):
    """Consent status.

    Lifecycle state of a consent record; a message may rely only on a consent that is
    ACTIVE and still within its validity period.
    """

    __codelist__ = "consent-status"

    ACTIVE = "ACTIVE"
    WITHDRAWN = "WITHDRAWN"
    EXPIRED = "EXPIRED"
    SUPERSEDED = "SUPERSEDED"


class ConsultationRequest(StrEnum):
    """What a pre-referral consultation asks.

    What a pre-referral consultation asks of the contact point in another country; such
    messages carry only operational data and generalised quasi-identifiers, never
    identifying details.
    """

    __codelist__ = "consultation-request"

    SERVICE_AVAILABILITY = "SERVICE_AVAILABILITY"
    RETURN_FEASIBILITY = "RETURN_FEASIBILITY"
    RISK_INFORMATION = "RISK_INFORMATION"
    PROCEDURE_GUIDANCE = "PROCEDURE_GUIDANCE"
    REFERRAL_PATHWAY = "REFERRAL_PATHWAY"
    OTHER = "OTHER"


class CooperationStatus(StrEnum):
    """Cooperation with authorities.

    Whether the person is cooperating with investigating or prosecuting authorities,
    recorded in the criminal-proceedings block; it is never a precondition for
    assistance.
    """

    __codelist__ = "cooperation-status"

    COOPERATING = "COOPERATING"
    NOT_COOPERATING = "NOT_COOPERATING"
    UNDECIDED = "UNDECIDED"


class Country(StrEnum):
    """Country.

    Countries and territories by ISO 3166-1 alpha-2 code, plus XK for Kosovo. Used for
    citizenships, countries of birth and residence, trafficking events and
    organisations.
    """

    __codelist__ = "country"

    AD = "AD"
    AE = "AE"
    AF = "AF"
    AG = "AG"
    AI = "AI"
    AL = "AL"
    AM = "AM"
    AO = "AO"
    AQ = "AQ"
    AR = "AR"
    AS = "AS"
    AT = "AT"
    AU = "AU"
    AW = "AW"
    AX = "AX"
    AZ = "AZ"
    BA = "BA"
    BB = "BB"
    BD = "BD"
    BE = "BE"
    BF = "BF"
    BG = "BG"
    BH = "BH"
    BI = "BI"
    BJ = "BJ"
    BL = "BL"
    BM = "BM"
    BN = "BN"
    BO = "BO"
    BQ = "BQ"
    BR = "BR"
    BS = "BS"
    BT = "BT"
    BV = "BV"
    BW = "BW"
    BY = "BY"
    BZ = "BZ"
    CA = "CA"
    CC = "CC"
    CD = "CD"
    CF = "CF"
    CG = "CG"
    CH = "CH"
    CI = "CI"
    CK = "CK"
    CL = "CL"
    CM = "CM"
    CN = "CN"
    CO = "CO"
    CR = "CR"
    CU = "CU"
    CV = "CV"
    CW = "CW"
    CX = "CX"
    CY = "CY"
    CZ = "CZ"
    DE = "DE"
    DJ = "DJ"
    DK = "DK"
    DM = "DM"
    DO = "DO"
    DZ = "DZ"
    EC = "EC"
    EE = "EE"
    EG = "EG"
    EH = "EH"
    ER = "ER"
    ES = "ES"
    ET = "ET"
    FI = "FI"
    FJ = "FJ"
    FK = "FK"
    FM = "FM"
    FO = "FO"
    FR = "FR"
    GA = "GA"
    GB = "GB"
    GD = "GD"
    GE = "GE"
    GF = "GF"
    GG = "GG"
    GH = "GH"
    GI = "GI"
    GL = "GL"
    GM = "GM"
    GN = "GN"
    GP = "GP"
    GQ = "GQ"
    GR = "GR"
    GS = "GS"
    GT = "GT"
    GU = "GU"
    GW = "GW"
    GY = "GY"
    HK = "HK"
    HM = "HM"
    HN = "HN"
    HR = "HR"
    HT = "HT"
    HU = "HU"
    ID = "ID"
    IE = "IE"
    IL = "IL"
    IM = "IM"
    IN = "IN"
    IO = "IO"
    IQ = "IQ"
    IR = "IR"
    IS = "IS"
    IT = "IT"
    JE = "JE"
    JM = "JM"
    JO = "JO"
    JP = "JP"
    KE = "KE"
    KG = "KG"
    KH = "KH"
    KI = "KI"
    KM = "KM"
    KN = "KN"
    KP = "KP"
    KR = "KR"
    KW = "KW"
    KY = "KY"
    KZ = "KZ"
    LA = "LA"
    LB = "LB"
    LC = "LC"
    LI = "LI"
    LK = "LK"
    LR = "LR"
    LS = "LS"
    LT = "LT"
    LU = "LU"
    LV = "LV"
    LY = "LY"
    MA = "MA"
    MC = "MC"
    MD = "MD"
    ME = "ME"
    MF = "MF"
    MG = "MG"
    MH = "MH"
    MK = "MK"
    ML = "ML"
    MM = "MM"
    MN = "MN"
    MO = "MO"
    MP = "MP"
    MQ = "MQ"
    MR = "MR"
    MS = "MS"
    MT = "MT"
    MU = "MU"
    MV = "MV"
    MW = "MW"
    MX = "MX"
    MY = "MY"
    MZ = "MZ"
    NA = "NA"
    NC = "NC"
    NE = "NE"
    NF = "NF"
    NG = "NG"
    NI = "NI"
    NL = "NL"
    NO = "NO"
    NP = "NP"
    NR = "NR"
    NU = "NU"
    NZ = "NZ"
    OM = "OM"
    PA = "PA"
    PE = "PE"
    PF = "PF"
    PG = "PG"
    PH = "PH"
    PK = "PK"
    PL = "PL"
    PM = "PM"
    PN = "PN"
    PR = "PR"
    PS = "PS"
    PT = "PT"
    PW = "PW"
    PY = "PY"
    QA = "QA"
    RE = "RE"
    RO = "RO"
    RS = "RS"
    RU = "RU"
    RW = "RW"
    SA = "SA"
    SB = "SB"
    SC = "SC"
    SD = "SD"
    SE = "SE"
    SG = "SG"
    SH = "SH"
    SI = "SI"
    SJ = "SJ"
    SK = "SK"
    SL = "SL"
    SM = "SM"
    SN = "SN"
    SO = "SO"
    SR = "SR"
    SS = "SS"
    ST = "ST"
    SV = "SV"
    SX = "SX"
    SY = "SY"
    SZ = "SZ"
    TC = "TC"
    TD = "TD"
    TF = "TF"
    TG = "TG"
    TH = "TH"
    TJ = "TJ"
    TK = "TK"
    TL = "TL"
    TM = "TM"
    TN = "TN"
    TO = "TO"
    TR = "TR"
    TT = "TT"
    TV = "TV"
    TW = "TW"
    TZ = "TZ"
    UA = "UA"
    UG = "UG"
    UM = "UM"
    US = "US"
    UY = "UY"
    UZ = "UZ"
    VA = "VA"
    VC = "VC"
    VE = "VE"
    VG = "VG"
    VI = "VI"
    VN = "VN"
    VU = "VU"
    WF = "WF"
    WS = "WS"
    XK = "XK"
    YE = "YE"
    YT = "YT"
    ZA = "ZA"
    ZM = "ZM"
    ZW = "ZW"


class CountryRole(StrEnum):
    """Role of a country in the case.

    Role a country plays in the person's case, used in country_roles[] of the referral
    metadata; one country may hold several roles.
    """

    __codelist__ = "country-role"

    ORIGIN = "ORIGIN"
    TRANSIT = "TRANSIT"
    DESTINATION = "DESTINATION"
    IDENTIFICATION = "IDENTIFICATION"
    THIRD_COUNTRY = "THIRD_COUNTRY"


class DataCategory(StrEnum):
    """Category of personal data.

    Categories of personal data named in the scope of a consent and in data-minimisation
    rules; special_category marks categories covered by GDPR Art. 9 or Art. 10.
    """

    __codelist__ = "data-category"

    CASE_METADATA = "CASE_METADATA"
    IDENTITY = "IDENTITY"
    CONTACT = "CONTACT"
    DOCUMENTS = "DOCUMENTS"
    DEMOGRAPHICS = "DEMOGRAPHICS"
    HEALTH = "HEALTH"
    VICTIM_STATUS = "VICTIM_STATUS"
    EXPLOITATION = "EXPLOITATION"
    SEXUAL_EXPLOITATION_DETAILS = "SEXUAL_EXPLOITATION_DETAILS"
    ASSISTANCE = "ASSISTANCE"
    LOCATION = "LOCATION"
    RISK_ASSESSMENT = "RISK_ASSESSMENT"
    CHILD_PROTECTION = "CHILD_PROTECTION"
    FAMILY = "FAMILY"
    LEGAL_STATUS = "LEGAL_STATUS"
    CRIMINAL_PROCEEDINGS = "CRIMINAL_PROCEEDINGS"
    CONSENT_RECORDS = "CONSENT_RECORDS"
    ORGANISATIONS = "ORGANISATIONS"


class DeclineReason(StrEnum):
    """Reason a referral is declined.

    Reason a receiving organisation declines a referral, sent with a DECLINE case
    update.
    """

    __codelist__ = "decline-reason"

    OUTSIDE_MANDATE = "OUTSIDE_MANDATE"
    NO_CAPACITY = "NO_CAPACITY"
    INSUFFICIENT_INFORMATION = "INSUFFICIENT_INFORMATION"
    PERSON_NOT_REACHABLE = "PERSON_NOT_REACHABLE"
    CONSENT_MISSING = "CONSENT_MISSING"
    SAFETY_CONCERN = "SAFETY_CONCERN"
    OTHER = "OTHER"


class EducationLevel(StrEnum):
    """Highest level of education (ISCED 2011).

    Highest level of education the person has completed, coded by ISCED 2011 level; a
    quasi-identifier in the person section.
    """

    __codelist__ = "education-level"

    ISCED_0 = "ISCED_0"
    ISCED_1 = "ISCED_1"
    ISCED_2 = "ISCED_2"
    ISCED_3 = "ISCED_3"
    ISCED_4 = "ISCED_4"
    ISCED_5 = "ISCED_5"
    ISCED_6 = "ISCED_6"
    ISCED_7 = "ISCED_7"
    ISCED_8 = "ISCED_8"
    NONE = "NONE"


class ErasureGround(StrEnum):
    """Ground for erasure (GDPR Art. 17(1)).

    Ground under GDPR Art. 17(1) on which erasure is requested, carried in an
    ERASURE_NOTICE that recipients must act on and acknowledge.
    """

    __codelist__ = "erasure-ground"

    NO_LONGER_NECESSARY = "NO_LONGER_NECESSARY"
    CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN"
    OBJECTION = "OBJECTION"
    UNLAWFUL_PROCESSING = "UNLAWFUL_PROCESSING"
    LEGAL_OBLIGATION = "LEGAL_OBLIGATION"


class ErasureOutcome(StrEnum):
    """Outcome of an erasure request.

    Result of an erasure request as reported by a recipient when it acknowledges an
    ERASURE_NOTICE.
    """

    __codelist__ = "erasure-outcome"

    ERASED = "ERASED"
    PARTIALLY_ERASED = "PARTIALLY_ERASED"
    REFUSED = "REFUSED"


class ExploitationForm(StrEnum):
    """Form of exploitation.

    Forms of exploitation the person was subjected to or intended for; multi-select
    (forms_of_exploitation[]) in the exploitation section.
    """

    __codelist__ = "exploitation-form"

    SEXUAL_EXPLOITATION = "SEXUAL_EXPLOITATION"
    FORCED_LABOUR_SERVICES = "FORCED_LABOUR_SERVICES"
    DOMESTIC_SERVITUDE = "DOMESTIC_SERVITUDE"
    SLAVERY_PRACTICES = "SLAVERY_PRACTICES"
    SERVITUDE = "SERVITUDE"
    FORCED_BEGGING = "FORCED_BEGGING"
    FORCED_CRIMINALITY = "FORCED_CRIMINALITY"
    ORGAN_REMOVAL = "ORGAN_REMOVAL"
    FORCED_MARRIAGE = "FORCED_MARRIAGE"
    ILLEGAL_ADOPTION = "ILLEGAL_ADOPTION"
    SURROGACY_EXPLOITATION = "SURROGACY_EXPLOITATION"
    FORCED_MILITARY_ARMED_GROUP = "FORCED_MILITARY_ARMED_GROUP"
    CHILD_LABOUR = "CHILD_LABOUR"
    OTHER = "OTHER"
    UNKNOWN = "UNKNOWN"


class FamilyTracingStatus(StrEnum):
    """Family tracing status.

    Status of efforts to trace a child's family, recorded in the child-specific section;
    tracing and contact are blocked when parental involvement is suspected or confirmed.
    """

    __codelist__ = "family-tracing-status"

    NOT_STARTED = "NOT_STARTED"
    IN_PROGRESS = "IN_PROGRESS"
    FAMILY_LOCATED = "FAMILY_LOCATED"
    NOT_LOCATED = "NOT_LOCATED"
    NOT_IN_BEST_INTERESTS = "NOT_IN_BEST_INTERESTS"
    SUSPENDED_RISK = "SUSPENDED_RISK"


class GenderIdentity(StrEnum):
    """Gender identity (HTCDS).

    The person's self-described gender identity or expression, an optional and sensitive
    field in the person section kept separate from sex and suppressed or coarsened in
    anonymised output.
    """

    __codelist__ = "gender-identity"

    FEMININE = "FEMININE"
    MASCULINE = "MASCULINE"
    TRANSGENDER_FEMININE = "TRANSGENDER_FEMININE"
    TRANSGENDER_MASCULINE = "TRANSGENDER_MASCULINE"
    NON_CONFORMING = "NON_CONFORMING"
    NOT_SPECIFIED_UNKNOWN = "NOT_SPECIFIED_UNKNOWN"


class GuardianType(StrEnum):
    """Type of guardian or representative.

    Type of guardian or representative acting for a child or for an adult lacking
    capacity, recorded in the guardian block of the child-specific section.
    """

    __codelist__ = "guardian-type"

    PARENT = "PARENT"
    LEGAL_GUARDIAN = "LEGAL_GUARDIAN"
    GUARDIANSHIP_AUTHORITY = "GUARDIANSHIP_AUTHORITY"
    SOCIAL_WORKER = "SOCIAL_WORKER"
    NGO_REPRESENTATIVE = "NGO_REPRESENTATIVE"
    OTHER = "OTHER"


class HealthCondition(StrEnum):
    """Category of health condition.

    Broad categories of health condition relevant to assistance and continuity of care;
    GDPR Art. 9 special-category data, shared only with explicit consent or another Art.
    9(2) condition.
    """

    __codelist__ = "health-condition"

    PHYSICAL_INJURY = "PHYSICAL_INJURY"
    CHRONIC_ILLNESS = "CHRONIC_ILLNESS"
    INFECTIOUS_DISEASE = "INFECTIOUS_DISEASE"
    SEXUAL_REPRODUCTIVE_HEALTH = "SEXUAL_REPRODUCTIVE_HEALTH"
    PREGNANCY = "PREGNANCY"
    MENTAL_HEALTH = "MENTAL_HEALTH"
    SUBSTANCE_DEPENDENCY = "SUBSTANCE_DEPENDENCY"
    DISABILITY = "DISABILITY"
    OTHER = "OTHER"


class IdDocumentStatus(StrEnum):
    """Identity document status.

    Where an identity document is and whether it can be used, recorded for each entry in
    identity_documents[]; WITHHELD_BY_EXPLOITER also feeds the means-of-control record.
    """

    __codelist__ = "id-document-status"

    HELD = "HELD"
    WITHHELD_BY_EXPLOITER = "WITHHELD_BY_EXPLOITER"
    HELD_BY_AUTHORITY = "HELD_BY_AUTHORITY"
    LOST = "LOST"
    EXPIRED = "EXPIRED"
    FRAUDULENT = "FRAUDULENT"


class IdDocumentType(StrEnum):
    """Identity document type.

    Type of identity or travel document, recorded for each entry in identity_documents[]
    of the person section; document numbers are direct identifiers.
    """

    __codelist__ = "id-document-type"

    PASSPORT = "PASSPORT"
    NATIONAL_ID = "NATIONAL_ID"
    RESIDENCE_PERMIT = "RESIDENCE_PERMIT"
    BIRTH_CERTIFICATE = "BIRTH_CERTIFICATE"
    TRAVEL_DOCUMENT = "TRAVEL_DOCUMENT"
    OTHER = "OTHER"


class IdentificationChannel(StrEnum):
    """How the person came to notice.

    How the person first came to the attention of authorities or support organisations,
    recorded in the identification section as a quasi-identifier.
    """

    __codelist__ = "identification-channel"

    SELF_REFERRAL = "SELF_REFERRAL"
    POLICE_OPERATION = "POLICE_OPERATION"
    BORDER_CHECK = "BORDER_CHECK"
    LABOUR_INSPECTION = "LABOUR_INSPECTION"
    NGO_OUTREACH = "NGO_OUTREACH"
    HELPLINE = "HELPLINE"
    ASYLUM_PROCEDURE = "ASYLUM_PROCEDURE"
    HEALTH_SERVICE = "HEALTH_SERVICE"
    CONSULATE = "CONSULATE"
    OTHER = "OTHER"


class LabourSector(StrEnum):
    """Economic sector of labour exploitation (ISIC Rev.4 section).

    Economic sector in which the person was exploited for labour, coded by ISIC Rev.4
    section; multi-select (labour_sectors[]) in the exploitation section.
    """

    __codelist__ = "labour-sector"

    AGRICULTURE_FORESTRY_FISHING = "AGRICULTURE_FORESTRY_FISHING"
    MINING_QUARRYING = "MINING_QUARRYING"
    MANUFACTURING = "MANUFACTURING"
    ELECTRICITY_GAS_SUPPLY = "ELECTRICITY_GAS_SUPPLY"
    WATER_WASTE_MANAGEMENT = "WATER_WASTE_MANAGEMENT"
    CONSTRUCTION = "CONSTRUCTION"
    WHOLESALE_RETAIL_TRADE = "WHOLESALE_RETAIL_TRADE"
    TRANSPORTATION_STORAGE = "TRANSPORTATION_STORAGE"
    ACCOMMODATION_FOOD_SERVICE = "ACCOMMODATION_FOOD_SERVICE"
    INFORMATION_COMMUNICATION = "INFORMATION_COMMUNICATION"
    FINANCIAL_INSURANCE = "FINANCIAL_INSURANCE"
    REAL_ESTATE = "REAL_ESTATE"
    PROFESSIONAL_SCIENTIFIC_TECHNICAL = "PROFESSIONAL_SCIENTIFIC_TECHNICAL"
    ADMINISTRATIVE_SUPPORT_SERVICE = "ADMINISTRATIVE_SUPPORT_SERVICE"
    PUBLIC_ADMINISTRATION_DEFENCE = "PUBLIC_ADMINISTRATION_DEFENCE"
    EDUCATION = "EDUCATION"
    HUMAN_HEALTH_SOCIAL_WORK = "HUMAN_HEALTH_SOCIAL_WORK"
    ARTS_ENTERTAINMENT_RECREATION = "ARTS_ENTERTAINMENT_RECREATION"
    OTHER_SERVICE_ACTIVITIES = "OTHER_SERVICE_ACTIVITIES"
    HOUSEHOLD_ACTIVITIES = "HOUSEHOLD_ACTIVITIES"
    EXTRATERRITORIAL_ORGANISATIONS = "EXTRATERRITORIAL_ORGANISATIONS"


class LawfulBasis(StrEnum):
    """Lawful basis for processing.

    Legal basis on which the personal data in a message are processed and disclosed,
    carried in the envelope separately from any consent record.
    """

    __codelist__ = "lawful-basis"

    GDPR_6_1_A = "GDPR_6_1_A"
    GDPR_6_1_B = "GDPR_6_1_B"
    GDPR_6_1_C = "GDPR_6_1_C"
    GDPR_6_1_D = "GDPR_6_1_D"
    GDPR_6_1_E = "GDPR_6_1_E"
    GDPR_6_1_F = "GDPR_6_1_F"
    LED_ART_8 = "LED_ART_8"
    NATIONAL_LAW_NON_EU = "NATIONAL_LAW_NON_EU"


class MaritalStatus(StrEnum):
    """Marital status (HTCDS).

    The person's marital or civil status, a quasi-identifier in the person section.
    """

    __codelist__ = "marital-status"

    SINGLE = "SINGLE"
    MARRIED = "MARRIED"
    WIDOWED = "WIDOWED"
    DIVORCED = "DIVORCED"
    SEPARATED = "SEPARATED"
    REGISTERED_PARTNERSHIP = "REGISTERED_PARTNERSHIP"


class MeansOfControl(StrEnum):
    """Means of control.

    Means the exploiters used to control the person; multi-select (means_of_control[])
    in the exploitation section, aligned with HTCDS and CTDC and coarsened to the CTDC
    synthetic-data groups in anonymised output.
    """

    __codelist__ = "means-of-control"

    DEBT_BONDAGE = "DEBT_BONDAGE"
    TAKES_EARNINGS = "TAKES_EARNINGS"
    RESTRICTS_FINANCIAL_ACCESS = "RESTRICTS_FINANCIAL_ACCESS"
    THREATS = "THREATS"
    THREATS_TO_FAMILY_OR_CHILDREN = "THREATS_TO_FAMILY_OR_CHILDREN"
    THREAT_OF_LAW_ENFORCEMENT = "THREAT_OF_LAW_ENFORCEMENT"
    PSYCHOLOGICAL_ABUSE = "PSYCHOLOGICAL_ABUSE"
    PHYSICAL_ABUSE = "PHYSICAL_ABUSE"
    SEXUAL_ABUSE = "SEXUAL_ABUSE"
    FALSE_PROMISES = "FALSE_PROMISES"
    PSYCHOACTIVE_SUBSTANCES = "PSYCHOACTIVE_SUBSTANCES"
    RESTRICTS_MOVEMENT = "RESTRICTS_MOVEMENT"
    RESTRICTS_MEDICAL_CARE = "RESTRICTS_MEDICAL_CARE"
    EXCESSIVE_WORKING_HOURS = "EXCESSIVE_WORKING_HOURS"
    USES_CHILDREN = "USES_CHILDREN"
    WITHHOLDS_NECESSITIES = "WITHHOLDS_NECESSITIES"
    WITHHOLDS_DOCUMENTS = "WITHHOLDS_DOCUMENTS"
    OTHER = "OTHER"
    NOT_SPECIFIED = "NOT_SPECIFIED"


class MinorStatus(StrEnum):
    """Whether the person is a child.

    Whether the person is treated as a child, which drives the child-specific section
    and the guardian-consent rules; a presumed minor is treated as a child until the age
    is established.
    """

    __codelist__ = "minor-status"

    ADULT = "ADULT"
    MINOR = "MINOR"
    PRESUMED_MINOR = "PRESUMED_MINOR"
    UNDETERMINED = "UNDETERMINED"


class Need(StrEnum):
    """Assistance need or service.

    Assistance needs identified for the person and services requested or provided, used
    in needs[] and services[] of a referral; health-related needs are special-category
    data. The htcds mapping gives the HTCDS support-plan type (spl_Type).
    """

    __codelist__ = "need"

    SAFE_ACCOMMODATION = "SAFE_ACCOMMODATION"
    EMERGENCY_MEDICAL = "EMERGENCY_MEDICAL"
    GENERAL_HEALTH = "GENERAL_HEALTH"
    SEXUAL_REPRODUCTIVE_HEALTH = "SEXUAL_REPRODUCTIVE_HEALTH"
    MENTAL_HEALTH_PSYCHOSOCIAL = "MENTAL_HEALTH_PSYCHOSOCIAL"
    INTERPRETATION = "INTERPRETATION"
    INFORMATION_LEGAL_COUNSELLING = "INFORMATION_LEGAL_COUNSELLING"
    LEGAL_AID_REPRESENTATION = "LEGAL_AID_REPRESENTATION"
    IDENTITY_TRAVEL_DOCUMENTS = "IDENTITY_TRAVEL_DOCUMENTS"
    MATERIAL_ASSISTANCE = "MATERIAL_ASSISTANCE"
    FINANCIAL_ASSISTANCE = "FINANCIAL_ASSISTANCE"
    EDUCATION = "EDUCATION"
    VOCATIONAL_TRAINING = "VOCATIONAL_TRAINING"
    EMPLOYMENT_SUPPORT = "EMPLOYMENT_SUPPORT"
    CHILDCARE = "CHILDCARE"
    FAMILY_TRACING = "FAMILY_TRACING"
    FAMILY_REUNIFICATION = "FAMILY_REUNIFICATION"
    SAFE_RETURN_TRANSPORT = "SAFE_RETURN_TRANSPORT"
    REINTEGRATION_SUPPORT = "REINTEGRATION_SUPPORT"
    PROTECTION_SECURITY = "PROTECTION_SECURITY"
    SUBSTANCE_USE_TREATMENT = "SUBSTANCE_USE_TREATMENT"
    OTHER = "OTHER"


class NeedPriority(StrEnum):
    """Priority of a need.

    Priority attached to each entry in needs[] of a referral.
    """

    __codelist__ = "need-priority"

    IMMEDIATE = "IMMEDIATE"
    HIGH = "HIGH"
    NORMAL = "NORMAL"


class OrgType(StrEnum):
    """Organisation type.

    Type of organisation in the organisation registry, used for senders, receivers and
    the identifying authority; the htcds mapping gives the HTCDS organisation type
    (org_Type).
    """

    __codelist__ = "org-type"

    NATIONAL_COORDINATOR = "NATIONAL_COORDINATOR"
    NRM_SECRETARIAT = "NRM_SECRETARIAT"
    POLICE = "POLICE"
    BORDER_POLICE = "BORDER_POLICE"
    PROSECUTION = "PROSECUTION"
    COURT = "COURT"
    LABOUR_INSPECTORATE = "LABOUR_INSPECTORATE"
    SOCIAL_WELFARE = "SOCIAL_WELFARE"
    CHILD_PROTECTION = "CHILD_PROTECTION"
    MIGRATION_AUTHORITY = "MIGRATION_AUTHORITY"
    ASYLUM_AUTHORITY = "ASYLUM_AUTHORITY"
    CENTRAL_GOVERNMENT = "CENTRAL_GOVERNMENT"
    LOCAL_GOVERNMENT = "LOCAL_GOVERNMENT"
    NGO = "NGO"
    SHELTER_PROVIDER = "SHELTER_PROVIDER"
    HEALTH_SERVICE = "HEALTH_SERVICE"
    LEGAL_SERVICE = "LEGAL_SERVICE"
    INTERNATIONAL_ORGANISATION = "INTERNATIONAL_ORGANISATION"
    CONSULAR_SERVICE = "CONSULAR_SERVICE"
    GUARDIANSHIP_BODY = "GUARDIANSHIP_BODY"
    HELPLINE = "HELPLINE"
    EDUCATION = "EDUCATION"
    BUSINESS = "BUSINESS"
    OTHER = "OTHER"


class ParentalInvolvement(StrEnum):
    """Involvement of a parent in the trafficking.

    Whether a parent is known or suspected to be involved in a child's trafficking,
    recorded in the child-specific section; SUSPECTED or CONFIRMED blocks parental
    consent and family contact.
    """

    __codelist__ = "parental-involvement"

    NONE_KNOWN = "NONE_KNOWN"
    SUSPECTED = "SUSPECTED"
    CONFIRMED = "CONFIRMED"


class PermitBasis(StrEnum):
    """Basis of a residence permit (CETS 197 Art. 14(1)).

    Ground on which a residence permit for a trafficking victim was issued, recorded in
    the residence_permit block of the legal-status section.
    """

    __codelist__ = "permit-basis"

    PERSONAL_SITUATION = "PERSONAL_SITUATION"
    COOPERATION = "COOPERATION"
    BOTH = "BOTH"


class PermitInstrument(StrEnum):
    """Legal instrument of a residence permit.

    Legal instrument under which a residence permit for a trafficking victim was issued,
    recorded in the residence_permit block of the legal-status section.
    """

    __codelist__ = "permit-instrument"

    CETS197_ART14 = "CETS197_ART14"
    DIRECTIVE_2004_81 = "DIRECTIVE_2004_81"
    NATIONAL_LAW = "NATIONAL_LAW"


class PrivacyClass(StrEnum):
    """Privacy class of a field.

    Privacy class assigned to every field of the schema (x-trm-privacy); it drives
    consent checks, data minimisation and anonymisation.
    """

    __codelist__ = "privacy-class"

    DI = "DI"
    QI = "QI"
    SC = "SC"
    SAFETY = "SAFETY"
    OPS = "OPS"


class ProceedingsRole(StrEnum):
    """Role of the person in proceedings.

    Role of the person in criminal or related proceedings, recorded in the
    criminal_proceedings block; such data belong on the law-enforcement channel or need
    specific consent.
    """

    __codelist__ = "proceedings-role"

    INJURED_PARTY = "INJURED_PARTY"
    WITNESS = "WITNESS"
    CIVIL_PARTY = "CIVIL_PARTY"


class ProceedingsStage(StrEnum):
    """Stage of criminal proceedings.

    Current stage of the criminal proceedings connected with the person's case, recorded
    in the criminal_proceedings block of the legal-status section.
    """

    __codelist__ = "proceedings-stage"

    NONE = "NONE"
    PRE_INVESTIGATION = "PRE_INVESTIGATION"
    INVESTIGATION = "INVESTIGATION"
    PROSECUTION = "PROSECUTION"
    TRIAL = "TRIAL"
    APPEAL = "APPEAL"
    CONCLUDED = "CONCLUDED"


class ProtectionMeasure(StrEnum):
    """Protection measure.

    Protection measures in the person's safety plan (safety_plan.measures[]); details of
    safe housing, relocation or identity change are SAFETY-class data.
    """

    __codelist__ = "protection-measure"

    SAFE_HOUSING = "SAFE_HOUSING"
    POLICE_PROTECTION = "POLICE_PROTECTION"
    RELOCATION = "RELOCATION"
    IDENTITY_CHANGE = "IDENTITY_CHANGE"
    COMMUNICATION_RESTRICTIONS = "COMMUNICATION_RESTRICTIONS"
    ESCORT = "ESCORT"
    COURT_SPECIAL_MEASURES = "COURT_SPECIAL_MEASURES"
    EXIT_BAN_CHILD = "EXIT_BAN_CHILD"
    OTHER = "OTHER"


class ProtectionStatus(StrEnum):
    """International protection status.

    Status of the person's application for international protection, recorded in the
    legal-status section; any application blocks contact with authorities of the country
    of origin.
    """

    __codelist__ = "protection-status"

    PENDING = "PENDING"
    GRANTED = "GRANTED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


class RecruiterRelationship(StrEnum):
    """Relationship of the recruiter to the person.

    Relationship between the person and the recruiter before the recruitment, recorded
    in the exploitation section.
    """

    __codelist__ = "recruiter-relationship"

    INTIMATE_PARTNER = "INTIMATE_PARTNER"
    FAMILY_MEMBER = "FAMILY_MEMBER"
    FRIEND_ACQUAINTANCE = "FRIEND_ACQUAINTANCE"
    EMPLOYER_OR_AGENCY = "EMPLOYER_OR_AGENCY"
    STRANGER = "STRANGER"
    OTHER = "OTHER"
    UNKNOWN = "UNKNOWN"


class RecruitmentMethod(StrEnum):
    """Method of recruitment (HTCDS).

    How the person was recruited; multi-select (recruitment_methods[]) in the
    exploitation section, reusing the HTCDS values.
    """

    __codelist__ = "recruitment-method"

    AT_PLACE_OF_BUSINESS = "AT_PLACE_OF_BUSINESS"
    AT_EDUCATIONAL_INSTITUTION = "AT_EDUCATIONAL_INSTITUTION"
    AT_WORK = "AT_WORK"
    ONLINE_SOCIAL_NETWORK = "ONLINE_SOCIAL_NETWORK"
    ONLINE_ADVERTISEMENT = "ONLINE_ADVERTISEMENT"
    TELEVISION_ADVERTISEMENT = "TELEVISION_ADVERTISEMENT"
    NEWSPAPER_ADVERTISEMENT = "NEWSPAPER_ADVERTISEMENT"
    THROUGH_FAMILY = "THROUGH_FAMILY"
    THROUGH_FRIENDS_SOCIAL_EVENTS = "THROUGH_FRIENDS_SOCIAL_EVENTS"
    OTHER = "OTHER"


class ReferralStatus(StrEnum):
    """Referral status.

    Lifecycle status of a cross-border referral, kept by sender and receiver and updated
    through case-update messages.
    """

    __codelist__ = "referral-status"

    SENT = "SENT"
    RECEIVED = "RECEIVED"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    CLOSED = "CLOSED"
    WITHDRAWN = "WITHDRAWN"


class ReflectionException(StrEnum):
    """Ground for not granting or shortening the reflection period.

    Reason a recovery and reflection period was not granted, was ended early or was
    replaced by another measure, recorded in the reflection_period block.
    """

    __codelist__ = "reflection-exception"

    PUBLIC_ORDER = "PUBLIC_ORDER"
    IMPROPER_CLAIM = "IMPROPER_CLAIM"
    CHILD_PROTECTION_MEASURE_INSTEAD = "CHILD_PROTECTION_MEASURE_INSTEAD"
    NOT_REQUESTED = "NOT_REQUESTED"
    OTHER = "OTHER"


class ResidenceStatus(StrEnum):
    """Residence status in the country of the sender.

    The person's residence status in the sender's country, recorded in the legal-status
    section; non-EU participants use the nearest national equivalent.
    """

    __codelist__ = "residence-status"

    CITIZEN = "CITIZEN"
    EU_FREE_MOVEMENT = "EU_FREE_MOVEMENT"
    REGULAR_PERMIT = "REGULAR_PERMIT"
    REFLECTION_STAY = "REFLECTION_STAY"
    THB_VICTIM_PERMIT = "THB_VICTIM_PERMIT"
    ASYLUM_SEEKER = "ASYLUM_SEEKER"
    REFUGEE = "REFUGEE"
    SUBSIDIARY_PROTECTION = "SUBSIDIARY_PROTECTION"
    TEMPORARY_PROTECTION = "TEMPORARY_PROTECTION"
    STATELESS = "STATELESS"
    IRREGULAR = "IRREGULAR"
    UNKNOWN = "UNKNOWN"


class RetentionGround(StrEnum):
    """Ground for retaining data despite an erasure request (GDPR Art. 17(3)).

    Ground under GDPR Art. 17(3) for keeping data despite an erasure request or consent
    withdrawal, reported when a recipient acknowledges an ERASURE_NOTICE or
    CONSENT_WITHDRAWAL.
    """

    __codelist__ = "retention-ground"

    FREEDOM_OF_EXPRESSION = "FREEDOM_OF_EXPRESSION"
    LEGAL_OBLIGATION_OR_PUBLIC_TASK = "LEGAL_OBLIGATION_OR_PUBLIC_TASK"
    PUBLIC_HEALTH = "PUBLIC_HEALTH"
    ARCHIVING_RESEARCH_STATISTICS = "ARCHIVING_RESEARCH_STATISTICS"
    LEGAL_CLAIMS = "LEGAL_CLAIMS"


class ReturnSafetyOutcome(StrEnum):
    """Outcome of a pre-return safety assessment.

    Outcome of the pre-return risk and safety assessment made in the destination and
    origin countries; needed before return coordination, and for a child it must be
    RETURN_SAFE or SAFE_WITH_CONDITIONS.
    """

    __codelist__ = "return-safety-outcome"

    RETURN_SAFE = "RETURN_SAFE"
    SAFE_WITH_CONDITIONS = "SAFE_WITH_CONDITIONS"
    NOT_SAFE = "NOT_SAFE"
    NOT_ASSESSED = "NOT_ASSESSED"


class RiskContext(StrEnum):
    """When a risk assessment was made.

    Point in the case at which a risk assessment was made, recorded on each entry of
    risk_assessments[]; risk is reassessed throughout the case.
    """

    __codelist__ = "risk-context"

    IDENTIFICATION = "IDENTIFICATION"
    ONGOING = "ONGOING"
    PRE_RETURN = "PRE_RETURN"
    PRE_TRIAL = "PRE_TRIAL"
    REINTEGRATION = "REINTEGRATION"


class RiskFactor(StrEnum):
    """Risk factor.

    Risk factors identified in a risk assessment (risk_assessments[].factors[]); factors
    that reveal health are special-category data.
    """

    __codelist__ = "risk-factor"

    RE_TRAFFICKING = "RE_TRAFFICKING"
    RETALIATION_PERSON = "RETALIATION_PERSON"
    RETALIATION_FAMILY = "RETALIATION_FAMILY"
    TRAFFICKER_PRESENT_IN_ORIGIN_COMMUNITY = "TRAFFICKER_PRESENT_IN_ORIGIN_COMMUNITY"
    FAMILY_COMPLICITY = "FAMILY_COMPLICITY"
    OUTSTANDING_DEBT = "OUTSTANDING_DEBT"
    STIGMA_REJECTION = "STIGMA_REJECTION"
    DOMESTIC_VIOLENCE = "DOMESTIC_VIOLENCE"
    SELF_HARM_SUICIDE = "SELF_HARM_SUICIDE"
    SUBSTANCE_DEPENDENCY = "SUBSTANCE_DEPENDENCY"
    SERIOUS_HEALTH_CONDITION = "SERIOUS_HEALTH_CONDITION"
    PREGNANCY = "PREGNANCY"
    NO_DOCUMENTS = "NO_DOCUMENTS"
    IRREGULAR_STATUS_REMOVAL = "IRREGULAR_STATUS_REMOVAL"
    HOMELESSNESS_POVERTY = "HOMELESSNESS_POVERTY"
    DISCRIMINATION = "DISCRIMINATION"
    CHILD_WITHOUT_CARE = "CHILD_WITHOUT_CARE"
    ONLINE_EXPOSURE_OF_IMAGES = "ONLINE_EXPOSURE_OF_IMAGES"
    OTHER = "OTHER"


class RiskLevel(StrEnum):
    """Overall risk level.

    Overall level resulting from a risk assessment (risk_assessments[].overall_level),
    the only risk information kept in anonymised output.
    """

    __codelist__ = "risk-level"

    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"
    NOT_ASSESSED = "NOT_ASSESSED"


class ServiceStatus(StrEnum):
    """Status of a service.

    Status of each service in services[] of a referral or case update; declining one
    service never affects other assistance.
    """

    __codelist__ = "service-status"

    PLANNED = "PLANNED"
    ONGOING = "ONGOING"
    COMPLETED = "COMPLETED"
    DECLINED_BY_PERSON = "DECLINED_BY_PERSON"
    UNAVAILABLE = "UNAVAILABLE"


class Sex(StrEnum):
    """Sex (ISO/IEC 5218).

    The person's sex coded by ISO/IEC 5218, a required quasi-identifier in the person
    section; gender identity is recorded separately.
    """

    __codelist__ = "sex"

    NOT_KNOWN = "NOT_KNOWN"
    MALE = "MALE"
    FEMALE = "FEMALE"
    NOT_APPLICABLE = "NOT_APPLICABLE"


class SexualExploitationType(StrEnum):
    """Type of sexual exploitation.

    Types of sexual exploitation that detail SEXUAL_EXPLOITATION, multi-select
    (sexual_exploitation_types[]) in the exploitation section; special-category data
    revealing the person's sex life.
    """

    __codelist__ = "sexual-exploitation-type"

    PROSTITUTION = "PROSTITUTION"
    PORNOGRAPHY = "PORNOGRAPHY"
    REMOTE_INTERACTIVE_ONLINE = "REMOTE_INTERACTIVE_ONLINE"
    PRIVATE_SEXUAL_SERVICES = "PRIVATE_SEXUAL_SERVICES"
    OTHER = "OTHER"


class SpecialCategoryCondition(StrEnum):
    """Condition for special-category or criminal-offence data.

    Condition allowing special-category or criminal-offence data to be included in a
    message, recorded with the lawful basis whenever SC fields are sent.
    """

    __codelist__ = "special-category-condition"

    GDPR_9_2_A = "GDPR_9_2_A"
    GDPR_9_2_B = "GDPR_9_2_B"
    GDPR_9_2_C = "GDPR_9_2_C"
    GDPR_9_2_F = "GDPR_9_2_F"
    GDPR_9_2_G = "GDPR_9_2_G"
    GDPR_9_2_H = "GDPR_9_2_H"
    GDPR_10 = "GDPR_10"
    LED_ART_10 = "LED_ART_10"
    NATIONAL_LAW_NON_EU = "NATIONAL_LAW_NON_EU"


class TraffickingEventType(StrEnum):
    """Stage of the trafficking process.

    Stage of the trafficking process that an event refers to, used in events[] of the
    exploitation section together with a country and dates.
    """

    __codelist__ = "trafficking-event-type"

    RECRUITMENT = "RECRUITMENT"
    TRANSIT = "TRANSIT"
    EXPLOITATION = "EXPLOITATION"


class TransferMechanism(StrEnum):
    """Cross-border transfer mechanism.

    Legal mechanism under which the personal data in a message leave the sender's
    country, set in the envelope; public authorities exercising public powers may not
    use the Art. 49(1)(a) consent derogation.
    """

    __codelist__ = "transfer-mechanism"

    DOMESTIC = "DOMESTIC"
    INTRA_EU = "INTRA_EU"
    ADEQUACY = "ADEQUACY"
    ART46_2A_INSTRUMENT = "ART46_2A_INSTRUMENT"
    ART46_3B_ADMIN_ARRANGEMENT = "ART46_3B_ADMIN_ARRANGEMENT"
    SCC = "SCC"
    ART49_1A_CONSENT = "ART49_1A_CONSENT"
    ART49_1D_PUBLIC_INTEREST = "ART49_1D_PUBLIC_INTEREST"
    ART49_1F_VITAL_INTERESTS = "ART49_1F_VITAL_INTERESTS"
    LED_ART36_ADEQUACY = "LED_ART36_ADEQUACY"
    LED_ART37_SAFEGUARDS = "LED_ART37_SAFEGUARDS"
    LED_ART38_DEROGATION = "LED_ART38_DEROGATION"
    LED_ART39_NON_COMPETENT = "LED_ART39_NON_COMPETENT"
    NON_EU_NATIONAL_LAW = "NON_EU_NATIONAL_LAW"


class TravelDocumentStatus(StrEnum):
    """Travel document status for a return.

    Status of the travel document the person needs for a return, recorded in return-
    coordination messages.
    """

    __codelist__ = "travel-document-status"

    NOT_REQUIRED = "NOT_REQUIRED"
    REQUESTED = "REQUESTED"
    ISSUED = "ISSUED"


class TrmPhase(StrEnum):
    """TRM phase (standard operating procedure).

    The TRM standard operating procedure (phase) a message relates to, a required field
    of every referral record.
    """

    __codelist__ = "trm-phase"

    IDENTIFICATION = "IDENTIFICATION"
    FIRST_ASSISTANCE_PROTECTION = "FIRST_ASSISTANCE_PROTECTION"
    LONG_TERM_ASSISTANCE_INCLUSION = "LONG_TERM_ASSISTANCE_INCLUSION"
    RETURN_INCLUSION = "RETURN_INCLUSION"
    CRIMINAL_CIVIL_PROCEEDINGS = "CRIMINAL_CIVIL_PROCEEDINGS"


class TrmRole(StrEnum):
    """Role of an organisation in the TRM.

    Roles an organisation plays in the TRM, listed in trm_roles[] of the organisation
    registry.
    """

    __codelist__ = "trm-role"

    CONTACT_POINT = "CONTACT_POINT"
    NATIONAL_COORDINATOR = "NATIONAL_COORDINATOR"
    NRM_SECRETARIAT = "NRM_SECRETARIAT"
    IDENTIFYING_AUTHORITY = "IDENTIFYING_AUTHORITY"
    SERVICE_PROVIDER = "SERVICE_PROVIDER"
    CASE_MANAGER = "CASE_MANAGER"
    GUARDIAN_BODY = "GUARDIAN_BODY"
    RECEIVING_ORGANISATION = "RECEIVING_ORGANISATION"


class Urgency(StrEnum):
    """Urgency of a request.

    How quickly the recipient must respond to a message, set in the referral metadata
    together with respond_by.
    """

    __codelist__ = "urgency"

    ROUTINE = "ROUTINE"
    URGENT = "URGENT"
    EMERGENCY = "EMERGENCY"


class VictimStatus(StrEnum):
    """Trafficking victim status.

    The person's status as a victim of trafficking in the sender's country, a required
    and highly sensitive field of the identification section.
    """

    __codelist__ = "victim-status"

    PRESUMED = "PRESUMED"
    IDENTIFIED = "IDENTIFIED"
    NOT_VICTIM = "NOT_VICTIM"
    UNDETERMINED = "UNDETERMINED"


class WithdrawalAction(StrEnum):
    """Action required of a recipient after withdrawal.

    Action a recipient must take on receiving a CONSENT_WITHDRAWAL notice, which it must
    then acknowledge.
    """

    __codelist__ = "withdrawal-action"

    STOP_PROCESSING = "STOP_PROCESSING"
    ERASE_UNLESS_OTHER_BASIS = "ERASE_UNLESS_OTHER_BASIS"
    RESTRICT_PROCESSING = "RESTRICT_PROCESSING"

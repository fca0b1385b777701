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

    Code list: https://w3id.org/trm/codes/accommodation-type
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

    Code list: https://w3id.org/trm/codes/age-assessment-method
    """

    __codelist__ = "age-assessment-method"

    DOCUMENTARY = "DOCUMENTARY"
    INTERVIEW = "INTERVIEW"
    PSYCHOSOCIAL = "PSYCHOSOCIAL"
    MEDICAL = "MEDICAL"
    MULTIDISCIPLINARY = "MULTIDISCIPLINARY"


class AgeBand(StrEnum):
    """Age band.

    Code list: https://w3id.org/trm/codes/age-band
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

    Code list: https://w3id.org/trm/codes/age-basis
    """

    __codelist__ = "age-basis"

    DOCUMENT = "DOCUMENT"
    SELF_DECLARED = "SELF_DECLARED"
    ASSESSED = "ASSESSED"
    ESTIMATED = "ESTIMATED"


class AssertionType(StrEnum):
    """Fact or personal assessment (LED Art. 7).

    Code list: https://w3id.org/trm/codes/assertion-type
    """

    __codelist__ = "assertion-type"

    FACT = "FACT"
    ASSESSMENT = "ASSESSMENT"


class BestInterestsOutcome(StrEnum):
    """Outcome of a best-interests determination.

    Code list: https://w3id.org/trm/codes/best-interests-outcome
    """

    __codelist__ = "best-interests-outcome"

    REMAIN_DESTINATION = "REMAIN_DESTINATION"
    RETURN_ORIGIN = "RETURN_ORIGIN"
    FAMILY_REUNIFICATION_THIRD_COUNTRY = "FAMILY_REUNIFICATION_THIRD_COUNTRY"
    PENDING = "PENDING"


class CaseUpdateType(StrEnum):
    """Kind of case update.

    Code list: https://w3id.org/trm/codes/case-update-type
    """

    __codelist__ = "case-update-type"

    ACKNOWLEDGE = "ACKNOWLEDGE"
    ACCEPT = "ACCEPT"
    DECLINE = "DECLINE"
    STATUS = "STATUS"
    FEEDBACK = "FEEDBACK"


class Channel(StrEnum):
    """Exchange channel.

    Code list: https://w3id.org/trm/codes/channel
    """

    __codelist__ = "channel"

    ASSISTANCE = "ASSISTANCE"
    LAW_ENFORCEMENT = "LAW_ENFORCEMENT"


class ChildAssent(StrEnum):
    """Child's assent.

    Code list: https://w3id.org/trm/codes/child-assent
    """

    __codelist__ = "child-assent"

    GIVEN = "GIVEN"
    OBJECTED = "OBJECTED"
    NOT_ASKED = "NOT_ASKED"
    NOT_CAPABLE = "NOT_CAPABLE"


class ClosureReason(StrEnum):
    """Reason a case is closed.

    Code list: https://w3id.org/trm/codes/closure-reason
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

    Code list: https://w3id.org/trm/codes/compensation-status
    """

    __codelist__ = "compensation-status"

    NOT_CLAIMED = "NOT_CLAIMED"
    CLAIMED = "CLAIMED"
    AWARDED = "AWARDED"
    PAID = "PAID"
    REJECTED = "REJECTED"


class ConsentGiver(StrEnum):
    """Who gave consent.

    Code list: https://w3id.org/trm/codes/consent-giver
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

    Code list: https://w3id.org/trm/codes/consent-method
    """

    __codelist__ = "consent-method"

    WRITTEN_SIGNED = "WRITTEN_SIGNED"
    ORAL_RECORDED = "ORAL_RECORDED"
    ELECTRONIC = "ELECTRONIC"


class ConsentPurpose(StrEnum):
    """Purpose of a disclosure or consent.

    Code list: https://w3id.org/trm/codes/consent-purpose
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
    CROSS_BORDER_CASE_LINKING = "CROSS_BORDER_CASE_LINKING"
    PSEUDONYMISED_RESEARCH = "PSEUDONYMISED_RESEARCH"
    ANONYMISED_STATISTICS = "ANONYMISED_STATISTICS"


class ConsentStatus(StrEnum):
    """Consent status.

    Code list: https://w3id.org/trm/codes/consent-status
    """

    __codelist__ = "consent-status"

    ACTIVE = "ACTIVE"
    WITHDRAWN = "WITHDRAWN"
    EXPIRED = "EXPIRED"
    SUPERSEDED = "SUPERSEDED"


class ConsultationRequest(StrEnum):
    """What a pre-referral consultation asks.

    Code list: https://w3id.org/trm/codes/consultation-request
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

    Code list: https://w3id.org/trm/codes/cooperation-status
    """

    __codelist__ = "cooperation-status"

    COOPERATING = "COOPERATING"
    NOT_COOPERATING = "NOT_COOPERATING"
    UNDECIDED = "UNDECIDED"


class Country(StrEnum):
    """Country.

    Code list: https://w3id.org/trm/codes/country
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

    Code list: https://w3id.org/trm/codes/country-role
    """

    __codelist__ = "country-role"

    ORIGIN = "ORIGIN"
    TRANSIT = "TRANSIT"
    DESTINATION = "DESTINATION"
    IDENTIFICATION = "IDENTIFICATION"
    THIRD_COUNTRY = "THIRD_COUNTRY"


class DataCategory(StrEnum):
    """Category of personal data.

    Code list: https://w3id.org/trm/codes/data-category
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

    Code list: https://w3id.org/trm/codes/decline-reason
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

    Code list: https://w3id.org/trm/codes/education-level
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

    Code list: https://w3id.org/trm/codes/erasure-ground
    """

    __codelist__ = "erasure-ground"

    NO_LONGER_NECESSARY = "NO_LONGER_NECESSARY"
    CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN"
    OBJECTION = "OBJECTION"
    UNLAWFUL_PROCESSING = "UNLAWFUL_PROCESSING"
    LEGAL_OBLIGATION = "LEGAL_OBLIGATION"


class ErasureOutcome(StrEnum):
    """Outcome of an erasure request.

    Code list: https://w3id.org/trm/codes/erasure-outcome
    """

    __codelist__ = "erasure-outcome"

    ERASED = "ERASED"
    PARTIALLY_ERASED = "PARTIALLY_ERASED"
    REFUSED = "REFUSED"


class ExploitationForm(StrEnum):
    """Form of exploitation.

    Code list: https://w3id.org/trm/codes/exploitation-form
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

    Code list: https://w3id.org/trm/codes/family-tracing-status
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

    Code list: https://w3id.org/trm/codes/gender-identity
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

    Code list: https://w3id.org/trm/codes/guardian-type
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

    Code list: https://w3id.org/trm/codes/health-condition
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

    Code list: https://w3id.org/trm/codes/id-document-status
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

    Code list: https://w3id.org/trm/codes/id-document-type
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

    Code list: https://w3id.org/trm/codes/identification-channel
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

    Code list: https://w3id.org/trm/codes/labour-sector
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

    Code list: https://w3id.org/trm/codes/lawful-basis
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

    Code list: https://w3id.org/trm/codes/marital-status
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

    Code list: https://w3id.org/trm/codes/means-of-control
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

    Code list: https://w3id.org/trm/codes/minor-status
    """

    __codelist__ = "minor-status"

    ADULT = "ADULT"
    MINOR = "MINOR"
    PRESUMED_MINOR = "PRESUMED_MINOR"
    UNDETERMINED = "UNDETERMINED"


class Need(StrEnum):
    """Assistance need or service.

    Code list: https://w3id.org/trm/codes/need
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

    Code list: https://w3id.org/trm/codes/need-priority
    """

    __codelist__ = "need-priority"

    IMMEDIATE = "IMMEDIATE"
    HIGH = "HIGH"
    NORMAL = "NORMAL"


class OrgType(StrEnum):
    """Organisation type.

    Code list: https://w3id.org/trm/codes/org-type
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

    Code list: https://w3id.org/trm/codes/parental-involvement
    """

    __codelist__ = "parental-involvement"

    NONE_KNOWN = "NONE_KNOWN"
    SUSPECTED = "SUSPECTED"
    CONFIRMED = "CONFIRMED"


class PermitBasis(StrEnum):
    """Basis of a residence permit (CETS 197 Art. 14(1)).

    Code list: https://w3id.org/trm/codes/permit-basis
    """

    __codelist__ = "permit-basis"

    PERSONAL_SITUATION = "PERSONAL_SITUATION"
    COOPERATION = "COOPERATION"
    BOTH = "BOTH"


class PermitInstrument(StrEnum):
    """Legal instrument of a residence permit.

    Code list: https://w3id.org/trm/codes/permit-instrument
    """

    __codelist__ = "permit-instrument"

    CETS197_ART14 = "CETS197_ART14"
    DIRECTIVE_2004_81 = "DIRECTIVE_2004_81"
    NATIONAL_LAW = "NATIONAL_LAW"


class PrivacyClass(StrEnum):
    """Privacy class of a field.

    Code list: https://w3id.org/trm/codes/privacy-class
    """

    __codelist__ = "privacy-class"

    DI = "DI"
    QI = "QI"
    SC = "SC"
    SAFETY = "SAFETY"
    OPS = "OPS"


class ProceedingsRole(StrEnum):
    """Role of the person in proceedings.

    Code list: https://w3id.org/trm/codes/proceedings-role
    """

    __codelist__ = "proceedings-role"

    INJURED_PARTY = "INJURED_PARTY"
    WITNESS = "WITNESS"
    CIVIL_PARTY = "CIVIL_PARTY"


class ProceedingsStage(StrEnum):
    """Stage of criminal proceedings.

    Code list: https://w3id.org/trm/codes/proceedings-stage
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

    Code list: https://w3id.org/trm/codes/protection-measure
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

    Code list: https://w3id.org/trm/codes/protection-status
    """

    __codelist__ = "protection-status"

    PENDING = "PENDING"
    GRANTED = "GRANTED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


class RecruiterRelationship(StrEnum):
    """Relationship of the recruiter to the person.

    Code list: https://w3id.org/trm/codes/recruiter-relationship
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

    Code list: https://w3id.org/trm/codes/recruitment-method
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

    Code list: https://w3id.org/trm/codes/referral-status
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

    Code list: https://w3id.org/trm/codes/reflection-exception
    """

    __codelist__ = "reflection-exception"

    PUBLIC_ORDER = "PUBLIC_ORDER"
    IMPROPER_CLAIM = "IMPROPER_CLAIM"
    CHILD_PROTECTION_MEASURE_INSTEAD = "CHILD_PROTECTION_MEASURE_INSTEAD"
    NOT_REQUESTED = "NOT_REQUESTED"
    OTHER = "OTHER"


class ResidenceStatus(StrEnum):
    """Residence status in the country of the sender.

    Code list: https://w3id.org/trm/codes/residence-status
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

    Code list: https://w3id.org/trm/codes/retention-ground
    """

    __codelist__ = "retention-ground"

    FREEDOM_OF_EXPRESSION = "FREEDOM_OF_EXPRESSION"
    LEGAL_OBLIGATION_OR_PUBLIC_TASK = "LEGAL_OBLIGATION_OR_PUBLIC_TASK"
    PUBLIC_HEALTH = "PUBLIC_HEALTH"
    ARCHIVING_RESEARCH_STATISTICS = "ARCHIVING_RESEARCH_STATISTICS"
    LEGAL_CLAIMS = "LEGAL_CLAIMS"


class ReturnSafetyOutcome(StrEnum):
    """Outcome of a pre-return safety assessment.

    Code list: https://w3id.org/trm/codes/return-safety-outcome
    """

    __codelist__ = "return-safety-outcome"

    RETURN_SAFE = "RETURN_SAFE"
    SAFE_WITH_CONDITIONS = "SAFE_WITH_CONDITIONS"
    NOT_SAFE = "NOT_SAFE"
    NOT_ASSESSED = "NOT_ASSESSED"


class RiskContext(StrEnum):
    """When a risk assessment was made.

    Code list: https://w3id.org/trm/codes/risk-context
    """

    __codelist__ = "risk-context"

    IDENTIFICATION = "IDENTIFICATION"
    ONGOING = "ONGOING"
    PRE_RETURN = "PRE_RETURN"
    PRE_TRIAL = "PRE_TRIAL"
    REINTEGRATION = "REINTEGRATION"


class RiskFactor(StrEnum):
    """Risk factor.

    Code list: https://w3id.org/trm/codes/risk-factor
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

    Code list: https://w3id.org/trm/codes/risk-level
    """

    __codelist__ = "risk-level"

    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"
    NOT_ASSESSED = "NOT_ASSESSED"


class ServiceStatus(StrEnum):
    """Status of a service.

    Code list: https://w3id.org/trm/codes/service-status
    """

    __codelist__ = "service-status"

    PLANNED = "PLANNED"
    ONGOING = "ONGOING"
    COMPLETED = "COMPLETED"
    DECLINED_BY_PERSON = "DECLINED_BY_PERSON"
    UNAVAILABLE = "UNAVAILABLE"


class Sex(StrEnum):
    """Sex (ISO/IEC 5218).

    Code list: https://w3id.org/trm/codes/sex
    """

    __codelist__ = "sex"

    NOT_KNOWN = "NOT_KNOWN"
    MALE = "MALE"
    FEMALE = "FEMALE"
    NOT_APPLICABLE = "NOT_APPLICABLE"


class SexualExploitationType(StrEnum):
    """Type of sexual exploitation.

    Code list: https://w3id.org/trm/codes/sexual-exploitation-type
    """

    __codelist__ = "sexual-exploitation-type"

    PROSTITUTION = "PROSTITUTION"
    PORNOGRAPHY = "PORNOGRAPHY"
    REMOTE_INTERACTIVE_ONLINE = "REMOTE_INTERACTIVE_ONLINE"
    PRIVATE_SEXUAL_SERVICES = "PRIVATE_SEXUAL_SERVICES"
    OTHER = "OTHER"


class SpecialCategoryCondition(StrEnum):
    """Condition for special-category or criminal-offence data.

    Code list: https://w3id.org/trm/codes/special-category-condition
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

    Code list: https://w3id.org/trm/codes/trafficking-event-type
    """

    __codelist__ = "trafficking-event-type"

    RECRUITMENT = "RECRUITMENT"
    TRANSIT = "TRANSIT"
    EXPLOITATION = "EXPLOITATION"


class TransferMechanism(StrEnum):
    """Cross-border transfer mechanism.

    Code list: https://w3id.org/trm/codes/transfer-mechanism
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

    Code list: https://w3id.org/trm/codes/travel-document-status
    """

    __codelist__ = "travel-document-status"

    NOT_REQUIRED = "NOT_REQUIRED"
    REQUESTED = "REQUESTED"
    ISSUED = "ISSUED"


class TrmPhase(StrEnum):
    """TRM phase (standard operating procedure).

    Code list: https://w3id.org/trm/codes/trm-phase
    """

    __codelist__ = "trm-phase"

    IDENTIFICATION = "IDENTIFICATION"
    FIRST_ASSISTANCE_PROTECTION = "FIRST_ASSISTANCE_PROTECTION"
    LONG_TERM_ASSISTANCE_INCLUSION = "LONG_TERM_ASSISTANCE_INCLUSION"
    RETURN_INCLUSION = "RETURN_INCLUSION"
    CRIMINAL_CIVIL_PROCEEDINGS = "CRIMINAL_CIVIL_PROCEEDINGS"


class TrmRole(StrEnum):
    """Role of an organisation in the TRM.

    Code list: https://w3id.org/trm/codes/trm-role
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

    Code list: https://w3id.org/trm/codes/urgency
    """

    __codelist__ = "urgency"

    ROUTINE = "ROUTINE"
    URGENT = "URGENT"
    EMERGENCY = "EMERGENCY"


class VictimStatus(StrEnum):
    """Trafficking victim status.

    Code list: https://w3id.org/trm/codes/victim-status
    """

    __codelist__ = "victim-status"

    PRESUMED = "PRESUMED"
    IDENTIFIED = "IDENTIFIED"
    NOT_VICTIM = "NOT_VICTIM"
    UNDETERMINED = "UNDETERMINED"


class WithdrawalAction(StrEnum):
    """Action required of a recipient after withdrawal.

    Code list: https://w3id.org/trm/codes/withdrawal-action
    """

    __codelist__ = "withdrawal-action"

    STOP_PROCESSING = "STOP_PROCESSING"
    ERASE_UNLESS_OTHER_BASIS = "ERASE_UNLESS_OTHER_BASIS"
    RESTRICT_PROCESSING = "RESTRICT_PROCESSING"

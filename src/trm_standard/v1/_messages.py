"""The TRM messages of spec 1.0.0, each with the common header (DESIGN §3)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Annotated, Final, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Discriminator, Tag, TypeAdapter

from trm_standard.v1._base import F, TRMModel
from trm_standard.v1._record import (
    Accommodation,
    CaseInfo,
    ChildBlock,
    Consent,
    Exploitation,
    Identification,
    LegalStatus,
    NeedEntry,
    Organisation,
    Person,
    ReflectionPeriod,
    ReturnPlan,
    RiskAssessment,
    SafetyPlan,
    ServiceEntry,
)
from trm_standard.v1._types import (
    CaseRef,
    CodeSet,
    Date,
    Items,
    ParticipantId,
    ShortText,
    UtcDateTime,
    Uuid,
)
from trm_standard.v1._vocab import (
    AgeBand,
    CaseUpdateType,
    Channel,
    ClosureReason,
    ConsentGiver,
    ConsentPurpose,
    ConsultationRequest,
    Country,
    DataCategory,
    DeclineReason,
    ErasureGround,
    ErasureOutcome,
    ExploitationForm,
    LawfulBasis,
    MinorStatus,
    Need,
    PrivacyClass,
    ReferralStatus,
    RetentionGround,
    Sex,
    SpecialCategoryCondition,
    TransferMechanism,
    TrmPhase,
    Urgency,
    WithdrawalAction,
)

__all__ = [
    "MAX_NESTING",
    "MEMBER_NAMES",
    "MESSAGE_CLASSES",
    "SPEC_VERSION",
    "AnonymousProfile",
    "CaseClosure",
    "CaseUpdate",
    "ConsentWithdrawal",
    "ErasureConfirmation",
    "ErasureRequest",
    "LegalBasis",
    "Message",
    "MessageBase",
    "PreReferralConsultation",
    "Referral",
    "RetainedData",
    "message_adapter",
]

SPEC_VERSION: Final = "1.0.0"

P = PrivacyClass
C = DataCategory


class LegalBasis(TRMModel):
    """Lawful basis of the disclosure, recorded separately from consent.

    GDPR Arts. 6, 9 and 10; Directive (EU) 2016/680 Art. 8.
    """

    lawful_basis: Annotated[
        LawfulBasis, F("The lawful basis for processing.", P.OPS, C.CASE_METADATA)
    ]
    special_category_conditions: Annotated[
        CodeSet[SpecialCategoryCondition] | None,
        F(
            "The conditions for special-category or criminal-offence data, when the message "
            "carries any (GDPR Art. 9(2), Art. 10; Directive (EU) 2016/680 Art. 10).",
            P.OPS,
            C.CASE_METADATA,
        ),
    ] = None
    legal_reference: Annotated[
        ShortText | None,
        F(
            "The statute or agreement relied on, e.g. a national act and article.",
            P.OPS,
            C.CASE_METADATA,
        ),
    ] = None


class MessageBase(TRMModel):
    """The common header of every TRM message."""

    spec_version: Annotated[
        Literal["1.0.0"], F("Version of the TRM data standard.", P.OPS, C.CASE_METADATA)
    ]
    message_type: Annotated[str, F("Kind of message.", P.OPS, C.CASE_METADATA)]
    message_id: Annotated[Uuid, F("Random identifier of this message.", P.OPS, C.CASE_METADATA)]
    created_at: Annotated[
        UtcDateTime, F("When the sender created the message.", P.OPS, C.CASE_METADATA)
    ]
    sender: Annotated[
        ParticipantId, F("Participant that sends the message.", P.OPS, C.CASE_METADATA)
    ]
    recipient: Annotated[
        ParticipantId, F("Participant the message is for.", P.OPS, C.CASE_METADATA)
    ]
    case_ref: Annotated[
        CaseRef,
        F(
            "The sender's pseudonymous case reference; never a name or national number.",
            P.QI,
            C.CASE_METADATA,
        ),
    ]
    peer_case_ref: Annotated[
        CaseRef | None,
        F(
            "The recipient's pseudonymous case reference for the same case, when known "
            "(lets both sides link a thread without sharing identities).",
            P.QI,
            C.CASE_METADATA,
        ),
    ] = None
    in_reply_to: Annotated[
        Uuid | None,
        F("message_id of the message this one answers.", P.OPS, C.CASE_METADATA),
    ] = None
    channel: Annotated[
        Channel,
        F(
            "ASSISTANCE (GDPR) or LAW_ENFORCEMENT (Directive (EU) 2016/680); the two are "
            "never mixed.",
            P.OPS,
            C.CASE_METADATA,
        ),
    ]
    purpose: Annotated[
        ConsentPurpose | None,
        F("Purpose of the disclosure (GDPR Art. 5(1)(b)).", P.OPS, C.CASE_METADATA),
    ] = None
    legal_basis: Annotated[LegalBasis, F("Lawful basis of the disclosure.", P.OPS, C.CASE_METADATA)]
    transfer_mechanism: Annotated[
        TransferMechanism,
        F(
            "Mechanism for the cross-border transfer (GDPR Chapter V; Directive (EU) "
            "2016/680 Arts. 35-39).",
            P.OPS,
            C.CASE_METADATA,
        ),
    ]
    transfer_instrument: Annotated[
        ShortText | None,
        F("The agreement, arrangement or decision the transfer relies on.", P.OPS, C.CASE_METADATA),
    ] = None


class Referral(MessageBase):
    """The canonical referral record.

    Refers a (presumed) trafficked person to another country's TRM participant for
    identification, assistance, return or proceedings.
    """

    message_type: Annotated[Literal["referral"], F("Kind of message.", P.OPS, C.CASE_METADATA)]
    case: Annotated[CaseInfo, F("Phase, urgency and requested services.", P.OPS, C.CASE_METADATA)]
    person: Annotated[Person, F("The person referred.", P.DI, C.IDENTITY)]
    identification: Annotated[
        Identification, F("Victim status and identification.", P.SC, C.VICTIM_STATUS)
    ]
    exploitation: Annotated[
        Exploitation | None, F("Forms and circumstances of exploitation.", P.SC, C.EXPLOITATION)
    ] = None
    needs: Annotated[Items[NeedEntry] | None, F("Assessed needs.", P.SC, C.ASSISTANCE)] = None
    services: Annotated[
        Items[ServiceEntry] | None, F("Services planned or given.", P.SC, C.ASSISTANCE)
    ] = None
    accommodation: Annotated[
        Accommodation | None, F("Current accommodation.", P.SAFETY, C.LOCATION)
    ] = None
    reflection_period: Annotated[
        ReflectionPeriod | None,
        F("Recovery and reflection period (CETS 197 Art. 13).", P.QI, C.LEGAL_STATUS),
    ] = None
    risk_assessments: Annotated[
        Items[RiskAssessment] | None, F("Risk assessments.", P.SC, C.RISK_ASSESSMENT)
    ] = None
    safety_plan: Annotated[SafetyPlan | None, F("Safety plan.", P.SAFETY, C.RISK_ASSESSMENT)] = None
    child: Annotated[
        ChildBlock | None,
        F("Required for a minor or presumed minor.", P.SC, C.CHILD_PROTECTION),
    ] = None
    consents: Annotated[
        Items[Consent] | None, F("Consents, one per purpose.", P.OPS, C.CONSENT_RECORDS)
    ] = None
    legal_status: Annotated[
        LegalStatus | None, F("Residence, protection and proceedings.", P.QI, C.LEGAL_STATUS)
    ] = None
    return_plan: Annotated[
        ReturnPlan | None, F("Return and reception (TRM SOP 4).", P.SAFETY, C.ASSISTANCE)
    ] = None
    organisations: Annotated[
        Items[Organisation] | None,
        F("Organisations referenced by the message.", P.OPS, C.ORGANISATIONS),
    ] = None


class AnonymousProfile(TRMModel):
    """A case description without any direct identifier: bands and codes only."""

    sex: Annotated[Sex, F("Sex (ISO/IEC 5218).", P.QI, C.DEMOGRAPHICS)]
    age_band: Annotated[AgeBand | None, F("Age band.", P.QI, C.DEMOGRAPHICS)] = None
    minor_status: Annotated[MinorStatus, F("Whether the person is a child.", P.QI, C.DEMOGRAPHICS)]
    citizenships: Annotated[CodeSet[Country] | None, F("Citizenships.", P.QI, C.DEMOGRAPHICS)] = (
        None
    )
    exploitation_forms: Annotated[
        CodeSet[ExploitationForm] | None, F("Forms of exploitation.", P.SC, C.EXPLOITATION)
    ] = None
    needs: Annotated[CodeSet[Need] | None, F("Needs.", P.SC, C.ASSISTANCE)] = None
    unaccompanied_child: Annotated[
        bool | None, F("True for an unaccompanied child.", P.QI, C.CHILD_PROTECTION)
    ] = None


class PreReferralConsultation(MessageBase):
    """An anonymous consultation before any referral: direct identifiers cannot be expressed.

    A consultation may still be personal data (GDPR Recital 26): it needs a legal basis,
    not consent.
    """

    message_type: Annotated[
        Literal["pre_referral_consultation"], F("Kind of message.", P.OPS, C.CASE_METADATA)
    ]
    trm_phase: Annotated[TrmPhase, F("Phase the question concerns.", P.OPS, C.CASE_METADATA)]
    urgency: Annotated[Urgency, F("How urgent the answer is.", P.OPS, C.CASE_METADATA)]
    questions: Annotated[
        CodeSet[ConsultationRequest], F("What the sender asks.", P.OPS, C.CASE_METADATA)
    ]
    profile: Annotated[
        AnonymousProfile, F("Non-identifying case description.", P.QI, C.DEMOGRAPHICS)
    ]
    respond_by: Annotated[
        UtcDateTime | None, F("When the answer is needed.", P.OPS, C.CASE_METADATA)
    ] = None


class CaseUpdate(MessageBase):
    """Acknowledge, accept, decline, report status or give feedback on a referral."""

    message_type: Annotated[Literal["case_update"], F("Kind of message.", P.OPS, C.CASE_METADATA)]
    update_type: Annotated[CaseUpdateType, F("Kind of update.", P.OPS, C.CASE_METADATA)]
    referral_status: Annotated[
        ReferralStatus, F("Status of the referral after this update.", P.OPS, C.CASE_METADATA)
    ]
    decline_reason: Annotated[
        DeclineReason | None, F("Why a referral is declined.", P.OPS, C.CASE_METADATA)
    ] = None
    services: Annotated[
        Items[ServiceEntry] | None, F("Services started or completed.", P.SC, C.ASSISTANCE)
    ] = None
    risk_assessments: Annotated[
        Items[RiskAssessment] | None, F("New risk assessments.", P.SC, C.RISK_ASSESSMENT)
    ] = None
    next_update_by: Annotated[
        Date | None, F("When the next update is expected.", P.OPS, C.CASE_METADATA)
    ] = None
    organisations: Annotated[
        Items[Organisation] | None,
        F("Organisations referenced by the message.", P.OPS, C.ORGANISATIONS),
    ] = None


class ConsentWithdrawal(MessageBase):
    """The person withdrew consent.

    Recipients stop consent-based processing and erase unless another basis applies
    (GDPR Arts. 7(3), 17(1)(b), 19).
    """

    message_type: Annotated[
        Literal["consent_withdrawal"], F("Kind of message.", P.OPS, C.CASE_METADATA)
    ]
    consent_ids: Annotated[CodeSet[Uuid], F("Consents withdrawn.", P.OPS, C.CONSENT_RECORDS)]
    withdrawn_at: Annotated[
        UtcDateTime, F("When the withdrawal took effect.", P.OPS, C.CONSENT_RECORDS)
    ]
    withdrawn_by: Annotated[ConsentGiver, F("Who withdrew the consent.", P.OPS, C.CONSENT_RECORDS)]
    purposes: Annotated[
        CodeSet[ConsentPurpose] | None,
        F(
            "Purposes withdrawn; absent means every purpose of the listed consents.",
            P.OPS,
            C.CONSENT_RECORDS,
        ),
    ] = None
    required_action: Annotated[
        WithdrawalAction, F("What each recipient must do.", P.OPS, C.CONSENT_RECORDS)
    ]
    reply_by: Annotated[
        Date | None, F("When the recipient must confirm.", P.OPS, C.CONSENT_RECORDS)
    ] = None


class ErasureRequest(MessageBase):
    """A request to erase personal data received earlier (GDPR Arts. 17, 19)."""

    message_type: Annotated[
        Literal["erasure_request"], F("Kind of message.", P.OPS, C.CASE_METADATA)
    ]
    ground: Annotated[ErasureGround, F("Ground for erasure.", P.OPS, C.CASE_METADATA)]
    data_categories: Annotated[
        CodeSet[DataCategory] | None,
        F("Categories to erase; absent means every category.", P.OPS, C.CASE_METADATA),
    ] = None
    consent_ids: Annotated[
        CodeSet[Uuid] | None, F("Withdrawn consents behind the request.", P.OPS, C.CONSENT_RECORDS)
    ] = None
    reply_by: Annotated[
        Date | None, F("When the recipient must confirm.", P.OPS, C.CASE_METADATA)
    ] = None


class RetainedData(TRMModel):
    """Data kept despite an erasure request, and why (GDPR Art. 17(3))."""

    data_category: Annotated[DataCategory, F("Category kept.", P.OPS, C.CASE_METADATA)]
    ground: Annotated[RetentionGround, F("Ground for keeping it.", P.OPS, C.CASE_METADATA)]
    legal_reference: Annotated[
        ShortText, F("Statute or claim that requires keeping it.", P.OPS, C.CASE_METADATA)
    ]
    retain_until: Annotated[Date | None, F("When it will be erased.", P.OPS, C.CASE_METADATA)] = (
        None
    )


class ErasureConfirmation(MessageBase):
    """Answer to an erasure request: what was erased and what is retained, and why."""

    message_type: Annotated[
        Literal["erasure_confirmation"], F("Kind of message.", P.OPS, C.CASE_METADATA)
    ]
    outcome: Annotated[ErasureOutcome, F("Outcome.", P.OPS, C.CASE_METADATA)]
    erased_at: Annotated[
        UtcDateTime | None, F("When the erasure was carried out.", P.OPS, C.CASE_METADATA)
    ] = None
    erased_categories: Annotated[
        CodeSet[DataCategory] | None, F("Categories erased.", P.OPS, C.CASE_METADATA)
    ] = None
    retained: Annotated[
        Items[RetainedData] | None,
        F("What is retained under GDPR Art. 17(3), and why.", P.OPS, C.CASE_METADATA),
    ] = None


class CaseClosure(MessageBase):
    """The sender closes its case."""

    message_type: Annotated[Literal["case_closure"], F("Kind of message.", P.OPS, C.CASE_METADATA)]
    closure_reason: Annotated[ClosureReason, F("Why the case is closed.", P.OPS, C.CASE_METADATA)]
    closed_on: Annotated[Date, F("When it was closed.", P.OPS, C.CASE_METADATA)]
    follow_up_until: Annotated[
        Date | None, F("End of follow-up after closure, if any.", P.OPS, C.CASE_METADATA)
    ] = None


_CLASSES: Final = (
    Referral,
    PreReferralConsultation,
    CaseUpdate,
    ConsentWithdrawal,
    ErasureRequest,
    ErasureConfirmation,
    CaseClosure,
)


def _type_of(cls: type[MessageBase]) -> str:
    (value,) = get_args(cls.model_fields["message_type"].annotation)
    return str(value)


#: Message type → model class, for every message of spec 1.0.0.
MESSAGE_CLASSES: Final[Mapping[str, type[MessageBase]]] = MappingProxyType(
    {_type_of(cls): cls for cls in _CLASSES}
)


def _discriminate(value: object) -> str | None:
    tag = (
        value.get("message_type")
        if isinstance(value, dict)
        else getattr(value, "message_type", None)
    )
    return tag if tag in MESSAGE_CLASSES else None


Message = Annotated[
    Annotated[Referral, Tag("referral")]
    | Annotated[PreReferralConsultation, Tag("pre_referral_consultation")]
    | Annotated[CaseUpdate, Tag("case_update")]
    | Annotated[ConsentWithdrawal, Tag("consent_withdrawal")]
    | Annotated[ErasureRequest, Tag("erasure_request")]
    | Annotated[ErasureConfirmation, Tag("erasure_confirmation")]
    | Annotated[CaseClosure, Tag("case_closure")],
    Discriminator(
        _discriminate,
        custom_error_type="trm_unknown_message_type",
        custom_error_message="unknown or missing message type",
    ),
]
"""Any TRM message of spec 1.0.0, discriminated by ``message_type``.

An unknown tag is reported without repeating it (it might be personal data).
"""

message_adapter: Final[TypeAdapter[Message]] = TypeAdapter(
    Message, config=ConfigDict(hide_input_in_errors=True)
)


def _member_names(models: Iterable[type[BaseModel]]) -> frozenset[str]:
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    todo = list(models)
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            todo.extend(_nested_models(info.annotation))
    return frozenset(names)


def _nested_models(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found += _nested_models(arg)
    return found


#: Every member name of every message of spec 1.0.0 (the only names a pointer may show).
MEMBER_NAMES: Final[frozenset[str]] = _member_names(_CLASSES)


def _nesting(annotation: object) -> int:
    """Return how many levels of objects and arrays a value of ``annotation`` can span."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return 1 + max(
            (_nesting(f.annotation) for f in annotation.model_fields.values()), default=0
        )
    inner = max((_nesting(arg) for arg in get_args(annotation)), default=0)
    return inner + 1 if get_origin(annotation) is tuple else inner


#: The deepest nesting a schema-valid message of spec 1.0.0 can have (root object = 1).
MAX_NESTING: Final[int] = max(_nesting(cls) for cls in _CLASSES)

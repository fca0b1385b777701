"""The result of a sharing decision: outcome, reasons, and what it allows (DESIGN §6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final

from trm_standard._consent_codes import CONSENT_CODES
from trm_standard._errors import CODES
from trm_standard.v1._vocab import (
    ConsentPurpose,
    DataCategory,
    OrgType,
    PrivacyClass,
)

__all__ = ["Basis", "Decision", "Effect", "Outcome", "Reason", "Recipient", "effect_of"]


class Outcome(StrEnum):
    """The verdict of :func:`may_share`."""

    PERMIT = "PERMIT"
    DENY = "DENY"
    NEEDS_REVIEW = "NEEDS_REVIEW"


class Effect(StrEnum):
    """What one reason does to the decision."""

    PERMIT = "permit"
    LIMIT = "limit"
    NOTE = "note"
    REVIEW = "review"
    DENY = "deny"


class Basis(StrEnum):
    """What a permitting decision rests on."""

    CONSENT = "CONSENT"
    LEGAL_BASIS = "LEGAL_BASIS"
    LAW_ENFORCEMENT = "LAW_ENFORCEMENT"
    LEGAL_OBLIGATION_NOTICE = "LEGAL_OBLIGATION_NOTICE"


_RFC3339: Final = "%Y-%m-%dT%H:%M:%SZ"
_EFFECTS: Final = {code: effect for code, effect, *_ in CONSENT_CODES if effect != "error"}


def effect_of(code: str) -> Effect:
    """Return the registered effect of a reason code."""
    return Effect(_EFFECTS[code])


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason of a decision.

    Attributes:
        code: Registered ``TRM-CONSENT-NNN`` code; its effect and legal source are in
            the registry.
        message: English explanation; names members and codes, never a person's values.
        pointer: JSON Pointer (RFC 6901) to the part of the message the reason is about.
    """

    code: str
    message: str
    pointer: str = ""

    @property
    def effect(self) -> Effect:
        """Return what the reason does to the decision."""
        return effect_of(self.code)

    @property
    def reference(self) -> str:
        """Return the legal source the rule rests on."""
        return CODES[self.code].reference

    def to_json(self) -> dict[str, str]:
        """Return the reason as JSON data."""
        return {
            "code": self.code,
            "effect": self.effect.value,
            "message": self.message,
            "pointer": self.pointer,
            "reference": self.reference,
        }


@dataclass(frozen=True, slots=True)
class Recipient:
    """The organisation a decision is about, as described by the message or a directory.

    Attributes:
        org_id: Participant id.
        country: ISO 3166-1 alpha-2 code (``XK`` for Kosovo).
        org_type: Kind of organisation, when described.
        is_public_authority: True, False, or None when not described.
        source: ``"message"`` or ``"directory"``.
    """

    org_id: str
    country: str
    org_type: OrgType | None
    is_public_authority: bool | None
    source: str


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer of :func:`may_share`: pure data, safe to log (no personal values).

    Attributes:
        outcome: ``PERMIT``, ``DENY`` or ``NEEDS_REVIEW``.
        purpose: The purpose asked about.
        recipient: The recipient asked about.
        message_id: The message the decision was made for.
        evaluated_at: The ``at`` the decision was made for.
        reasons: Every reason found, in rule order.
        basis: What a permit rests on (None unless the outcome is PERMIT or a review of
            a permit).
        consent_id: The consent a consent-based decision rests on.
        lawful_basis: The lawful basis code recorded in the message.
        categories: Data categories that may travel.
        privacy_classes: Privacy classes that may travel.
        valid_until: When the permission lapses (consent validity, policy cap, or the
            person's majority for a guardian's consent); None when open-ended.
        policy: ``policy_id@policy_version`` the decision was made under.
    """

    outcome: Outcome
    purpose: ConsentPurpose
    recipient: Recipient
    message_id: str
    evaluated_at: datetime
    reasons: tuple[Reason, ...]
    basis: Basis | None = None
    consent_id: str | None = None
    lawful_basis: str | None = None
    categories: frozenset[DataCategory] = field(default_factory=frozenset)
    privacy_classes: frozenset[PrivacyClass] = field(default_factory=frozenset)
    valid_until: datetime | None = None
    policy: str = ""

    @property
    def permitted(self) -> bool:
        """Return True when the outcome is PERMIT."""
        return self.outcome is Outcome.PERMIT

    @property
    def codes(self) -> tuple[str, ...]:
        """Return the reason codes in order."""
        return tuple(r.code for r in self.reasons)

    def to_json(self) -> dict[str, Any]:
        """Return the decision as JSON data (sorted lists, RFC 3339 times)."""

        def stamp(value: datetime | None) -> str | None:
            return None if value is None else value.astimezone(UTC).strftime(_RFC3339)

        out: dict[str, Any] = {
            "outcome": self.outcome.value,
            "purpose": self.purpose.value,
            "recipient": self.recipient.org_id,
            "message_id": self.message_id,
            "evaluated_at": stamp(self.evaluated_at),
            "basis": self.basis.value if self.basis else None,
            "consent_id": self.consent_id,
            "lawful_basis": self.lawful_basis,
            "categories": sorted(c.value for c in self.categories),
            "privacy_classes": sorted(c.value for c in self.privacy_classes),
            "valid_until": stamp(self.valid_until),
            "policy": self.policy,
            "reasons": [r.to_json() for r in self.reasons],
        }
        return {k: v for k, v in out.items() if v is not None}

"""This library's answers to conformance requests, one handler per operation.

Each handler receives a request's ``context`` and ``input`` and returns the response
``{valid|decision|output, errors}`` described in ``docs/conformance.md``. A ``TRMError``
raised inside becomes ``{"valid": false, "errors": [code]}`` (see
:func:`trm_standard._conformance.handle`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from trm_standard._api import validate, validate_value
from trm_standard._conformance import decode_document, register
from trm_standard._consent import may_share
from trm_standard._decision import Decision
from trm_standard._envelope import seal
from trm_standard._errors import TRMError, ValidationError
from trm_standard._jsonparse import Limits
from trm_standard._keys import LocalSigner, _check_jwk, load_private
from trm_standard._minimise import minimise
from trm_standard._policy import ConsentPolicy, Directory, load_directory, load_policy
from trm_standard._trustlist import load_trust_list
from trm_standard._vectorrun import run as run_envelope_vector
from trm_standard.v1 import Consent, ConsentWithdrawal, MessageBase
from trm_standard.v1._types import parse_utc_datetime

__all__: list[str] = []

_RFC3339 = "%Y-%m-%dT%H:%M:%SZ"


@register("validate")
def _validate(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    limits = Limits(**context.get("limits", {}))
    report = validate(decode_document(given), limits=limits)
    return {"valid": report.valid, "errors": sorted(report.codes)}


@register("key.load")
def _key(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    jwk = dict(given["jwk"])
    _check_jwk(jwk, private=bool(context.get("private", False)))
    return {
        "valid": True,
        "errors": [],
        "output": {"kid": jwk["kid"], "use": jwk["use"], "owner": jwk["trm_owner"]},
    }


def _envelope_vector(operation: str) -> Any:
    def run(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
        return run_envelope_vector({"operation": operation, "context": context, "input": given})

    return run


register("trustlist.load")(_envelope_vector("trustlist.load"))
register("envelope.open")(_envelope_vector("envelope.open"))


@register("envelope.seal")
def _seal(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    now = int(context["now"])
    trust = load_trust_list(context["trust_list"], context["trust_anchors"], now=now)
    signer = load_private(dict(context["sender_key"]))
    if not isinstance(signer, LocalSigner):
        raise TRMError("TRM-KEY-001", "sender_key is not a signing key")
    try:
        message = _message(given["message"])
    except ValidationError:  # docs/envelope.md §6: a sender seals only valid messages
        raise TRMError("TRM-ENV-029", "the message to seal is not valid") from None
    token = seal(message, signer, given["recipient"], trust, now=now, rng=os.urandom)
    return {"valid": True, "errors": [], "output": {"envelope": token}}


# --------------------------------------------------------------------------------------
# Consent
# --------------------------------------------------------------------------------------


def _message(value: Mapping[str, Any]) -> MessageBase:
    report = validate_value(value)
    if report.message is None:
        raise ValidationError(report.issues)
    return report.message


def _policy(context: Mapping[str, Any]) -> ConsentPolicy | None:
    policy = context.get("policy")
    if policy in (None, "default"):
        return None
    return load_policy(json.dumps(policy).encode("utf-8"))


def _directory(context: Mapping[str, Any]) -> Directory | None:
    directory = context.get("directory")
    return None if directory is None else load_directory(json.dumps(directory).encode("utf-8"))


def _at(context: Mapping[str, Any]) -> datetime:
    at = parse_utc_datetime(str(context["at"]))
    if at is None:
        raise TRMError("TRM-CONSENT-053", "context.at is not an RFC 3339 UTC time")
    return at


def _decide(context: Mapping[str, Any], given: Mapping[str, Any]) -> tuple[MessageBase, Decision]:
    message = _message(given["message"])
    consents = [Consent.model_validate_json(json.dumps(c)) for c in context.get("consents", [])]
    withdrawals = []
    for value in context.get("withdrawals", []):
        notice = _message(value)
        if not isinstance(notice, ConsentWithdrawal):
            raise TRMError("TRM-CONSENT-053", "a withdrawal is not a consent_withdrawal")
        withdrawals.append(notice)
    decision = may_share(
        message,
        given["purpose"],
        given["recipient"],
        at=_at(context),
        policy=_policy(context),
        directory=_directory(context),
        consents=consents,
        withdrawals=withdrawals,
    )
    return message, decision


def decision_json(decision: Decision) -> dict[str, Any]:
    """The compared part of a decision, as the protocol sends it."""
    until = decision.valid_until
    return {
        "outcome": decision.outcome.value,
        "basis": decision.basis.value if decision.basis else None,
        "consent_id": decision.consent_id,
        "categories": sorted(c.value for c in decision.categories),
        "privacy_classes": sorted(c.value for c in decision.privacy_classes),
        "valid_until": until.astimezone(UTC).strftime(_RFC3339) if until else None,
    }


@register("consent.decide")
def _consent_decide(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    _, decision = _decide(context, given)
    return {"decision": decision_json(decision), "errors": sorted(set(decision.codes))}


@register("consent.minimise")
def _consent_minimise(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    message, decision = _decide(context, given)
    if not decision.permitted:
        return {"output": None, "errors": sorted(set(decision.codes))}
    return {"output": {"message": minimise(message, decision).to_json_dict()}, "errors": []}


@register("consent.load_policy")
def _consent_policy(_context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    load_policy(str(given["text"]).encode("utf-8"))
    return {"valid": True, "errors": []}


@register("consent.load_directory")
def _consent_directory(_context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    load_directory(str(given["text"]).encode("utf-8"))
    return {"valid": True, "errors": []}

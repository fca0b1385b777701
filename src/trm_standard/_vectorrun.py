"""Run one envelope or trust-list vector against this library.

A vector (see :mod:`trm_standard._envgen`) carries an ``operation``, its ``context`` and
its ``input``; :func:`run` performs the operation and answers ``{"valid", "errors",
"output"}``, the shape a vector's ``expected`` holds, so a runner compares the two.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from trm_standard._envelope import EnvelopePolicy, MemoryReplayStore, open_envelope
from trm_standard._errors import TRMError
from trm_standard._keys import LocalDecrypter, load_private
from trm_standard._serialize import jcs
from trm_standard._trustlist import load_trust_list

__all__ = ["OPERATIONS", "run"]

OPERATIONS = ("envelope.open", "trustlist.load")


def _open(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    now = int(context["now"])
    trust = load_trust_list(context["trust_list"], context["trust_anchors"], now=now)
    decrypters = []
    for jwk in context["receiver_keys"]:
        key = load_private(dict(jwk))
        if not isinstance(key, LocalDecrypter) or key.owner != context["receiver"]:
            raise ValueError("receiver_keys must be the receiver's encryption keys")
        decrypters.append(key)
    store = MemoryReplayStore()
    for seen in context.get("replay", []):
        store.remember(seen["iss"], seen["jti"], until=int(seen["until"]), now=now)
    policy = EnvelopePolicy(**context.get("policy", {}))
    opened = open_envelope(given["envelope"], decrypters, trust, store, now=now, policy=policy)
    claims = opened.claims
    message = opened.message.to_json_dict()
    return {
        "message": message,
        "record_digest": hashlib.sha256(jcs(message)).hexdigest(),
        "claims": {
            "aud": claims.aud,
            "exp": claims.exp,
            "iat": claims.iat,
            "iss": claims.iss,
            "jti": claims.jti,
            "nbf": claims.nbf,
            "trm_schema": claims.trm_schema,
        },
        "sender_kid": opened.sender_kid,
        "recipient_kid": opened.recipient_kid,
    }


def _trust(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    trust = load_trust_list(
        given["trust_list"],
        context["trust_anchors"],
        now=int(context["now"]),
        accepted_seq=context.get("accepted_seq"),
        accepted_digest=context.get("accepted_digest"),
    )
    return {"seq": trust.seq, "kids": sorted(trust.keys)}


def run(vector: Mapping[str, Any]) -> dict[str, Any]:
    """Perform the vector's operation; return ``{"valid", "errors", "output"?}``.

    Raises:
        ValueError: If the operation is unknown or the context is unusable (a broken
            vector, not a verdict).
    """
    operation = vector.get("operation")
    handlers = {"envelope.open": _open, "trustlist.load": _trust}
    if operation not in handlers:
        raise ValueError(f"unknown operation {operation!r}")
    try:
        output = handlers[operation](vector["context"], vector["input"])
    except TRMError as exc:
        return {"valid": False, "errors": [exc.code]}
    return {"valid": True, "errors": [], "output": output}

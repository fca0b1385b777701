"""An independent JOSE implementation (jwcrypto) opens our envelopes, and we open its own.

jwcrypto shares no code with trm_standard's JOSE layer (which sits on ``cryptography``
directly), so agreement here means both follow RFC 7515/7516/7518, not one another.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jwcrypto import jwe, jwk, jws
from jwcrypto.common import JWException

from trm_standard import envelope
from trm_standard._envgen import ANCHORS, KEYS, RO, SE, T0, TRUST_LIST, VECTOR_DIR, claims, referral
from trm_standard._jose import b64d
from trm_standard._serialize import jcs

ALLOWED = ["ECDH-ES+A256KW", "A256GCM", "ES256"]
OPEN_VECTORS = [
    p
    for p in sorted((VECTOR_DIR / "envelope").glob("*.json"))
    if json.loads(p.read_text(encoding="utf-8"))["operation"] == "envelope.open"
]


def _jwk(members: dict[str, Any]) -> jwk.JWK:
    return jwk.JWK(
        **{k: v for k, v in members.items() if k in {"kty", "crv", "x", "y", "d", "kid"}}
    )


def _vector(path: Path) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return value


def _trusted_key(trust_list: str, kid: str) -> jwk.JWK:
    payload = json.loads(b64d(trust_list.split(".")[1]))
    (entry,) = [k for k in payload["keys"] if k["kid"] == kid]
    return _jwk(entry)


def _jwcrypto_open(vector: dict[str, Any]) -> bytes:
    context = vector["context"]
    token = jwe.JWE(algs=ALLOWED)
    token.deserialize(vector["input"]["envelope"])
    kid = token.jose_header["kid"]
    (private,) = [k for k in context["receiver_keys"] if k["kid"] == kid]
    token.decrypt(_jwk(private))
    signed = jws.JWS()
    signed.deserialize(token.payload.decode("ascii"))
    header = json.loads(b64d(token.payload.decode("ascii").split(".")[0]))
    signed.verify(_trusted_key(context["trust_list"], header["kid"]), alg="ES256")
    payload: bytes = signed.payload
    return payload


VALID = [p for p in OPEN_VECTORS if _vector(p)["expected"]["valid"]]


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_jwcrypto_opens_every_valid_vector(path: Path) -> None:
    vector = _vector(path)
    payload = _jwcrypto_open(vector)
    assert payload == vector["intermediate"]["payload"].encode("utf-8")
    body = json.loads(payload)
    assert body["trm"] == vector["expected"]["output"]["message"]


CRYPTO_BROKEN = [
    "N01-ciphertext-bit",
    "N02-tag-bit",
    "N03-encrypted-key-bit",
    "N04-protected-header-changed",
    "N08a-epk-off-curve",
    "N23-payload-changed",
    "N24-empty-signature",
    "N25-der-signature",
    "N26-zero-signature",
]


@pytest.mark.parametrize("name", CRYPTO_BROKEN)
def test_jwcrypto_also_refuses_what_breaks_the_cryptography(name: str) -> None:
    vector = _vector(VECTOR_DIR / "envelope" / f"{name}.json")
    with pytest.raises((JWException, ValueError)) as caught:
        _jwcrypto_open(vector)
    # the refusal comes from jwcrypto (or cryptography under it), not from this test's code
    assert type(caught.value).__module__.split(".")[0] in {"jwcrypto", "cryptography"}


def _jwcrypto_seal(payload: bytes, sender: str, recipient: str) -> str:
    """Sign then encrypt with jwcrypto alone, following docs/envelope.md."""
    signer = KEYS[sender]
    inner = jws.JWS(payload)
    inner.add_signature(
        _jwk(signer.private),
        alg=None,
        protected=json.dumps({"alg": "ES256", "kid": signer.kid, "typ": "trm+jwt"}),
    )
    target = KEYS[recipient]
    outer = jwe.JWE(
        inner.serialize(compact=True).encode("ascii"),
        protected=json.dumps(
            {"alg": "ECDH-ES+A256KW", "enc": "A256GCM", "cty": "JWT", "kid": target.kid}
        ),
        algs=ALLOWED,
    )
    outer.add_recipient(_jwk(target.public))
    token: str = outer.serialize(compact=True)
    return token


def _open(token: str, receiver: str = "ro-enc") -> envelope.Opened:
    trust = envelope.load_trust_list(TRUST_LIST, ANCHORS, now=T0)
    key = envelope.load_decrypter(KEYS[receiver].private)
    return envelope.open(token, [key], trust, envelope.MemoryReplayStore(), now=T0)


def test_we_open_an_envelope_jwcrypto_produced() -> None:
    body = claims("jwcrypto", referral())
    opened = _open(_jwcrypto_seal(jcs(body), "se-sig", "ro-enc"))
    assert opened.message.to_json_dict() == referral()
    assert opened.claims.jti == body["jti"]
    assert (opened.claims.iss, opened.claims.aud) == (SE, RO)
    assert opened.sender_kid == KEYS["se-sig"].kid


def test_we_still_check_what_jwcrypto_would_let_through() -> None:
    # a non-canonical payload verifies under any JOSE library; the profile refuses it
    body = claims("jwcrypto-2", referral())
    with pytest.raises(envelope.EnvelopeError) as caught:
        _open(_jwcrypto_seal(json.dumps(body).encode("utf-8"), "se-sig", "ro-enc"))
    assert caught.value.code == "TRM-ENV-015"


HEADER_RULE_ONLY = [
    "N07-zip",
    "N11a-cty-missing",
    "N11b-cty-wrong",
    "N15-duplicate-outer-member",
    "N18a-apu",
    "N18b-apv",
    "N19-outer-typ-wrong",
    "N16-too-large",
]


@pytest.mark.parametrize("name", HEADER_RULE_ONLY)
def test_header_rule_vectors_are_otherwise_sound(name: str) -> None:
    # a receiver that skipped the header rule would open these: only the rule refuses them
    vector = _vector(VECTOR_DIR / "envelope" / f"{name}.json")
    payload = json.loads(_jwcrypto_open(vector))
    assert payload["aud"] == vector["context"]["receiver"]

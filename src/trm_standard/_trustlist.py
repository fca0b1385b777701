"""The signed trust list: every participant's public keys, signed by a pinned anchor.

A trust list is a compact JWS (RFC 7515) with the protected header
``{"alg": "ES256", "kid": <anchor kid>, "typ": "trm-trustlist+jwt"}`` over the RFC 8785
(JCS) bytes of ``{iss, iat, exp, seq, participants, keys}``. ``keys`` is a plain JWK list
(so ``{"keys": [...]}`` is a valid JWKS, RFC 7517 §5); each key also carries its owner
(``trm_owner``), validity window (``trm_nbf``, ``trm_exp``) and status (``trm_status``:
``active``, ``retired`` with ``trm_retired_at``, or ``revoked`` with ``trm_revoked_at``).

Keys are never taken from a message: a receiver resolves every ``kid`` here. Presence on
the latest list is what makes a key valid (as in the EU Digital COVID Certificate trust
model); emergency revocation means publishing ``seq + 1`` at once. Two anchors may be
pinned so that anchors can rotate.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from cryptography.hazmat.primitives.asymmetric import ec

from trm_standard._errors import TRMError
from trm_standard._jose import (
    JoseError,
    b64d,
    b64e,
    ec_public_from_jwk,
    ecdsa_verify,
    jwk_thumbprint,
)
from trm_standard._keys import ALG_ENC, ALG_SIG, Signer
from trm_standard._serialize import jcs

__all__ = [
    "TRUSTLIST_TYP",
    "TrustList",
    "TrustedKey",
    "build_trust_list",
    "decode_compact",
    "header_object",
    "load_trust_list",
    "parse_header",
    "split_compact",
]

TRUSTLIST_TYP: Final = "trm-trustlist+jwt"
#: The envelope profile every participant on lists built here supports (ENVELOPE.md §5.11).
PROFILE: Final = "TRM-JOSE-1"
#: Tolerated clock difference when checking a list's ``iat`` (seconds).
SKEW: Final = 300
#: Default lifetime of a trust list: refreshed at least daily, valid for a week.
DEFAULT_TTL: Final = 7 * 24 * 3600
Status = Literal["active", "retired", "revoked"]
_FORBIDDEN_HEADER: Final = frozenset({"crit", "b64", "jwk", "jku", "x5u", "x5c", "zip"})
_PUBLIC_MEMBERS: Final = ("kty", "crv", "x", "y", "kid", "use", "alg", "trm_owner")


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise JoseError("duplicate member name")
    return result


def _no_constant(_text: str) -> Any:
    raise JoseError("NaN or Infinity")


def strict_json(data: bytes) -> Any:
    """Parse UTF-8 JSON rejecting duplicate member names and non-finite numbers.

    Raises:
        JoseError: If ``data`` is not such JSON.
    """
    try:
        return json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_reject_duplicates,
            parse_constant=_no_constant,
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        if isinstance(exc, JoseError):
            raise
        raise JoseError("not strict JSON") from None


def decode_compact(token: str, segments: int) -> tuple[list[str], list[bytes]]:
    """Split a compact serialization into exactly ``segments`` base64url segments.

    Returns:
        The segments as received and their decoded bytes.

    Raises:
        JoseError: If the count is wrong or a segment is not canonical base64url.
    """
    parts = token.split(".")
    if len(parts) != segments:
        raise JoseError(f"expected {segments} segments")
    return parts, [b64d(part) for part in parts]


def split_compact(token: str, segments: int) -> list[str]:
    """Split and check a compact serialization (see :func:`decode_compact`)."""
    return decode_compact(token, segments)[0]


def header_object(data: bytes) -> dict[str, Any]:
    """Parse a decoded protected header: UTF-8, duplicate-free JSON, an object.

    Raises:
        JoseError: If it is not such an object.
    """
    header = strict_json(data)
    if not isinstance(header, dict):
        raise JoseError("header is not an object")
    return header


def parse_header(segment: str) -> dict[str, Any]:
    """Decode a protected header: strict base64url, UTF-8, duplicate-free JSON object.

    Raises:
        JoseError: If it is not such an object.
    """
    return header_object(b64d(segment))


@dataclass(frozen=True)
class TrustedKey:
    """A public key from the trust list, with its owner, use, validity and status.

    Attributes:
        kid: RFC 7638 thumbprint.
        owner: Participant id of the owner.
        use: ``sig`` or ``enc``.
        alg: ``ES256`` or ``ECDH-ES+A256KW`` (one algorithm per key).
        key: The public key.
        nbf: First second of validity (NumericDate).
        exp: End of validity (NumericDate).
        status: ``active``, ``retired`` or ``revoked``.
        changed_at: When the key was retired or revoked (NumericDate), if it was.
        preferred: True for the encryption key senders should use first.
        jwk: The key as published.
    """

    kid: str
    owner: str
    use: str
    alg: str
    key: ec.EllipticCurvePublicKey = field(repr=False)
    nbf: int
    exp: int
    status: Status
    changed_at: int | None = None
    preferred: bool = False
    jwk: Mapping[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class TrustList:
    """A verified trust list.

    Attributes:
        iss: Who published it (the anchor's owner).
        iat: When it was issued.
        exp: When it stops being valid.
        seq: Its sequence number (never goes down).
        participants: Participant ids on the list.
        keys: Trusted keys by kid.
        token: The signed compact JWS it was read from.
    """

    iss: str
    iat: int
    exp: int
    seq: int
    participants: tuple[str, ...]
    keys: Mapping[str, TrustedKey]
    token: str = field(repr=False)

    def key(self, kid: str) -> TrustedKey | None:
        """Return the key with this kid, or None."""
        return self.keys.get(kid)

    def encryption_key(self, owner: str, now: int) -> TrustedKey | None:
        """Return the key to encrypt to ``owner`` now: active, valid, preferred first."""
        usable = [
            k
            for k in self.keys.values()
            if k.owner == owner and k.use == "enc" and k.status == "active" and k.nbf <= now < k.exp
        ]
        usable.sort(key=lambda k: (not k.preferred, -k.nbf, k.kid))
        return usable[0] if usable else None


def _entry(jwk: Mapping[str, Any], now: int, default_exp: int) -> dict[str, Any]:
    entry = {k: jwk[k] for k in _PUBLIC_MEMBERS}
    entry["trm_nbf"] = int(jwk.get("trm_nbf", now))
    entry["trm_exp"] = int(jwk.get("trm_exp", default_exp))
    entry["trm_status"] = str(jwk.get("trm_status", "active"))
    for extra in ("trm_retired_at", "trm_revoked_at", "trm_preferred"):
        if extra in jwk:
            entry[extra] = jwk[extra]
    return entry


def build_trust_list(
    keys: Iterable[Mapping[str, Any]],
    anchor: Signer,
    *,
    now: int,
    seq: int,
    expires: int | None = None,
    key_lifetime: int = 400 * 24 * 3600,
) -> str:
    """Build and sign a trust list.

    Args:
        keys: Public JWKs of the profile (``trm_owner``, ``use``, ``alg``, ``kid``); they may
            carry ``trm_nbf``, ``trm_exp``, ``trm_status``, ``trm_retired_at``,
            ``trm_revoked_at`` and ``trm_preferred``, otherwise keys are active from ``now``
            for ``key_lifetime`` seconds.
        anchor: The anchor's signer.
        now: Issue time (NumericDate).
        seq: Sequence number, higher than every list published before.
        expires: End of validity (default: ``now`` + 7 days).
        key_lifetime: Default validity of a key without ``trm_exp``.

    Returns:
        The signed compact JWS.

    Raises:
        TRMError: ``TRM-TRUST-…`` if the keys would not pass :func:`load_trust_list`.
    """
    entries = [_entry(k, now, now + key_lifetime) for k in keys]
    owners = sorted({e["trm_owner"] for e in entries})
    payload = {
        "iss": anchor.owner,
        "iat": now,
        "exp": expires if expires is not None else now + DEFAULT_TTL,
        "seq": seq,
        "participants": [
            {"id": o, "country": o.split("/")[5], "profiles": [PROFILE]} for o in owners
        ],
        "keys": sorted(entries, key=lambda e: (e["trm_owner"], e["use"], e["kid"])),
    }
    _check_keys(payload)
    header = {"alg": ALG_SIG, "kid": anchor.kid, "typ": TRUSTLIST_TYP}
    signing_input = f"{b64e(jcs(header))}.{b64e(jcs(payload))}"
    return f"{signing_input}.{b64e(anchor.sign(signing_input.encode('ascii')))}"


def _check_keys(payload: Mapping[str, Any]) -> dict[str, TrustedKey]:
    participants = {p.get("id") for p in payload.get("participants", []) if isinstance(p, dict)}
    keys: dict[str, TrustedKey] = {}
    for jwk in payload.get("keys", []):
        if not isinstance(jwk, dict):
            raise TRMError("TRM-TRUST-001", "a key is not a JWK object")
        kid = jwk.get("kid")
        if kid in keys:
            raise TRMError("TRM-TRUST-006", "two keys share a kid")
        try:
            public = ec_public_from_jwk(jwk)
            thumbprint = jwk_thumbprint(jwk)
        except (JoseError, KeyError, TypeError):
            raise TRMError("TRM-TRUST-008", "a key is not a valid P-256 public key") from None
        if kid != thumbprint:
            raise TRMError("TRM-TRUST-007", "a kid is not its key's RFC 7638 thumbprint")
        keys[thumbprint] = _trusted(jwk, public, participants)
    return keys


def _trusted(
    jwk: Mapping[str, Any], public: ec.EllipticCurvePublicKey, participants: set[Any]
) -> TrustedKey:
    use, alg, status = jwk.get("use"), jwk.get("alg"), jwk.get("trm_status")
    if (use, alg) not in {("sig", ALG_SIG), ("enc", ALG_ENC)}:
        raise TRMError("TRM-TRUST-008", "a key's use and alg do not match the profile")
    if jwk.get("trm_owner") not in participants:
        raise TRMError("TRM-TRUST-008", "a key's owner is not a listed participant")
    if "d" in jwk:
        raise TRMError("TRM-TRUST-008", "a key on the list carries a private member")
    nbf, exp = jwk.get("trm_nbf"), jwk.get("trm_exp")
    if not isinstance(nbf, int) or not isinstance(exp, int) or isinstance(nbf, bool) or nbf >= exp:
        raise TRMError("TRM-TRUST-008", "a key's validity window is not two ordered integers")
    changed = {"retired": jwk.get("trm_retired_at"), "revoked": jwk.get("trm_revoked_at")}
    if status not in {"active", "retired", "revoked"}:
        raise TRMError("TRM-TRUST-008", "a key's status is not active, retired or revoked")
    changed_at = changed.get(status)
    if status != "active" and (not isinstance(changed_at, int) or isinstance(changed_at, bool)):
        raise TRMError("TRM-TRUST-008", "a retired or revoked key lacks the time it changed")
    return TrustedKey(
        kid=jwk["kid"],
        owner=jwk["trm_owner"],
        use=str(use),
        alg=str(alg),
        key=public,
        nbf=nbf,
        exp=exp,
        status=status,
        changed_at=changed_at if status != "active" else None,
        preferred=jwk.get("trm_preferred") is True,
        jwk=dict(jwk),
    )


def load_trust_list(
    token: str,
    anchors: Sequence[Mapping[str, Any]],
    *,
    now: int,
    accepted_seq: int | None = None,
) -> TrustList:
    """Verify a trust list against pinned anchors and return its keys.

    Args:
        token: The compact JWS.
        anchors: The pinned anchor public JWKs (two may be pinned while anchors rotate).
        now: The current time (NumericDate).
        accepted_seq: The ``seq`` of the list accepted before, if any: a lower one is a
            rollback; an equal one is the same list.

    Raises:
        TRMError: ``TRM-TRUST-001`` malformed, ``-002`` not signed by an anchor, ``-003``
            wrong ``typ``, ``-004`` expired or not yet valid, ``-005`` rollback, ``-006``
            duplicate kid, ``-007`` kid not a thumbprint, ``-008`` inconsistent key.
    """
    try:
        head, body, signature = split_compact(token.strip(), 3)
        header = parse_header(head)
        payload = strict_json(b64d(body))
    except JoseError:
        raise TRMError("TRM-TRUST-001", "not a compact JWS with a JSON object payload") from None
    if header.get("typ") != TRUSTLIST_TYP:
        raise TRMError("TRM-TRUST-003", f"typ must be {TRUSTLIST_TYP}")
    if header.get("alg") != ALG_SIG or _FORBIDDEN_HEADER & set(header):
        raise TRMError("TRM-TRUST-002", "algorithm or header member not allowed")
    pinned = {jwk_thumbprint(dict(a)): ec_public_from_jwk(dict(a)) for a in anchors}
    anchor = pinned.get(str(header.get("kid")))
    signing_input = f"{head}.{body}".encode("ascii")
    if anchor is None or not ecdsa_verify(anchor, b64d(signature), signing_input):
        raise TRMError("TRM-TRUST-002", "not signed by a pinned anchor")
    if not isinstance(payload, dict):
        raise TRMError("TRM-TRUST-001", "the payload is not an object")
    iat, exp, seq = payload.get("iat"), payload.get("exp"), payload.get("seq")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (iat, exp, seq)):
        raise TRMError("TRM-TRUST-001", "iat, exp and seq must be integers")
    assert isinstance(iat, int)
    assert isinstance(exp, int)
    assert isinstance(seq, int)
    if not iat - SKEW <= now < exp:
        raise TRMError("TRM-TRUST-004", "the trust list is expired or not yet valid")
    if accepted_seq is not None and seq < accepted_seq:
        raise TRMError("TRM-TRUST-005", "seq is lower than the one already accepted (rollback)")
    keys = _check_keys(payload)
    participants = tuple(
        sorted(str(p.get("id")) for p in payload.get("participants", []) if isinstance(p, dict))
    )
    return TrustList(str(payload.get("iss")), iat, exp, seq, participants, keys, token.strip())

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

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeGuard

import orjson
from cryptography.hazmat.primitives.asymmetric import ec

from trm_standard._errors import TRMError
from trm_standard._jose import (
    JoseError,
    b64d,
    b64e,
    ec_public_from_jwk,
    ecdsa_verify,
    jwk_thumbprint,
    media_type_is,
)
from trm_standard._keys import ALG_ENC, ALG_SIG, Signer
from trm_standard._serialize import jcs
from trm_standard.v1._types import PARTICIPANT_PATTERN

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
#: The envelope profile every participant on lists built here supports (docs/envelope.md §9).
PROFILE: Final = "TRM-JOSE-1"
#: Tolerated clock difference when checking a list's ``iat`` (seconds).
SKEW: Final = 300
#: Default lifetime of a trust list: refreshed at least daily, valid for a week.
DEFAULT_TTL: Final = 7 * 24 * 3600
Status = Literal["active", "retired", "revoked"]
_FORBIDDEN_HEADER: Final = frozenset({"crit", "b64", "jwk", "jku", "x5u", "x5c", "zip"})
_PARTICIPANT: Final = re.compile(PARTICIPANT_PATTERN)
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

    Without a backslash in the text, orjson decides: every colon is then a member
    separator or part of a string, and re-encoding keeps each one that survives, so a
    dropped duplicate shows as a missing colon. Otherwise the standard parser runs with a
    duplicate-refusing hook.

    Raises:
        JoseError: If ``data`` is not such JSON.
    """
    if b"\\" not in data:
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            raise JoseError("not strict JSON") from None
        if data.count(b":") != orjson.dumps(value).count(b":"):
            raise JoseError("duplicate member name")
        return value
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
        digest: SHA-256 (hex) of its payload: two lists with one ``seq`` must share it.
    """

    iss: str
    iat: int
    exp: int
    seq: int
    participants: tuple[str, ...]
    keys: Mapping[str, TrustedKey]
    token: str = field(repr=False)
    digest: str = ""

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
    entry["trm_nbf"] = jwk.get("trm_nbf", now)
    entry["trm_exp"] = jwk.get("trm_exp", default_exp)
    entry["trm_status"] = jwk.get("trm_status", "active")
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


def _integer(value: object) -> TypeGuard[int]:
    return type(value) is int


def _participants(payload: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the listed participant ids, checking each entry's shape."""
    listed = payload.get("participants")
    if not isinstance(listed, list):
        raise TRMError("TRM-TRUST-001", "participants must be a list")
    ids = []
    for entry in listed:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise TRMError("TRM-TRUST-001", "a participant is not an object with an id")
        pid = entry["id"]
        if not _PARTICIPANT.fullmatch(pid) or entry.get("country") != pid.split("/")[5]:
            raise TRMError("TRM-TRUST-008", "a participant id or its country is not valid")
        profiles = entry.get("profiles", [PROFILE])
        if not isinstance(profiles, list) or not all(isinstance(x, str) for x in profiles):
            raise TRMError("TRM-TRUST-001", "a participant's profiles must be a list of strings")
        ids.append(pid)
    if len(set(ids)) != len(ids):
        raise TRMError("TRM-TRUST-008", "a participant is listed twice")
    return tuple(sorted(ids))


def _check_keys(payload: Mapping[str, Any]) -> dict[str, TrustedKey]:
    participants = set(_participants(payload))
    listed = payload.get("keys")
    if not isinstance(listed, list):
        raise TRMError("TRM-TRUST-001", "keys must be a list")
    keys: dict[str, TrustedKey] = {}
    for jwk in listed:
        if not isinstance(jwk, dict):
            raise TRMError("TRM-TRUST-001", "a key is not a JWK object")
        members = ("kid", "use", "alg", "trm_owner", "trm_status")
        if not all(isinstance(jwk.get(m), str) for m in members):
            raise TRMError("TRM-TRUST-008", "kid, use, alg, trm_owner and trm_status are text")
        kid = jwk["kid"]
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
    if "trm_preferred" in jwk and not isinstance(jwk["trm_preferred"], bool):
        raise TRMError("TRM-TRUST-008", "trm_preferred must be true or false")
    if jwk.get("trm_owner") not in participants:
        raise TRMError("TRM-TRUST-008", "a key's owner is not a listed participant")
    if "d" in jwk:
        raise TRMError("TRM-TRUST-008", "a key on the list carries a private member")
    nbf, exp = jwk.get("trm_nbf"), jwk.get("trm_exp")
    if not _integer(nbf) or not _integer(exp) or nbf >= exp:
        raise TRMError("TRM-TRUST-008", "a key's validity window is not two ordered integers")
    changed = {"retired": jwk.get("trm_retired_at"), "revoked": jwk.get("trm_revoked_at")}
    if status not in {"active", "retired", "revoked"}:
        raise TRMError("TRM-TRUST-008", "a key's status is not active, retired or revoked")
    changed_at = changed.get(status)
    if status != "active" and not _integer(changed_at):
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
    accepted_digest: str | None = None,
) -> TrustList:
    """Verify a trust list against pinned anchors and return its keys.

    The signature is checked before the payload is read; the payload must be the RFC 8785
    form of a JSON object with integer ``iat``, ``exp`` and ``seq``, a string ``iss``, and
    lists ``participants`` and ``keys``.

    Args:
        token: The compact JWS.
        anchors: The pinned anchor public JWKs (two may be pinned while anchors rotate).
        now: The current time (NumericDate).
        accepted_seq: The ``seq`` of the list accepted before, if any: a lower one is a
            rollback.
        accepted_digest: The :attr:`TrustList.digest` of that list: with the same ``seq``
            the list must be the same one.

    Raises:
        TRMError: ``TRM-TRUST-001`` malformed, ``-002`` not signed by an anchor, ``-003``
            wrong ``typ``, ``-004`` expired or not yet valid, ``-005`` rollback (or
            another list with the accepted ``seq``), ``-006`` duplicate kid, ``-007`` kid
            not a thumbprint, ``-008`` inconsistent key or participant.
    """
    token = token.strip()
    try:
        (head, body, _), (_, raw, signature) = decode_compact(token, 3)
        header = header_object(b64d(head))
    except JoseError:
        raise TRMError("TRM-TRUST-001", "not a compact JWS") from None
    if not media_type_is(header.get("typ"), TRUSTLIST_TYP):
        raise TRMError("TRM-TRUST-003", f"typ must be {TRUSTLIST_TYP}")
    if header.get("alg") != ALG_SIG or _FORBIDDEN_HEADER & set(header):
        raise TRMError("TRM-TRUST-002", "algorithm or header member not allowed")
    pinned = {jwk_thumbprint(dict(a)): ec_public_from_jwk(dict(a)) for a in anchors}
    anchor = pinned.get(str(header.get("kid")))
    if anchor is None or not ecdsa_verify(anchor, signature, f"{head}.{body}".encode("ascii")):
        raise TRMError("TRM-TRUST-002", "not signed by a pinned anchor")
    payload = _payload(raw)
    iat, exp, seq = payload["iat"], payload["exp"], payload["seq"]
    if not iat - SKEW <= now < exp:
        raise TRMError("TRM-TRUST-004", "the trust list is expired or not yet valid")
    digest = hashlib.sha256(raw).hexdigest()
    if accepted_seq is not None and seq < accepted_seq:
        raise TRMError("TRM-TRUST-005", "seq is lower than the one already accepted (rollback)")
    if seq == accepted_seq and accepted_digest is not None and digest != accepted_digest:
        raise TRMError("TRM-TRUST-005", "another list with the seq already accepted")
    keys = _check_keys(payload)
    participants = _participants(payload)
    return TrustList(payload["iss"], iat, exp, seq, participants, keys, token, digest)


def _payload(raw: bytes) -> dict[str, Any]:
    try:
        payload = strict_json(raw)
    except JoseError:
        raise TRMError("TRM-TRUST-001", "the payload is not strict JSON") from None
    if not isinstance(payload, dict):
        raise TRMError("TRM-TRUST-001", "the payload is not an object")
    if not all(_integer(payload.get(n)) for n in ("iat", "exp", "seq")):
        raise TRMError("TRM-TRUST-001", "iat, exp and seq must be integers")
    if not isinstance(payload.get("iss"), str):
        raise TRMError("TRM-TRUST-001", "iss must be a string")
    try:
        canonical = jcs(payload) == raw
    except (TypeError, ValueError):
        canonical = False
    if not canonical:
        raise TRMError("TRM-TRUST-001", "the payload is not in its RFC 8785 form")
    return payload

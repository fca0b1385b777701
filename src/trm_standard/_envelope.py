"""Profile TRM-JOSE-1: a TRM message signed (ES256 JWS) then encrypted (ECDH-ES+A256KW JWE).

The layers (DESIGN §8; RFC 7515, RFC 7516, RFC 7518, RFC 7519 §5.2 nested JWT):

* inner compact JWS, header ``{"alg": "ES256", "kid": <sender signing kid>, "typ":
  "trm+jwt"}``, over the RFC 8785 (JCS) bytes of the claims ``{iss, aud, iat, nbf, exp,
  jti, trm_schema, trm}``, ``trm`` being the message and ``trm_schema`` its schema ``$id``;
* outer compact JWE, header ``{"alg": "ECDH-ES+A256KW", "enc": "A256GCM", "cty": "JWT",
  "epk": {...}, "kid": <recipient encryption kid>}``.

:func:`open_envelope` runs the receiver's checks in the fixed order of docs/envelope.md §7 and
fails closed with one ``TRM-ENV-…`` code per check; every decryption failure has the same
code and message. Keys come only from the trust list and the receiver's own decrypters.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Protocol, runtime_checkable

import orjson
from cryptography.hazmat.primitives.asymmetric import ec

from trm_standard._api import validate, validate_value
from trm_standard._errors import Issue, TRMError
from trm_standard._fast import message_is_valid, validate_canonical
from trm_standard._jose import (
    CURVE_ORDER,
    JoseError,
    b64e,
    concat_kdf,
    ec_public_from_jwk,
    ecdsa_verify,
    gcm_decrypt,
    gcm_encrypt,
    media_type_is,
    public_jwk,
    unwrap_cek,
    wrap_cek,
)
from trm_standard._jsonparse import Limits, parse_strict
from trm_standard._keys import ALG_ENC, ALG_SIG, Decrypter, Signer
from trm_standard._schema import schema_id
from trm_standard._serialize import canonical_json, is_data_model, jcs, jcs_ascii_object
from trm_standard._trustlist import TrustedKey, TrustList, decode_compact, header_object
from trm_standard.v1 import MESSAGE_CLASSES, SPEC_VERSION, MessageBase

__all__ = [
    "INNER_TYP",
    "Claims",
    "EnvelopeError",
    "EnvelopePolicy",
    "MemoryReplayStore",
    "Opened",
    "ReplayStore",
    "SQLiteReplayStore",
    "open_envelope",
    "seal",
]

INNER_TYP: Final = "trm+jwt"
ENC: Final = "A256GCM"
#: Deepest payload nesting: a message may nest 32 deep, and the claims object adds one.
_PAYLOAD_DEPTH: Final = 33
_OUTER_FORBIDDEN: Final = frozenset(
    {"zip", "crit", "apu", "apv", "jwk", "jku", "x5u", "x5c", "p2s", "p2c", "b64"}
)
_INNER_FORBIDDEN: Final = frozenset({"crit", "b64", "jwk", "jku", "x5u", "x5c", "zip"})
_JTI: Final = re.compile(
    r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
)
_REQUIRED_CLAIMS: Final = ("iss", "aud", "iat", "nbf", "exp", "jti", "trm_schema", "trm")
#: Strict-parse findings that make a payload malformed (TRM-ENV-014): not UTF-8, not JSON,
#: duplicate member names, too deep, not an object, a byte order mark, a lone surrogate.
_PAYLOAD_MALFORMED: Final = frozenset(f"TRM-JSON-{n:03d}" for n in (1, 2, 3, 4, 5, 9, 10, 12, 14))
#: Numbers RFC 8785 cannot reproduce byte for byte under the data model (TRM-ENV-015).
_PAYLOAD_NOT_CANONICAL: Final = frozenset(f"TRM-JSON-{n:03d}" for n in (6, 7, 8))
#: Surrounding whitespace tolerated around a token (a file's final newline): ASCII only.
_WHITESPACE: Final = " \t\r\n"
_DECRYPT_FAILED: Final = "the envelope could not be decrypted"
RandomBytes = Callable[[int], bytes]


class EnvelopeError(TRMError):
    """A ``TRM-ENV-…`` failure of sealing or opening.

    Attributes:
        issues: For ``TRM-ENV-029`` (the message inside is invalid), its validation issues.
    """

    def __init__(self, code: str, message: str, issues: Iterable[Issue] = ()) -> None:
        super().__init__(code, message)
        self.issues = tuple(issues)


@dataclass(frozen=True, slots=True)
class EnvelopePolicy:
    """The receiver's and producer's limits (docs/envelope.md §4.2, §7).

    Attributes:
        skew: Tolerated clock difference, seconds (default 300).
        max_lifetime: Longest accepted ``exp - iat``, seconds (default 14 days).
        lifetime: ``exp - iat`` of sealed envelopes, seconds (default 72 hours).
        max_bytes: Largest accepted envelope (default 2 MiB: room for a 1 MiB message
            after two base64url layers).
    """

    skew: int = 300
    max_lifetime: int = 14 * 24 * 3600
    lifetime: int = 72 * 3600
    max_bytes: int = 2 * 1024 * 1024


DEFAULT_POLICY: Final = EnvelopePolicy()


@dataclass(frozen=True, slots=True)
class Claims:
    """The signed claims of an envelope (the ``trm`` message aside)."""

    iss: str
    aud: str
    iat: int
    nbf: int
    exp: int
    jti: str
    trm_schema: str


@dataclass(frozen=True)
class Opened:
    """A verified, validated envelope.

    Attributes:
        message: The validated message.
        claims: The signed claims.
        sender_kid: The kid of the key that signed it.
        recipient_kid: The kid of the key it was encrypted to.
        jws: The inner compact JWS, the signed evidence to keep (not the JWE).
        record_digest: SHA-256 (hex) of the JCS bytes of the message.
    """

    message: MessageBase
    claims: Claims
    sender_kid: str
    recipient_kid: str
    jws: str = field(repr=False)
    record_digest: str


# --------------------------------------------------------------------------------------
# Replay stores
# --------------------------------------------------------------------------------------


@runtime_checkable
class ReplayStore(Protocol):
    """Remembers ``(iss, jti)`` pairs until they expire."""

    def remember(self, iss: str, jti: str, *, until: int, now: int) -> bool:
        """Record the pair; return False if it was already recorded and not yet expired."""
        ...


class MemoryReplayStore:
    """A replay store in this process's memory (tests, single-process receivers)."""

    def __init__(self) -> None:
        """Create an empty store."""
        self._seen: dict[tuple[str, str], int] = {}

    def remember(self, iss: str, jti: str, *, until: int, now: int) -> bool:
        """Record the pair; return False if it was already recorded and not yet expired."""
        key = (iss, jti)
        previous = self._seen.get(key)
        if previous is not None and previous > now:
            return False
        self._seen[key] = until
        if len(self._seen) > 100_000:  # drop expired pairs now and then
            self._seen = {k: v for k, v in self._seen.items() if v > now}
        return True


class SQLiteReplayStore:
    """A replay store in an SQLite file, safe for several processes on one machine.

    The insert is one atomic statement (``INSERT ... ON CONFLICT DO UPDATE ... WHERE``), so
    two processes receiving the same envelope at once cannot both accept it. The store
    also keeps the highest trust-list ``seq`` accepted, so that a receiver refuses an
    older list (anti-rollback) across runs.
    """

    def __init__(self, path: Path | str, *, timeout: float = 30.0, durable: bool = True) -> None:
        """Open (and create) the store at ``path``.

        Args:
            path: The SQLite file (its folder is created).
            timeout: Seconds to wait for another process's write lock.
            durable: Sync every new pair to disk before accepting the envelope (the
                default). ``False`` (SQLite ``synchronous=NORMAL`` in WAL mode) is about
                ten times faster, but a power failure or an operating-system crash (not a
                process crash) may forget the last pairs, so a replay sent within that
                window would be accepted.
        """
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS seen (iss TEXT NOT NULL, jti TEXT NOT NULL, "
            "until INTEGER NOT NULL, PRIMARY KEY (iss, jti)) WITHOUT ROWID"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS trust_lists (domain TEXT PRIMARY KEY, "
            "seq INTEGER NOT NULL, digest TEXT NOT NULL)"
        )
        self._inserts = 0

    def accepted_trust_list(self, domain: str) -> tuple[int, str] | None:
        """Return ``(seq, digest)`` of the newest trust list accepted in ``domain``, if any.

        A domain names one trust setting, e.g. the pinned anchors' kids: lists signed
        under other anchors are another story and do not roll this one back.
        """
        row = self._db.execute(
            "SELECT seq, digest FROM trust_lists WHERE domain = ?", (domain,)
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def note_trust_list(self, domain: str, seq: int, digest: str) -> None:
        """Remember an accepted trust list, unless a newer one was accepted in ``domain``."""
        self._db.execute(
            "INSERT INTO trust_lists (domain, seq, digest) VALUES (?, ?, ?) "
            "ON CONFLICT (domain) DO UPDATE SET seq = excluded.seq, digest = excluded.digest "
            "WHERE excluded.seq > trust_lists.seq",
            (domain, seq, digest),
        )

    def remember(self, iss: str, jti: str, *, until: int, now: int) -> bool:
        """Record the pair; return False if it was already recorded and not yet expired."""
        cursor = self._db.execute(
            "INSERT INTO seen (iss, jti, until) VALUES (?, ?, ?) "
            "ON CONFLICT (iss, jti) DO UPDATE SET until = excluded.until WHERE seen.until <= ?",
            (iss, jti, until, now),
        )
        self._inserts += 1
        if self._inserts % 1000 == 0:
            self._db.execute("DELETE FROM seen WHERE until <= ?", (now,))
        return cursor.rowcount == 1

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()


def default_replay_path() -> Path:
    """Return the per-user default replay store (``$XDG_STATE_HOME/trm/replay.sqlite3``)."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "trm" / "replay.sqlite3"


# --------------------------------------------------------------------------------------
# Sealing
# --------------------------------------------------------------------------------------


def _numeric(now: int | float) -> int:
    return int(now)


def seal(
    message: MessageBase,
    signer: Signer,
    recipient: str,
    trust_list: TrustList,
    *,
    now: int,
    rng: RandomBytes = os.urandom,
    policy: EnvelopePolicy = DEFAULT_POLICY,
) -> str:
    """Sign then encrypt ``message`` for ``recipient`` (docs/envelope.md §6).

    Args:
        message: A valid message whose sender is the signer's owner and whose recipient
            is ``recipient``.
        signer: The sender's signing key (active on the trust list).
        recipient: The recipient's participant id.
        trust_list: The current trust list (the recipient's encryption key comes from it).
        now: The current time (NumericDate seconds).
        rng: Source of random bytes for the jti, ephemeral key, CEK and IV (fixed only for
            test vectors).
        policy: Lifetime of the envelope.

    Returns:
        The compact JWE.

    Raises:
        EnvelopeError: If the message is invalid or disagrees with the parties, or if a
            key is not usable on the trust list.
    """
    now = _numeric(now)
    _current(trust_list, now, policy)
    value = message.to_json_dict()
    try:
        data = orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_STRICT_INTEGER)
    except orjson.JSONEncodeError:
        data = b""
    # a valid message has only integers and ASCII member names: its sorted compact JSON
    # is then its RFC 8785 form
    if not data or not message_is_valid(message, value, data):
        report = validate(data) if data else validate_value(value)
        if report.message is None:
            raise EnvelopeError("TRM-ENV-029", "the message is not valid", report.issues)
        data = canonical_json(report.message)
    if message.sender != signer.owner or message.recipient != recipient:
        raise EnvelopeError("TRM-ENV-030", "sender or recipient differs from the envelope's")
    own = trust_list.key(signer.kid)
    if own is None or own.owner != signer.owner:
        raise EnvelopeError("TRM-ENV-011", "the signing key is not on the trust list")
    if own.use != "sig" or own.alg != ALG_SIG:
        raise EnvelopeError("TRM-ENV-012", "the key is not a signing key")
    if own.status != "active":
        code = "TRM-ENV-024" if own.status == "revoked" else "TRM-ENV-025"
        raise EnvelopeError(code, f"a {own.status} key signs no new message")
    if not own.nbf <= now < own.exp:
        raise EnvelopeError("TRM-ENV-023", "the signing key is outside its validity")
    target = trust_list.encryption_key(recipient, now)
    if target is None:
        raise EnvelopeError("TRM-ENV-031", "the recipient has no usable encryption key")
    claims = {
        "aud": recipient,
        "exp": now + policy.lifetime,
        "iat": now,
        "iss": signer.owner,
        "jti": f"urn:uuid:{uuid.UUID(bytes=rng(16), version=4)}",
        "nbf": now,
    }
    trm_schema = orjson.dumps(schema_id(message.spec_version, message.message_type))
    # RFC 8785 order: aud, exp, iat, iss, jti, nbf, trm, trm_schema; trm is already JCS
    payload = (
        jcs_ascii_object(claims)[:-1] + b',"trm":' + data + b',"trm_schema":' + trm_schema + b"}"
    )
    header = {"alg": ALG_SIG, "kid": signer.kid, "typ": INNER_TYP}
    signing_input = f"{b64e(jcs_ascii_object(header))}.{b64e(payload)}"
    jws = f"{signing_input}.{b64e(signer.sign(signing_input.encode('ascii')))}"
    if rng is os.urandom:  # OpenSSL's own key generation is the faster path
        ephemeral = ec.generate_private_key(ec.SECP256R1())
    else:  # a fixed source (test vectors): the scalar comes from it
        scalar = int.from_bytes(rng(32), "big") % (CURVE_ORDER - 1) + 1
        ephemeral = ec.derive_private_key(scalar, ec.SECP256R1())
    outer = {
        "alg": ALG_ENC,
        "cty": "JWT",
        "enc": ENC,
        "epk": public_jwk(ephemeral.public_key()),
        "kid": target.kid,
    }
    protected = b64e(jcs_ascii_object(outer))
    kek = concat_kdf(ephemeral.exchange(ec.ECDH(), target.key), ALG_ENC)
    cek, iv = rng(32), rng(12)
    ciphertext, tag = gcm_encrypt(cek, iv, jws.encode("ascii"), protected.encode("ascii"))
    token = ".".join([protected, b64e(wrap_cek(kek, cek)), b64e(iv), b64e(ciphertext), b64e(tag)])
    if len(token) > policy.max_bytes:  # a receiver with the same policy would refuse it
        raise EnvelopeError("TRM-ENV-001", f"envelope larger than {policy.max_bytes} bytes")
    return token


# --------------------------------------------------------------------------------------
# Opening: docs/envelope.md §7, in order
# --------------------------------------------------------------------------------------


Segments = tuple[list[str], list[bytes], dict[str, Any]]


def _outer(token: str, policy: EnvelopePolicy) -> Segments:
    """Steps 1-2: size, shape and the outer (JWE) protected header."""
    if len(token) > policy.max_bytes:
        raise EnvelopeError("TRM-ENV-001", f"envelope larger than {policy.max_bytes} bytes")
    if token.count(".") != 4:
        raise EnvelopeError("TRM-ENV-002", "not a compact JWE (five base64url segments)")
    try:
        parts, decoded = decode_compact(token, 5)
    except JoseError:
        raise EnvelopeError("TRM-ENV-002", "a segment is not canonical base64url") from None
    try:
        header = header_object(decoded[0])
    except JoseError:
        raise EnvelopeError("TRM-ENV-003", "the outer header is not a strict JSON object") from None
    if header.get("alg") != ALG_ENC or header.get("enc") != ENC:
        raise EnvelopeError("TRM-ENV-004", "key management or content algorithm not allowed")
    if _OUTER_FORBIDDEN & set(header):
        raise EnvelopeError("TRM-ENV-003", "the outer header has a forbidden member")
    cty, typ = header.get("cty"), header.get("typ", "JWT")
    if not media_type_is(cty, "JWT") or not media_type_is(typ, "JWT"):
        raise EnvelopeError("TRM-ENV-003", "the outer header must say cty JWT")
    if not isinstance(header.get("epk"), dict) or not isinstance(header.get("kid"), str):
        raise EnvelopeError("TRM-ENV-003", "the outer header lacks epk or kid")
    return parts, decoded, header


def _decrypt(outer: Segments, decrypter: Decrypter) -> bytes:
    """Step 4: key agreement, key unwrap and AES-GCM; one uniform error for any failure."""
    parts, (_, wrapped, iv, ciphertext, tag), header = outer
    try:
        epk = ec_public_from_jwk(dict(header["epk"]))
        kek = concat_kdf(decrypter.agree(epk), ALG_ENC)
        cek = unwrap_cek(kek, wrapped)  # also rejects a wrapped key of the wrong size
        plaintext = gcm_decrypt(cek, iv, ciphertext, tag, parts[0].encode("ascii"))
    except (JoseError, ValueError, TypeError):
        plaintext = None
    if plaintext is None or len(wrapped) != 40:  # AES key wrap of a 256-bit CEK
        raise EnvelopeError("TRM-ENV-006", _DECRYPT_FAILED)
    return plaintext


def _inner(plaintext: bytes) -> Segments:
    """Step 5: the inner compact JWS and its protected header."""
    try:
        parts, decoded = decode_compact(plaintext.decode("ascii"), 3)
    except (UnicodeDecodeError, JoseError):
        raise EnvelopeError("TRM-ENV-007", "the plaintext is not a compact JWS") from None
    try:
        header = header_object(decoded[0])
    except JoseError:
        raise EnvelopeError("TRM-ENV-008", "the inner header is not a strict JSON object") from None
    if _INNER_FORBIDDEN & set(header):
        raise EnvelopeError("TRM-ENV-008", "the inner header has a forbidden member")
    if header.get("alg") != ALG_SIG:
        raise EnvelopeError("TRM-ENV-010", "signature algorithm not allowed")
    if not media_type_is(header.get("typ"), INNER_TYP):
        raise EnvelopeError("TRM-ENV-009", f"typ must be {INNER_TYP}")
    if not isinstance(header.get("kid"), str):
        raise EnvelopeError("TRM-ENV-011", "the signing key is not named")
    return parts, decoded, header


def _canonical_fast(raw: bytes) -> dict[str, Any] | None:
    """Return the claims if ``raw`` is surely their RFC 8785 form, else None (undecided).

    orjson writes sorted, compact JSON with raw UTF-8 exactly as RFC 8785 does for the
    data model (integers within ±(2^53 - 1), ASCII member names; a differential test holds
    it to :func:`_payload_strict`), so equal bytes prove the payload canonical.
    """
    try:
        value = orjson.loads(raw)
        if type(value) is not dict:
            return None
        again = orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_STRICT_INTEGER)
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        return None
    if again != raw:
        return None
    if not is_data_model(value, max_depth=_PAYLOAD_DEPTH):
        return None
    claims: dict[str, Any] = value
    return claims


def _payload_strict(raw: bytes) -> dict[str, Any]:
    """Step 8 the slow way, telling a malformed payload from one only not canonical."""
    parsed = parse_strict(raw, Limits(max_bytes=max(len(raw), 1), max_depth=_PAYLOAD_DEPTH))
    codes = {i.code for i in parsed.issues}
    if codes & _PAYLOAD_MALFORMED or not isinstance(parsed.value, dict):
        raise EnvelopeError("TRM-ENV-014", "the payload is not a strict JSON object")
    if codes & _PAYLOAD_NOT_CANONICAL:
        raise EnvelopeError("TRM-ENV-015", "the payload is not in its canonical form")
    claims: dict[str, Any] = parsed.value
    try:
        canonical = jcs(claims)
    except ValueError:  # a non-ASCII member name: no data-model JSON has one
        raise EnvelopeError("TRM-ENV-014", "a member name of the payload is not ASCII") from None
    if canonical != raw:
        raise EnvelopeError("TRM-ENV-015", "the payload is not in its canonical form")
    return claims


def _payload(raw: bytes) -> dict[str, Any]:
    """Step 8: a strict JSON object whose bytes are exactly its RFC 8785 form.

    Nulls, non-NFC strings and member names outside ``[a-z0-9_]`` are well-formed,
    canonical JSON: they are left to the message's own validation (step 11).
    """
    claims = _canonical_fast(raw)
    return claims if claims is not None else _payload_strict(raw)


def _claims(payload: Mapping[str, Any]) -> Claims:
    for name in _REQUIRED_CLAIMS:
        if name not in payload:
            raise EnvelopeError("TRM-ENV-016", f"claim {name} is missing")
    if not isinstance(payload["aud"], str):
        raise EnvelopeError("TRM-ENV-018", "aud must be a single participant id")
    texts = ("iss", "jti", "trm_schema")
    numbers = ("iat", "nbf", "exp")
    if (
        not all(isinstance(payload[n], str) for n in texts)
        or not all(type(payload[n]) is int for n in numbers)
        or not isinstance(payload["trm"], dict)
        or not _JTI.fullmatch(payload["jti"])
    ):
        raise EnvelopeError("TRM-ENV-016", "a claim has the wrong type")
    return Claims(*(payload[n] for n in ("iss", "aud", "iat", "nbf", "exp", "jti", "trm_schema")))


def _times(claims: Claims, key_nbf: int, key_exp: int, now: int, policy: EnvelopePolicy) -> None:
    skew = policy.skew
    if now >= claims.exp + skew:
        raise EnvelopeError("TRM-ENV-019", "the envelope has expired")
    if now < claims.nbf - skew:
        raise EnvelopeError("TRM-ENV-020", "the envelope is not valid yet")
    if claims.iat > now + skew:
        raise EnvelopeError("TRM-ENV-021", "the envelope was issued in the future")
    if not 0 < claims.exp - claims.iat <= policy.max_lifetime or claims.nbf < claims.iat - skew:
        raise EnvelopeError("TRM-ENV-022", "the envelope's lifetime is out of bounds")
    if not key_nbf <= claims.iat < key_exp:
        raise EnvelopeError("TRM-ENV-023", "the signing key was not valid when it signed")


def open_envelope(
    token: str | bytes,
    decrypters: Iterable[Decrypter],
    trust_list: TrustList,
    replay_store: ReplayStore,
    *,
    now: int,
    policy: EnvelopePolicy = DEFAULT_POLICY,
) -> Opened:
    """Decrypt, verify, check and validate an envelope (docs/envelope.md §7, in order).

    Args:
        token: The compact JWE as received.
        decrypters: The receiver's own encryption keys (current and previous).
        trust_list: The current verified trust list.
        replay_store: Where ``(iss, jti)`` pairs are remembered.
        now: The current time (NumericDate seconds).
        policy: Clock skew, maximum lifetime and size limit.

    Returns:
        The verified message with its envelope metadata.

    Raises:
        EnvelopeError: The first failed check, with its ``TRM-ENV-…`` code.
    """
    now = _numeric(now)
    if len(token) > policy.max_bytes:
        raise EnvelopeError("TRM-ENV-001", f"envelope larger than {policy.max_bytes} bytes")
    if isinstance(token, bytes):
        try:
            token = token.decode("ascii")
        except UnicodeDecodeError:
            raise EnvelopeError("TRM-ENV-002", "not a compact JWE") from None
    _current(trust_list, now, policy)
    outer = _outer(token.strip(_WHITESPACE), policy)  # 1-2: size, shape, outer header
    decrypter = {d.kid: d for d in decrypters}.get(outer[2]["kid"])
    if decrypter is None:  # 3: one of our keys
        raise EnvelopeError("TRM-ENV-005", "not encrypted to any of our keys")
    inner_parts, (_, raw, signature), inner = _inner(_decrypt(outer, decrypter))  # 4-5
    trusted = _signing_key(trust_list, inner["kid"])  # 6: from the trust list only
    signing_input = f"{inner_parts[0]}.{inner_parts[1]}".encode("ascii")
    if not ecdsa_verify(trusted.key, signature, signing_input):  # 7
        raise EnvelopeError("TRM-ENV-013", "the signature does not verify")
    payload = _payload(raw)  # 8: strict and canonical
    claims = _claims(payload)  # 9: claims
    if claims.iss != trusted.owner:
        raise EnvelopeError("TRM-ENV-017", "iss is not the owner of the signing key")
    if claims.aud != decrypter.owner:
        raise EnvelopeError("TRM-ENV-018", "the envelope is addressed to someone else")
    _times(claims, trusted.nbf, trusted.exp, now, policy)
    if trusted.status == "retired" and claims.iat >= (trusted.changed_at or 0):
        raise EnvelopeError("TRM-ENV-025", "the signing key was retired before it signed")
    if not replay_store.remember(claims.iss, claims.jti, until=claims.exp + policy.skew, now=now):
        raise EnvelopeError("TRM-ENV-026", "this envelope was already received (replay)")  # 10
    message, digest = _message(_trm_bytes(raw, payload), payload["trm"], claims)  # 11
    jws = ".".join(inner_parts)
    return Opened(message, claims, trusted.kid, decrypter.kid, jws, digest)


def _current(trust_list: TrustList, now: int, policy: EnvelopePolicy) -> None:
    """Refuse a trust list that has expired (or is not valid yet) since it was loaded."""
    if not trust_list.iat - policy.skew <= now < trust_list.exp:
        raise TRMError("TRM-TRUST-004", "the trust list is expired or not yet valid")


def _signing_key(trust_list: TrustList, kid: str) -> TrustedKey:
    trusted = trust_list.key(kid)
    if trusted is None:
        raise EnvelopeError("TRM-ENV-011", "the signing key is not on the trust list")
    if trusted.use != "sig" or trusted.alg != ALG_SIG:
        raise EnvelopeError("TRM-ENV-012", "the key is not a signing key")
    if trusted.status == "revoked":
        raise EnvelopeError("TRM-ENV-024", "the signing key is revoked")
    return trusted


def _trm_bytes(raw: bytes, payload: Mapping[str, Any]) -> bytes:
    """Return the JCS bytes of the ``trm`` claim, cut from the canonical payload if possible.

    With exactly the eight claims (checked by step 9), ``trm`` is the only object and
    ``trm_schema`` the last member, so the first ``,"trm":`` starts the message and the
    payload ends with ``,"trm_schema":"…"}``; anything else falls back to encoding.
    """
    if len(payload) == len(_REQUIRED_CLAIMS):
        tail = b',"trm_schema":' + orjson.dumps(payload["trm_schema"]) + b"}"
        start = raw.find(b',"trm":')
        if start != -1 and raw.endswith(tail):
            return raw[start + 7 : len(raw) - len(tail)]
    return jcs(payload["trm"])


def _message(raw: bytes, trm: dict[str, Any], claims: Claims) -> tuple[MessageBase, str]:
    known = {schema_id(SPEC_VERSION, t) for t in MESSAGE_CLASSES}
    if claims.trm_schema not in known:
        raise EnvelopeError("TRM-ENV-027", "trm_schema names no schema this library reads")
    report = validate_canonical(raw, trm)
    if report.message is None:
        raise EnvelopeError("TRM-ENV-029", "the message is not valid", report.issues)
    message = report.message
    if claims.trm_schema != schema_id(message.spec_version, message.message_type):
        raise EnvelopeError("TRM-ENV-028", "trm_schema is not the message's schema")
    if message.sender != claims.iss or message.recipient != claims.aud:
        raise EnvelopeError("TRM-ENV-030", "sender or recipient differs from the envelope's")
    return message, hashlib.sha256(raw).hexdigest()


def now_seconds() -> int:
    """Return the current time as a NumericDate (whole seconds since the epoch)."""
    return int(time.time())

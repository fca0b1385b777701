"""Generate the byte-reproducible envelope and trust-list vectors (profile TRM-JOSE-1).

Every key, ephemeral key, content-encryption key, IV and jti comes from a labelled
deterministic byte stream, and ES256 signatures are deterministic (RFC 6979), so running
this twice writes the same bytes; ``make test`` regenerates the vectors in memory and fails
if a committed file differs (``python -m trm_standard._envgen --check``).

A vector is one JSON file, readable without Python::

    {"id", "description", "profile", "operation", "context", "input", "expected"}

* ``operation`` ``envelope.open``: ``context`` has ``now``, ``receiver``, ``receiver_keys``
  (the receiver's private encryption JWKs), ``trust_list`` (compact JWS),
  ``trust_anchors`` (public JWKs), ``replay`` (``(iss, jti, until)`` already seen) and
  ``policy`` (``skew``, ``max_lifetime``, ``max_bytes``); ``input.envelope`` is the compact
  JWE. A valid vector's ``expected.output`` has the message, its ``record_digest`` and the
  claims; its ``intermediate`` has every layer, plus the ephemeral key, CEK and IV a
  producer needs to rebuild the same bytes.
* ``operation`` ``trustlist.load``: ``context`` has ``now``, ``trust_anchors`` and
  ``accepted_seq``; ``input.trust_list`` is the compact JWS.

``expected.errors`` lists the one code the first failed check must report. The cases follow
the conformance list of the profile's research (ids V.., N.., M.., T..); the expected code
of each case is written here by hand, from the profile (docs/envelope.md), never computed
by the code under test.

All keys are synthetic test keys, published on purpose: never use them for anything else.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import hmac
import json
import sys
import unicodedata
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import orjson
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from trm_standard._envelope import DEFAULT_POLICY, ENC, INNER_TYP, EnvelopePolicy, seal
from trm_standard._jose import (
    CURVE_ORDER,
    b64d,
    b64e,
    concat_kdf,
    ec_public_from_jwk,
    gcm_encrypt,
    public_jwk,
    wrap_cek,
)
from trm_standard._keys import ALG_ENC, ALG_SIG, LocalSigner, generate_keys
from trm_standard._schema import schema_id
from trm_standard._serialize import jcs
from trm_standard._trustlist import PROFILE, TRUSTLIST_TYP, load_trust_list
from trm_standard.v1 import SPEC_VERSION

__all__ = ["VECTOR_DIR", "Vector", "build_vectors", "main", "write_vectors"]

PACKAGE: Final = Path(__file__).resolve().parent
#: Where the vectors live inside the package: ``vectors/<spec-version>/<area>/<id>.json``.
VECTOR_DIR: Final = PACKAGE / "vectors" / SPEC_VERSION
EXAMPLES: Final = PACKAGE.parents[1] / "examples"

#: The validation clock of every vector: 2026-06-01T08:00:00Z.
T0: Final = int(datetime(2026, 6, 1, 8, 0, tzinfo=UTC).timestamp())
HOUR: Final = 3600
DAY: Final = 24 * HOUR

SE: Final = "https://w3id.org/trm/org/SE/JAMY"
RO: Final = "https://w3id.org/trm/org/RO/ANITP"
BG: Final = "https://w3id.org/trm/org/BG/NCCTHB"
ANCHOR_A: Final = "https://w3id.org/trm/org/SI/TRM-ANCHOR-A"
ANCHOR_B: Final = "https://w3id.org/trm/org/SI/TRM-ANCHOR-B"

JSON = dict[str, Any]


def stream(label: str) -> Callable[[int], bytes]:
    """Return a deterministic byte source: SHA-256(label ‖ counter) blocks, for vectors only."""
    counter = 0
    buffer = b""

    def take(n: int) -> bytes:
        nonlocal counter, buffer
        while len(buffer) < n:
            block = f"trm-vectors/{label}/{counter}".encode()
            buffer += hashlib.sha256(block).digest()
            counter += 1
        out, buffer = buffer[:n], buffer[n:]
        return out

    return take


# --------------------------------------------------------------------------------------
# Keys and trust lists
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """A synthetic key with its trust-list attributes."""

    private: JSON = field(repr=False)
    listing: JSON = field(default_factory=dict)

    @property
    def public(self) -> JSON:
        """The public JWK (no ``d``)."""
        return {k: v for k, v in self.private.items() if k != "d"}

    @property
    def kid(self) -> str:
        """The RFC 7638 thumbprint."""
        return str(self.private["kid"])

    @property
    def entry(self) -> JSON:
        """The key as listed on the trust list."""
        return self.public | self.listing

    def ec_private(self) -> ec.EllipticCurvePrivateKey:
        """The private key."""
        scalar = int.from_bytes(b64d(str(self.private["d"])), "big")
        return ec.derive_private_key(scalar, ec.SECP256R1())

    def signer(self) -> LocalSigner:
        """An ES256 signer with this key (whatever its ``use``, for crafted vectors)."""
        return LocalSigner(self.ec_private(), self.kid, str(self.private["trm_owner"]))


def _key(label: str, owner: str, use: str, **listing: Any) -> Key:
    pairs = generate_keys(owner, rng=stream(f"key/{label}"))
    window = {"trm_nbf": T0 - 180 * DAY, "trm_exp": T0 + 365 * DAY, "trm_status": "active"}
    return Key(dict(pairs["sig" if use == "sig" else "enc"].private), window | listing)


KEYS: Final = {
    "anchor-a": _key("anchor-a", ANCHOR_A, "sig"),
    "anchor-b": _key("anchor-b", ANCHOR_B, "sig"),
    "se-sig": _key("se-sig", SE, "sig"),
    "se-sig-retired": _key(
        "se-sig-retired", SE, "sig", trm_status="retired", trm_retired_at=T0 - 10 * DAY
    ),
    "se-sig-revoked": _key(
        "se-sig-revoked", SE, "sig", trm_status="revoked", trm_revoked_at=T0 - DAY
    ),
    "se-sig-future": _key("se-sig-future", SE, "sig", trm_nbf=T0 + 10 * DAY),
    "se-sig-expired": _key("se-sig-expired", SE, "sig", trm_exp=T0 - DAY),
    "se-enc": _key("se-enc", SE, "enc", trm_preferred=True),
    "ro-sig": _key("ro-sig", RO, "sig"),
    "ro-enc": _key("ro-enc", RO, "enc", trm_preferred=True),
    "ro-enc-previous": _key(
        "ro-enc-previous", RO, "enc", trm_status="retired", trm_retired_at=T0 - 2 * DAY
    ),
    "bg-sig": _key("bg-sig", BG, "sig"),
    "bg-enc": _key("bg-enc", BG, "enc", trm_preferred=True),
    "attacker-sig": _key("attacker-sig", SE, "sig"),
    "attacker-enc": _key("attacker-enc", RO, "enc"),
}
LISTED: Final = [k for k in KEYS if k.split("-")[0] in {"se", "ro", "bg"}]
ANCHORS: Final = [KEYS["anchor-a"].public, KEYS["anchor-b"].public]


def _participants(entries: list[JSON]) -> list[JSON]:
    owners = sorted({e["trm_owner"] for e in entries})
    return [{"id": o, "country": o.split("/")[5], "profiles": [PROFILE]} for o in owners]


def compact_jws(header: JSON | bytes, payload: bytes, signer: LocalSigner | None) -> str:
    """Sign ``payload`` under ``header`` (JCS unless given as raw bytes) with ES256."""
    head = b64e(header if isinstance(header, bytes) else jcs(header))
    signing_input = f"{head}.{b64e(payload)}"
    signature = signer.sign(signing_input.encode("ascii")) if signer else b""
    return f"{signing_input}.{b64e(signature)}"


def trust_list(
    *,
    seq: int = 42,
    iat: int = T0 - HOUR,
    exp: int = T0 + 7 * DAY,
    anchor: str = "anchor-a",
    typ: str = TRUSTLIST_TYP,
    entries: list[JSON] | None = None,
) -> str:
    """Build a signed trust list of the synthetic keys (or of ``entries`` as given)."""
    listed = entries if entries is not None else [KEYS[k].entry for k in LISTED]
    payload = {
        "iss": str(KEYS[anchor].private["trm_owner"]),
        "iat": iat,
        "exp": exp,
        "seq": seq,
        "participants": _participants(listed),
        "keys": sorted(listed, key=lambda e: (e["trm_owner"], e["use"], e["kid"])),
    }
    signer = KEYS[anchor].signer()
    return compact_jws({"alg": ALG_SIG, "kid": signer.kid, "typ": typ}, jcs(payload), signer)


TRUST_LIST: Final = trust_list()


# --------------------------------------------------------------------------------------
# Messages, claims, envelopes
# --------------------------------------------------------------------------------------


def _example(name: str) -> JSON:
    value: JSON = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return value


def referral() -> JSON:
    """The SE → RO referral of examples/ (synthetic person)."""
    return _example("referral-se-ro-adult-labour.json")


_OPTIONAL_BLOCKS: Final = (
    "purpose",
    "exploitation",
    "needs",
    "services",
    "reflection_period",
    "risk_assessments",
    "consents",
    "legal_status",
    "return_plan",
)


def compact_referral() -> JSON:
    """The same referral without its optional blocks (about 2.7 KB): the crafted cases' body."""
    message = referral()
    for block in _OPTIONAL_BLOCKS:
        del message[block]
    return message


def claims(
    label: str,
    message: JSON | None = None,
    *,
    iss: str = SE,
    aud: Any = RO,
    iat: int = T0 - 600,
    nbf: int | None = None,
    exp: int | None = None,
    trm_schema: str | None = None,
) -> JSON:
    """The claims of a vector, with a jti drawn from the case's own stream."""
    trm = message if message is not None else compact_referral()
    return {
        "iss": iss,
        "aud": aud,
        "iat": iat,
        "nbf": iat if nbf is None else nbf,
        "exp": iat + DEFAULT_POLICY.lifetime if exp is None else exp,
        "jti": f"urn:uuid:{uuid.UUID(bytes=stream(f'jti/{label}')(16), version=4)}",
        "trm_schema": trm_schema or schema_id(SPEC_VERSION, str(trm["message_type"])),
        "trm": trm,
    }


def inner_header(signer: Key, **changes: Any) -> JSON:
    """The inner JWS header of ``signer``, with members changed (None removes one)."""
    header = {"alg": ALG_SIG, "kid": signer.kid, "typ": INNER_TYP} | changes
    return {k: v for k, v in header.items() if v is not None}


@dataclass
class Built:
    """A crafted envelope with its layers."""

    token: str
    outer_header: JSON
    plaintext: bytes
    epk_d: str
    cek: bytes
    iv: bytes


def encrypt(
    label: str,
    plaintext: bytes,
    recipient: Key,
    *,
    edit: Callable[[JSON], JSON | bytes] | None = None,
) -> Built:
    """Encrypt ``plaintext`` to ``recipient`` as the profile's compact JWE.

    Draws (after the 16 jti bytes) the ephemeral scalar, CEK and IV from the stream in the
    order :func:`~trm_standard._envelope.seal` does, so both give the same bytes. ``edit``
    may change the protected header (a dict) or replace it by raw bytes.
    """
    rng = stream(f"jti/{label}")
    rng(16)
    scalar = int.from_bytes(rng(32), "big") % (CURVE_ORDER - 1) + 1
    ephemeral = ec.derive_private_key(scalar, ec.SECP256R1())
    header: JSON = {
        "alg": ALG_ENC,
        "cty": "JWT",
        "enc": ENC,
        "epk": public_jwk(ephemeral.public_key()),
        "kid": recipient.kid,
    }
    edited = edit(copy.deepcopy(header)) if edit else header
    protected = b64e(edited if isinstance(edited, bytes) else jcs(edited))
    peer = ec_public_from_jwk(recipient.public)
    # apu/apv, when a crafted header has them, enter the derivation (RFC 7518 §4.6.2), so
    # the envelope decrypts and only the header rule refuses it
    party = edited if isinstance(edited, dict) else {}
    apu, apv = (b64d(str(party.get(name, ""))) for name in ("apu", "apv"))
    kek = concat_kdf(ephemeral.exchange(ec.ECDH(), peer), ALG_ENC, apu=apu, apv=apv)
    cek, iv = rng(32), rng(12)
    if isinstance(edited, dict) and edited.get("zip") == "DEF":  # RFC 7516 §4.1.3
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        plaintext = packer.compress(plaintext) + packer.flush()
    ciphertext, tag = gcm_encrypt(cek, iv, plaintext, protected.encode("ascii"))
    token = ".".join([protected, b64e(wrap_cek(kek, cek)), b64e(iv), b64e(ciphertext), b64e(tag)])
    d = b64e(scalar.to_bytes(32, "big"))
    return Built(token, header if isinstance(edited, bytes) else edited, plaintext, d, cek, iv)


def envelope(
    label: str,
    body: JSON | bytes,
    *,
    signer: Key | None = None,
    header: JSON | bytes | None = None,
    recipient: Key | None = None,
    edit: Callable[[JSON], JSON | bytes] | None = None,
    signature: Callable[[bytes, bytes], bytes] | None = None,
) -> Built:
    """Sign ``body`` (claims, JCS-encoded unless raw bytes) and encrypt it.

    ``signature(signing_input, good_signature)`` may replace the signature segment.
    """
    key = signer or KEYS["se-sig"]
    payload = body if isinstance(body, bytes) else jcs(body)
    head = header if header is not None else inner_header(key)
    jws = compact_jws(head, payload, key.signer())
    if signature is not None:
        signing_input, good = jws.rsplit(".", 1)
        jws = f"{signing_input}.{b64e(signature(signing_input.encode('ascii'), b64d(good)))}"
    return encrypt(label, jws.encode("ascii"), recipient or KEYS["ro-enc"], edit=edit)


def flip(token: str, segment: int, index: int) -> str:
    """Flip the low bit of byte ``index`` of a segment (negative counts from the end)."""
    parts = token.split(".")
    data = bytearray(b64d(parts[segment]))
    data[index] ^= 0x01
    parts[segment] = b64e(bytes(data))
    return ".".join(parts)


# --------------------------------------------------------------------------------------
# Vector files
# --------------------------------------------------------------------------------------


@dataclass
class Vector:
    """One vector file."""

    id: str
    area: str
    content: JSON

    @property
    def path(self) -> Path:
        """Where the file lives, relative to :data:`VECTOR_DIR`."""
        return Path(self.area) / f"{self.id}.json"

    def text(self) -> str:
        """The file's exact text."""
        return json.dumps(self.content, indent=2, ensure_ascii=False) + "\n"


def _policy(policy: EnvelopePolicy) -> JSON:
    return {"skew": policy.skew, "max_lifetime": policy.max_lifetime, "max_bytes": policy.max_bytes}


def open_vector(
    vid: str,
    description: str,
    token: str,
    *,
    error: str | None = None,
    receiver: str = RO,
    receiver_keys: tuple[str, ...] = ("ro-enc", "ro-enc-previous"),
    trust: str = TRUST_LIST,
    replay: list[JSON] | None = None,
    policy: EnvelopePolicy = DEFAULT_POLICY,
    built: Built | None = None,
    sender: str = "se-sig",
) -> Vector:
    """An ``envelope.open`` vector; valid when ``error`` is None (``built`` then required)."""
    content: JSON = {
        "id": vid,
        "description": description,
        "profile": PROFILE,
        "operation": "envelope.open",
        "context": {
            "now": T0,
            "receiver": receiver,
            "receiver_keys": [KEYS[k].private for k in receiver_keys],
            "trust_list": trust,
            "trust_anchors": ANCHORS,
            "replay": replay or [],
            "policy": _policy(policy),
        },
        "input": {"envelope": token},
    }
    if error is not None:
        content["expected"] = {"valid": False, "errors": [error]}
        content["exercises"] = [error]
        return Vector(vid, "envelope", content)
    assert built is not None
    jws = built.plaintext.decode("ascii")
    head, payload, _ = jws.split(".")
    signed = json.loads(b64d(payload))
    message = signed.pop("trm")
    content["expected"] = {
        "valid": True,
        "errors": [],
        "output": {
            "message": message,
            "record_digest": hashlib.sha256(jcs(message)).hexdigest(),
            "claims": signed,
            "sender_kid": KEYS[sender].kid,
            "recipient_kid": built.outer_header["kid"],
        },
    }
    content["intermediate"] = {
        "outer_header": built.outer_header,
        "jws": jws,
        "inner_header": json.loads(b64d(head)),
        "payload": b64d(payload).decode("utf-8"),
        "epk_private_d": built.epk_d,
        "cek": b64e(built.cek),
        "iv": b64e(built.iv),
    }
    return Vector(vid, "envelope", content)


def trust_vector(
    vid: str,
    description: str,
    token: str,
    *,
    error: str | None = None,
    accepted_seq: int | None = 42,
    accepted_digest: str | None = None,
    anchors: list[JSON] | None = None,
    now: int = T0,
) -> Vector:
    """A ``trustlist.load`` vector (``accepted_digest``: SHA-256 hex of the accepted payload)."""
    expected: JSON = {"valid": error is None, "errors": [error] if error else []}
    if error is None:
        payload = json.loads(b64d(token.split(".")[1]))
        expected["output"] = {
            "seq": payload["seq"],
            "kids": sorted(k["kid"] for k in payload["keys"]),
        }
    content = {
        "id": vid,
        "description": description,
        "profile": PROFILE,
        "operation": "trustlist.load",
        "context": {
            "now": now,
            "trust_anchors": anchors if anchors is not None else ANCHORS,
            "accepted_seq": accepted_seq,
            "accepted_digest": accepted_digest,
        },
        "input": {"trust_list": token},
        "expected": expected,
    }
    if error is not None:
        content["exercises"] = [error]
    return Vector(vid, "trustlist", content)


def _sealed(label: str, message: JSON, *, sender: str = "se-sig", to: str = RO) -> Built:
    """Seal with the library's own :func:`seal` (the producer under test) and decompose."""
    from trm_standard._api import parse  # noqa: PLC0415 - keeps module import light

    trust = load_trust_list(TRUST_LIST, ANCHORS, now=T0)
    token = seal(
        parse(jcs(message)),
        KEYS[sender].signer(),
        to,
        trust,
        now=T0 - 600,
        rng=stream(f"jti/{label}"),
    )
    recipient = "ro-enc" if to == RO else "se-enc" if to == SE else "bg-enc"
    rebuilt = envelope(
        label,
        claims(label, message, iss=KEYS[sender].private["trm_owner"], aud=to),
        signer=KEYS[sender],
        recipient=KEYS[recipient],
    )
    if rebuilt.token != token:  # pragma: no cover - guards the generator itself
        raise AssertionError(f"{label}: the crafted envelope differs from seal()")
    return rebuilt


def _unicode_referral() -> JSON:
    message = referral()
    message["message_id"] = "0b9f6c1e-3d2a-4f5b-9c7d-1a2b3c4d5e02"
    person = message["person"]
    person["given_names"] = "Ștefania Ñandú Œdipa"
    person["family_names"] = "Exemplu-Mușat דוגמה 🌍"
    return message


def _padded_referral(limit: int) -> JSON:
    """A referral with extra (synthetic) organisations: its envelope lands just under ``limit``."""
    message = referral()
    message["message_id"] = "0b9f6c1e-3d2a-4f5b-9c7d-1a2b3c4d5e03"
    organisations: list[JSON] = message["organisations"]
    template = organisations[-1]

    def size() -> int:
        return len(envelope("V03", claims("V03", message)).token)

    n = 0
    while size() <= limit:
        n += 1
        organisations.append(
            template
            | {
                "org_id": f"https://w3id.org/trm/org/RO/EXAMPLE-{n:03d}",
                "name": f"Example partner organisation {n:03d}",
            }
        )
    organisations.pop()
    last = organisations[-1]
    while size() <= limit and len(last["name"]) < 200:
        last["name"] += "."
    if size() > limit:
        last["name"] = last["name"][:-1]
    return message


def _valid() -> Iterator[Vector]:
    v01 = _sealed("V01", referral())
    yield open_vector(
        "V01-referral", "VALID: SE seals a referral to RO with seal()", v01.token, built=v01
    )
    v02 = _sealed("V02", _unicode_referral())
    yield open_vector(
        "V02-unicode",
        "VALID: NFC names with diacritics, Hebrew and a non-BMP emoji",
        v02.token,
        built=v02,
    )
    small = EnvelopePolicy(max_bytes=32 * 1024)
    v03 = envelope("V03", claims("V03", _padded_referral(small.max_bytes)))
    yield open_vector(
        "V03-near-size-cap",
        f"VALID: an envelope of {len(v03.token)} characters under a {small.max_bytes}-byte limit",
        v03.token,
        built=v03,
        policy=small,
    )
    v05 = envelope(
        "V05", claims("V05", iat=T0 - 11 * DAY, exp=T0 + 2 * DAY), signer=KEYS["se-sig-retired"]
    )
    yield open_vector(
        "V05-retired-key-before-retirement",
        "VALID: signed with a key retired 10 days ago, issued 11 days ago",
        v05.token,
        built=v05,
        sender="se-sig-retired",
    )
    v06 = envelope("V06", claims("V06"), recipient=KEYS["ro-enc-previous"])
    yield open_vector(
        "V06-previous-encryption-key",
        "VALID: encrypted to RO's previous (retired) encryption key, still held",
        v06.token,
        built=v06,
    )
    skew = DEFAULT_POLICY.skew
    v07 = envelope("V07", claims("V07", iat=T0 + skew - 1, nbf=T0))
    yield open_vector("V07-iat-at-skew", "VALID: iat = now + skew - 1", v07.token, built=v07)
    v08 = envelope("V08", claims("V08", iat=T0 - 72 * HOUR, exp=T0 - skew + 1))
    yield open_vector("V08-exp-at-skew", "VALID: exp = now - skew + 1", v08.token, built=v08)

    def typ_jwt(h: JSON) -> JSON:
        return h | {"typ": "JWT"}

    v09 = envelope("V09", claims("V09"), edit=typ_jwt)
    yield open_vector(
        "V09-outer-typ-jwt", 'VALID: outer header with "typ": "JWT"', v09.token, built=v09
    )
    v10 = envelope("V10", claims("V10"), header=inner_header(KEYS["se-sig"], x5t="bm90LWEtY2VydA"))
    yield open_vector(
        "V10-inner-extra-member",
        "VALID: inner header with a harmless extra member (x5t), ignored",
        v10.token,
        built=v10,
    )
    v16 = envelope("V16", claims("V16"), header=inner_header(KEYS["se-sig"], typ="TRM+JWT"))
    yield open_vector(
        "V16-typ-case",
        "VALID: inner typ in another case (RFC 7515 §4.1.9 compares case-insensitively)",
        v16.token,
        built=v16,
    )
    rotated = trust_list(seq=43, anchor="anchor-b")
    v13 = envelope("V13", claims("V13"))
    yield open_vector(
        "V13-rotated-trust-list",
        "VALID: trust list seq 43 signed by the second pinned anchor",
        v13.token,
        built=v13,
        trust=rotated,
    )
    v15 = envelope(
        "V15",
        claims("V15"),
        header=inner_header(KEYS["se-sig"], typ="application/trm+jwt"),
        edit=lambda h: h | {"cty": "application/jwt"},
    )
    yield open_vector(
        "V15-media-type-prefix",
        "VALID: typ application/trm+jwt and cty application/jwt (RFC 7515 §4.1.9, §4.1.10)",
        v15.token,
        built=v15,
    )
    update = _example("case-update-ro-se-accept.json")
    v14 = _sealed("V14", update, sender="ro-sig", to=SE)
    yield open_vector(
        "V14-case-update-ro-se",
        "VALID: RO seals a case update back to SE",
        v14.token,
        built=v14,
        receiver=SE,
        receiver_keys=("se-enc",),
        sender="ro-sig",
    )


def _outer_cases() -> Iterator[Vector]:
    base = envelope("N-outer", claims("N-outer"))
    token = base.token
    for vid, segment, what in (
        ("N01-ciphertext-bit", 3, "ciphertext"),
        ("N02-tag-bit", 4, "authentication tag"),
        ("N03-encrypted-key-bit", 1, "encrypted key"),
    ):
        yield open_vector(
            vid,
            f"INVALID: one bit flipped in the {what}",
            flip(token, segment, 5),
            error="TRM-ENV-006",
        )
    edited = b64e(jcs(base.outer_header | {"x": 1}))
    yield open_vector(
        "N04-protected-header-changed",
        "INVALID: a member added to the protected header after encryption (AAD mismatch)",
        ".".join([edited, *token.split(".")[1:]]),
        error="TRM-ENV-006",
    )

    def replaced(**changes: Any) -> str:
        header = {k: v for k, v in (base.outer_header | changes).items() if v is not None}
        return ".".join([b64e(jcs(header)), *token.split(".")[1:]])

    yield open_vector(
        "N05a-alg-rsa-oaep",
        'INVALID: "alg": "RSA-OAEP"',
        replaced(alg="RSA-OAEP"),
        error="TRM-ENV-004",
    )
    yield open_vector(
        "N05b-alg-dir", 'INVALID: "alg": "dir"', replaced(alg="dir", epk=None), error="TRM-ENV-004"
    )
    yield open_vector(
        "N05c-alg-pbes2",
        "INVALID: PBES2 with p2c = 2^31 (must be refused before any PBKDF2)",
        replaced(alg="PBES2-HS256+A128KW", p2s="c2FsdHNhbHQ", p2c=2**31, epk=None),
        error="TRM-ENV-004",
    )
    yield open_vector(
        "N06-enc-cbc",
        'INVALID: "enc": "A128CBC-HS256"',
        replaced(enc="A128CBC-HS256"),
        error="TRM-ENV-004",
    )
    yield open_vector(
        "N07-zip",
        'INVALID: "zip": "DEF" over a deflated plaintext (never decompressed)',
        envelope("N07", claims("N07"), edit=lambda h: h | {"zip": "DEF"}).token,
        error="TRM-ENV-003",
    )
    off_curve = dict(base.outer_header["epk"])
    off_curve["y"] = b64e((int.from_bytes(b64d(off_curve["y"]), "big") ^ 1).to_bytes(32, "big"))
    yield open_vector(
        "N08a-epk-off-curve",
        "INVALID: epk not on P-256",
        replaced(epk=off_curve),
        error="TRM-ENV-006",
    )
    p384 = {"crv": "P-384", "kty": "EC", "x": b64e(bytes(48)), "y": b64e(bytes(48))}
    yield open_vector(
        "N08b-epk-p384", "INVALID: epk on P-384", replaced(epk=p384), error="TRM-ENV-006"
    )
    yield open_vector(
        "N09-unknown-recipient-kid",
        "INVALID: kid of no key the receiver holds",
        replaced(kid=KEYS["attacker-enc"].kid),
        error="TRM-ENV-005",
    )
    to_bg = envelope("N10", claims("N10"), recipient=KEYS["bg-enc"]).token
    yield open_vector(
        "N10-encrypted-to-another",
        "INVALID: encrypted to BG, delivered to RO",
        to_bg,
        error="TRM-ENV-005",
    )
    yield open_vector(
        "N11a-cty-missing",
        "INVALID: no cty",
        envelope(
            "N11a", claims("N11a"), edit=lambda h: {k: v for k, v in h.items() if k != "cty"}
        ).token,
        error="TRM-ENV-003",
    )
    yield open_vector(
        "N11b-cty-wrong",
        'INVALID: "cty": "json"',
        envelope("N11b", claims("N11b"), edit=lambda h: h | {"cty": "json"}).token,
        error="TRM-ENV-003",
    )
    parts = token.split(".")
    flattened = json.dumps(
        {
            "protected": parts[0],
            "encrypted_key": parts[1],
            "iv": parts[2],
            "ciphertext": parts[3],
            "tag": parts[4],
        }
    )
    yield open_vector(
        "N12-json-serialization",
        "INVALID: flattened JSON serialization",
        flattened,
        error="TRM-ENV-002",
    )
    yield open_vector(
        "N13-bare-jws",
        "INVALID: the signed JWS without encryption",
        base.plaintext.decode("ascii"),
        error="TRM-ENV-002",
    )
    bare = encrypt("N14", jcs(claims("N14")), KEYS["ro-enc"]).token
    yield open_vector(
        "N14-not-signed", "INVALID: a JWE around bare claims JSON", bare, error="TRM-ENV-007"
    )
    yield open_vector(
        "N15-duplicate-outer-member",
        'INVALID: "alg" twice in the outer header (A128KW, then ECDH-ES+A256KW)',
        envelope("N15", claims("N15"), edit=lambda h: b'{"alg":"A128KW",' + jcs(h)[1:]).token,
        error="TRM-ENV-003",
    )
    small = EnvelopePolicy(max_bytes=8 * 1024)
    oversized = envelope("N16", claims("N16", referral())).token
    yield open_vector(
        "N16-too-large",
        f"INVALID: a sound envelope of {len(oversized)} characters over an 8 KiB limit",
        oversized,
        error="TRM-ENV-001",
        policy=small,
    )
    yield open_vector(
        "N17-crit",
        "INVALID: crit naming an extension",
        envelope("N17", claims("N17"), edit=lambda h: h | {"crit": ["exp"], "exp": T0}).token,
        error="TRM-ENV-003",
    )
    yield open_vector(
        "N18a-apu",
        "INVALID: apu present",
        envelope("N18a", claims("N18a"), edit=lambda h: h | {"apu": b64e(b"SE")}).token,
        error="TRM-ENV-003",
    )
    yield open_vector(
        "N18b-apv",
        "INVALID: apv present",
        envelope("N18b", claims("N18b"), edit=lambda h: h | {"apv": b64e(b"RO")}).token,
        error="TRM-ENV-003",
    )
    yield open_vector(
        "N19-outer-typ-wrong",
        'INVALID: outer "typ": "trm+jwt" (only absent or JWT)',
        envelope("N19", claims("N19"), edit=lambda h: h | {"typ": INNER_TYP}).token,
        error="TRM-ENV-003",
    )


def _der(_signing_input: bytes, good: bytes) -> bytes:
    return encode_dss_signature(int.from_bytes(good[:32], "big"), int.from_bytes(good[32:], "big"))


def _malleate(_signing_input: bytes, good: bytes) -> bytes:
    s = int.from_bytes(good[32:], "big")
    return good[:32] + (CURVE_ORDER - s).to_bytes(32, "big")


def _inner_cases() -> Iterator[Vector]:
    se = KEYS["se-sig"]
    c = claims
    yield open_vector(
        "N20-alg-none",
        'INVALID: "alg": "none" with an empty signature',
        envelope(
            "N20", c("N20"), header=inner_header(se, alg="none"), signature=lambda _i, _g: b""
        ).token,
        error="TRM-ENV-010",
    )
    secret = jcs(se.public)
    yield open_vector(
        "N21-alg-hs256",
        "INVALID: HS256 keyed with the sender's public JWK bytes",
        envelope(
            "N21",
            c("N21"),
            header=inner_header(se, alg="HS256"),
            signature=lambda i, _g: hmac.new(secret, i, "sha256").digest(),
        ).token,
        error="TRM-ENV-010",
    )
    for vid, alg in (("N22a-alg-es384", "ES384"), ("N22b-alg-eddsa", "EdDSA")):
        yield open_vector(
            vid,
            f'INVALID: "alg": "{alg}"',
            envelope(vid, c(vid), header=inner_header(se, alg=alg)).token,
            error="TRM-ENV-010",
        )
    good = c("N23")
    payload = jcs(good).replace(b'"Ana-Maria"', b'"Ana-Marja"')
    jws = compact_jws(inner_header(se), jcs(good), se.signer()).split(".")
    tampered = ".".join([jws[0], b64e(payload), jws[2]]).encode("ascii")
    yield open_vector(
        "N23-payload-changed",
        "INVALID: one letter of the payload changed after signing",
        encrypt("N23", tampered, KEYS["ro-enc"]).token,
        error="TRM-ENV-013",
    )
    for vid, what, sig in (
        ("N24-empty-signature", "an empty signature segment", lambda _i, _g: b""),
        ("N25-der-signature", "a DER-encoded signature", _der),
        ("N26-zero-signature", "r = s = 0", lambda _i, _g: bytes(64)),
    ):
        yield open_vector(
            vid, f"INVALID: {what}", envelope(vid, c(vid), signature=sig).token, error="TRM-ENV-013"
        )
    yield open_vector(
        "N27-kid-not-listed",
        "INVALID: signed by a key that is not on the trust list",
        envelope("N27", c("N27"), signer=KEYS["attacker-sig"]).token,
        error="TRM-ENV-011",
    )
    yield open_vector(
        "N28-kid-of-encryption-key",
        "INVALID: signed with SE's encryption key, named by its kid",
        envelope("N28", c("N28"), signer=KEYS["se-enc"]).token,
        error="TRM-ENV-012",
    )
    attacker = KEYS["attacker-sig"]
    for vid, member, value in (
        ("N29a-jwk", "jwk", attacker.public),
        ("N29b-jku", "jku", "https://attacker.invalid/jwks.json"),
        ("N29c-x5c", "x5c", ["bm90LWEtY2VydA"]),
        ("N29d-x5u", "x5u", "https://attacker.invalid/cert.pem"),
    ):
        yield open_vector(
            vid,
            f"INVALID: an attacker key offered in {member} (keys come from the trust list only)",
            envelope(
                vid, c(vid), signer=attacker, header=inner_header(attacker, **{member: value})
            ).token,
            error="TRM-ENV-008",
        )
    yield open_vector(
        "N30-b64-false",
        'INVALID: "b64": false with crit (RFC 7797 unencoded payload)',
        envelope("N30", c("N30"), header=inner_header(se, b64=False, crit=["b64"])).token,
        error="TRM-ENV-008",
    )
    for vid, typ in (
        ("N31a-typ-missing", None),
        ("N31b-typ-jwt", "JWT"),
        ("N31c-typ-trustlist", TRUSTLIST_TYP),
    ):
        yield open_vector(
            vid,
            f"INVALID: inner typ {typ or 'missing'}",
            envelope(vid, c(vid), header=inner_header(se, typ=typ)).token,
            error="TRM-ENV-009",
        )
    dup = b'{"alg":"none",' + jcs(inner_header(se))[1:]
    yield open_vector(
        "N32-duplicate-alg",
        'INVALID: "alg" twice in the inner header (none, then ES256)',
        envelope("N32", c("N32"), header=dup).token,
        error="TRM-ENV-008",
    )
    yield open_vector(
        "N33-revoked-key",
        "INVALID: signed with a revoked key, even though iat precedes the revocation",
        envelope("N33", c("N33", iat=T0 - 2 * DAY), signer=KEYS["se-sig-revoked"]).token,
        error="TRM-ENV-024",
    )
    yield open_vector(
        "N34a-key-not-yet-valid",
        "INVALID: signed with a key whose validity starts in ten days",
        envelope("N34a", c("N34a"), signer=KEYS["se-sig-future"]).token,
        error="TRM-ENV-023",
    )
    yield open_vector(
        "N34b-key-expired",
        "INVALID: signed with a key whose validity ended yesterday",
        envelope("N34b", c("N34b"), signer=KEYS["se-sig-expired"]).token,
        error="TRM-ENV-023",
    )
    yield open_vector(
        "N35-issuer-not-key-owner",
        "INVALID: SE's key, iss BG",
        envelope("N35", c("N35", iss=BG)).token,
        error="TRM-ENV-017",
    )
    yield open_vector(
        "N36-retired-key-after-retirement",
        "INVALID: a key retired 10 days ago signs today",
        envelope("N36", c("N36"), signer=KEYS["se-sig-retired"]).token,
        error="TRM-ENV-025",
    )


def _payload_cases() -> Iterator[Vector]:  # noqa: PLR0915 - one case per block
    c = claims

    def raw(vid: str, description: str, payload: bytes, error: str) -> Vector:
        return open_vector(
            vid, f"INVALID: {description}", envelope(vid, payload).token, error=error
        )

    good = jcs(c("N40"))
    yield raw(
        "N40-duplicate-claim",
        "aud twice (RO, then BG)",
        good.replace(b'"aud":', b'"aud":"' + BG.encode() + b'","aud":', 1),
        "TRM-ENV-014",
    )
    spaced = jcs(c("N41a")).replace(b'":', b'": ', 1)
    yield raw("N41a-whitespace", "a space after a colon", spaced, "TRM-ENV-015")
    ordered = json.dumps(c("N41b"), ensure_ascii=False, separators=(",", ":")).encode()
    yield raw("N41b-member-order", "members not in RFC 8785 order", ordered, "TRM-ENV-015")
    decimal = jcs(c("N41c")).replace(f'"iat":{T0 - 600}'.encode(), f'"iat":{T0 - 600}.0'.encode())
    yield raw(
        "N41c-decimal-number", f"iat written with a fraction ({T0 - 600}.0)", decimal, "TRM-ENV-015"
    )
    yield raw("N42a-array", "the payload is a JSON array", b"[1,2]", "TRM-ENV-014")
    yield raw("N42b-string", "the payload is a JSON string", b'"claims"', "TRM-ENV-014")
    yield raw(
        "N43a-invalid-utf8",
        "invalid UTF-8 in the payload",
        jcs(c("N43a")).replace(b"Ana", b"An\xff", 1),
        "TRM-ENV-014",
    )
    yield raw(
        "N43b-lone-surrogate",
        "a lone surrogate escape",
        jcs(c("N43b")).replace(b"Ana", b"\\ud800na", 1),
        "TRM-ENV-014",
    )
    unsafe = orjson.dumps(c("N44", exp=2**53), option=orjson.OPT_SORT_KEYS)  # jcs refuses it
    yield raw("N44-unsafe-integer", "exp = 2^53", unsafe, "TRM-ENV-015")
    fwd = _sealed("N45", compact_referral())
    forwarded = encrypt("N45-forward", fwd.plaintext, KEYS["bg-enc"]).token
    yield open_vector(
        "N45-surreptitious-forward",
        "INVALID: SE→RO message decrypted by RO and re-encrypted to BG",
        forwarded,
        error="TRM-ENV-018",
        receiver=BG,
        receiver_keys=("bg-enc",),
    )
    yield raw("N46-aud-array", "aud as an array", jcs(c("N46", aud=[RO])), "TRM-ENV-018")
    yield raw(
        "N47-expired",
        "exp + skew is now",
        jcs(c("N47", iat=T0 - 80 * HOUR, exp=T0 - 300)),
        "TRM-ENV-019",
    )
    yield raw(
        "N48-not-yet-valid", "nbf one hour ahead", jcs(c("N48", nbf=T0 + HOUR)), "TRM-ENV-020"
    )
    yield raw(
        "N49-issued-in-future",
        "iat one hour ahead",
        jcs(c("N49", iat=T0 + HOUR, nbf=T0 - 600)),
        "TRM-ENV-021",
    )
    yield raw(
        "N50-lifetime-too-long",
        "exp 15 days after iat",
        jcs(c("N50", exp=T0 - 600 + 15 * DAY)),
        "TRM-ENV-022",
    )
    for name in ("iss", "aud", "iat", "nbf", "exp", "jti", "trm_schema", "trm"):
        body = c(f"N51-{name}")
        del body[name]
        yield raw(
            f"N51-missing-{name.replace('_', '-')}",
            f"claim {name} missing",
            jcs(body),
            "TRM-ENV-016",
        )
    wrong_jti = c("N51b") | {"jti": "message-1"}
    yield raw("N51b-jti-not-uuid", "jti not a urn:uuid", jcs(wrong_jti), "TRM-ENV-016")
    text_iat = c("N51c") | {"iat": str(T0 - 600)}
    yield raw("N51c-iat-string", "iat as a string", jcs(text_iat), "TRM-ENV-016")
    v01 = _sealed("V01", referral())
    first = claims("V01")
    seen = [{"iss": SE, "jti": first["jti"], "until": first["exp"] + DEFAULT_POLICY.skew}]
    yield open_vector(
        "N52-replay",
        "INVALID: the envelope of V01, whose jti was already received",
        v01.token,
        error="TRM-ENV-026",
        replay=seen,
    )
    m01 = envelope("V01", claims("V01"), signature=_malleate)
    yield open_vector(
        "M01-malleated-signature",
        "INVALID: V01 signed (r, n - s) and re-encrypted: it verifies, but its jti was seen",
        m01.token,
        error="TRM-ENV-026",
        replay=seen,
    )
    future = "https://w3id.org/trm/schema/9.0.0/referral.schema.json"
    yield raw(
        "N53-unsupported-schema",
        "trm_schema of version 9.0.0",
        jcs(c("N53", trm_schema=future)),
        "TRM-ENV-027",
    )
    no_sex = compact_referral()
    del no_sex["person"]["sex"]
    yield raw(
        "N54-message-invalid", "the referral lacks person.sex", jcs(c("N54", no_sex)), "TRM-ENV-029"
    )
    update_schema = schema_id(SPEC_VERSION, "case_update")
    yield raw(
        "N55-schema-mismatch",
        "trm_schema of case_update around a referral",
        jcs(c("N55", trm_schema=update_schema)),
        "TRM-ENV-028",
    )
    fractional = jcs(c("N56")).replace(b'"dependent_children":1', b'"dependent_children":1.5')
    yield raw("N56-float-in-message", "dependent_children 1.5", fractional, "TRM-ENV-015")
    nfd = compact_referral()
    nfd["person"]["given_names"] = unicodedata.normalize("NFD", "Ștefania")
    yield raw("N57-nfd-string", "a given name in NFD", jcs(c("N57", nfd)), "TRM-ENV-029")
    other = compact_referral()
    other["sender"] = BG
    yield raw(
        "N58-parties-disagree",
        "an envelope from SE around a message from BG",
        jcs(c("N58", other)),
        "TRM-ENV-030",
    )
    nested: Any = 1
    for _ in range(33):  # with the claims object, 34 levels: one more than allowed
        nested = [nested]
    deep = orjson.dumps(c("N59") | {"x_nested": nested}, option=orjson.OPT_SORT_KEYS)
    yield raw("N59-nesting-too-deep", "an extra claim nested 34 levels deep", deep, "TRM-ENV-014")


def _trust_cases() -> Iterator[Vector]:
    yield trust_vector("T01-valid", "VALID: the trust list of every vector, seq 42", TRUST_LIST)
    yield trust_vector(
        "T01b-same-seq",
        "VALID: the same seq as the one accepted is the same list",
        TRUST_LIST,
        accepted_seq=42,
    )
    yield trust_vector(
        "T01c-second-anchor",
        "VALID: seq 43 signed by the second pinned anchor",
        trust_list(seq=43, anchor="anchor-b"),
    )
    yield trust_vector(
        "T02-bad-signature",
        "INVALID: one bit of the signature flipped",
        flip(TRUST_LIST, 2, 7),
        error="TRM-TRUST-002",
    )
    yield trust_vector(
        "T03-expired",
        "INVALID: the list expired an hour ago",
        trust_list(iat=T0 - 8 * DAY, exp=T0 - HOUR),
        error="TRM-TRUST-004",
    )
    yield trust_vector(
        "T03b-not-yet-valid",
        "INVALID: a list issued an hour from now",
        trust_list(iat=T0 + HOUR),
        error="TRM-TRUST-004",
    )
    yield trust_vector(
        "T04-rollback",
        "INVALID: seq 41 after 42 was accepted",
        trust_list(seq=41),
        error="TRM-TRUST-005",
    )
    accepted = hashlib.sha256(b64d(TRUST_LIST.split(".")[1])).hexdigest()
    yield trust_vector(
        "T04b-same-seq-other-list",
        "INVALID: another list with the seq 42 already accepted",
        trust_list(exp=T0 + 8 * DAY),
        error="TRM-TRUST-005",
        accepted_digest=accepted,
    )
    yield trust_vector(
        "T04c-same-seq-same-list",
        "VALID: the list already accepted, seen again",
        TRUST_LIST,
        accepted_digest=accepted,
    )
    yield trust_vector(
        "T05b-typ-media-type",
        "VALID: typ application/trm-trustlist+jwt (RFC 7515 §4.1.9)",
        trust_list(typ="application/trm-trustlist+jwt"),
    )
    yield trust_vector(
        "T05-wrong-typ", 'INVALID: "typ": "JWT"', trust_list(typ="JWT"), error="TRM-TRUST-003"
    )
    listed = [KEYS[k].entry for k in LISTED]
    yield trust_vector(
        "T06a-duplicate-kid",
        "INVALID: a key listed twice",
        trust_list(entries=[*listed, listed[0]]),
        error="TRM-TRUST-006",
    )
    renamed = [*listed[1:], listed[0] | {"kid": "sweden-2026"}]
    yield trust_vector(
        "T06b-kid-not-thumbprint",
        "INVALID: a kid typed by hand",
        trust_list(entries=renamed),
        error="TRM-TRUST-007",
    )
    se = KEYS["se-sig"]
    payload = b64d(TRUST_LIST.split(".")[1])
    by_participant = compact_jws(
        {"alg": ALG_SIG, "kid": se.kid, "typ": TRUSTLIST_TYP}, payload, se.signer()
    )
    yield trust_vector(
        "T07-not-an-anchor",
        "INVALID: signed by a participant key that is not pinned",
        by_participant,
        error="TRM-TRUST-002",
    )
    se_enc = KEYS["se-enc"].kid
    mixed = [e | {"alg": ALG_SIG} if e["kid"] == se_enc else e for e in listed]
    yield trust_vector(
        "T08-use-alg-mismatch",
        'INVALID: an "enc" key with "alg": "ES256"',
        trust_list(entries=mixed),
        error="TRM-TRUST-008",
    )
    yield trust_vector(
        "T09-malformed",
        "INVALID: a trust list cut after its payload",
        ".".join(TRUST_LIST.split(".")[:2]),
        error="TRM-TRUST-001",
    )
    yield trust_vector(
        "T10-only-old-anchor-pinned",
        "INVALID: seq 43 signed by anchor B, only anchor A pinned",
        trust_list(seq=43, anchor="anchor-b"),
        error="TRM-TRUST-002",
        anchors=[KEYS["anchor-a"].public],
    )


def _producer_cases() -> Iterator[Vector]:
    """Sealing (the runner opens what an implementation produced) and loading keys."""
    check = {
        "now": T0,
        "receiver": RO,
        "receiver_keys": [KEYS["ro-enc"].private, KEYS["ro-enc-previous"].private],
        "trust_anchors": ANCHORS,
        "replay": [],
        "policy": _policy(DEFAULT_POLICY),
    }

    def seal_vector(
        vid: str, description: str, trust: str, error: str | None, message: JSON | None = None
    ) -> Vector:
        content: JSON = {
            "id": vid,
            "description": description,
            "profile": PROFILE,
            "operation": "envelope.seal",
            "context": {
                "now": T0,
                "sender_key": KEYS["se-sig"].private,
                "trust_list": trust,
                "trust_anchors": ANCHORS,
                "check": check,
            },
            "input": {"message": message or referral(), "recipient": RO},
            "expected": {"valid": error is None, "errors": [error] if error else []},
        }
        if error is not None:
            content["exercises"] = [error]
        return Vector(vid, "envelope", content)

    yield seal_vector(
        "P01-seal-referral",
        "VALID: seal the SE referral for RO; the runner opens the result as RO",
        TRUST_LIST,
        None,
    )
    unsexed = referral()
    del unsexed["person"]["sex"]
    yield seal_vector(
        "P03-seal-invalid-message",
        "INVALID: a referral without person.sex is never sealed",
        TRUST_LIST,
        "TRM-ENV-029",
        unsexed,
    )
    no_enc = [KEYS[k].entry for k in LISTED if k not in ("ro-enc", "ro-enc-previous")]
    yield seal_vector(
        "P02-seal-no-encryption-key",
        "INVALID: seal for RO with a trust list that lists no encryption key of RO",
        trust_list(entries=no_enc),
        "TRM-ENV-031",
    )

    def key_vector(vid: str, description: str, jwk: JSON, error: str | None) -> Vector:
        expected: JSON = {"valid": error is None, "errors": [error] if error else []}
        if error is None:
            expected["output"] = {"kid": jwk["kid"], "use": jwk["use"], "owner": jwk["trm_owner"]}
        content: JSON = {
            "id": vid,
            "description": description,
            "profile": PROFILE,
            "operation": "key.load",
            "context": {"private": False},
            "input": {"jwk": jwk},
            "expected": expected,
        }
        if error is not None:
            content["exercises"] = [error]
        return Vector(vid, "trustlist", content)

    public = dict(KEYS["se-sig"].public)
    yield key_vector("K01-public-key", "VALID: SE's public signing key as a JWK", public, None)
    yield key_vector(
        "K02-kid-not-thumbprint",
        "INVALID: a public key whose kid was typed by hand",
        public | {"kid": "sweden-2026"},
        "TRM-KEY-001",
    )
    yield key_vector(
        "K03-wrong-curve-use",
        'INVALID: a signing key declared with "use": "enc"',
        public | {"use": "enc"},
        "TRM-KEY-001",
    )


def build_vectors() -> list[Vector]:
    """Build every vector (deterministic)."""
    return [
        *_valid(),
        *_outer_cases(),
        *_inner_cases(),
        *_payload_cases(),
        *_trust_cases(),
        *_producer_cases(),
    ]


def write_vectors(folder: Path = VECTOR_DIR) -> list[Path]:
    """Write the vectors under ``folder`` (removing stale ones) and return their paths."""
    vectors = build_vectors()
    for area in {v.area for v in vectors}:
        for stale in (folder / area).glob("*.json"):
            stale.unlink()
    written = []
    for vector in vectors:
        path = folder / vector.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(vector.text(), encoding="utf-8")
        written.append(path)
    return written


def drift(folder: Path = VECTOR_DIR) -> list[str]:
    """Return the vector files that differ from what the generator builds (or are stale)."""
    vectors = build_vectors()
    expected = {folder / v.path: v.text() for v in vectors}
    problems = [
        str(path.relative_to(folder))
        for path, text in expected.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    for area in {v.area for v in vectors}:
        problems += [
            f"{p.relative_to(folder)} (stale)"
            for p in sorted((folder / area).glob("*.json"))
            if p not in expected
        ]
    return problems


def main(argv: list[str] | None = None) -> int:
    """Write the vectors, or with ``--check`` report drift (exit 1)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        problems = drift()
        for problem in problems:
            print(f"drift: {problem}", file=sys.stderr)
        return 1 if problems else 0
    paths = write_vectors()
    print(f"{len(paths)} vectors written under {VECTOR_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

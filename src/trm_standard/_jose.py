"""The JOSE primitives of profile TRM-JOSE-1, built directly on ``cryptography``.

Only what the profile allows, nothing else (RFC 8725 §2, §3.1): ES256 signatures (RFC 7515,
RFC 7518 §3.4) as raw ``r‖s``; ECDH-ES+A256KW key agreement on P-256 with the Concat KDF
(RFC 7518 §4.6) and AES key wrap (RFC 3394); A256GCM content encryption (RFC 7518 §5.3);
RFC 7638 thumbprints; unpadded base64url (RFC 7515 §2). Implementing these few pieces
directly keeps the allow-lists exact: there is no code path for any other algorithm, for
compression, or for keys carried in headers.
"""

from __future__ import annotations

import binascii
import hashlib
import json
from typing import Any, Final

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

__all__ = [
    "CURVE_ORDER",
    "JoseError",
    "b64d",
    "b64e",
    "concat_kdf",
    "ec_public_from_jwk",
    "ecdsa_sign",
    "ecdsa_verify",
    "gcm_decrypt",
    "gcm_encrypt",
    "jwk_thumbprint",
    "media_type_is",
    "public_jwk",
    "unwrap_cek",
    "wrap_cek",
]

#: Order n of the P-256 group (SEC 2 §2.4.2): ECDSA r and s lie in [1, n-1].
CURVE_ORDER: Final = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
_B64URL_ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_B64URL_VALUE: Final = {c: i for i, c in enumerate(_B64URL_ALPHABET)}
_URL_TO_STANDARD: Final = bytes.maketrans(b"-_", b"+/")
_STANDARD_TO_URL: Final = bytes.maketrans(b"+/", b"-_")
_COORD_BYTES: Final = 32


class JoseError(ValueError):
    """A JOSE structure is malformed (the caller maps it to a ``TRM-ENV`` code)."""


def b64e(data: bytes) -> str:
    """Encode ``data`` as unpadded base64url (RFC 7515 §2)."""
    encoded = binascii.b2a_base64(data, newline=False).translate(_STANDARD_TO_URL)
    return encoded.rstrip(b"=").decode("ascii")


def b64d(text: str) -> bytes:
    """Decode strict unpadded base64url: no padding, no whitespace, no other alphabet.

    The last character may not carry set bits beyond the data (RFC 4648 §3.5), so every
    byte string has exactly one accepted encoding.

    Raises:
        JoseError: If ``text`` is not canonical unpadded base64url.
    """
    remainder = len(text) % 4
    if remainder == 1 or not text.isascii() or "+" in text or "/" in text or "=" in text:
        raise JoseError("not base64url")
    if remainder and _B64URL_VALUE.get(text[-1], 0) & (0x0F if remainder == 2 else 0x03):
        raise JoseError("not canonical base64url")
    standard = text.encode("ascii").translate(_URL_TO_STANDARD) + b"=" * (-remainder % 4)
    try:
        return binascii.a2b_base64(standard, strict_mode=True)
    except binascii.Error:
        raise JoseError("not base64url") from None


def media_type_is(value: Any, expected: str) -> bool:
    """Compare a ``typ`` or ``cty`` value with ``expected`` as RFC 7515 §4.1.9 says.

    Media types compare case-insensitively, and a value without ``/`` stands for
    ``application/<value>``.
    """
    if not isinstance(value, str):
        return False
    return value.lower().removeprefix("application/") == expected.lower()


def public_jwk(key: ec.EllipticCurvePublicKey) -> dict[str, str]:
    """Return the four required members of a P-256 public JWK (RFC 7518 §6.2.1)."""
    point = key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)  # 0x04 ‖ x ‖ y
    x, y = point[1 : 1 + _COORD_BYTES], point[1 + _COORD_BYTES :]
    return {"crv": "P-256", "kty": "EC", "x": b64e(x), "y": b64e(y)}


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """Return the RFC 7638 thumbprint of an EC JWK: SHA-256 of its required members in order.

    The canonical form is the JCS of ``{crv, kty, x, y}`` (RFC 7638 §3.2).
    """
    required = {k: jwk[k] for k in ("crv", "kty", "x", "y")}
    canonical = json.dumps(required, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return b64e(hashlib.sha256(canonical).digest())


def ec_public_from_jwk(jwk: dict[str, Any]) -> ec.EllipticCurvePublicKey:
    """Return the P-256 public key of a JWK, checking the point lies on the curve.

    Raises:
        JoseError: If the JWK is not a valid P-256 point.
    """
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise JoseError("not a P-256 key")
    try:
        x, y = b64d(str(jwk["x"])), b64d(str(jwk["y"]))
    except KeyError:
        raise JoseError("coordinates missing") from None
    if len(x) != _COORD_BYTES or len(y) != _COORD_BYTES:
        raise JoseError("coordinates of the wrong length")
    numbers = ec.EllipticCurvePublicNumbers(
        int.from_bytes(x, "big"), int.from_bytes(y, "big"), ec.SECP256R1()
    )
    try:
        return numbers.public_key()  # raises ValueError off the curve
    except ValueError:
        raise JoseError("point not on P-256") from None


# --------------------------------------------------------------------------------------
# ES256 (RFC 7518 §3.4)
# --------------------------------------------------------------------------------------


def ecdsa_sign(key: ec.EllipticCurvePrivateKey, data: bytes) -> bytes:
    """Sign ``data`` with ES256; deterministic (RFC 6979), returned as 64-byte ``r‖s``."""
    der = key.sign(data, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    r, s = decode_dss_signature(der)
    return r.to_bytes(_COORD_BYTES, "big") + s.to_bytes(_COORD_BYTES, "big")


def ecdsa_verify(key: ec.EllipticCurvePublicKey, signature: bytes, data: bytes) -> bool:
    """Return True if ``signature`` (exactly 64 bytes ``r‖s``, 1 ≤ r, s < n) signs ``data``."""
    if len(signature) != 2 * _COORD_BYTES:
        return False  # DER, truncated or empty signatures are never accepted
    r = int.from_bytes(signature[:_COORD_BYTES], "big")
    s = int.from_bytes(signature[_COORD_BYTES:], "big")
    if not (0 < r < CURVE_ORDER and 0 < s < CURVE_ORDER):
        return False
    try:
        key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


# --------------------------------------------------------------------------------------
# ECDH-ES+A256KW (RFC 7518 §4.6) and A256GCM (RFC 7518 §5.3)
# --------------------------------------------------------------------------------------


def _length_prefixed(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def concat_kdf(
    shared: bytes, algorithm: str, key_bits: int = 256, *, apu: bytes = b"", apv: bytes = b""
) -> bytes:
    """Derive the key-wrapping key from an ECDH shared secret (RFC 7518 §4.6.2).

    AlgorithmID is the ``alg`` value (key agreement with key wrapping). PartyUInfo and
    PartyVInfo are empty in the profile (``apu``/``apv`` are not allowed); the parameters
    exist to check the derivation against RFC 7518 Appendix C.
    """
    other = (
        _length_prefixed(algorithm.encode("ascii"))
        + _length_prefixed(apu)
        + _length_prefixed(apv)
        + key_bits.to_bytes(4, "big")
    )
    # NIST SP 800-56A §5.8.1: SHA-256(counter ‖ Z ‖ OtherInfo) for counter = 1, 2, ...
    rounds = -(-key_bits // 256)
    blocks = (
        hashlib.sha256(i.to_bytes(4, "big") + shared + other).digest() for i in range(1, rounds + 1)
    )
    return b"".join(blocks)[: key_bits // 8]


def wrap_cek(kek: bytes, cek: bytes) -> bytes:
    """Wrap the content-encryption key with AES key wrap (RFC 3394)."""
    return aes_key_wrap(kek, cek)


def unwrap_cek(kek: bytes, wrapped: bytes) -> bytes:
    """Unwrap the content-encryption key.

    Raises:
        JoseError: If the integrity check of the key wrap fails.
    """
    try:
        return aes_key_unwrap(kek, wrapped)
    except (InvalidUnwrap, ValueError):
        raise JoseError("key unwrap failed") from None


def gcm_encrypt(cek: bytes, iv: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    """Encrypt with AES-256-GCM; return ``(ciphertext, 128-bit tag)``."""
    sealed = AESGCM(cek).encrypt(iv, plaintext, aad)
    return sealed[:-16], sealed[-16:]


def gcm_decrypt(cek: bytes, iv: bytes, ciphertext: bytes, tag: bytes, aad: bytes) -> bytes:
    """Decrypt AES-256-GCM.

    Raises:
        JoseError: If the key, IV or tag has the wrong size or the tag does not verify.
    """
    if len(cek) != 32 or len(iv) != 12 or len(tag) != 16:
        raise JoseError("bad GCM parameters")
    try:
        return AESGCM(cek).decrypt(iv, ciphertext + tag, aad)
    except InvalidTag:
        raise JoseError("GCM tag mismatch") from None

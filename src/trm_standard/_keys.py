"""Participant keys as JWK files (RFC 7517), behind small signer and decrypter protocols.

Every participant has two P-256 key pairs: an ES256 signing pair (``use: sig``) and an
ECDH-ES+A256KW encryption pair (``use: enc``). A key file holds one JWK with ``kid`` (its
RFC 7638 thumbprint), ``use``, ``alg`` and ``trm_owner`` (the participant id). Private key
files carry ``d`` and are written with mode 0600.

:class:`Signer` and :class:`Decrypter` are protocols: a national system may keep its
private keys in an HSM or a cloud KMS and implement them there (sign a byte string; derive
an ECDH shared secret). :class:`LocalSigner` and :class:`LocalDecrypter` hold the key in
memory, for files and tests.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, Protocol, runtime_checkable

from cryptography.hazmat.primitives.asymmetric import ec

from trm_standard._errors import TRMError
from trm_standard._jose import (
    JoseError,
    b64d,
    b64e,
    ec_public_from_jwk,
    ecdsa_sign,
    jwk_thumbprint,
    public_jwk,
)
from trm_standard.v1._types import PARTICIPANT_PATTERN

__all__ = [
    "ALG_ENC",
    "ALG_SIG",
    "Decrypter",
    "KeyPair",
    "LocalDecrypter",
    "LocalSigner",
    "Signer",
    "generate_keys",
    "load_decrypter",
    "load_jwk",
    "load_private",
    "load_signer",
    "write_keys",
]

ALG_SIG: Final = "ES256"
ALG_ENC: Final = "ECDH-ES+A256KW"
Use = Literal["sig", "enc"]
_PARTICIPANT: Final = re.compile(PARTICIPANT_PATTERN)
RandomBytes = Callable[[int], bytes]


@runtime_checkable
class Signer(Protocol):
    """Signs for one participant with an ES256 key it may keep in an HSM or KMS."""

    @property
    def kid(self) -> str:
        """The RFC 7638 thumbprint of the signing key."""
        ...

    @property
    def owner(self) -> str:
        """The participant id that owns the key."""
        ...

    def sign(self, data: bytes) -> bytes:
        """Return the ES256 signature of ``data`` as 64 bytes ``r‖s`` (RFC 7518 §3.4)."""
        ...


@runtime_checkable
class Decrypter(Protocol):
    """Performs ECDH for one participant's encryption key (an HSM or KMS may hold it)."""

    @property
    def kid(self) -> str:
        """The RFC 7638 thumbprint of the encryption key."""
        ...

    @property
    def owner(self) -> str:
        """The participant id that owns the key."""
        ...

    def agree(self, peer: ec.EllipticCurvePublicKey) -> bytes:
        """Return the ECDH shared secret with ``peer`` (RFC 7518 §4.6, the ``Z`` value)."""
        ...


def _private_from_jwk(jwk: dict[str, Any]) -> ec.EllipticCurvePrivateKey:
    public = ec_public_from_jwk(jwk)
    d = int.from_bytes(b64d(str(jwk["d"])), "big")
    key = ec.derive_private_key(d, ec.SECP256R1())
    if key.public_key().public_numbers() != public.public_numbers():
        raise JoseError("d does not match x, y")
    return key


def _jwk_problem(jwk: dict[str, Any], *, private: bool) -> str | None:
    """Return what is wrong with a JWK of the profile, or None."""
    ec_public_from_jwk(jwk)
    use, alg = jwk.get("use"), jwk.get("alg")
    owner = jwk.get("trm_owner")
    problem = None
    if jwk.get("kid") != jwk_thumbprint(jwk):
        problem = "kid is not the RFC 7638 thumbprint"
    elif (use, alg) not in {("sig", ALG_SIG), ("enc", ALG_ENC)}:
        problem = "use and alg do not match the profile"
    elif not isinstance(owner, str) or not _PARTICIPANT.fullmatch(owner):
        problem = "trm_owner is not a participant id"
    elif private != ("d" in jwk):
        problem = "private member d missing" if private else "public key carries d"
    elif private:
        _private_from_jwk(jwk)
    return problem


def _check_jwk(jwk: dict[str, Any], *, private: bool) -> None:
    try:
        problem = _jwk_problem(jwk, private=private)
    except (JoseError, KeyError, TypeError, ValueError):  # e.g. d = 0 or d >= n
        problem = "not a P-256 key of the profile"
    if problem is not None:
        raise TRMError("TRM-KEY-001", f"invalid key: {problem}")


def load_jwk(path: Path, *, private: bool = False) -> dict[str, Any]:
    """Read and check a JWK file of the profile.

    Raises:
        TRMError: ``TRM-KEY-001`` if the file is not a valid key of the expected kind.
        OSError: If the file cannot be read.
    """
    try:
        jwk = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise TRMError("TRM-KEY-001", "invalid key: not JSON") from None
    if not isinstance(jwk, dict):
        raise TRMError("TRM-KEY-001", "invalid key: not a JWK object")
    _check_jwk(jwk, private=private)
    return jwk


@dataclass(frozen=True)
class LocalSigner:
    """A :class:`Signer` holding its private key in memory."""

    key: ec.EllipticCurvePrivateKey = field(repr=False)
    kid: str
    owner: str

    def sign(self, data: bytes) -> bytes:
        """Return the deterministic (RFC 6979) ES256 signature ``r‖s`` of ``data``."""
        return ecdsa_sign(self.key, data)


@dataclass(frozen=True)
class LocalDecrypter:
    """A :class:`Decrypter` holding its private key in memory."""

    key: ec.EllipticCurvePrivateKey = field(repr=False)
    kid: str
    owner: str

    def agree(self, peer: ec.EllipticCurvePublicKey) -> bytes:
        """Return the ECDH shared secret with ``peer``."""
        return self.key.exchange(ec.ECDH(), peer)


def load_private(jwk: dict[str, Any]) -> LocalSigner | LocalDecrypter:
    """Return a signer (``use: sig``) or a decrypter (``use: enc``) for a private JWK.

    Raises:
        TRMError: ``TRM-KEY-001`` if the JWK is not a valid private key of the profile.
    """
    _check_jwk(jwk, private=True)
    key = _private_from_jwk(jwk)
    if jwk["use"] == "sig":
        return LocalSigner(key, jwk["kid"], jwk["trm_owner"])
    return LocalDecrypter(key, jwk["kid"], jwk["trm_owner"])


def load_signer(jwk: dict[str, Any]) -> LocalSigner:
    """Return the signer of a private signing JWK (``use: sig``).

    Raises:
        TRMError: ``TRM-KEY-001`` if the JWK is not a private signing key of the profile.
    """
    key = load_private(jwk)
    if not isinstance(key, LocalSigner):
        raise TRMError("TRM-KEY-001", "invalid key: not a signing key (use sig)")
    return key


def load_decrypter(jwk: dict[str, Any]) -> LocalDecrypter:
    """Return the decrypter of a private encryption JWK (``use: enc``).

    Raises:
        TRMError: ``TRM-KEY-001`` if the JWK is not a private encryption key of the profile.
    """
    key = load_private(jwk)
    if not isinstance(key, LocalDecrypter):
        raise TRMError("TRM-KEY-001", "invalid key: not an encryption key (use enc)")
    return key


def _jwk(key: ec.EllipticCurvePrivateKey, owner: str, use: Use, *, private: bool) -> dict[str, Any]:
    jwk: dict[str, Any] = public_jwk(key.public_key())
    jwk["kid"] = jwk_thumbprint(jwk)
    jwk |= {"use": use, "alg": ALG_SIG if use == "sig" else ALG_ENC, "trm_owner": owner}
    if private:
        jwk["d"] = b64e(key.private_numbers().private_value.to_bytes(32, "big"))
    return jwk


@dataclass(frozen=True)
class KeyPair:
    """One participant's key pair of one use, as public and private JWKs."""

    public: dict[str, Any]
    private: dict[str, Any] = field(repr=False)


def _random_key(rng: RandomBytes | None) -> ec.EllipticCurvePrivateKey:
    if rng is None:
        return ec.generate_private_key(ec.SECP256R1())
    from trm_standard._jose import CURVE_ORDER  # noqa: PLC0415 - only for fixed vectors

    scalar = int.from_bytes(rng(32), "big") % (CURVE_ORDER - 1) + 1
    return ec.derive_private_key(scalar, ec.SECP256R1())


def generate_keys(owner: str, *, rng: RandomBytes | None = None) -> dict[Use, KeyPair]:
    """Generate a participant's signing and encryption key pairs.

    Args:
        owner: The participant id (``https://w3id.org/trm/org/<CC>/<local-id>``).
        rng: A source of random bytes, for reproducible test vectors only; default: the
            operating system's CSPRNG through ``cryptography``.

    Raises:
        TRMError: ``TRM-KEY-001`` if ``owner`` is not a participant id.
    """
    if not _PARTICIPANT.fullmatch(owner):
        raise TRMError("TRM-KEY-001", "invalid key: the owner is not a participant id")
    pairs: dict[Use, KeyPair] = {}
    for use in ("sig", "enc"):
        key = _random_key(rng)
        pairs[use] = KeyPair(
            _jwk(key, owner, use, private=False), _jwk(key, owner, use, private=True)
        )
    return pairs


def write_keys(pairs: dict[Use, KeyPair], folder: Path, stem: str) -> list[Path]:
    """Write four JWK files ``<stem>.{sig,enc}.{public,private}.jwk``; private ones 0600."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for use, pair in pairs.items():
        for kind, jwk in (("public", pair.public), ("private", pair.private)):
            path = folder / f"{stem}.{use}.{kind}.jwk"
            text = json.dumps(jwk, indent=2, sort_keys=True) + "\n"
            if kind == "private":
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                path.chmod(0o600)
            else:
                path.write_text(text, encoding="utf-8")
            written.append(path)
    return written

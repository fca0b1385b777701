"""Keyed pseudonyms for case linking: HMAC-SHA-256, a key per exchange agreement.

A pseudonym is ``HMAC-SHA-256(key, domain ‖ 0x1F ‖ normalise_v1(value))``, its first 128
bits in lowercase hex. This follows ENISA's keyed-hash technique ("Pseudonymisation
techniques and best practices", 2019) and EDPB Guidelines 01/2025 (the key is the
*pseudonymisation secret*, held apart from the data inside a *pseudonymisation domain*):

* **never a plain or salted hash**: names, dates of birth and case references have so
  little entropy that an unkeyed hash is reversed by trying candidates (AEPD/EDPS note on
  hashing, 2019); a random salt per value makes linkage impossible;
* **a key per exchange agreement**: pseudonyms link within an agreement, not across;
* **a domain label**: the same key gives unrelated pseudonyms for other purposes;
* pseudonymised data are still personal data (GDPR Art. 4(5), Recital 26; WP29 Opinion
  05/2014 §4): the pseudonymised tier is shared only under the agreement.

Normalisation v1 is data (``anonymisation/normalisation-v1.json``): its steps, tables and
test vectors are normative, so any implementation gives the same pseudonyms. Keys never
appear in a repr, a log, an error message or a report.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any, Final

from trm_standard._errors import TRMError

__all__ = [
    "MIN_KEY_BYTES",
    "NORMALISATION_VERSION",
    "PseudonymKey",
    "load_key_file",
    "normalisation_table",
    "normalise_v1",
    "pseudonym",
]

DATA_DIR: Final = Path(__file__).parent / "anonymisation"
#: Keys shorter than 256 bits are refused (ENISA 2019 §5; EDPB 01/2025 "sufficient entropy").
MIN_KEY_BYTES: Final = 32
NORMALISATION_VERSION: Final = "1"
_SEPARATOR: Final = b"\x1f"
_KID: Final = re.compile(r"^[A-Za-z0-9._:/-]{1,128}$")


@cache
def normalisation_table() -> dict[str, Any]:
    """Return the published normalisation v1 table (steps, tables, test vectors)."""
    with (DATA_DIR / "normalisation-v1.json").open(encoding="utf-8") as handle:
        table: dict[str, Any] = json.load(handle)
    return table


@cache
def _translations() -> tuple[dict[int, str], dict[int, str]]:
    table = normalisation_table()
    cyrillic = {ord(k): v for k, v in table["cyrillic"].items()}
    latin = {ord(k): v for k, v in table["latin"].items()}
    return cyrillic, latin


def normalise_v1(value: str) -> str:
    """Normalise a name or reference by normalisation v1 before keyed hashing.

    Steps: NFC, case fold, Cyrillic to Latin, diacritics removed, letters without a
    decomposition mapped (đ, ł, ø, ...), runs of other characters to one space, NFC.
    "Čurin", "CURIN" and "Чурин" all give ``"curin"``.
    """
    cyrillic, latin = _translations()
    text = unicodedata.normalize("NFC", value).casefold().translate(cyrillic)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    text = text.translate(latin)
    out: list[str] = []
    gap = False
    for char in text:
        if unicodedata.category(char)[0] in "LN":
            if gap and out:
                out.append(" ")
            out.append(char)
            gap = False
        else:
            gap = True
    return unicodedata.normalize("NFC", "".join(out))


class PseudonymKey:
    """A secret pseudonymisation key of one exchange agreement.

    The secret never shows in ``repr``/``str``; only the key id does. Deliberately not a
    dataclass, so that generic serialisers (``dataclasses.asdict``, model dumps) cannot
    copy the secret into a report or a log; immutable, compared in constant time.

    Attributes:
        kid: The key id agreed between the parties (e.g. ``"RO-AL-2026-k1"``); may appear
            in reports, since it names the agreement and reveals nothing of the key.
        secret: At least 32 random bytes.
    """

    __slots__ = ("_kid", "_secret")
    _kid: str
    _secret: bytes

    def __init__(self, kid: str, secret: bytes) -> None:
        if not _KID.match(kid):
            raise TRMError("TRM-ANON-010", "the key id must be 1-128 characters [A-Za-z0-9._:/-]")
        if len(secret) < MIN_KEY_BYTES:
            raise TRMError(
                "TRM-ANON-010", f"a pseudonymisation key needs at least {MIN_KEY_BYTES} bytes"
            )
        object.__setattr__(self, "_kid", kid)
        object.__setattr__(self, "_secret", bytes(secret))

    @property
    def kid(self) -> str:
        """The key id."""
        return self._kid

    @property
    def secret(self) -> bytes:
        """The secret bytes (only for keyed hashing)."""
        return self._secret

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a PseudonymKey is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PseudonymKey):
            return NotImplemented
        return self.kid == other.kid and hmac.compare_digest(self.secret, other.secret)

    def __hash__(self) -> int:
        return hash(self.kid)

    def __repr__(self) -> str:
        return f"PseudonymKey(kid={self.kid!r}, secret=[secure])"

    __str__ = __repr__

    def __reduce__(self) -> tuple[Any, ...]:  # worker processes get the key, no one else
        return (PseudonymKey, (self.kid, self.secret))


def pseudonym(key: PseudonymKey, domain: str, value: str) -> str:
    """Return the pseudonym of ``value`` in ``domain`` under ``key`` (32 hex characters).

    Args:
        key: The agreement's key.
        domain: The domain label (e.g. ``"trm:link:v1"``); other labels give unrelated
            pseudonyms under the same key.
        value: The identifier; normalised by :func:`normalise_v1` first.
    """
    message = domain.encode("utf-8") + _SEPARATOR + normalise_v1(value).encode("utf-8")
    return hmac.new(key.secret, message, hashlib.sha256).hexdigest()[:32]


def load_key_file(path: Path) -> PseudonymKey:
    """Read a pseudonymisation key file.

    The file is a JSON object in the form of an RFC 7517 symmetric JWK:
    ``{"kty": "oct", "kid": "<agreement key id>", "k": "<base64url, no padding, >= 32 bytes>"}``.
    Errors never include the file's content.
    """
    try:
        doc = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise TRMError("TRM-ANON-010", "the key file is not a JSON object") from None
    if not isinstance(doc, dict) or doc.get("kty") != "oct":
        raise TRMError("TRM-ANON-010", 'the key file must be a JWK with "kty": "oct"')
    kid, k = doc.get("kid"), doc.get("k")
    if not isinstance(kid, str) or not isinstance(k, str):
        raise TRMError("TRM-ANON-010", 'the key file needs string members "kid" and "k"')
    if not re.fullmatch(r"[A-Za-z0-9_-]+", k):
        raise TRMError("TRM-ANON-010", '"k" must be base64url without padding')
    try:
        secret = base64.urlsafe_b64decode(k + "=" * (-len(k) % 4))
    except (binascii.Error, ValueError):
        raise TRMError("TRM-ANON-010", '"k" must be base64url without padding') from None
    return PseudonymKey(kid, secret)

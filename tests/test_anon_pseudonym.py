"""Pseudonyms: HMAC-SHA-256 per agreement key and domain, normalisation v1 and its vectors."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import pickle
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trm_standard._errors import TRMError
from trm_standard.anonymise import (
    PseudonymKey,
    load_key_file,
    normalisation_table,
    normalise_v1,
    pseudonym,
)

KEY_A = PseudonymKey("RO-AL-2026-k1", bytes(range(32)))
KEY_B = PseudonymKey("RO-AL-2026-k2", bytes(range(1, 33)))
DOMAIN = "trm:link:v1"


@pytest.mark.parametrize("vector", normalisation_table()["vectors"], ids=lambda v: v["input"])
def test_published_vectors(vector: dict[str, str]) -> None:
    assert normalise_v1(vector["input"]) == vector["output"]


def test_curin_agrees_in_every_script() -> None:
    names = ["Čurin", "CURIN", "Чурин", "čurin", "C\u030curin", " Čurin "]
    assert len({pseudonym(KEY_A, DOMAIN, n) for n in names}) == 1


def test_table_covers_every_cyrillic_letter_of_the_region() -> None:
    # Bulgarian, Macedonian, Serbian, Russian and Ukrainian alphabets (lower case).
    letters = "абвгдежзийклмнопрстуфхцчшщъьюяѓѕјљњќџђћёєіїыэґў"
    table = normalisation_table()["cyrillic"]
    assert set(letters) <= set(table)
    for letter in letters:
        out = normalise_v1(letter + "a")
        assert out.isascii(), letter


def test_the_function_is_hmac_sha256_over_domain_and_normalised_value() -> None:
    expected = hmac.new(KEY_A.secret, b"trm:link:v1\x1fcurin", hashlib.sha256).hexdigest()[:32]
    assert pseudonym(KEY_A, DOMAIN, "Чурин") == expected
    # never a plain hash of the value
    assert pseudonym(KEY_A, DOMAIN, "curin") != hashlib.sha256(b"curin").hexdigest()[:32]


@given(st.text(min_size=1, max_size=30))
def test_normalisation_is_idempotent_and_case_blind(text: str) -> None:
    once = normalise_v1(text)
    assert normalise_v1(once) == once
    assert normalise_v1(text.upper()) == normalise_v1(text.lower()) or not text.isascii()
    assert once == once.strip()
    assert "  " not in once
    assert unicodedata.is_normalized("NFC", once)


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20))
def test_stable_per_key_different_across_keys_and_domains(value: str, other: str) -> None:
    assert pseudonym(KEY_A, DOMAIN, value) == pseudonym(KEY_A, DOMAIN, value)
    assert pseudonym(KEY_A, DOMAIN, value) != pseudonym(KEY_B, DOMAIN, value)
    assert pseudonym(KEY_A, DOMAIN, value) != pseudonym(KEY_A, "trm:stats:v1", value)
    if normalise_v1(value) != normalise_v1(other):
        assert pseudonym(KEY_A, DOMAIN, value) != pseudonym(KEY_A, DOMAIN, other)
    assert len(pseudonym(KEY_A, DOMAIN, value)) == 32


def test_key_never_shows() -> None:
    secret = b"\x01" * 32
    key = PseudonymKey("k1", secret)
    for text in (repr(key), str(key), f"{key}", repr([key])):
        assert secret.hex() not in text
        assert "secure" in text
    assert pickle.loads(pickle.dumps(key)) == key  # worker processes need it


def test_generic_serialisers_cannot_copy_the_secret() -> None:
    key = PseudonymKey("k1", b"\x02" * 32)
    assert not dataclasses.is_dataclass(key)
    with pytest.raises(TypeError):
        dataclasses.asdict(key)  # type: ignore[call-overload]
    assert not hasattr(key, "__dict__")
    with pytest.raises(AttributeError):
        key.secret = b"\x03" * 32  # type: ignore[misc]
    assert key != PseudonymKey("k1", b"\x03" * 32)
    assert key == PseudonymKey("k1", b"\x02" * 32)


def test_short_keys_and_bad_ids_are_refused() -> None:
    with pytest.raises(TRMError) as short:
        PseudonymKey("k1", b"\x00" * 31)
    assert short.value.code == "TRM-ANON-010"
    with pytest.raises(TRMError):
        PseudonymKey("k 1\n", b"\x00" * 32)


def _write(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_key_file(tmp_path: Path) -> None:
    secret = bytes(range(100, 132))
    k = base64.urlsafe_b64encode(secret).rstrip(b"=").decode()
    key = load_key_file(_write(tmp_path / "k.json", {"kty": "oct", "kid": "SE-RO-1", "k": k}))
    assert key.secret == secret
    assert key.kid == "SE-RO-1"


@pytest.mark.parametrize(
    "doc",
    [
        {"kty": "oct", "kid": "a", "k": base64.urlsafe_b64encode(b"x" * 16).decode().rstrip("=")},
        {"kty": "EC", "kid": "a", "k": "AAAA"},
        {"kty": "oct", "kid": "a", "k": "not base64!"},
        {"kty": "oct", "k": "AAAA"},
        ["oct"],
    ],
)
def test_bad_key_files_never_echo_their_content(tmp_path: Path, doc: object) -> None:
    path = _write(tmp_path / "k.json", doc)
    with pytest.raises(TRMError) as exc:
        load_key_file(path)
    assert exc.value.code == "TRM-ANON-010"
    if isinstance(doc, dict) and isinstance(doc.get("k"), str):
        assert doc["k"] not in str(exc.value)


def test_key_file_not_json(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    path.write_bytes(b"\xff secret material")
    with pytest.raises(TRMError) as exc:
        load_key_file(path)
    assert "secret material" not in str(exc.value)

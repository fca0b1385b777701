"""JOSE primitives against RFC examples, participant key files and the signed trust list."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.concatkdf import ConcatKDFHash
from jwcrypto import jwk as jwcrypto_jwk

from trm_standard import envelope
from trm_standard._envgen import ANCHORS, KEYS, LISTED, RO, SE, T0, TRUST_LIST, compact_jws, stream
from trm_standard._errors import TRMError
from trm_standard._jose import (
    JoseError,
    b64d,
    b64e,
    concat_kdf,
    ec_public_from_jwk,
    ecdsa_sign,
    ecdsa_verify,
    unwrap_cek,
    wrap_cek,
)
from trm_standard._serialize import jcs
from trm_standard._trustlist import TRUSTLIST_TYP, parse_header, split_compact, strict_json

# --------------------------------------------------------------------------------------
# Primitives (facts from the RFCs' own examples)
# --------------------------------------------------------------------------------------

#: RFC 7515 Appendix A.3: an ES256 JWS, its key and its signature.
A3_KEY = {
    "kty": "EC",
    "crv": "P-256",
    "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
}
A3_INPUT = (
    "eyJhbGciOiJFUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
)
A3_SIGNATURE = (
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
)


def test_es256_verifies_the_rfc7515_a3_example() -> None:
    key = ec_public_from_jwk(A3_KEY)
    signature = b64d(A3_SIGNATURE)
    assert ecdsa_verify(key, signature, A3_INPUT.encode("ascii"))
    assert not ecdsa_verify(key, signature, A3_INPUT.encode("ascii") + b"x")


def test_concat_kdf_matches_rfc7518_appendix_c() -> None:
    alice = ec.derive_private_key(
        int.from_bytes(b64d("0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo"), "big"), ec.SECP256R1()
    )
    bob = {
        "kty": "EC",
        "crv": "P-256",
        "x": "weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ",
        "y": "e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck",
    }
    shared = alice.exchange(ec.ECDH(), ec_public_from_jwk(bob))
    derived = concat_kdf(shared, "A128GCM", 128, apu=b"Alice", apv=b"Bob")
    assert b64e(derived) == "VqqN6vgjbSBcIijNcacQGg"


@pytest.mark.parametrize("bits", [128, 256, 384, 512])
def test_concat_kdf_matches_cryptography_for_any_length(bits: int) -> None:
    shared = bytes(range(32))
    other = b"\x00\x00\x00\x0eECDH-ES+A256KW" + bytes(8) + bits.to_bytes(4, "big")
    expected = ConcatKDFHash(hashes.SHA256(), bits // 8, other).derive(shared)
    assert concat_kdf(shared, "ECDH-ES+A256KW", bits) == expected


def test_aes_key_wrap_matches_rfc3394_4_6() -> None:
    kek = bytes.fromhex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")
    key = bytes.fromhex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F")
    wrapped = wrap_cek(kek, key)
    assert wrapped.hex().upper() == (
        "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21"
    )
    assert unwrap_cek(kek, wrapped) == key
    with pytest.raises(JoseError):
        unwrap_cek(kek, wrapped[:-1] + bytes([wrapped[-1] ^ 1]))


def test_thumbprints_match_an_independent_implementation() -> None:
    for label in ("a", "b", "c", "d"):
        pair = envelope.generate_keys(SE, rng=stream(label))["sig"]
        theirs = jwcrypto_jwk.JWK(**{k: pair.public[k] for k in ("kty", "crv", "x", "y")})
        assert envelope.jwk_thumbprint(pair.public) == theirs.thumbprint()
        assert pair.public["kid"] == theirs.thumbprint()


def test_signatures_are_deterministic_raw_and_low_level_checks_hold() -> None:
    key = KEYS["se-sig"].ec_private()
    one, two = ecdsa_sign(key, b"data"), ecdsa_sign(key, b"data")
    assert one == two
    assert len(one) == 64
    public = key.public_key()
    assert ecdsa_verify(public, one, b"data")
    assert not ecdsa_verify(public, one[:63], b"data")
    assert not ecdsa_verify(public, bytes(64), b"data")


@pytest.mark.parametrize("text", ["ab=", "a b", "ab+", "abcde", "ab\n", "QR"])
def test_base64url_is_strict(text: str) -> None:
    # padding, whitespace, the other alphabet, impossible lengths, stray trailing bits
    with pytest.raises(JoseError):
        b64d(text)


def test_points_off_the_curve_and_other_curves_are_refused() -> None:
    jwk = dict(KEYS["se-sig"].public)
    with pytest.raises(JoseError):
        ec_public_from_jwk(jwk | {"y": b64e(bytes(31) + b"\x01")})
    with pytest.raises(JoseError):
        ec_public_from_jwk(jwk | {"crv": "P-384"})
    with pytest.raises(JoseError):
        ec_public_from_jwk({"kty": "EC", "crv": "P-256", "x": jwk["x"]})
    with pytest.raises(JoseError):
        ec_public_from_jwk(jwk | {"x": b64e(bytes(33))})


def test_strict_json_rejects_duplicates_constants_and_bad_bytes() -> None:
    for bad in (b'{"a":1,"a":2}', b'{"a":NaN}', b"\xff", b"{"):
        with pytest.raises(JoseError):
            strict_json(bad)
    with pytest.raises(JoseError):
        parse_header(b64e(b"[1]"))
    with pytest.raises(JoseError):
        split_compact("a.b", 3)


# --------------------------------------------------------------------------------------
# Key files
# --------------------------------------------------------------------------------------


def test_generated_keys_are_profile_jwks(tmp_path: Path) -> None:
    pairs = envelope.generate_keys(RO)
    assert set(pairs) == {"sig", "enc"}
    assert pairs["sig"].public["alg"] == "ES256"
    assert pairs["enc"].public["alg"] == "ECDH-ES+A256KW"
    assert all(p.public["trm_owner"] == RO and "d" not in p.public for p in pairs.values())
    assert pairs["sig"].private["d"] not in repr(pairs["sig"])
    written = envelope.write_keys(pairs, tmp_path, "RO-ANITP")
    names = sorted(p.name for p in written)
    assert names == [
        "RO-ANITP.enc.private.jwk",
        "RO-ANITP.enc.public.jwk",
        "RO-ANITP.sig.private.jwk",
        "RO-ANITP.sig.public.jwk",
    ]
    for path in written:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert (mode == 0o600) == ("private" in path.name)
    signer = envelope.load_private(
        envelope.load_jwk(tmp_path / "RO-ANITP.sig.private.jwk", private=True)
    )
    assert isinstance(signer, envelope.LocalSigner)
    assert signer.owner == RO
    decrypter = envelope.load_private(
        envelope.load_jwk(tmp_path / "RO-ANITP.enc.private.jwk", private=True)
    )
    assert isinstance(decrypter, envelope.LocalDecrypter)
    assert decrypter.kid == pairs["enc"].public["kid"]


def test_generate_keys_refuses_an_owner_that_is_not_a_participant_id() -> None:
    with pytest.raises(TRMError) as caught:
        envelope.generate_keys("Romania")
    assert caught.value.code == "TRM-KEY-001"
    with pytest.raises(TRMError) as caught:
        envelope.load_signer(KEYS["se-enc"].private)
    assert caught.value.code == "TRM-KEY-001"
    with pytest.raises(TRMError) as caught:
        envelope.load_decrypter(KEYS["se-sig"].private)
    assert caught.value.code == "TRM-KEY-001"


def _bad_key(tmp_path: Path, jwk: Any, *, private: bool = False) -> str:
    path = tmp_path / "key.jwk"
    path.write_text(jwk if isinstance(jwk, str) else json.dumps(jwk))
    with pytest.raises(TRMError) as caught:
        envelope.load_jwk(path, private=private)
    for secret in (KEYS["se-sig"].private["d"], KEYS["se-sig"].private["x"]):
        assert secret not in str(caught.value)  # never echoes key material
    return caught.value.code


@pytest.mark.parametrize(
    "change",
    [
        {"kid": "sweden-2026"},  # not the thumbprint
        {"crv": "P-384"},
        {"use": "enc"},  # use and alg disagree
        {"alg": "RS256"},
        {"trm_owner": "Sweden"},
        {"d": "AAAA"},  # a private member in a public key file
    ],
)
def test_load_jwk_refuses_keys_outside_the_profile(tmp_path: Path, change: dict[str, str]) -> None:
    assert _bad_key(tmp_path, KEYS["se-sig"].public | change) == "TRM-KEY-001"


def test_load_jwk_refuses_broken_files(tmp_path: Path) -> None:
    assert _bad_key(tmp_path, "{not json") == "TRM-KEY-001"
    assert _bad_key(tmp_path, "[1]") == "TRM-KEY-001"
    assert _bad_key(tmp_path, KEYS["se-sig"].public, private=True) == "TRM-KEY-001"  # no d
    wrong_d = KEYS["se-sig"].private | {"d": KEYS["ro-sig"].private["d"]}
    assert _bad_key(tmp_path, wrong_d, private=True) == "TRM-KEY-001"


# --------------------------------------------------------------------------------------
# Trust list
# --------------------------------------------------------------------------------------


def _anchor() -> envelope.LocalSigner:
    return KEYS["anchor-a"].signer()


def test_build_and_load_round_trip() -> None:
    entries = [KEYS[k].entry for k in LISTED]
    token = envelope.build_trust_list(entries, _anchor(), now=T0, seq=7)
    trust = envelope.load_trust_list(token, ANCHORS, now=T0)
    assert trust.seq == 7
    assert trust.iss == KEYS["anchor-a"].private["trm_owner"]
    assert set(trust.participants) == {SE, RO, "https://w3id.org/trm/org/BG/NCCTHB"}
    assert set(trust.keys) == {KEYS[k].kid for k in LISTED}
    revoked = trust.key(KEYS["se-sig-revoked"].kid)
    assert revoked is not None
    assert revoked.status == "revoked"
    assert revoked.changed_at == T0 - 86400
    header = parse_header(token.split(".")[0])
    assert header == {"alg": "ES256", "kid": KEYS["anchor-a"].kid, "typ": TRUSTLIST_TYP}
    payload = json.loads(b64d(token.split(".")[1]))
    assert {"keys": payload["keys"]}["keys"][0]["kty"] == "EC"  # a plain JWKS
    assert jcs(payload) == b64d(token.split(".")[1])
    assert all(p["profiles"] == ["TRM-JOSE-1"] for p in payload["participants"])


def test_build_defaults_keys_to_active_for_a_year_and_the_list_to_a_week() -> None:
    token = envelope.build_trust_list([KEYS["se-sig"].public], _anchor(), now=T0, seq=1)
    trust = envelope.load_trust_list(token, ANCHORS, now=T0)
    key = trust.key(KEYS["se-sig"].kid)
    assert key is not None
    assert key.status == "active"
    assert key.nbf == T0
    assert key.exp == T0 + 400 * 86400
    assert trust.exp == T0 + 7 * 86400


@pytest.mark.parametrize(
    ("entries", "code"),
    [
        ([KEYS["se-sig"].public, KEYS["se-sig"].public], "TRM-TRUST-006"),
        ([KEYS["se-sig"].public | {"kid": "x"}], "TRM-TRUST-007"),
        ([KEYS["se-sig"].public | {"alg": "ECDH-ES+A256KW"}], "TRM-TRUST-008"),
        ([KEYS["se-sig"].public | {"trm_status": "revoked"}], "TRM-TRUST-008"),  # no time
        ([KEYS["se-sig"].public | {"trm_status": "lost"}], "TRM-TRUST-008"),
        ([KEYS["se-sig"].public | {"trm_nbf": T0, "trm_exp": T0}], "TRM-TRUST-008"),
        ([KEYS["se-sig"].public | {"y": KEYS["se-sig"].public["x"]}], "TRM-TRUST-008"),
    ],
)
def test_build_refuses_what_load_would_refuse(entries: list[dict[str, Any]], code: str) -> None:
    with pytest.raises(TRMError) as caught:
        envelope.build_trust_list(entries, _anchor(), now=T0, seq=1)
    assert caught.value.code == code


def _signed(payload: dict[str, Any]) -> str:
    anchor = _anchor()
    return compact_jws(
        {"alg": "ES256", "kid": anchor.kid, "typ": TRUSTLIST_TYP}, jcs(payload), anchor
    )


def _payload(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(b64d(TRUST_LIST.split(".")[1]))
    return payload | changes


def _signed_raw(payload: bytes) -> str:
    anchor = _anchor()
    header = {"alg": "ES256", "kid": anchor.kid, "typ": TRUSTLIST_TYP}
    return compact_jws(header, payload, anchor)


def _with_participant(entry: dict[str, Any]) -> dict[str, Any]:
    payload = _payload()
    if entry.get("id") == SE and entry.get("country") == "SE" and "profiles" not in entry:
        return payload | {"participants": [*payload["participants"], entry]}
    others = [p for p in payload["participants"] if p["id"] != SE]
    keys = [k for k in payload["keys"] if k["trm_owner"] != SE]
    return payload | {"participants": [*others, entry], "keys": keys}


@pytest.mark.parametrize(
    ("token", "code"),
    [
        (_signed(_payload(seq="42")), "TRM-TRUST-001"),
        (_signed(_payload(keys=[1])), "TRM-TRUST-001"),
        ("not a jws", "TRM-TRUST-001"),
        (_signed(_payload(participants=[])), "TRM-TRUST-008"),  # owners not listed
        (_signed(_payload(participants={})), "TRM-TRUST-001"),
        (_signed(_payload(participants=[1])), "TRM-TRUST-001"),
        (_signed(_payload(keys={})), "TRM-TRUST-001"),
        (_signed(_payload(iss=None)), "TRM-TRUST-001"),
        (_signed({"iat": T0, "exp": T0 + 9, "seq": True, "iss": "x"}), "TRM-TRUST-001"),
        (_signed_raw(json.dumps(_payload()).encode()), "TRM-TRUST-001"),  # not RFC 8785
        (_signed_raw(b'{"iat":1,"iat":2}'), "TRM-TRUST-001"),
        (_signed_raw(b"[]"), "TRM-TRUST-001"),
        (_signed(_with_participant({"id": "Sweden", "country": "SE"})), "TRM-TRUST-008"),
        (_signed(_with_participant({"id": SE, "country": "RO"})), "TRM-TRUST-008"),
        (_signed(_with_participant({"id": SE, "country": "SE"})), "TRM-TRUST-008"),  # twice
        (_signed(_with_participant({"id": SE, "country": "SE", "profiles": "x"})), "TRM-TRUST-001"),
        (
            _signed(_payload(keys=[KEYS["se-sig"].private | KEYS["se-sig"].listing])),
            "TRM-TRUST-008",
        ),
    ],
)
def test_load_refuses_malformed_or_inconsistent_lists(token: str, code: str) -> None:
    with pytest.raises(TRMError) as caught:
        envelope.load_trust_list(token, ANCHORS, now=T0)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "none", "kid": KEYS["anchor-a"].kid, "typ": TRUSTLIST_TYP},
        {"alg": "ES256", "kid": KEYS["anchor-a"].kid, "typ": TRUSTLIST_TYP, "jwk": ANCHORS[0]},
    ],
)
def test_load_refuses_other_algorithms_and_embedded_keys(header: dict[str, Any]) -> None:
    token = compact_jws(header, b64d(TRUST_LIST.split(".")[1]), _anchor())
    with pytest.raises(TRMError) as caught:
        envelope.load_trust_list(token, ANCHORS, now=T0)
    assert caught.value.code == "TRM-TRUST-002"


def test_load_tolerates_clock_skew_on_iat_only() -> None:
    token = _signed(_payload(iat=T0 + 200))
    assert envelope.load_trust_list(token, ANCHORS, now=T0).seq == 42
    with pytest.raises(TRMError):
        envelope.load_trust_list(_signed(_payload(exp=T0)), ANCHORS, now=T0)


def test_the_same_seq_must_be_the_same_list() -> None:
    first = envelope.load_trust_list(TRUST_LIST, ANCHORS, now=T0)
    again = envelope.load_trust_list(
        TRUST_LIST, ANCHORS, now=T0, accepted_seq=42, accepted_digest=first.digest
    )
    assert again.digest == first.digest
    assert len(first.digest) == 64
    other = _signed(_payload(exp=T0 + 86400))  # also seq 42, different content
    with pytest.raises(TRMError) as caught:
        envelope.load_trust_list(
            other, ANCHORS, now=T0, accepted_seq=42, accepted_digest=first.digest
        )
    assert caught.value.code == "TRM-TRUST-005"


def test_trust_list_typ_compares_as_a_media_type() -> None:
    anchor = _anchor()
    body = b64d(TRUST_LIST.split(".")[1])
    for typ in ("TRM-TrustList+JWT", "application/trm-trustlist+jwt"):
        token = compact_jws({"alg": "ES256", "kid": anchor.kid, "typ": typ}, body, anchor)
        assert envelope.load_trust_list(token, ANCHORS, now=T0).seq == 42


@pytest.mark.parametrize(
    "change",
    [{"trm_nbf": "0"}, {"trm_exp": True}, {"trm_preferred": "yes"}, {"trm_status": None}],
)
def test_key_attributes_are_not_coerced(change: dict[str, Any]) -> None:
    with pytest.raises(TRMError) as caught:
        envelope.build_trust_list([KEYS["se-sig"].public | change], _anchor(), now=T0, seq=1)
    assert caught.value.code == "TRM-TRUST-008"


@pytest.mark.parametrize("member", ["alg", "use", "trm_status", "trm_owner", "kid"])
def test_non_text_key_members_are_inconsistent_not_a_crash(member: str) -> None:
    payload = _payload()
    payload["keys"][0] = payload["keys"][0] | {member: ["ES256"]}
    with pytest.raises(TRMError) as caught:
        envelope.load_trust_list(_signed(payload), ANCHORS, now=T0)
    assert caught.value.code == "TRM-TRUST-008"


@pytest.mark.parametrize("d", [b64e(bytes(32)), b64e(b"\xff" * 32)])
def test_a_private_scalar_out_of_range_is_an_invalid_key(tmp_path: Path, d: str) -> None:
    assert _bad_key(tmp_path, KEYS["se-sig"].private | {"d": d}, private=True) == "TRM-KEY-001"


def test_a_deeply_nested_key_file_is_an_invalid_key(tmp_path: Path) -> None:
    assert _bad_key(tmp_path, "[" * 100_000 + "]" * 100_000) == "TRM-KEY-001"

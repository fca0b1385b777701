"""Envelopes (profile TRM-JOSE-1): vectors, seal and open, replay stores, properties."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import rfc8785
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trm_standard as trm
from trm_standard import envelope
from trm_standard._conformance import compare, library_adapter, request_for
from trm_standard._envelope import _canonical_fast, _payload_strict
from trm_standard._envgen import (
    ANCHORS,
    KEYS,
    RO,
    SE,
    T0,
    TRUST_LIST,
    VECTOR_DIR,
    build_vectors,
    claims,
    compact_referral,
    drift,
    inner_header,
    stream,
)
from trm_standard._envgen import envelope as craft_envelope
from trm_standard._errors import _ENVELOPE_CODES, TRMError
from trm_standard._jose import b64d, b64e
from trm_standard._serialize import jcs
from trm_standard._vectorrun import run
from trm_standard.testing import messages

VECTORS = sorted([*VECTOR_DIR.glob("envelope/*.json"), *VECTOR_DIR.glob("trustlist/*.json")])


def _load(path: Path) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return value


@pytest.fixture(scope="module")
def trust() -> envelope.TrustList:
    return envelope.load_trust_list(TRUST_LIST, ANCHORS, now=T0)


@pytest.fixture
def ro_keys() -> list[envelope.LocalDecrypter]:
    return [envelope.load_decrypter(KEYS[k].private) for k in ("ro-enc", "ro-enc-previous")]


def _referral() -> trm.MessageBase:
    return trm.parse(
        (Path(__file__).parents[1] / "examples" / "referral-se-ro-adult-labour.json").read_bytes()
    )


# --------------------------------------------------------------------------------------
# Vectors
# --------------------------------------------------------------------------------------


def test_vectors_have_not_drifted_from_the_generator() -> None:
    assert drift() == []


def test_vector_ids_are_unique_and_files_are_named_after_them() -> None:
    ids = [_load(p)["id"] for p in VECTORS]
    assert len(ids) == len(set(ids)) == len(VECTORS) >= 100
    assert all(p.stem == _load(p)["id"] for p in VECTORS)


@pytest.mark.parametrize("path", VECTORS, ids=[p.stem for p in VECTORS])
def test_vector(path: Path) -> None:
    vector = _load(path)
    if vector["operation"] in ("envelope.open", "trustlist.load"):
        assert run(vector) == vector["expected"]
    else:  # sealing and key loading: the conformance runner's comparison
        assert compare(vector, library_adapter(request_for(vector))) == []


def test_every_envelope_and_trust_code_has_a_vector() -> None:
    produced = {code for p in VECTORS for code in _load(p)["expected"]["errors"]}
    registered = {entry[0] for entry in _ENVELOPE_CODES}
    # TRM-ENV-031 arises when sealing (P02) and TRM-KEY-001 when loading a key (K02, K03).
    assert registered - produced == set()


def test_the_generator_is_deterministic() -> None:
    first = [v.text() for v in build_vectors()]
    second = [v.text() for v in build_vectors()]
    assert first == second


def test_valid_vectors_carry_what_a_producer_needs_to_rebuild_them() -> None:
    for path in VECTORS:
        vector = _load(path)
        if not vector["expected"]["valid"] or vector["operation"] != "envelope.open":
            continue
        step = vector["intermediate"]
        assert step["jws"].split(".")[1] == b64e(step["payload"].encode("utf-8"))
        assert jcs(json.loads(step["payload"])) == step["payload"].encode("utf-8")
        assert len(b64d(step["cek"])) == 32
        assert len(b64d(step["iv"])) == 12


def test_a_replay_context_is_what_makes_m01_fail() -> None:
    vector = _load(VECTOR_DIR / "envelope" / "M01-malleated-signature.json")
    vector["context"]["replay"] = []
    # the (r, n - s) twin verifies: deduplication must be keyed on jti, not on bytes
    assert run(vector)["valid"] is True


# --------------------------------------------------------------------------------------
# Seal and open
# --------------------------------------------------------------------------------------


def test_seal_then_open_returns_the_message_and_metadata(
    trust: envelope.TrustList, ro_keys: list[envelope.LocalDecrypter]
) -> None:
    message = _referral()
    signer = KEYS["se-sig"].signer()
    token = envelope.seal(message, signer, RO, trust, now=T0)
    opened = envelope.open(token, ro_keys, trust, envelope.MemoryReplayStore(), now=T0 + 60)
    assert opened.message == message
    assert opened.claims.iss == SE
    assert opened.claims.aud == RO
    assert opened.claims.exp - opened.claims.iat == 72 * 3600
    assert opened.sender_kid == signer.kid
    assert opened.recipient_kid == KEYS["ro-enc"].kid  # the preferred key
    assert opened.record_digest == hashlib.sha256(trm.canonical_json(message)).hexdigest()
    assert opened.jws.count(".") == 2
    assert opened.jws not in repr(opened)
    assert opened.claims.trm_schema == "https://w3id.org/trm/schema/1.0.0/referral.schema.json"


def test_bytes_input_with_a_trailing_newline_is_accepted(
    trust: envelope.TrustList, ro_keys: list[envelope.LocalDecrypter]
) -> None:
    token = envelope.seal(_referral(), KEYS["se-sig"].signer(), RO, trust, now=T0)
    opened = envelope.open(
        (token + "\n").encode(), ro_keys, trust, envelope.MemoryReplayStore(), now=T0
    )
    assert opened.claims.aud == RO


def test_non_ascii_bytes_are_not_a_compact_jwe(trust: envelope.TrustList) -> None:
    with pytest.raises(envelope.EnvelopeError) as caught:
        envelope.open("é".encode(), [], trust, envelope.MemoryReplayStore(), now=T0)
    assert caught.value.code == "TRM-ENV-002"


def test_seal_is_reproducible_with_a_fixed_random_source(trust: envelope.TrustList) -> None:
    message, signer = _referral(), KEYS["se-sig"].signer()
    one = envelope.seal(message, signer, RO, trust, now=T0, rng=stream("repro"))
    two = envelope.seal(message, signer, RO, trust, now=T0, rng=stream("repro"))
    three = envelope.seal(message, signer, RO, trust, now=T0)
    four = envelope.seal(message, signer, RO, trust, now=T0)
    assert one == two
    assert three != four  # fresh jti, ephemeral key, CEK and IV each time


def _seal_error(trust: envelope.TrustList, signer: Any, message: Any = None, **kw: Any) -> str:
    with pytest.raises(envelope.EnvelopeError) as caught:
        envelope.seal(
            message or _referral(), signer, kw.pop("to", RO), trust, now=kw.pop("now", T0), **kw
        )
    return caught.value.code


def test_seal_refuses_an_invalid_message_with_its_issues(trust: envelope.TrustList) -> None:
    message = _referral().model_copy(update={"case_ref": ""})
    with pytest.raises(envelope.EnvelopeError) as caught:
        envelope.seal(message, KEYS["se-sig"].signer(), RO, trust, now=T0)
    assert caught.value.code == "TRM-ENV-029"
    assert {i.pointer for i in caught.value.issues} == {"/case_ref"}


def test_seal_refuses_parties_that_differ_from_the_message(trust: envelope.TrustList) -> None:
    assert _seal_error(trust, KEYS["ro-sig"].signer()) == "TRM-ENV-030"  # sender is SE
    assert (
        _seal_error(trust, KEYS["se-sig"].signer(), to="https://w3id.org/trm/org/BG/NCCTHB")
        == "TRM-ENV-030"
    )


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("attacker-sig", "TRM-ENV-011"),  # not on the list
        ("se-enc", "TRM-ENV-012"),  # an encryption key
        ("se-sig-revoked", "TRM-ENV-024"),
        ("se-sig-retired", "TRM-ENV-025"),
        ("se-sig-future", "TRM-ENV-023"),
        ("se-sig-expired", "TRM-ENV-023"),
    ],
)
def test_seal_refuses_a_key_it_may_not_use(trust: envelope.TrustList, key: str, code: str) -> None:
    assert _seal_error(trust, KEYS[key].signer()) == code


def test_seal_needs_an_active_encryption_key_of_the_recipient(trust: envelope.TrustList) -> None:
    message = _referral().model_copy(update={"recipient": "https://w3id.org/trm/org/HR/NCO"})
    signer = KEYS["se-sig"].signer()
    code = _seal_error(trust, signer, message, to="https://w3id.org/trm/org/HR/NCO")
    assert code == "TRM-ENV-031"


def test_seal_refuses_an_envelope_its_receiver_would_refuse_as_too_large(
    trust: envelope.TrustList,
) -> None:
    small = envelope.EnvelopePolicy(max_bytes=4096)
    assert _seal_error(trust, KEYS["se-sig"].signer(), policy=small) == "TRM-ENV-001"


def test_the_encryption_key_chosen_is_the_preferred_active_one(trust: envelope.TrustList) -> None:
    chosen = trust.encryption_key(RO, T0)
    assert chosen is not None
    assert chosen.kid == KEYS["ro-enc"].kid
    assert trust.encryption_key(RO, T0 + 400 * 86400) is None  # every key has expired


def test_an_envelope_for_another_participant_names_a_key_we_do_not_hold(
    trust: envelope.TrustList,
) -> None:
    token = envelope.seal(_referral(), KEYS["se-sig"].signer(), RO, trust, now=T0)
    bg = envelope.load_decrypter(KEYS["bg-enc"].private)
    with pytest.raises(envelope.EnvelopeError) as caught:
        envelope.open(token, [bg], trust, envelope.MemoryReplayStore(), now=T0)
    assert caught.value.code == "TRM-ENV-005"


_SECRETS = {
    "given_names": "Zorica\u0007Secret",  # a control character: invalid text
    "family_names": "X" * 300 + "Hidden",  # too long
    "date_of_birth": "1994-13-Private",  # not a date
}


@pytest.mark.parametrize("field", sorted(_SECRETS))
def test_errors_never_echo_message_content(
    trust: envelope.TrustList, ro_keys: list[envelope.LocalDecrypter], field: str
) -> None:
    message = compact_referral()
    message["person"][field] = _SECRETS[field]
    token = craft_envelope(f"secret-{field}", claims(f"secret-{field}", message)).token
    with pytest.raises(envelope.EnvelopeError) as caught:
        envelope.open(token, ro_keys, trust, envelope.MemoryReplayStore(), now=T0)
    assert caught.value.code == "TRM-ENV-029"
    assert any(i.pointer == f"/person/{field}" for i in caught.value.issues)
    text = str(caught.value) + repr(caught.value) + "".join(i.message for i in caught.value.issues)
    for secret in ("Zorica", "Secret", "Hidden", "Private", "Exemplu", "Ana-Maria"):
        assert secret not in text


def test_an_expired_trust_list_is_refused_by_seal_and_open(
    trust: envelope.TrustList, ro_keys: list[envelope.LocalDecrypter]
) -> None:
    token = envelope.seal(_referral(), KEYS["se-sig"].signer(), RO, trust, now=T0)
    later = trust.exp + 1
    with pytest.raises(TRMError) as caught:
        envelope.open(token, ro_keys, trust, envelope.MemoryReplayStore(), now=later)
    assert caught.value.code == "TRM-TRUST-004"
    with pytest.raises(TRMError) as caught:
        envelope.seal(_referral(), KEYS["se-sig"].signer(), RO, trust, now=later)
    assert caught.value.code == "TRM-TRUST-004"


def test_only_ascii_whitespace_surrounds_a_token(
    trust: envelope.TrustList, ro_keys: list[envelope.LocalDecrypter]
) -> None:
    token = envelope.seal(_referral(), KEYS["se-sig"].signer(), RO, trust, now=T0)
    assert envelope.open(f" {token}\r\n", ro_keys, trust, envelope.MemoryReplayStore(), now=T0)
    for odd in ("\u2028", "\u00a0"):
        with pytest.raises(envelope.EnvelopeError) as caught:
            envelope.open(token + odd, ro_keys, trust, envelope.MemoryReplayStore(), now=T0)
        assert caught.value.code == "TRM-ENV-002"


# --------------------------------------------------------------------------------------
# Replay stores
# --------------------------------------------------------------------------------------


def _stores(tmp_path: Path) -> Iterator[envelope.ReplayStore]:
    yield envelope.MemoryReplayStore()
    yield envelope.SQLiteReplayStore(tmp_path / "replay.sqlite3")
    yield envelope.SQLiteReplayStore(tmp_path / "fast.sqlite3", durable=False)


def test_replay_stores_remember_until_expiry(tmp_path: Path) -> None:
    for store in _stores(tmp_path):
        assert isinstance(store, envelope.ReplayStore)
        assert store.remember("a", "1", until=100, now=10) is True
        assert store.remember("a", "1", until=100, now=99) is False
        assert store.remember("b", "1", until=100, now=99) is True  # keyed on (iss, jti)
        assert store.remember("a", "1", until=300, now=100) is True  # expired: accepted again
        assert store.remember("a", "1", until=300, now=200) is False


def test_sqlite_store_persists_across_connections(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "replay.sqlite3"
    first = envelope.SQLiteReplayStore(path)
    assert first.remember("a", "1", until=100, now=0)
    first.close()
    second = envelope.SQLiteReplayStore(path)
    assert not second.remember("a", "1", until=100, now=1)
    second.close()


def test_sqlite_store_purges_expired_pairs(tmp_path: Path) -> None:
    store = envelope.SQLiteReplayStore(tmp_path / "r.sqlite3")
    for i in range(1000):
        store.remember("a", str(i), until=10, now=0)
    store.remember("a", "late", until=500, now=11)  # the 1000th insert after this purges
    for i in range(999):
        store.remember("b", str(i), until=500, now=11)
    rows = (
        sqlite3.connect(tmp_path / "r.sqlite3")
        .execute("SELECT count(*) FROM seen WHERE iss = 'a'")
        .fetchone()
    )
    store.close()
    assert rows[0] == 1


def test_memory_store_drops_expired_pairs_when_large() -> None:
    store = envelope.MemoryReplayStore()
    for i in range(100_001):
        store.remember("a", str(i), until=5, now=0)
    store.remember("a", "x", until=50, now=10)
    assert len(store._seen) == 1


def test_sqlite_store_keeps_the_highest_trust_list_seq(tmp_path: Path) -> None:
    store = envelope.SQLiteReplayStore(tmp_path / "r.sqlite3")
    assert store.accepted_trust_list("anchors-1") is None
    store.note_trust_list("anchors-1", 42, "a")
    store.note_trust_list("anchors-1", 41, "b")
    store.note_trust_list("anchors-1", 42, "c")
    assert store.accepted_trust_list("anchors-1") == (42, "a")
    store.note_trust_list("anchors-1", 43, "d")
    assert store.accepted_trust_list("anchors-1") == (43, "d")
    store.note_trust_list("anchors-2", 7, "e")  # another trust setting: its own state
    assert store.accepted_trust_list("anchors-2") == (7, "e")
    assert store.accepted_trust_list("anchors-1") == (43, "d")
    store.close()


def _race(path: str, barrier: Any, results: Any) -> None:
    store = envelope.SQLiteReplayStore(path)
    barrier.wait()
    results.put(store.remember("iss", "same-jti", until=1000, now=1))
    store.close()


def test_sqlite_store_accepts_a_jti_once_across_processes(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")
    envelope.SQLiteReplayStore(path).close()
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(6), context.Queue()
    workers = [context.Process(target=_race, args=(path, barrier, results)) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    outcomes = [results.get(timeout=10) for _ in workers]
    assert sorted(outcomes) == [False] * 5 + [True]


def test_default_replay_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert envelope.default_replay_path() == tmp_path / "trm" / "replay.sqlite3"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert (
        envelope.default_replay_path() == tmp_path / ".local" / "state" / "trm" / "replay.sqlite3"
    )


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message=messages())
def test_round_trip_for_any_valid_message(message: trm.MessageBase) -> None:
    keys = {
        p: envelope.generate_keys(p, rng=stream(p)) for p in {message.sender, message.recipient}
    }
    anchor = envelope.generate_keys("https://w3id.org/trm/org/SI/ANCHOR", rng=stream("anchor"))
    public = [pair.public for owned in keys.values() for pair in owned.values()]
    token = envelope.build_trust_list(
        public, envelope.load_signer(anchor["sig"].private), now=T0, seq=1
    )
    trust = envelope.load_trust_list(token, [anchor["sig"].public], now=T0)
    signer = envelope.load_signer(keys[message.sender]["sig"].private)
    sealed = envelope.seal(message, signer, message.recipient, trust, now=T0)
    decrypter = envelope.load_decrypter(keys[message.recipient]["enc"].private)
    opened = envelope.open(sealed, [decrypter], trust, envelope.MemoryReplayStore(), now=T0)
    assert opened.message == message
    assert opened.claims.trm_schema.endswith(f"/{message.message_type}.schema.json")


V01 = _load(VECTOR_DIR / "envelope" / "V01-referral.json")
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \n{"


@settings(max_examples=300, deadline=None)
@given(position=st.integers(0, len(V01["input"]["envelope"]) - 1), char=st.sampled_from(_B64))
def test_any_single_byte_change_is_rejected(position: int, char: str) -> None:
    token: str = V01["input"]["envelope"]
    if token[position] == char:
        return
    mutated = token[:position] + char + token[position + 1 :]
    vector = dict(V01) | {"input": {"envelope": mutated}}
    result = run(vector)
    assert result["valid"] is False
    assert result["errors"][0].startswith("TRM-ENV-")


@settings(max_examples=60, deadline=None)
@given(message=messages())
def test_claims_encoder_matches_rfc8785(message: trm.MessageBase) -> None:
    body = claims("prop", message.to_json_dict(), iss=message.sender, aud=message.recipient)
    assert jcs(body) == rfc8785.dumps(body)


@pytest.mark.parametrize(
    ("outer", "inner"),
    [("jwt", "trm+jwt"), ("application/JWT", "application/trm+jwt"), ("JWT", "Trm+Jwt")],
)
def test_media_types_compare_per_rfc7515(outer: str, inner: str) -> None:
    token = craft_envelope(
        "media",
        claims("media"),
        header=inner_header(KEYS["se-sig"], typ=inner),
        edit=lambda h: h | {"cty": outer},
    ).token
    vector = dict(V01) | {"input": {"envelope": token}}
    assert run(vector)["valid"] is True


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(
    value=st.dictionaries(st.text(max_size=4), _JSON_VALUES, max_size=5),
    style=st.sampled_from(["orjson", "spaced", "ascii", "unsorted"]),
)
def test_the_fast_canonical_proof_never_accepts_what_the_strict_step_refuses(
    value: dict[str, Any], style: str
) -> None:
    try:
        if style == "orjson":
            raw = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
        elif style == "spaced":
            raw = json.dumps(value, sort_keys=True, ensure_ascii=False).encode(
                "utf-8", "surrogatepass"
            )
        elif style == "ascii":
            raw = json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
        else:
            raw = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode(
                "utf-8", "surrogatepass"
            )
    except (orjson.JSONEncodeError, UnicodeEncodeError):
        return
    fast = _canonical_fast(raw)
    try:
        strict: dict[str, Any] | None = _payload_strict(raw)
    except envelope.EnvelopeError:
        strict = None
    if fast is not None:
        assert strict == fast
    if strict is not None and raw.isascii():
        assert fast == strict  # the fast proof decides every canonical ASCII payload

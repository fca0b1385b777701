"""Envelope benchmark: profile TRM-JOSE-1, signed (ES256 JWS) then encrypted (ECDH-ES JWE).

One command prints, on one machine and one core (a single process):

* ``seal`` and ``open_envelope`` per second for synthetic ~3 KB referrals (the shape used
  by ``bench_bulk.py``) with an in-memory replay store, each beside its target (seal
  ≥ 3,000/s, open ≥ 2,000/s; a miss is reported, never an error);
* ``open_envelope`` per second with the SQLite replay store, and that store's own
  ``remember`` rate for new pairs and for detected replays;
* anchors: raw ES256 sign and verify (``cryptography``), ECDH P-256 with and without the
  Concat KDF, RFC 8785 of the claims with our ``jcs`` and with the pure-Python ``rfc8785``
  package (skipped if it is not installed), AES-256-GCM encryption of 3 KB;
* an estimate of where the time of ``seal`` and ``open_envelope`` goes: each step timed
  alone in a loop (``seal``'s rebuilt from the same primitives, ``open_envelope``'s being
  its own step helpers), beside the share of the measured call it takes.

Every open uses an envelope sealed for it (a distinct ``jti``, as the replay check
demands); envelopes are sealed outside the timed loops whenever more are needed. The
headline figures run for ``--seconds`` each, anchors and steps for a third of that.

Usage: python benchmarks/bench_envelope.py [--seconds S] [--workdir DIR] [--json]
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import os
import platform
import random
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import cryptography
import orjson
from bench_bulk import record, template  # the sibling benchmark's ~3 KB referrals
from cryptography.hazmat.backends.openssl import backend as openssl_backend
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

import trm_standard as trm
from trm_standard._envelope import (
    DEFAULT_POLICY,
    Claims,
    MemoryReplayStore,
    Segments,
    SQLiteReplayStore,
    _claims,
    _decrypt,
    _inner,
    _message,
    _outer,
    _payload,
    _signing_key,
    _trm_bytes,
    open_envelope,
    seal,
)
from trm_standard._fast import message_is_valid
from trm_standard._jose import (
    CURVE_ORDER,
    b64d,
    b64e,
    concat_kdf,
    ecdsa_verify,
    gcm_encrypt,
    public_jwk,
    wrap_cek,
)
from trm_standard._jsonparse import Limits, parse_strict
from trm_standard._keys import ALG_ENC, LocalDecrypter, LocalSigner, generate_keys, load_private
from trm_standard._schema import schema_id
from trm_standard._serialize import canonical_json, jcs
from trm_standard._trustlist import TrustList, build_trust_list, load_trust_list, parse_header
from trm_standard.v1 import MessageBase

T = TypeVar("T")

SENDER = "https://w3id.org/trm/org/SE/JAMY"  # the sender of the bench_bulk.py referrals
RECIPIENT = "https://w3id.org/trm/org/RO/ANITP"  # and their recipient
ANCHOR = "https://w3id.org/trm/org/EU/TRM-ANCHOR"
SEAL_TARGET = 3_000.0
OPEN_TARGET = 2_000.0
DISTINCT_MESSAGES = 256
BATCH = 256


# --------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------


def rate(fn: Callable[[T], object], items: Sequence[T], seconds: float) -> float:
    """Return calls/s of ``fn`` cycling over ``items`` for about ``seconds`` (one warm-up)."""
    return batched_rate(lambda: items, fn, seconds)


def batched_rate(
    next_batch: Callable[[], Sequence[T]], fn: Callable[[T], object], seconds: float
) -> float:
    """Return calls/s of ``fn`` over batches from ``next_batch``, timing ``fn`` only.

    ``next_batch`` runs outside the clock, so it may prepare inputs that can be used once
    (sealed envelopes, fresh replay pairs). The first call of ``fn`` is a warm-up.
    """
    first = next_batch()
    fn(first[0])
    pending: Sequence[T] = first[1:]
    done, elapsed = 0, 0.0
    while elapsed < seconds:
        batch = pending or next_batch()
        pending = ()
        start = time.perf_counter()
        for item in batch:
            fn(item)
        elapsed += time.perf_counter() - start
        done += len(batch)
    return done / elapsed


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


@dataclass
class Row:
    """One measured figure."""

    section: str
    name: str
    value: float
    unit: str
    target: float | None = None
    met: bool | None = None
    note: str = ""


@dataclass
class Report:
    """Rows as they are measured: printed at once, or kept for one JSON document."""

    as_json: bool
    machine: dict[str, Any] = field(default_factory=dict)
    setup: dict[str, Any] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    def say(self, text: str) -> None:
        """Print a line of the text report (nothing in JSON mode)."""
        if not self.as_json:
            print(text, flush=True)

    def add(self, section: str, name: str, value: float, *, target: float | None = None) -> None:
        """Record and print a rate (per second), with its target if it has one."""
        met = None if target is None else value >= target
        self.rows.append(Row(section, name.strip(), round(value, 1), "per_second", target, met))
        line = f"  {name:46} {value:>10,.0f}/s"
        if target is not None:
            line += f"   target ≥ {target:,.0f}/s: {'met' if met else 'NOT MET'}"
        self.say(line)

    def step(self, section: str, name: str, micros: float, total: float) -> None:
        """Record and print one step of a breakdown: µs per call and share of ``total``."""
        share = 100 * micros / total
        row = Row(section, name.strip(), round(micros, 2), "us_per_call", note=f"{share:.0f}%")
        self.rows.append(row)
        self.say(f"  {name:46} {micros:>8.1f} µs  {share:>4.0f} %")

    def skip(self, section: str, name: str, why: str) -> None:
        """Record and print a figure that could not be measured."""
        self.rows.append(Row(section, name, float("nan"), "skipped", note=why))
        self.say(f"  {name:46} {'skipped':>12}  ({why})")

    def dump(self) -> None:
        """Print the JSON document (JSON mode only)."""
        if self.as_json:
            rows = [{k: v for k, v in asdict(r).items() if v not in (None, "")} for r in self.rows]
            for row in rows:
                if row["unit"] == "skipped":
                    del row["value"]
            doc = {"machine": self.machine, "setup": self.setup, "results": rows}
            print(json.dumps(doc, indent=2, ensure_ascii=False))


def cpu_model() -> str:
    """Return the CPU model named in /proc/cpuinfo, or what ``platform`` knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def filesystem(path: Path) -> str:
    """Return the file system type holding ``path`` (from /proc/mounts), or ``unknown``."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return "unknown"
    best, kind = "", "unknown"
    resolved = str(path.resolve())
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1]
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, fields[2]
    return kind


def machine() -> dict[str, Any]:
    """Return the machine, interpreter and crypto library this run measured."""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "cryptography": cryptography.__version__,
        "openssl": openssl_backend.openssl_version_text(),
    }


# --------------------------------------------------------------------------------------
# Parties, messages, envelopes
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parties:
    """The sender's signer, the recipient's decrypter and the verified trust list."""

    signer: LocalSigner
    decrypter: LocalDecrypter
    trust: TrustList
    now: int


def parties(now: int) -> Parties:
    """Generate keys for both parties and an anchor; build and load the trust list."""
    sender, recipient, anchor = (generate_keys(p) for p in (SENDER, RECIPIENT, ANCHOR))
    anchor_signer = load_private(anchor["sig"].private)
    signer = load_private(sender["sig"].private)
    decrypter = load_private(recipient["enc"].private)
    assert isinstance(anchor_signer, LocalSigner)
    assert isinstance(signer, LocalSigner)
    assert isinstance(decrypter, LocalDecrypter)
    keys = [pair.public for owner in (sender, recipient) for pair in owner.values()]
    token = build_trust_list(keys, anchor_signer, now=now, seq=1)
    trust = load_trust_list(token, [anchor["sig"].public], now=now)
    return Parties(signer, decrypter, trust, now)


def messages(count: int) -> list[MessageBase]:
    """Return ``count`` distinct valid ~3 KB referrals from ``SENDER`` to ``RECIPIENT``."""
    rng = random.Random(20261129)
    base = template()
    base["sender"], base["recipient"] = SENDER, RECIPIENT
    result = []
    for _ in range(count):
        report = trm.validate(record(base, rng))
        if report.message is None:
            raise SystemExit(f"synthetic referral is invalid: {report.issues}")
        result.append(report.message)
    return result


class TokenPool:
    """Envelopes sealed once and read by each open benchmark in turn (each has its store).

    A reader seals more envelopes, outside the timed loop, when it reaches the end.
    """

    def __init__(self, seal_one: Callable[[MessageBase], str], source: list[MessageBase]) -> None:
        """Seal with ``seal_one``, cycling over the ``source`` messages."""
        self.tokens: list[str] = []
        self._seal = seal_one
        self._source = itertools.cycle(source)

    def seal(self, message: MessageBase) -> str:
        """Seal ``message`` and keep the envelope."""
        token = self._seal(message)
        self.tokens.append(token)
        return token

    def reader(self) -> Callable[[], list[str]]:
        """Return a ``next_batch`` giving every kept envelope once, then new ones."""
        position = 0

        def next_batch() -> list[str]:
            nonlocal position
            while len(self.tokens) < position + BATCH:
                self.seal(next(self._source))
            position += BATCH
            return self.tokens[position - BATCH : position]

        return next_batch


# --------------------------------------------------------------------------------------
# Measures
# --------------------------------------------------------------------------------------


def headline(report: Report, p: Parties, msgs: list[MessageBase], seconds: float) -> TokenPool:
    """Measure seal/s and open/s with the in-memory replay store; return the pool."""

    def seal_one(message: MessageBase) -> str:
        return seal(message, p.signer, RECIPIENT, p.trust, now=p.now)

    pool = TokenPool(seal_one, msgs)
    token = pool.seal(msgs[0])
    opened = open_envelope(token, [p.decrypter], p.trust, MemoryReplayStore(), now=p.now)
    if canonical_json(opened.message) != canonical_json(msgs[0]):
        raise SystemExit("the opened message differs from the sealed one")
    sizes = [len(canonical_json(m)) for m in msgs]
    report.setup = {
        "referral_bytes": sum(sizes) // len(sizes),
        "envelope_bytes": len(token),
        "distinct_referrals": len(msgs),
        "sender": SENDER,
        "recipient": RECIPIENT,
    }
    report.say(
        f"referrals: {report.setup['referral_bytes']:,} bytes each on average (JCS), "
        f"envelope {len(token):,} bytes; {SENDER} → {RECIPIENT}\n"
    )
    report.say("one core, in process                                  per second")
    report.add("envelope", "seal", rate(pool.seal, msgs, seconds), target=SEAL_TARGET)
    memory = MemoryReplayStore()

    def open_memory(token: str) -> object:
        return open_envelope(token, [p.decrypter], p.trust, memory, now=p.now)

    report.add(
        "envelope",
        "open_envelope, MemoryReplayStore",
        batched_rate(pool.reader(), open_memory, seconds),
        target=OPEN_TARGET,
    )
    return pool


def sqlite_figures(
    report: Report, p: Parties, pool: TokenPool, workdir: Path, seconds: float
) -> None:
    """Measure open/s with the SQLite store, and the store's own remember rate.

    Both settings are measured: ``durable=True`` (the default: every new pair is synced
    to disk) and ``durable=False`` (WAL with ``synchronous=NORMAL``).
    """
    report.say(f"\nSQLiteReplayStore (file in {workdir}, {filesystem(workdir)})")
    for durable in (True, False):
        label = "durable" if durable else "durable=False"
        store = SQLiteReplayStore(workdir / f"open-{label}.sqlite3", durable=durable)
        try:

            def open_sqlite(token: str, store: SQLiteReplayStore = store) -> object:
                return open_envelope(token, [p.decrypter], p.trust, store, now=p.now)

            rate_open = batched_rate(pool.reader(), open_sqlite, seconds)
            report.add("sqlite", f"open_envelope, SQLite store ({label})", rate_open)
        finally:
            store.close()
        store = SQLiteReplayStore(workdir / f"remember-{label}.sqlite3", durable=durable)
        try:
            remember_figures(report, p, store, seconds, label)
        finally:
            store.close()


def remember_figures(
    report: Report, p: Parties, store: SQLiteReplayStore, seconds: float, label: str
) -> None:
    """Measure ``remember`` for new pairs and for replays."""
    until = p.now + 72 * 3600 + 300
    counter = itertools.count()

    def fresh() -> list[str]:
        return [f"urn:uuid:{uuid.UUID(int=next(counter), version=4)}" for _ in range(BATCH)]

    def remember(jti: str) -> bool:
        return store.remember(SENDER, jti, until=until, now=p.now)

    report.add("sqlite", f"remember, new pair ({label})", batched_rate(fresh, remember, seconds))
    seen = fresh()
    for jti in seen:
        remember(jti)

    def replay(jti: str) -> None:
        if remember(jti):
            raise SystemExit("the SQLite store accepted a replay")

    report.add("sqlite", f"remember, replay detected ({label})", rate(replay, seen, seconds))


def rfc8785_dumps() -> Callable[[Any], bytes] | None:
    """Return ``rfc8785.dumps`` if the package is installed, else None."""
    try:
        module = importlib.import_module("rfc8785")
    except ImportError:
        return None
    dumps: Callable[[Any], bytes] = module.dumps
    return dumps


def claims_of(message: MessageBase, now: int) -> dict[str, Any]:
    """Return the claims ``seal`` signs for ``message`` (same members, same values)."""
    return {
        "iss": SENDER,
        "aud": RECIPIENT,
        "iat": now,
        "nbf": now,
        "exp": now + 72 * 3600,
        "jti": f"urn:uuid:{uuid.uuid4()}",
        "trm_schema": schema_id(message.spec_version, message.message_type),
        "trm": message.to_json_dict(),
    }


def anchors(report: Report, p: Parties, msgs: list[MessageBase], seconds: float) -> None:
    """Measure the primitives an envelope is built of, without this library around them."""
    report.say("\nanchors, one core                                     per second")
    key = ec.generate_private_key(ec.SECP256R1())
    peer = ec.generate_private_key(ec.SECP256R1()).public_key()
    claims = [claims_of(m, p.now) for m in msgs]
    signing_input = [f"eyJhbGciOiJFUzI1NiJ9.{b64e(jcs(c))}".encode("ascii") for c in claims]
    algorithm = ec.ECDSA(hashes.SHA256())
    signatures = [(key.sign(d, algorithm), d) for d in signing_input]
    public = key.public_key()

    def sign(data: bytes) -> bytes:
        return key.sign(data, algorithm)

    def verify(pair: tuple[bytes, bytes]) -> None:
        public.verify(pair[0], pair[1], algorithm)

    def exchange(other: ec.EllipticCurvePublicKey) -> bytes:
        return key.exchange(ec.ECDH(), other)

    def dumps_sorted(value: dict[str, Any]) -> bytes:
        text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return text.encode("utf-8")

    def exchange_kdf(other: ec.EllipticCurvePublicKey) -> bytes:
        return concat_kdf(key.exchange(ec.ECDH(), other), ALG_ENC)

    size = len(signing_input[0])
    rows: list[tuple[str, float]] = [
        (f"ES256 sign, {size:,} B (cryptography)", rate(sign, signing_input, seconds)),
        (f"ES256 verify, {size:,} B (cryptography)", rate(verify, signatures, seconds)),
        ("ECDH P-256 exchange", rate(exchange, [peer], seconds)),
        ("ECDH P-256 exchange + Concat KDF", rate(exchange_kdf, [peer], seconds)),
        ("JCS of the claims, our jcs", rate(jcs, claims, seconds)),
        ("  json.dumps in it alone (no float/ASCII walk)", rate(dumps_sorted, claims, seconds)),
    ]
    for name, value in rows:
        report.add("anchor", name, value)
    pure = "JCS of the claims, rfc8785 (pure Python)"
    dumps = rfc8785_dumps()
    if dumps is None:
        report.skip("anchor", pure, "rfc8785 is not importable")
    else:
        report.add("anchor", pure, rate(dumps, claims, seconds))
    cek, iv, plain = os.urandom(32), os.urandom(12), os.urandom(3 * 1024)

    def encrypt(data: bytes) -> tuple[bytes, bytes]:
        return gcm_encrypt(cek, iv, data, b"aad")

    report.add("anchor", "AES-256-GCM encrypt, 3 KB", rate(encrypt, [plain], seconds))


def measured(fn: Callable[[T], object], items: Sequence[T], seconds: float) -> float:
    """Return the microseconds one call of ``fn`` takes (cycling over ``items``)."""
    return 1e6 / rate(fn, items, seconds)


def seal_steps(report: Report, p: Parties, msgs: list[MessageBase], seconds: float) -> None:
    """Estimate where the time of ``seal`` goes, step by step."""
    total = measured(lambda m: seal(m, p.signer, RECIPIENT, p.trust, now=p.now), msgs, seconds)
    report.say(f"\nwhere seal's time goes (estimate; seal itself {total:.0f} µs)")
    target = p.trust.encryption_key(RECIPIENT, p.now)
    assert target is not None
    inputs = [f"eyJhbGciOiJFUzI1NiJ9.{b64e(jcs(claims_of(m, p.now)))}".encode() for m in msgs]
    jws = [i + b"." + b64e(p.signer.sign(i)).encode("ascii") for i in inputs]

    def check(message: MessageBase) -> None:
        value = message.to_json_dict()
        data = orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_STRICT_INTEGER)
        if not message_is_valid(message, value, data):
            raise SystemExit("invalid message")

    datas = [canonical_json(m) for m in msgs]

    def claims_step(data: bytes) -> str:
        head = {"aud": RECIPIENT, "exp": p.now, "iat": p.now, "iss": SENDER, "jti": "x", "nbf": 1}
        return b64e(jcs(head)[:-1] + b',"trm":' + data + b',"trm_schema":"s"}')

    def agree(_: None) -> bytes:
        scalar = int.from_bytes(os.urandom(32), "big") % (CURVE_ORDER - 1) + 1
        ephemeral = ec.derive_private_key(scalar, ec.SECP256R1())
        b64e(jcs({"epk": public_jwk(ephemeral.public_key()), "kid": target.kid}))
        kek = concat_kdf(ephemeral.exchange(ec.ECDH(), target.key), ALG_ENC)
        return wrap_cek(kek, os.urandom(32))

    def encrypt(data: bytes) -> str:
        ciphertext, tag = gcm_encrypt(os.urandom(32), os.urandom(12), data, b"protected")
        return b64e(ciphertext) + b64e(tag)

    steps: list[tuple[str, float]] = [
        ("message: to_json_dict + orjson + schema + rules", measured(check, msgs, seconds)),
        ("claims around the canonical message + base64url", measured(claims_step, datas, seconds)),
        ("ES256 sign (ecdsa_sign, RFC 6979, r‖s)", measured(p.signer.sign, inputs, seconds)),
        ("ephemeral key + ECDH + KDF + key wrap", measured(agree, [None], seconds)),
        ("AES-256-GCM encrypt + base64url", measured(encrypt, jws, seconds)),
    ]
    breakdown(report, "seal step", steps, total)


def open_steps(report: Report, p: Parties, pool: TokenPool, seconds: float) -> None:
    """Estimate where the time of ``open_envelope`` goes: its own steps, each timed alone.

    The steps are the private helpers ``open_envelope`` calls in order (docs/envelope.md §7),
    so the type check of this file follows any change to them.
    """
    store = MemoryReplayStore()
    total = 1e6 / batched_rate(
        pool.reader(),
        lambda t: open_envelope(t, [p.decrypter], p.trust, store, now=p.now),
        seconds,
    )
    report.say(f"\nwhere open_envelope's time goes (estimate; open itself {total:.0f} µs)")
    policy = DEFAULT_POLICY
    tokens = pool.reader()()
    outer = [_outer(t, policy) for t in tokens]
    plaintexts = [_decrypt(segments, p.decrypter) for segments in outer]
    inner = [parts for parts, _, _ in map(_inner, plaintexts)]
    raw = [b64d(parts[1]) for parts in inner]
    payloads = [_payload(r) for r in raw]
    pairs = [
        (_trm_bytes(r, payload), payload["trm"], _claims(payload))
        for r, payload in zip(raw, payloads, strict=True)
    ]
    trm_values = [payload["trm"] for payload in payloads]
    sender = _signing_key(p.trust, parse_header(inner[0][0])["kid"])
    counter = itertools.count()

    def decrypt(segments: Segments) -> bytes:
        return _decrypt(segments, p.decrypter)

    def verify(parts: list[str]) -> None:
        signed = f"{parts[0]}.{parts[1]}".encode("ascii")
        if not ecdsa_verify(_signing_key(p.trust, sender.kid).key, b64d(parts[2]), signed):
            raise SystemExit("signature does not verify")

    def strict(data: bytes) -> object:
        return parse_strict(data, Limits(max_bytes=len(data), max_depth=32))

    def replay(_: None) -> bool:
        return store.remember(SENDER, f"bench-{next(counter)}", until=p.now + 3600, now=p.now)

    def message(pair: tuple[bytes, dict[str, Any], Claims]) -> object:
        return _message(*pair)

    def validate(value: dict[str, Any]) -> object:
        return trm.validate(jcs(value)).message

    steps: list[tuple[str, float]] = [
        (
            "1-2 outer: size, base64url, header",
            measured(lambda t: _outer(t, policy), tokens, seconds),
        ),
        ("4 decrypt: ECDH, KDF, unwrap, AES-GCM", measured(decrypt, outer, seconds)),
        ("5 inner: split, base64url, header", measured(_inner, plaintexts, seconds)),
        ("6-7 key lookup + ES256 verify", measured(verify, inner, seconds)),
        (
            "8 payload: base64url + parse + JCS check",
            measured(lambda i: _payload(b64d(i[1])), inner, seconds),
        ),
        ("9 claims", measured(_claims, payloads, seconds)),
        ("10 replay: MemoryReplayStore.remember", measured(replay, [None], seconds)),
        ("11 message: validate + SHA-256", measured(message, pairs, seconds)),
    ]
    parts: list[tuple[str, float]] = [
        ("  in 8, only if not surely canonical: parse_strict", measured(strict, raw, seconds)),
        ("  in 8, only then: jcs of the claims", measured(jcs, payloads, seconds)),
        ("  in 11: jcs(trm) + validate (fast path)", measured(validate, trm_values, seconds)),
    ]
    breakdown(report, "open step", steps, total, parts)


def breakdown(
    report: Report,
    section: str,
    steps: list[tuple[str, float]],
    total: float,
    parts: Sequence[tuple[str, float]] = (),
) -> None:
    """Print each step's time and share, the rest of the measured call, then sub-steps.

    The rest is what the steps timed alone do not explain: the glue between them, and the
    caches the steps share when they run together rather than each in a tight loop.
    """
    for name, micros in steps:
        report.step(section, name, micros, total)
    rest = total - sum(micros for _, micros in steps)
    report.step(section, "rest: glue, and steps sharing caches", rest, total)
    for name, micros in parts:
        report.step(section, name, micros, total)


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------


def run(seconds: float, workdir: Path, report: Report) -> None:
    """Measure and print every figure."""
    report.machine = machine()
    m = report.machine
    report.say(
        f"machine: {m['cpu']}, {m['cores']} logical CPUs ({m['usable_cores']} usable), "
        f"Python {m['python']}, {m['platform']}; "
        f"cryptography {m['cryptography']}, {m['openssl']}"
    )
    p = parties(int(time.time()))
    msgs = messages(DISTINCT_MESSAGES)
    pool = headline(report, p, msgs, seconds)
    sqlite_figures(report, p, pool, workdir, seconds)
    short = max(seconds / 3, 0.2)
    anchors(report, p, msgs, short)
    seal_steps(report, p, msgs, short)
    open_steps(report, p, pool, short)


def main() -> None:
    """Parse the options, measure, print."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="per headline figure")
    parser.add_argument("--workdir", type=Path, default=None, help="where the SQLite files go")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead")
    args = parser.parse_args()
    if args.seconds <= 0:
        parser.error("--seconds must be positive")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="trm-bench-envelope-"))
    workdir.mkdir(parents=True, exist_ok=True)
    report = Report(as_json=args.json)
    try:
        run(args.seconds, workdir, report)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    report.dump()


if __name__ == "__main__":
    main()

"""Bulk validation benchmark (issue: fast path, DESIGN §11).

One command (`make bench`) prints, on one machine:

* records/s per core of the reference path and the fast path, each beside its anchors
  (strict JSON parse, pydantic alone, ``jsonschema`` alone, ``jsonschema-rs`` alone);
* records/s of ``trm validate --jobs 1`` and ``--jobs 2`` on a JSON Lines corpus of
  synthetic ~3 KB referrals (default 1,000,000 records), and the peak resident memory of
  the largest process, for a tenth of the corpus and for all of it (flat memory means
  the two peaks are close).

Usage: python benchmarks/bench_bulk.py [--records N] [--workdir DIR] [--seconds S]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema_rs
import orjson

import trm_standard as trm
from trm_standard._jsonparse import parse_strict
from trm_standard._schema import _load_schema, validator_for
from trm_standard.v1 import Referral

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "referral-se-ro-adult-labour.json"
GIVEN = ("Ana", "Maria", "Ioana", "Elena", "Mihaela", "Đurđa", "Jelena", "Besa", "Ivana")
FAMILY = ("Exemplu", "Primjer", "Primer", "Shembull", "Exempel", "Пример", "Testescu")


def template(*, rich: bool = False) -> dict[str, Any]:
    """Return a realistic referral built from the SE→RO example: ~3 KB, or ~3.6 KB rich."""
    doc: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for key in ("services", "return_plan", "risk_assessments", "reflection_period"):
        doc.pop(key)
    if not rich:
        doc.pop("legal_status")
        doc["exploitation"]["means_of_control"] = doc["exploitation"]["means_of_control"][:2]
        doc["case"]["requested_services"] = doc["case"]["requested_services"][:2]
        doc["person"].pop("education_level")
        doc["consents"][0].pop("evidence_sha256")
        for org in doc["organisations"]:
            org.pop("trm_roles", None)
    keep = ("JAMY", "ANITP", "POLICE-NOA")
    doc["organisations"] = [o for o in doc["organisations"] if o["org_id"].endswith(keep)]
    for org in doc["organisations"]:
        org["name"] = org["name"].split(" (")[0]
    doc["case"].pop("country_roles")
    doc["person"].pop("identity_documents")
    doc["needs"] = doc["needs"][:2]
    doc["legal_basis"]["legal_reference"] = "Ordinance (2017:937)"
    consent = doc["consents"][0]
    consent["data_categories"] = consent["data_categories"][:6]
    return doc


def record(base: dict[str, Any], rng: random.Random) -> bytes:
    """Return one synthetic referral: the template with fresh identifiers and names."""
    doc = json.loads(json.dumps(base))
    doc["message_id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    doc["case_ref"] = f"SE-JAMY-2026-{rng.randrange(10_000):04d}"
    person = doc["person"]
    person["given_names"] = rng.choice(GIVEN)
    person["family_names"] = rng.choice(FAMILY)
    person["date_of_birth"] = f"{rng.randrange(1960, 2006)}-{rng.randrange(1, 13):02d}"
    person["dependent_children"] = rng.randrange(0, 4)
    doc["consents"][0]["consent_id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    return orjson.dumps(doc)


def write_corpus(path: Path, count: int) -> int:
    """Write ``count`` records as JSON Lines; return the mean record size in bytes."""
    rng = random.Random(20261129)
    base = template()
    total = 0
    with path.open("wb") as handle:
        for _ in range(count):
            line = record(base, rng)
            total += len(line)
            handle.write(line + b"\n")
    return total // max(count, 1)


def rate(fn: Callable[[bytes], object], data: list[bytes], seconds: float) -> float:
    """Return records/s of ``fn`` cycling over ``data`` for about ``seconds``."""
    fn(data[0])
    done = 0
    start = time.perf_counter()
    while True:
        for item in data:
            fn(item)
        done += len(data)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def cli_run(corpus: Path, jobs: int) -> tuple[float, float]:
    """Run `trm validate` on the corpus; return (seconds, peak RSS in MiB of any process)."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    trm_cmd = [sys.executable, "-m", "trm_standard", "validate", str(corpus)]
    argv = [*trm_cmd, "--format", "json", "--jobs", str(jobs), "--no-progress"]
    out = subprocess.run(
        [sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def main() -> None:
    """Generate the corpus, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="trm-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        run(args.records, args.seconds, workdir)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


def run(records: int, seconds: float, workdir: Path) -> None:
    """Measure and print every figure."""
    cpu = platform.processor() or platform.machine()
    print(f"machine: {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    small = max(records // 10, 1)
    corpus_small, corpus = workdir / "small.jsonl", workdir / "corpus.jsonl"
    size = write_corpus(corpus, records)
    write_corpus(corpus_small, small)
    sample = corpus.read_bytes().splitlines()[:2000] if records <= 2000 else []
    if not sample:
        with corpus.open("rb") as handle:
            sample = [handle.readline().rstrip(b"\n") for _ in range(2000)]
    print(f"corpus: {records:,} referrals, {size:,} bytes each on average (JSON Lines)\n")

    schema_rs = jsonschema_rs.validator_for(
        _load_schema("1.0.0", "referral"), validate_formats=True
    )
    reference_schema = validator_for("1.0.0", "referral")
    parsed = [json.loads(d) for d in sample]

    def cycle(fn: Callable[[Any], object], items: list[Any]) -> Callable[[bytes], object]:
        it = iter(range(10**12))
        return lambda _: fn(items[next(it) % len(items)])

    print("one core, in process                      records/s")
    rows: list[tuple[str, Callable[[bytes], object], float]] = [
        ("anchor: json.loads", json.loads, seconds),
        ("anchor: orjson.loads", orjson.loads, seconds),
        ("anchor: strict JSON parse (layer 1)", parse_strict, seconds),
        ("anchor: pydantic alone", lambda d: Referral.model_validate_json(d, strict=True), seconds),
        ("anchor: jsonschema alone", cycle(reference_schema.is_valid, parsed), seconds),
        ("anchor: jsonschema-rs alone", cycle(schema_rs.is_valid, parsed), seconds),
        ("reference path, all layers", lambda d: trm.validate(d, engine="reference"), seconds),
        ("fast path, all layers", lambda d: trm.validate(d, engine="fast"), seconds),
    ]
    for name, fn, secs in rows:
        print(f"  {name:40} {rate(fn, sample, secs):>10,.0f}")
    rng = random.Random(7)
    rich = template(rich=True)
    rich_sample = [record(rich, rng) for _ in range(2000)]
    rich_size = sum(map(len, rich_sample)) // len(rich_sample)
    name = f"fast path, {rich_size:,} B referrals"
    print(f"  {name:40} {rate(trm.validate, rich_sample, seconds):>10,.0f}")

    print("\n`trm validate FILE --format json` end to end")
    for label, path, count in (("10 %", corpus_small, small), ("100 %", corpus, records)):
        for jobs in (1, 2):
            elapsed, peak = cli_run(path, jobs)
            print(
                f"  {label:>5} ({count:>9,} records) --jobs {jobs}: {count / elapsed:>9,.0f} "
                f"records/s, {elapsed:7.1f} s, peak RSS {peak:6.1f} MiB"
            )


if __name__ == "__main__":
    main()

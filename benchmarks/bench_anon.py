"""Anonymisation benchmark (issue 7, DESIGN §11): records/s including validation, memory.

Writes a JSON Lines corpus of synthetic full-size referrals (~2.8 KB, realistic skewed
marginals; default 1,000,000 records), then runs ``trm anonymise`` on it and prints, beside
the anchor it is judged by (the fast validation path alone):

* records/s of ``trm anonymise --jobs 1`` and ``--jobs 2`` with a policy that releases
  (sex, child/adult, coarse exploitation flags: every class is large);
* records/s of the shipped ``anonymised`` policy on the same corpus, whichever way the
  release check decides (synthetic data this varied are mostly refused as microdata);
* the peak resident memory of the largest process of each run.

Usage: python benchmarks/bench_anon.py [--records N] [--workdir DIR] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from trm_standard._fast import validate_fast
from trm_standard.testing import synthetic_referrals

RELEASING_POLICY: dict[str, Any] = {
    "policy_format": "1",
    "policy": "bench-coarse",
    "version": "1.0.0",
    "tier": "anonymised",
    "message_type": "referral",
    "fields": {
        "person.sex": "keep",
        "derived.age_years": "generalise:age:child_adult",
        "exploitation.forms[]": "generalise:exploitation:coarse",
        "derived.sender_country": "keep",
    },
}


def write_corpus(path: Path, count: int) -> int:
    """Write ``count`` rich synthetic referrals; return the mean size in bytes."""
    total = 0
    with path.open("wb") as handle:
        batch: list[bytes] = []
        for doc in synthetic_referrals(count, rich=True):
            line = orjson.dumps(doc)
            total += len(line)
            batch.append(line)
            if len(batch) == 10_000:
                handle.write(b"\n".join(batch) + b"\n")
                batch = []
        if batch:
            handle.write(b"\n".join(batch) + b"\n")
    return total // max(count, 1)


def validation_anchor(path: Path, sample: int = 20_000) -> float:
    """Records/s of the fast validation path alone on one core (first ``sample`` lines)."""
    lines: list[bytes] = []
    with path.open("rb") as handle:
        for line in handle:
            lines.append(line.rstrip(b"\n"))
            if len(lines) == sample:
                break
    start = time.perf_counter()
    for line in lines:
        validate_fast(line)
    return len(lines) / (time.perf_counter() - start)


def run(argv: list[str]) -> tuple[float, float, int]:
    """Run a trm command; return (seconds, peak RSS in MiB of any process, exit status)."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
        " r.returncode)\n"
    )
    trm = [sys.executable, "-m", "trm_standard", *argv]
    out = subprocess.run(
        [sys.executable, "-c", probe, *trm], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the corpus and outputs")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="trm-bench-anon-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        corpus = work / "corpus.jsonl"
        start = time.perf_counter()
        size = write_corpus(corpus, args.records)
        print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
              f"Python {platform.python_version()}")  # fmt: skip
        print(f"corpus: {args.records:,} referrals, {size:,} bytes on average "
              f"(written in {time.perf_counter() - start:.1f} s)")  # fmt: skip
        anchor = validation_anchor(corpus)
        print(f"{'fast validation alone, one core':<52} {anchor:>10,.0f} records/s  anchor")
        policy = work / "bench-policy.json"
        policy.write_text(json.dumps(RELEASING_POLICY), encoding="utf-8")
        runs = [
            ("trm anonymise --jobs 1 (releasing policy)", ["--policy", str(policy)], "1"),
            ("trm anonymise --jobs 2 (releasing policy)", ["--policy", str(policy)], "2"),
            ("trm anonymise --jobs 2 (shipped anonymised)", [], "2"),
        ]
        for label, extra, jobs in runs:
            out = work / f"out-{len(extra)}-{jobs}"
            shutil.rmtree(out, ignore_errors=True)
            argv = ["anonymise", str(corpus), "--tier", "anonymised", *extra,
                    "--out", str(out), "--jobs", jobs]  # fmt: skip
            seconds, peak, status = run(argv)
            report = json.loads((out / "report.json").read_text(encoding="utf-8"))
            per_core = args.records / seconds / int(jobs)
            print(
                f"{label:<52} {args.records / seconds:>10,.0f} records/s "
                f"({per_core:,.0f} per core, {seconds:.1f} s, peak {peak:.0f} MiB, "
                f"{report['status']}, exit {status}, "
                f"{report['release_check'].get('records_out', 0):,} rows out)"
            )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Consent benchmark: decisions and minimisation per second on one core.

Prints, for the SE→RO example referral (about 6 KB) and the SE→XK child referral:

* ``may_share`` per second for a permitted purpose and for a refused one (a refusal stops
  early, a permit also proves a valid minimised message exists);
* ``minimise`` per second (prune, re-address, validate through all four layers);
* ``record_disclosure`` per second with the SQLite log (one durable transaction each);
* the anchor it is judged by: the fast validator on the same bytes.

Usage: python benchmarks/bench_consent.py [--seconds S] [--json]
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import trm_standard as trm
from trm_standard.consent import (
    SQLiteDisclosureLog,
    load_directory,
    may_share,
    minimise,
    record_disclosure,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
RO = "https://w3id.org/trm/org/RO/ANITP"
XK = "https://w3id.org/trm/org/XK/MIA-NATC"
AT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def rate(step: Callable[[int], object], seconds: float) -> float:
    """Return calls per second of ``step(i)`` over about ``seconds``."""
    count, start = 0, time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(50):
            step(count)
            count += 1
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    directory = load_directory(EXAMPLES / "_directory.json")
    raw = (EXAMPLES / "referral-se-ro-adult-labour.json").read_bytes()
    adult = trm.parse(raw)
    child = trm.parse((EXAMPLES / "referral-se-xk-child-begging.json").read_bytes())
    permit = may_share(adult, "REFERRAL_ASSISTANCE", RO, at=AT, directory=directory)
    smaller = minimise(adult, permit)
    results: dict[str, float] = {
        "validate_fast_anchor": rate(lambda _: trm.validate(raw), args.seconds),
        "may_share_permit": rate(
            lambda _: may_share(adult, "REFERRAL_ASSISTANCE", RO, at=AT, directory=directory),
            args.seconds,
        ),
        "may_share_permit_child": rate(
            lambda _: may_share(child, "SAFETY_RISK_ASSESSMENT", XK, at=AT, directory=directory),
            args.seconds,
        ),
        "may_share_deny": rate(
            lambda _: may_share(adult, "FAMILY_TRACING_CONTACT", RO, at=AT, directory=directory),
            args.seconds,
        ),
        "minimise": rate(lambda _: minimise(adult, permit), args.seconds),
    }
    with tempfile.TemporaryDirectory() as folder:
        log = SQLiteDisclosureLog(Path(folder) / "log.sqlite3")
        base = smaller.model_dump(mode="json", exclude_none=True)

        def record(i: int) -> object:
            copy = dict(base, message_id=f"00000000-0000-4000-8000-{i:012d}")
            message = trm.validate_value(copy).message
            assert message is not None
            decision = may_share(message, "REFERRAL_ASSISTANCE", RO, at=AT, directory=directory)
            return record_disclosure(log, message, decision, at=AT + timedelta(seconds=i))

        results["decide_and_record_disclosure_sqlite"] = rate(record, args.seconds)
        log.close()
    machine = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "processor": platform.processor() or "unknown",
    }
    if args.json:
        print(json.dumps({"machine": machine, "per_second": results}, indent=2))
        return
    print(f"Consent benchmark, one core, Python {machine['python']} on {machine['machine']}")
    for name, value in results.items():
        print(f"  {name:<40} {value:>10,.0f} /s")


if __name__ == "__main__":
    main()

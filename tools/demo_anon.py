"""The anonymisation part of ``make demo``: a small statistics release and its report.

A small country (300 synthetic referrals sent from Montenegro) asks for two releases:
record-level anonymised microdata, which the release check refuses (almost everyone is
unique on age band, sex, citizenship and year at this size), and an aggregate table by
sex and exploitation form, which passes with its small cells suppressed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TextIO

import orjson

from trm_standard.anonymise import anonymise_files, shipped_policy, stats_files
from trm_standard.testing import synthetic_referrals


def statistics_release(out: TextIO = sys.stdout) -> int:
    """Run both releases on synthetic data, print their summaries; return unexpected results."""
    print("\nAnonymised statistics release (300 synthetic referrals from ME)", file=out)
    policy = shipped_policy("anonymised")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        data = work / "referrals.jsonl"
        docs = synthetic_referrals(300, seed=2026, sender_country="ME")
        data.write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in docs))
        micro = anonymise_files([str(data)], policy, work / "microdata")
        for line in micro.report["summary"]:
            print(f"  {line}", file=out)
        print(f"  files: {sorted(p.name for p in (work / 'microdata').iterdir())}\n", file=out)
        table_path = work / "by-sex-and-form.csv"
        by = ["person.sex", "exploitation.forms[]"]
        table = stats_files([str(data)], policy, by, table_path)
        for line in table.report["summary"]:
            print(f"  {line}", file=out)
        if table.released:
            for row in table_path.read_text(encoding="utf-8").splitlines():
                print(f"    {row}", file=out)
    expected = not micro.released and table.released
    verdict = "microdata refused, aggregates published" if expected else "UNEXPECTED RESULT"
    print(f"\nStatistics: {verdict}.", file=out)
    return 0 if expected else 1


if __name__ == "__main__":
    sys.exit(statistics_release())

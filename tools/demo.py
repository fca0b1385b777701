"""`make demo`: validate every example message, then run a signed, encrypted exchange.

Valid examples must pass all four layers; each invalid variant must be rejected with
exactly the codes the manifest expects. Then SE, RO and a trust anchor get keys and a
signed trust list, SE seals a referral to RO, RO opens it, and a replay and a tampered
copy are refused (profile TRM-JOSE-1, docs/envelope.md). Exit status 1 if any
expectation fails.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from demo_anon import statistics_release  # sibling scripts; `make demo` runs tools/demo.py
from demo_fhir import demo_fhir
from demo_story import story

import trm_standard as trm

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _phase_label(code: str | None) -> str:
    if code is None:
        return ""
    entry = trm.codelist("trm-phase").get(code)
    return entry.label if entry else code


def _line(mark: str, example: dict[str, Any], report: trm.Report) -> str:
    kind = report.message_type or "?"
    return (
        f"  {mark} {example['file']:64} {kind:26} {example.get('corridor', ''):8} "
        f"{_phase_label(example.get('procedure'))}"
    )


def main() -> int:
    """Validate the examples listed in examples/_manifest.json and report."""
    manifest = json.loads((EXAMPLES / "_manifest.json").read_text(encoding="utf-8"))
    print(f"trm_standard {trm.__version__}: TRM data standard {trm.SPEC_VERSION} (released)")
    print(f"Validating {len(manifest['examples'])} example messages in examples/\n")
    failures = valid_ok = rejected_ok = 0
    for example in manifest["examples"]:
        report = trm.validate((EXAMPLES / example["file"]).read_bytes())
        if example["valid"]:
            ok = report.valid
            valid_ok += ok
            print(_line("✓" if ok else "✗", example, report))
            print(f"      {example['title']}")
        else:
            expected = set(example["expected_codes"])
            ok = report.codes == expected
            rejected_ok += ok
            print(_line("✓" if ok else "✗", example, report))
            print(f"      invalid twin of {example['twin']}: {example['title']}")
        for issue in report.issues:
            print(f"        {issue.code} {issue.pointer or '(root)'}: {issue.message}")
        if not ok:
            failures += 1
            print("      UNEXPECTED RESULT")
    print(
        f"\n{valid_ok} valid examples passed every layer; "
        f"{rejected_ok} invalid variants were rejected with their expected codes; "
        f"{failures} unexpected result(s)."
    )
    failures += story()
    failures += demo_fhir()
    failures += statistics_release()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

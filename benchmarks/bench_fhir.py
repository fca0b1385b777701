"""FHIR mapping benchmark: export and import per message, with and without validation.

One command prints, on one core (a single process), for every valid example message
(all seven types) in turn and then for the whole set:

* ``to_fhir`` per message without validation (the mapping alone) and with the
  ``fhir.resources`` Bundle validation it runs by default;
* ``from_fhir`` per message without and with that validation (both include the TRM
  checks: references, codes, extensions, derived elements, and TRM validation of the
  rebuilt message);
* anchors: ``fhir.resources`` ``Bundle.model_validate`` alone and ``json.dumps`` of the
  Bundle, for R4 (R4B classes) and R5.

Usage: python benchmarks/bench_fhir.py [--seconds S] [--json]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_envelope import cpu_model

import trm_standard as trm
from trm_standard._fhir import _bundle_class
from trm_standard.fhir import FHIR_VERSIONS, FhirVersion, from_fhir, to_fhir
from trm_standard.v1 import MessageBase

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def per_call(fn: Callable[[], object], seconds: float) -> float:
    """Return the mean seconds per call of ``fn`` over about ``seconds``."""
    fn()  # warm up: lazy imports, caches
    calls, start = 0, time.perf_counter()
    deadline = start + seconds
    while True:
        fn()
        calls += 1
        now = time.perf_counter()
        if now >= deadline:
            return (now - start) / calls


def examples() -> list[tuple[str, MessageBase]]:
    """Return every valid example as (file stem, message)."""
    out = []
    for path in sorted(EXAMPLES.glob("*.json")):
        if ".invalid" in path.name or path.name.startswith("_"):
            continue
        out.append((path.stem, trm.parse(path.read_bytes())))
    return out


def measure(message: MessageBase, version: FhirVersion, seconds: float) -> dict[str, float]:
    """Return milliseconds per call of each operation for one message and version."""
    bundle = to_fhir(message, fhir_version=version, validate=False)
    text = json.dumps(bundle)
    bundle_cls: Any = _bundle_class(version)
    ops: dict[str, Callable[[], object]] = {
        "export": lambda: to_fhir(message, fhir_version=version, validate=False),
        "export+validate": lambda: to_fhir(message, fhir_version=version),
        "import": lambda: from_fhir(bundle, validate=False),
        "import+validate": lambda: from_fhir(bundle),
        "anchor fhir.resources validate": lambda: bundle_cls.model_validate(bundle),
        "anchor json.dumps": lambda: json.dumps(bundle),
    }
    result = {name: per_call(fn, seconds) * 1000 for name, fn in ops.items()}
    result["resources"] = len(bundle["entry"])
    result["bytes"] = len(text.encode("utf-8"))
    return result


def main() -> None:
    """Run the benchmark and print a table (or JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.5, help="time per figure")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    for name, message in examples():
        for version in FHIR_VERSIONS:
            figures = measure(message, version, args.seconds)
            rows.append({"example": name, "version": version, **figures})
    keys = [
        "export",
        "export+validate",
        "import",
        "import+validate",
        "anchor fhir.resources validate",
        "anchor json.dumps",
    ]
    summary = {
        version: {
            key: sum(r[key] for r in rows if r["version"] == version)
            / sum(1 for r in rows if r["version"] == version)
            for key in keys
        }
        for version in FHIR_VERSIONS
    }
    machine = {"cpu": cpu_model(), "python": platform.python_version()}
    if args.json:
        print(json.dumps({"machine": machine, "rows": rows, "mean": summary}, indent=2))
        return
    print(f"FHIR mapping, one core: {machine['cpu']}, Python {machine['python']}")
    print("milliseconds per message (lower is better)\n")
    head = f"{'example':<48} {'ver':<3} {'res':>3} " + " ".join(f"{k[:15]:>15}" for k in keys)
    print(head)
    for row in rows:
        cells = " ".join(f"{row[k]:>15.3f}" for k in keys)
        print(f"{row['example']:<48} {row['version']:<3} {row['resources']:>3} {cells}")
    for version, means in summary.items():
        cells = " ".join(f"{means[k]:>15.3f}" for k in keys)
        print(f"{'mean over the examples':<48} {version:<3} {'':>3} {cells}")


if __name__ == "__main__":
    main()

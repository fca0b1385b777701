"""Write schema-layer verdicts of generated documents for the Ajv cross-check.

`make test` runs this, then `tools/ajv-check.mjs`, which validates every document with Ajv
and fails if Ajv's verdict differs from the Python reference (``jsonschema`` with
ECMA-262 patterns and asserted formats). The documents are valid messages of every type
and mutants with one fault each (``trm_standard.testing``), drawn deterministically.

Usage: python tools/crosscheck_vectors.py OUT.jsonl [--count N]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trm_standard._schema import schema_id, validator_for
from trm_standard.testing import documents, mutants
from trm_standard.v1 import MESSAGE_CLASSES, SPEC_VERSION


def collect(count: int) -> list[dict[str, Any]]:
    """Draw ``count`` documents (half valid, half mutants) with their Python verdicts."""
    rows: list[dict[str, Any]] = []

    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(documents(), mutants()))
    def draw(doc: dict[str, Any]) -> None:
        message_type = doc.get("message_type")
        if not isinstance(message_type, str) or message_type not in MESSAGE_CLASSES:
            return
        try:
            text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
        except ValueError:
            return
        valid = validator_for(SPEC_VERSION, message_type).is_valid(doc)
        rows.append(
            {
                "schema": schema_id(SPEC_VERSION, message_type),
                "valid": valid,
                "doc": json.loads(text),
            }
        )

    draw()
    return rows


def main() -> None:
    """Write the vectors file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1500)
    args = parser.parse_args()
    rows = collect(args.count)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    invalid = sum(not r["valid"] for r in rows)
    print(f"crosscheck: {len(rows)} documents written ({invalid} invalid at the schema layer)")


if __name__ == "__main__":
    main()

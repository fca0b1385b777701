"""`make demo`, FHIR part: one referral to FHIR R4 and R5 and back, without loss.

Prints resource counts, the Consent base rule of each version and whether the import
is JSON-equal to the source; never a value from the person's record.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import trm_standard as trm
from trm_standard.fhir import from_fhir, to_fhir

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "referral-se-xk-child-begging.json"


def demo_fhir() -> int:
    """Export the child referral to R4 and R5 (both bundle types), import it back.

    Returns:
        The number of round trips that were not JSON-equal to the source (0 expected).
    """
    message = trm.parse(EXAMPLE.read_bytes())
    print(f"\nFHIR: {EXAMPLE.name} ({message.message_type}) to R4 and R5 and back")
    failures = 0
    for version in ("R4", "R5"):
        for bundle_type in ("collection", "transaction"):
            bundle = to_fhir(message, fhir_version=version, bundle_type=bundle_type)
            text = json.dumps(bundle)
            back = from_fhir(text, validate=False)  # validated once, by to_fhir
            same = back.to_json_dict() == message.to_json_dict()
            failures += not same
            kinds = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
            summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
            consent = next(
                e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Consent"
            )
            rule = (
                f"decision={consent['decision']} + permit provision"
                if version == "R5"
                else f"policyRule={consent['policyRule']['coding'][0]['code']} + nested permit"
            )
            print(
                f"  {'✓' if same else '✗'} {version} {bundle_type}: {len(text):,} bytes, "
                f"{summary}; Consent {rule}; import JSON-equal: {same}"
            )
    return failures


if __name__ == "__main__":
    raise SystemExit(1 if demo_fhir() else 0)

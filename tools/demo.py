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
import tempfile
import time
from pathlib import Path
from typing import Any

from demo_anon import statistics_release  # sibling scripts; `make demo` runs tools/demo.py
from demo_consent import consent_story
from demo_fhir import demo_fhir

import trm_standard as trm
from trm_standard import envelope

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
    failures += exchange()
    failures += consent_story()
    failures += demo_fhir()
    failures += statistics_release()
    return 1 if failures else 0


SE = "https://w3id.org/trm/org/SE/JAMY"
RO = "https://w3id.org/trm/org/RO/ANITP"
ANCHOR = "https://w3id.org/trm/org/SI/TRM-ANCHOR"


def _refused(step: str, attempt: Any) -> int:
    """Run ``attempt``; it must fail with a TRM error. Return 1 if it did not."""
    try:
        attempt()
    except trm.TRMError as exc:
        print(f"  ✓ {step}: refused with {exc.code} ({trm.CODES[exc.code].title})")
        return 0
    print(f"  ✗ {step}: ACCEPTED")
    return 1


def exchange() -> int:
    """SE seals a referral to RO; RO opens it; a replay and a tampered copy are refused."""
    print("\nEnvelope exchange (profile TRM-JOSE-1: ES256 JWS inside an ECDH-ES+A256KW JWE)")
    now = int(time.time())
    keys = {who: envelope.generate_keys(who) for who in (SE, RO, ANCHOR)}
    for who, pair in keys.items():
        sig, enc = pair["sig"].public["kid"], pair["enc"].public["kid"]
        print(f"  ✓ keys for {who}: sig {sig[:12]}…, enc {enc[:12]}…")
    public = [keys[who][use].public for who in (SE, RO) for use in ("sig", "enc")]
    anchor = envelope.load_signer(keys[ANCHOR]["sig"].private)
    token = envelope.build_trust_list(public, anchor, now=now, seq=1)
    trust = envelope.load_trust_list(token, [keys[ANCHOR]["sig"].public], now=now)
    print(f"  ✓ trust list seq {trust.seq} signed by the anchor: {len(trust.keys)} keys, verified")
    referral = trm.parse((EXAMPLES / "referral-se-ro-adult-labour.json").read_bytes())
    sealed = envelope.seal(
        referral, envelope.load_signer(keys[SE]["sig"].private), RO, trust, now=now
    )
    print(f"  ✓ SE sealed referral {referral.message_id[:8]}… for RO: {len(sealed)} characters")
    ro_key = envelope.load_decrypter(keys[RO]["enc"].private)
    with tempfile.TemporaryDirectory() as folder:
        store = envelope.SQLiteReplayStore(Path(folder) / "replay.sqlite3")
        try:
            opened = envelope.open(sealed, [ro_key], trust, store, now=now)
            same = opened.message == referral
            print(
                f"  {'✓' if same else '✗'} RO opened it: a valid {opened.message.message_type} "
                f"from {opened.claims.iss}, signed by {opened.sender_kid[:12]}…, "
                f"record digest {opened.record_digest[:16]}…"
            )
            failures = 0 if same else 1
            failures += _refused(
                "the same envelope again (replay)",
                lambda: envelope.open(sealed, [ro_key], trust, store, now=now),
            )
            parts = sealed.split(".")
            flipped = "B" if parts[3][0] != "B" else "C"
            tampered = ".".join([*parts[:3], flipped + parts[3][1:], parts[4]])
            failures += _refused(
                "a copy with one ciphertext character changed",
                lambda: envelope.open(tampered, [ro_key], trust, store, now=now),
            )
        finally:
            store.close()
    verdict = f"{failures} unexpected result(s)" if failures else "every step as required"
    print(f"\nExchange: {verdict}.")
    return failures


if __name__ == "__main__":
    sys.exit(main())

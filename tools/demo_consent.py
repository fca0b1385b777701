"""Demo step: consent decisions, minimisation and a withdrawal reaching every recipient.

Prints codes, members and organisation ids only, never a person's values.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import trm_standard as trm
from trm_standard.consent import (
    Directory,
    SQLiteDisclosureLog,
    load_directory,
    may_share,
    minimise,
    record_disclosure,
    withdrawal_notices,
)
from trm_standard.v1 import MessageBase
from trm_standard.v1._vocab import ConsentGiver

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
RO = "https://w3id.org/trm/org/RO/ANITP"
RO_SHELTER = "https://w3id.org/trm/org/RO/NGO-SHELTER-B"
XK = "https://w3id.org/trm/org/XK/MIA-NATC"
AT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def consent_story() -> int:
    """Run the three consent scenes; return the number of unexpected results."""
    print("\nConsent, legal basis and minimisation (trm_standard.consent)")
    directory = load_directory(EXAMPLES / "_directory.json")
    failures = 0
    doc = json.loads((EXAMPLES / "referral-se-ro-adult-labour.json").read_text(encoding="utf-8"))
    doc["consents"][0]["recipients"]["org_ids"].append(RO_SHELTER)
    referral = trm.parse(json.dumps(doc))

    decision = may_share(referral, "REFERRAL_ASSISTANCE", RO, at=AT, directory=directory)
    smaller = minimise(referral, decision)
    left_out = sorted(
        {r.message.split(" ")[0] for r in decision.reasons if r.effect.value == "limit"}
    )
    ok = decision.permitted
    failures += not ok
    print(
        f"  {'✓' if ok else '✗'} SE → RO for REFERRAL_ASSISTANCE: {decision.outcome.value} on "
        f"consent {decision.consent_id and decision.consent_id[:8]}…, valid until "
        f"{decision.to_json().get('valid_until')}"
    )
    before, after = len(referral.model_dump_json()), len(smaller.model_dump_json())
    print(f"    minimised: {before} → {after} bytes; left out: {', '.join(left_out)}")

    child = trm.parse((EXAMPLES / "referral-se-xk-child-begging.json").read_bytes())
    tracing = may_share(child, "FAMILY_TRACING_CONTACT", XK, at=AT, directory=directory)
    ok = tracing.outcome.value == "DENY" and "TRM-CONSENT-042" in tracing.codes
    failures += not ok
    first = next(r for r in tracing.reasons if r.effect.value == "deny")
    print(
        f"  {'✓' if ok else '✗'} SE → XK family tracing for a child: {tracing.outcome.value}, "
        f"{first.code} {trm.CODES[first.code].title} ({first.reference})"
    )

    with tempfile.TemporaryDirectory() as folder:
        log = SQLiteDisclosureLog(Path(folder) / "disclosures.sqlite3")
        failures += _withdraw(log, referral, directory, decision.consent_id or "")
        log.close()
    return failures


def _withdraw(
    log: SQLiteDisclosureLog, referral: MessageBase, directory: Directory, consent_id: str
) -> int:
    """Share with two recipients, withdraw, and show one notice per recipient."""
    failures = 0
    for offset, recipient in enumerate((RO, RO_SHELTER)):
        when = AT + timedelta(hours=offset)
        permit = may_share(referral, "REFERRAL_ASSISTANCE", recipient, at=when, directory=directory)
        record_disclosure(log, minimise(referral, permit), permit, at=when)
    withdrawn_at = AT + timedelta(days=5)
    notices = withdrawal_notices(
        log,
        consent_id,
        withdrawn_at=withdrawn_at,
        withdrawn_by=ConsentGiver.SELF,
        created_at=withdrawn_at,
    )
    ok = sorted(n.recipient for n in notices) == sorted((RO, RO_SHELTER))
    failures += not ok
    print(
        f"  {'✓' if ok else '✗'} the person withdrew consent: {len(notices)} "
        f"consent_withdrawal notices, one per recipient in the disclosure log"
    )
    for notice in notices:
        print(f"      → {notice.recipient} ({notice.required_action.value})")
    again = may_share(
        referral,
        "REFERRAL_ASSISTANCE",
        RO,
        at=withdrawn_at + timedelta(hours=1),
        directory=directory,
        withdrawals=notices,
    )
    ok = not again.permitted and "TRM-CONSENT-011" in again.codes
    failures += not ok
    print(f"  {'✓' if ok else '✗'} a later disclosure: {again.outcome.value} (TRM-CONSENT-011)")
    return failures

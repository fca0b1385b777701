"""`make demo`, the whole exchange: Sweden refers a person to Romania and the case goes on.

Keys and a signed trust list; a referral built and validated; the consent decision and
minimisation; sealing and opening (a replay and a tampered copy refused); the referral as
a FHIR Bundle; a case update back; the person withdraws consent and every recipient is
told. Prints codes, ids and counts, never a person's values. The persons are synthetic.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import trm_standard as trm
from trm_standard import envelope
from trm_standard.consent import (
    SQLiteDisclosureLog,
    load_directory,
    may_share,
    minimise,
    record_disclosure,
    withdrawal_notices,
)
from trm_standard.fhir import from_fhir, to_fhir
from trm_standard.v1 import CaseUpdate, MessageBase
from trm_standard.v1._vocab import ConsentGiver

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SE = "https://w3id.org/trm/org/SE/JAMY"
RO = "https://w3id.org/trm/org/RO/ANITP"
RO_SHELTER = "https://w3id.org/trm/org/RO/NGO-SHELTER-B"
XK = "https://w3id.org/trm/org/XK/MIA-NATC"
ANCHOR = "https://w3id.org/trm/org/SI/TRM-ANCHOR"


class Story:
    """Counts the steps that did not go as the standard requires."""

    def __init__(self) -> None:
        self.failures = 0

    def step(self, ok: bool, text: str) -> None:
        """Print one step, ticked when it went as required."""
        self.failures += not ok
        print(f"  {'✓' if ok else '✗'} {text}")

    def refused(self, text: str, attempt: Callable[[], object]) -> None:
        """Run ``attempt``; the step is right when it fails with a TRM error."""
        try:
            attempt()
        except trm.TRMError as exc:
            self.step(
                ok=True, text=f"{text}: refused with {exc.code} ({trm.CODES[exc.code].title})"
            )
            return
        self.step(ok=False, text=f"{text}: ACCEPTED")


def _build_referral() -> MessageBase:
    """Build the referral from its parts, as a national case system would."""
    case_file = json.loads((EXAMPLES / "referral-se-ro-adult-labour.json").read_text("utf-8"))
    header = {k: case_file.pop(k) for k in ("spec_version", "message_type", "message_id")}
    consent = case_file["consents"][0]
    consent["recipients"]["org_ids"].append(RO_SHELTER)  # the person agreed to both
    return trm.Referral.model_validate_json(json.dumps({**header, **case_file}))


def _case_update(referral: MessageBase, at: datetime) -> CaseUpdate:
    reply: dict[str, Any] = json.loads(
        (EXAMPLES / "case-update-ro-se-accept.json").read_text("utf-8")
    )
    reply.update(
        in_reply_to=referral.message_id,
        peer_case_ref=referral.case_ref,
        created_at=at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    update = trm.parse(json.dumps(reply))
    assert isinstance(update, CaseUpdate)
    return update


def story() -> int:  # noqa: PLR0915 - one scene after the other
    """Tell the story; return the number of unexpected results."""
    print("\nThe exchange, SE → RO (profile TRM-JOSE-1, consent, FHIR, withdrawal)")
    tell = Story()
    now = int(time.time())
    directory = load_directory(EXAMPLES / "_directory.json")

    keys = {who: envelope.generate_keys(who) for who in (SE, RO, RO_SHELTER, ANCHOR)}
    public = [keys[who][use].public for who in (SE, RO, RO_SHELTER) for use in ("sig", "enc")]
    anchor = envelope.load_signer(keys[ANCHOR]["sig"].private)
    token = envelope.build_trust_list(public, anchor, now=now, seq=1)
    trust = envelope.load_trust_list(token, [keys[ANCHOR]["sig"].public], now=now)
    tell.step(
        ok=True,
        text=f"keys for SE, RO and a RO shelter; trust list seq {trust.seq} signed by the anchor",
    )

    referral = _build_referral()
    report = trm.validate(trm.canonical_json(referral))
    tell.step(
        report.valid, f"referral {referral.message_id[:8]}… built and valid on all four layers"
    )

    sent_at = referral.created_at + timedelta(hours=2)
    decision = may_share(referral, "REFERRAL_ASSISTANCE", RO, at=sent_at, directory=directory)
    tell.step(
        decision.permitted,
        f"consent check for RO: {decision.outcome.value} on consent "
        f"{(decision.consent_id or '-')[:8]}…, valid until {decision.to_json().get('valid_until')}",
    )
    child = trm.parse((EXAMPLES / "referral-se-xk-child-begging.json").read_bytes())
    tracing = may_share(child, "FAMILY_TRACING_CONTACT", XK, at=sent_at, directory=directory)
    tell.step(
        "TRM-CONSENT-042" in tracing.codes,
        f"family tracing for the SE → XK child: {tracing.outcome.value} (TRM-CONSENT-042, "
        f"{trm.CODES['TRM-CONSENT-042'].reference})",
    )
    smaller = minimise(referral, decision)
    left_out = Counter(
        r.message.split(" ")[0] for r in decision.reasons if r.effect.value == "limit"
    )
    tell.step(
        trm.validate(trm.canonical_json(smaller)).valid,
        f"minimised: {len(trm.canonical_json(referral))} → {len(trm.canonical_json(smaller))} "
        f"bytes; left out {', '.join(sorted(left_out))}",
    )

    se_signer = envelope.load_signer(keys[SE]["sig"].private)
    sealed = envelope.seal(smaller, se_signer, RO, trust, now=now)
    ro_key = envelope.load_decrypter(keys[RO]["enc"].private)
    se_key = envelope.load_decrypter(keys[SE]["enc"].private)
    with tempfile.TemporaryDirectory() as folder:
        store = envelope.SQLiteReplayStore(Path(folder) / "replay.sqlite3")
        log = SQLiteDisclosureLog(Path(folder) / "disclosures.sqlite3")
        try:
            opened = envelope.open(sealed, [ro_key], trust, store, now=now)
            tell.step(
                opened.message == smaller,
                f"SE sealed it ({len(sealed)} characters); RO opened it: signed by "
                f"{opened.sender_kid[:12]}…, record digest {opened.record_digest[:16]}…",
            )
            record_disclosure(log, smaller, decision, at=sent_at)
            tell.refused(
                "the same envelope again",
                lambda: envelope.open(sealed, [ro_key], trust, store, now=now),
            )
            parts = sealed.split(".")
            flipped = "B" if parts[3][0] != "B" else "C"
            tampered = ".".join([*parts[:3], flipped + parts[3][1:], parts[4]])
            tell.refused(
                "a copy with one ciphertext character changed",
                lambda: envelope.open(tampered, [ro_key], trust, store, now=now),
            )

            for version in ("R5", "R4"):
                bundle = to_fhir(opened.message, fhir_version=version)
                back = from_fhir(json.dumps(bundle), validate=False)
                kinds = len({e["resource"]["resourceType"] for e in bundle["entry"]})
                tell.step(
                    back == opened.message,
                    f"FHIR {version}: a Bundle of {len(bundle['entry'])} resources "
                    f"({kinds} kinds), imported back unchanged",
                )

            update = _case_update(opened.message, sent_at + timedelta(days=2))
            reply = may_share(update, "REFERRAL_ASSISTANCE", SE, at=sent_at + timedelta(days=2))
            answer = envelope.seal(
                update, envelope.load_signer(keys[RO]["sig"].private), SE, trust, now=now
            )
            got = envelope.open(answer, [se_key], trust, store, now=now)
            tell.step(
                reply.permitted and got.message == update,
                f"RO answers with a case update ({update.update_type.value}, "
                f"{reply.outcome.value} on its legal basis); SE opened it",
            )

            shelter = may_share(
                referral, "REFERRAL_ASSISTANCE", RO_SHELTER, at=sent_at, directory=directory
            )
            record_disclosure(log, minimise(referral, shelter), shelter, at=sent_at)
            withdrawn_at = sent_at + timedelta(days=5)
            notices = withdrawal_notices(
                log,
                decision.consent_id or "",
                withdrawn_at=withdrawn_at,
                withdrawn_by=ConsentGiver.SELF,
                created_at=withdrawn_at,
            )
            delivered = []
            for notice in notices:
                permit = may_share(notice, "REFERRAL_ASSISTANCE", notice.recipient, at=withdrawn_at)
                token = envelope.seal(notice, se_signer, notice.recipient, trust, now=now)
                reader = envelope.load_decrypter(keys[notice.recipient]["enc"].private)
                received = envelope.open(token, [reader], trust, store, now=now)
                delivered.append(permit.permitted and received.message == notice)
            tell.step(
                sorted(n.recipient for n in notices) == sorted((RO, RO_SHELTER)) and all(delivered),
                f"the person withdrew consent: {len(notices)} consent_withdrawal notices, one "
                "per recipient in the disclosure log, each sealed to it and opened",
            )
            later = may_share(
                referral,
                "REFERRAL_ASSISTANCE",
                RO,
                at=withdrawn_at + timedelta(hours=1),
                directory=directory,
                withdrawals=notices,
            )
            tell.step(
                "TRM-CONSENT-011" in later.codes,
                f"a later disclosure: {later.outcome.value} (TRM-CONSENT-011)",
            )
        finally:
            store.close()
            log.close()
    verdict = f"{tell.failures} unexpected result(s)" if tell.failures else "every step as required"
    print(f"\nExchange: {verdict}.")
    return tell.failures

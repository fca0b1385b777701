"""Disclosure log, withdrawal notices and erasure (GDPR Arts. 7(3), 17, 19)."""

from __future__ import annotations

import copy
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, load_example

import trm_standard as trm
from trm_standard.consent import (
    Disclosure,
    DisclosureLog,
    MemoryDisclosureLog,
    SQLiteDisclosureLog,
    confirm_erasure,
    erasure_requests,
    load_directory,
    may_share,
    minimise,
    record_disclosure,
    withdrawal_notices,
)
from trm_standard.v1 import MessageBase, RetainedData
from trm_standard.v1._vocab import (
    ConsentGiver,
    DataCategory,
    ErasureGround,
    ErasureOutcome,
    RetentionGround,
)

AT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
RO = "https://w3id.org/trm/org/RO/ANITP"
RO_NGO = "https://w3id.org/trm/org/RO/NGO-SHELTER-B"
DIRECTORY = load_directory(EXAMPLES / "_directory.json")


def parse(doc: dict[str, Any]) -> MessageBase:
    report = trm.validate_value(doc)
    assert report.message is not None
    return report.message


def two_recipient_referral() -> MessageBase:
    doc = copy.deepcopy(load_example())
    doc["consents"][0]["recipients"] = {"org_ids": [RO, RO_NGO], "countries": ["RO"]}
    return parse(doc)


def share(log: DisclosureLog, message: MessageBase, recipient: str, at: datetime) -> Disclosure:
    decision = may_share(message, "REFERRAL_ASSISTANCE", recipient, at=at, directory=DIRECTORY)
    assert decision.permitted, decision.codes
    return record_disclosure(log, minimise(message, decision), decision, at=at)


@pytest.fixture(params=["memory", "sqlite"])
def log(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DisclosureLog]:
    if request.param == "memory":
        yield MemoryDisclosureLog()
        return
    with SQLiteDisclosureLog(tmp_path / "disclosures.sqlite") as opened:
        yield opened


def test_a_disclosure_is_logged_with_references_and_categories_only(
    log: DisclosureLog, tmp_path: Path
) -> None:
    message = two_recipient_referral()
    entry = share(log, message, RO, AT)
    assert entry.subject_ref == message.case_ref
    assert "IDENTITY" in entry.categories
    assert "CRIMINAL_PROCEEDINGS" not in entry.categories  # left out by minimisation
    assert entry.retain_until == AT + timedelta(days=1825)
    assert log.under_consent(entry.consent_id or "") == [entry]
    share(log, message, RO, AT)  # the same disclosure again changes nothing
    assert len(log.of_subject(message.case_ref)) == 1
    person = load_example()["person"]
    for path in tmp_path.glob("disclosures.sqlite*"):
        raw = path.read_bytes()
        assert person["given_names"].encode() not in raw
        assert person["family_names"].encode() not in raw


def test_a_withdrawal_reaches_every_recipient_once(log: DisclosureLog) -> None:
    message = two_recipient_referral()
    share(log, message, RO, AT)
    share(log, message, RO_NGO, AT + timedelta(hours=1))
    consent_id = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c03"
    when = AT + timedelta(days=3)
    notices = withdrawal_notices(
        log, consent_id, withdrawn_at=when, withdrawn_by=ConsentGiver.SELF, created_at=when
    )
    assert sorted(n.recipient for n in notices) == sorted([RO, RO_NGO])
    for notice in notices:
        assert notice.consent_ids == (consent_id,)
        assert notice.case_ref == message.case_ref
        assert trm.validate(notice.model_dump_json(exclude_none=True)).valid
    again = withdrawal_notices(
        log, consent_id, withdrawn_at=when, withdrawn_by=ConsentGiver.SELF, created_at=when
    )
    assert [n.message_id for n in again] == [n.message_id for n in notices]
    assert (
        withdrawal_notices(
            log,
            "00000000-0000-4000-8000-000000000000",
            withdrawn_at=when,
            withdrawn_by=ConsentGiver.SELF,
            created_at=when,
        )
        == []
    )
    after = may_share(
        message, "REFERRAL_ASSISTANCE", RO, at=when, directory=DIRECTORY, withdrawals=notices
    )
    assert not after.permitted
    assert "TRM-CONSENT-011" in after.codes


def test_erasure_requests_and_confirmations(log: DisclosureLog) -> None:
    message = two_recipient_referral()
    share(log, message, RO, AT)
    share(log, message, RO_NGO, AT)
    requests = erasure_requests(
        log,
        message.case_ref,
        ground=ErasureGround.CONSENT_WITHDRAWN,
        created_at=AT + timedelta(days=4),
    )
    assert sorted(r.recipient for r in requests) == sorted([RO, RO_NGO])
    request = requests[0]
    assert request.data_categories is not None
    assert DataCategory.IDENTITY in request.data_categories
    kept = RetainedData(
        data_category=DataCategory.IDENTITY,
        ground=RetentionGround.LEGAL_OBLIGATION_OR_PUBLIC_TASK,
        legal_reference="Synthetic statute on victim assistance records, Art. 5",
    )
    held = [DataCategory.IDENTITY, DataCategory.DEMOGRAPHICS]
    later = AT + timedelta(days=5)
    partial = confirm_erasure(request, held=held, retained=[kept], erased_at=later)
    assert partial.outcome is ErasureOutcome.PARTIALLY_ERASED
    assert partial.erased_categories == (DataCategory.DEMOGRAPHICS,)
    assert partial.in_reply_to == request.message_id
    assert partial.sender == request.recipient
    full = confirm_erasure(request, held=held, erased_at=later)
    assert full.outcome is ErasureOutcome.ERASED
    refused = confirm_erasure(
        request, held=[DataCategory.IDENTITY], retained=[kept], erased_at=later
    )
    assert refused.outcome is ErasureOutcome.REFUSED
    assert refused.retained is not None
    for answer in (partial, full, refused):
        assert trm.validate(answer.model_dump_json(exclude_none=True)).valid


def test_retention_purges_old_entries(log: DisclosureLog) -> None:
    message = two_recipient_referral()
    share(log, message, RO, AT)
    assert log.purge(AT + timedelta(days=1824)) == 0
    assert log.purge(AT + timedelta(days=1825)) == 1
    assert log.of_subject(message.case_ref) == []


def test_only_permitted_disclosures_are_logged() -> None:
    message = parse(copy.deepcopy(load_example()))
    denied = may_share(message, "FAMILY_TRACING_CONTACT", RO, at=AT, directory=DIRECTORY)
    with pytest.raises(trm.TRMError) as caught:
        record_disclosure(MemoryDisclosureLog(), message, denied, at=AT)
    assert caught.value.code == "TRM-CONSENT-054"


def test_an_unusable_log_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "a-directory"
    folder.mkdir()
    with pytest.raises(trm.TRMError) as caught:
        SQLiteDisclosureLog(folder)
    assert caught.value.code == "TRM-CONSENT-052"


_WRITER = textwrap.dedent(
    """
    import os, sys
    from dataclasses import replace
    from datetime import UTC, datetime
    from trm_standard.consent import Disclosure, SQLiteDisclosureLog

    log = SQLiteDisclosureLog(sys.argv[1])
    template = Disclosure(
        disclosure_id="", subject_ref="SE-X-2026-0001", message_id="m", sender="s",
        recipient="r", purpose="REFERRAL_ASSISTANCE", consent_id="c", lawful_basis="GDPR_6_1_E",
        basis="CONSENT", categories=frozenset({"IDENTITY", "DEMOGRAPHICS", "ASSISTANCE"}),
        privacy_classes=frozenset({"DI", "QI"}), channel="ASSISTANCE",
        transfer_mechanism="INTRA_EU", transfer_instrument=None, payload_sha256="0" * 64,
        at=datetime(2026, 3, 2, tzinfo=UTC), retain_until=datetime(2031, 3, 2, tzinfo=UTC),
    )
    if sys.argv[2] == "crash-inside":
        log.record(replace(template, disclosure_id="first"))

        class Dies:  # the process dies between the entry row and its category rows
            def __init__(self, conn):
                self.conn = conn

            def __getattr__(self, name):
                return getattr(self.conn, name)

            def executemany(self, *args):
                os._exit(3)

        log._conn = Dies(log._conn)
        log.record(replace(template, disclosure_id="second"))
    else:
        i = 0
        while True:
            log.record(replace(template, disclosure_id=f"entry-{i}"))
            i += 1
            if i == 20:
                print("ready", flush=True)
    """
)


def _complete(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        entries = conn.execute("SELECT COUNT(*) FROM disclosure").fetchone()[0]
        broken = conn.execute(
            "SELECT COUNT(*) FROM disclosure d WHERE "
            "(SELECT COUNT(*) FROM disclosure_item i WHERE i.disclosure_id = d.disclosure_id) != 5"
        ).fetchone()[0]
    finally:
        conn.close()
    return entries, broken


def test_a_crash_inside_a_write_leaves_no_half_entry(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    done = subprocess.run(
        [sys.executable, "-c", _WRITER, str(path), "crash-inside"], check=False, timeout=60
    )
    assert done.returncode == 3
    assert _complete(path) == (1, 0)
    with SQLiteDisclosureLog(path) as reopened:
        ids = [e.disclosure_id for e in reopened.under_consent("c")]
    assert ids == ["first"]


def test_a_kill_during_writes_leaves_whole_entries_only(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), "loop"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.2)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()
    entries, broken = _complete(path)
    assert entries >= 20
    assert broken == 0

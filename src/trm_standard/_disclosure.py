"""Disclosure log, withdrawal notices and erasure confirmations (GDPR Arts. 7(3), 17, 19).

Every disclosure is logged with pseudonymous references only: the sender's case
reference, the message id, the consent it rested on, the recipient, and the categories
and classes that travelled (never the data itself), with a retention period. From the
log, a withdrawal becomes one ``consent_withdrawal`` per organisation that received data
under the consent, and an erasure request one ``erasure_request`` per recipient (the
Art. 19 duty to tell each recipient). A recipient answers with
:func:`confirm_erasure`, stating what it keeps under Art. 17(3) and why.

The SQLite log writes each disclosure in one transaction: after a crash in the middle of
a write either the whole entry is there or none of it.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Final, Protocol, TypeVar

from trm_standard._decision import Decision
from trm_standard._errors import TRMError
from trm_standard._minimise import leaves
from trm_standard._serialize import canonical_json, jcs
from trm_standard.v1 import (
    ConsentWithdrawal,
    ErasureConfirmation,
    ErasureRequest,
    MessageBase,
    RetainedData,
)
from trm_standard.v1._rules import EEA_COUNTRIES, participant_country
from trm_standard.v1._vocab import (
    Channel,
    ConsentGiver,
    ConsentPurpose,
    DataCategory,
    ErasureGround,
    ErasureOutcome,
    LawfulBasis,
    TransferMechanism,
    WithdrawalAction,
)

__all__ = [
    "Disclosure",
    "DisclosureLog",
    "MemoryDisclosureLog",
    "SQLiteDisclosureLog",
    "confirm_erasure",
    "erasure_requests",
    "record_disclosure",
    "withdrawal_notices",
]

_NAMESPACE: Final = uuid.UUID("6f1d2c3a-8b4e-5f60-9a7b-1c2d3e4f5a6b")
_RFC3339: Final = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True, slots=True)
class Disclosure:
    """One logged disclosure: references and categories, never the data.

    Attributes:
        disclosure_id: Identifier of the entry (derived from message and recipient).
        subject_ref: The sender's pseudonymous case reference.
        message_id: The message that travelled.
        sender: Participant that disclosed.
        recipient: Participant that received.
        purpose: Purpose of the disclosure.
        consent_id: Consent it rested on, if any.
        lawful_basis: Lawful basis recorded in the message.
        basis: What the decision rested on (CONSENT, LEGAL_BASIS, ...).
        categories: Data categories that travelled.
        privacy_classes: Privacy classes that travelled.
        channel: ASSISTANCE or LAW_ENFORCEMENT.
        transfer_mechanism: Mechanism of the transfer.
        transfer_instrument: Instrument named for it, if any.
        payload_sha256: SHA-256 of the RFC 8785 form of the message sent.
        at: When it was disclosed.
        retain_until: When the entry itself is erased.
    """

    disclosure_id: str
    subject_ref: str
    message_id: str
    sender: str
    recipient: str
    purpose: str
    consent_id: str | None
    lawful_basis: str
    basis: str
    categories: frozenset[str]
    privacy_classes: frozenset[str]
    channel: str
    transfer_mechanism: str
    transfer_instrument: str | None
    payload_sha256: str
    at: datetime
    retain_until: datetime


class DisclosureLog(Protocol):
    """Where disclosures are recorded (SQLite by default; implement for your database)."""

    def record(self, entry: Disclosure) -> None:
        """Record ``entry`` atomically; recording the same entry again changes nothing."""
        ...

    def under_consent(self, consent_id: str) -> Sequence[Disclosure]:
        """Return every disclosure that rested on ``consent_id``, oldest first."""
        ...

    def of_subject(self, subject_ref: str) -> Sequence[Disclosure]:
        """Return every disclosure about ``subject_ref``, oldest first (GDPR Art. 19)."""
        ...

    def purge(self, now: datetime) -> int:
        """Erase entries past their retention; return how many."""
        ...


def _order(entries: Iterable[Disclosure]) -> list[Disclosure]:
    return sorted(entries, key=lambda e: (e.at, e.disclosure_id))


class MemoryDisclosureLog:
    """A disclosure log in memory (tests, short-lived tools)."""

    def __init__(self) -> None:
        """Create an empty log."""
        self._entries: dict[str, Disclosure] = {}

    def record(self, entry: Disclosure) -> None:
        """Record ``entry``."""
        self._entries.setdefault(entry.disclosure_id, entry)

    def under_consent(self, consent_id: str) -> Sequence[Disclosure]:
        """Return disclosures that rested on ``consent_id``."""
        return _order(e for e in self._entries.values() if e.consent_id == consent_id)

    def of_subject(self, subject_ref: str) -> Sequence[Disclosure]:
        """Return disclosures about ``subject_ref``."""
        return _order(e for e in self._entries.values() if e.subject_ref == subject_ref)

    def purge(self, now: datetime) -> int:
        """Erase entries past their retention."""
        old = [k for k, e in self._entries.items() if e.retain_until <= now]
        for key in old:
            del self._entries[key]
        return len(old)


_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS disclosure (
    disclosure_id TEXT PRIMARY KEY,
    subject_ref TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sender TEXT NOT NULL,
    recipient TEXT NOT NULL,
    purpose TEXT NOT NULL,
    consent_id TEXT,
    lawful_basis TEXT NOT NULL,
    basis TEXT NOT NULL,
    channel TEXT NOT NULL,
    transfer_mechanism TEXT NOT NULL,
    transfer_instrument TEXT,
    payload_sha256 TEXT NOT NULL,
    at TEXT NOT NULL,
    retain_until TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS disclosure_item (
    disclosure_id TEXT NOT NULL REFERENCES disclosure(disclosure_id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('category', 'class')),
    value TEXT NOT NULL,
    PRIMARY KEY (disclosure_id, kind, value)
) STRICT;
CREATE INDEX IF NOT EXISTS disclosure_consent ON disclosure(consent_id);
CREATE INDEX IF NOT EXISTS disclosure_subject ON disclosure(subject_ref);
CREATE INDEX IF NOT EXISTS disclosure_retention ON disclosure(retain_until);
"""
_COLUMNS: Final = (
    "disclosure_id, subject_ref, message_id, sender, recipient, purpose, consent_id, "
    "lawful_basis, basis, channel, transfer_mechanism, transfer_instrument, payload_sha256, "
    "at, retain_until"
)


_ITEMS: Final = (
    "SELECT i.disclosure_id, i.kind, i.value FROM disclosure_item i "
    "JOIN disclosure d USING (disclosure_id) "
)
_QUERIES: Final = {
    column: (
        f"SELECT {_COLUMNS} FROM disclosure WHERE {column} = ? ORDER BY at, disclosure_id",  # noqa: S608 - constants only
        _ITEMS + f"WHERE d.{column} = ?",
    )
    for column in ("consent_id", "subject_ref")
}


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime(_RFC3339)


def _time(text: str) -> datetime:
    return datetime.strptime(text, _RFC3339).replace(tzinfo=UTC)


class SQLiteDisclosureLog:
    """A disclosure log in an SQLite file, safe for several processes.

    Each :meth:`record` is one ``BEGIN IMMEDIATE`` transaction over the entry and its
    category rows (WAL journal, ``synchronous=FULL``), so a crash leaves all of an entry
    or none of it. One connection per instance, guarded by a lock; close it with
    :meth:`close` or use the log as a context manager.
    """

    def __init__(self, path: Path | str, *, timeout: float = 30.0) -> None:
        """Open (or create) the log at ``path``.

        Raises:
            TRMError: ``TRM-CONSENT-052`` if the file cannot be opened as a log.
        """
        self._path = str(path)
        self._timeout = timeout
        self._lock = threading.Lock()
        try:
            self._conn = sqlite3.connect(
                self._path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise TRMError("TRM-CONSENT-052", f"cannot open {self._path}: {exc}") from None
        try:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            self._conn.close()
            raise TRMError("TRM-CONSENT-052", f"cannot open {self._path}: {exc}") from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SQLiteDisclosureLog:
        """Use the log as a context manager."""
        return self

    def __exit__(self, *_: object) -> None:
        """Close the log."""
        self.close()

    def record(self, entry: Disclosure) -> None:
        """Record ``entry`` in one transaction (idempotent).

        Raises:
            TRMError: ``TRM-CONSENT-052`` if the write fails; nothing is then recorded.
        """
        row = (
            entry.disclosure_id,
            entry.subject_ref,
            entry.message_id,
            entry.sender,
            entry.recipient,
            entry.purpose,
            entry.consent_id,
            entry.lawful_basis,
            entry.basis,
            entry.channel,
            entry.transfer_mechanism,
            entry.transfer_instrument,
            entry.payload_sha256,
            _stamp(entry.at),
            _stamp(entry.retain_until),
        )
        items = [(entry.disclosure_id, "category", c) for c in sorted(entry.categories)]
        items += [(entry.disclosure_id, "class", c) for c in sorted(entry.privacy_classes)]
        try:
            with self._connect() as conn:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    cursor = conn.execute(
                        f"INSERT OR IGNORE INTO disclosure ({_COLUMNS}) "  # noqa: S608 - constant
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        row,
                    )
                    if cursor.rowcount:
                        conn.executemany(
                            "INSERT INTO disclosure_item VALUES (?, ?, ?)",
                            items,
                        )
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            raise TRMError("TRM-CONSENT-052", f"cannot write {self._path}: {exc}") from None

    def _select(self, where: str, value: str) -> list[Disclosure]:
        entries, items_query = _QUERIES[where]
        try:
            with self._connect() as conn:
                rows = conn.execute(entries, (value,)).fetchall()
                items: dict[str, dict[str, set[str]]] = {}
                for disclosure_id, kind, item in conn.execute(items_query, (value,)):
                    items.setdefault(disclosure_id, {}).setdefault(kind, set()).add(item)
        except sqlite3.Error as exc:
            raise TRMError("TRM-CONSENT-052", f"cannot read {self._path}: {exc}") from None
        return [_entry(row, items.get(row[0], {})) for row in rows]

    def under_consent(self, consent_id: str) -> Sequence[Disclosure]:
        """Return disclosures that rested on ``consent_id``."""
        return self._select("consent_id", consent_id)

    def of_subject(self, subject_ref: str) -> Sequence[Disclosure]:
        """Return disclosures about ``subject_ref``."""
        return self._select("subject_ref", subject_ref)

    def purge(self, now: datetime) -> int:
        """Erase entries past their retention (their category rows go with them)."""
        try:
            with self._connect() as conn:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    cursor = conn.execute(
                        "DELETE FROM disclosure WHERE retain_until <= ?", (_stamp(now),)
                    )
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            raise TRMError("TRM-CONSENT-052", f"cannot write {self._path}: {exc}") from None
        return cursor.rowcount


def _entry(row: Sequence[str | None], items: Mapping[str, set[str]]) -> Disclosure:
    def text(index: int) -> str:
        value = row[index]
        if value is None:  # pragma: no cover - NOT NULL columns
            raise TRMError("TRM-CONSENT-052", "a required column is empty")
        return value

    return Disclosure(
        disclosure_id=text(0),
        subject_ref=text(1),
        message_id=text(2),
        sender=text(3),
        recipient=text(4),
        purpose=text(5),
        consent_id=row[6],
        lawful_basis=text(7),
        basis=text(8),
        channel=text(9),
        transfer_mechanism=text(10),
        transfer_instrument=row[11],
        payload_sha256=text(12),
        at=_time(text(13)),
        retain_until=_time(text(14)),
        categories=frozenset(items.get("category", ())),
        privacy_classes=frozenset(items.get("class", ())),
    )


def _derived_id(*parts: str) -> str:
    """A stable identifier for a derived record (RFC 9562 §5.5, name-based SHA-1)."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def record_disclosure(
    log: DisclosureLog,
    sent: MessageBase,
    decision: Decision,
    *,
    at: datetime,
    retention_days: int = 1825,
) -> Disclosure:
    """Log that ``sent`` (the minimised message) went out under ``decision``.

    The entry lists the categories and classes actually present in ``sent``.

    Raises:
        TRMError: ``TRM-CONSENT-054`` if the decision is not a PERMIT for this message
            and recipient; ``TRM-CONSENT-052`` if the log cannot be written.
    """
    if not decision.permitted or decision.message_id != sent.message_id:
        raise TRMError("TRM-CONSENT-054", "only a permitted disclosure of this message is logged")
    if decision.recipient.org_id != sent.recipient or decision.basis is None:
        raise TRMError("TRM-CONSENT-054", "the message is addressed to another recipient")
    sent_leaves = list(leaves(sent))
    entry = Disclosure(
        disclosure_id=_derived_id("disclosure", sent.message_id, sent.recipient),
        subject_ref=sent.case_ref,
        message_id=sent.message_id,
        sender=sent.sender,
        recipient=sent.recipient,
        purpose=decision.purpose.value,
        consent_id=decision.consent_id,
        lawful_basis=sent.legal_basis.lawful_basis.value,
        basis=decision.basis.value,
        categories=frozenset(category.value for _, _, category in sent_leaves),
        privacy_classes=frozenset(privacy.value for _, privacy, _ in sent_leaves),
        channel=sent.channel.value,
        transfer_mechanism=sent.transfer_mechanism.value,
        transfer_instrument=sent.transfer_instrument,
        payload_sha256=hashlib.sha256(canonical_json(sent)).hexdigest(),
        at=at.astimezone(UTC).replace(microsecond=0),
        retain_until=(at + timedelta(days=retention_days)).astimezone(UTC).replace(microsecond=0),
    )
    log.record(entry)
    return entry


def _by_recipient(entries: Iterable[Disclosure]) -> dict[str, list[Disclosure]]:
    grouped: dict[str, list[Disclosure]] = {}
    for entry in entries:
        grouped.setdefault(entry.recipient, []).append(entry)
    return grouped


def _notice_header(first: Disclosure, kind: str, created_at: datetime) -> dict[str, object]:
    return {
        "spec_version": "1.0.0",
        "message_type": kind,
        "message_id": "",  # set by _build from the content
        "created_at": _stamp(created_at),
        "sender": first.sender,
        "recipient": first.recipient,
        "case_ref": first.subject_ref,
        "channel": first.channel,
        "legal_basis": {
            "lawful_basis": _own_basis(first.sender, first.channel),
            "legal_reference": "GDPR Art. 19 (notification of each recipient)",
        },
        "transfer_mechanism": first.transfer_mechanism,
        **({"transfer_instrument": first.transfer_instrument} if first.transfer_instrument else {}),
    }


_M = TypeVar("_M", bound=MessageBase)


def _build(model: type[_M], data: Mapping[str, object]) -> _M:
    """Validate a derived notice (its id from its content) and return it as ``model``."""
    from trm_standard._api import validate_value  # noqa: PLC0415 - the API imports this module

    content = {k: v for k, v in data.items() if k != "message_id"}
    digest = hashlib.sha256(jcs(content)).hexdigest()
    data = {**data, "message_id": _derived_id(str(data["message_type"]), digest)}
    report = validate_value(data)
    if report.message is None or not isinstance(report.message, model):
        codes = ", ".join(sorted(report.codes))
        raise TRMError("TRM-CONSENT-054", f"the notice would not be valid ({codes})")
    return report.message


def withdrawal_notices(
    log: DisclosureLog,
    consent_id: str,
    *,
    withdrawn_at: datetime,
    withdrawn_by: ConsentGiver,
    created_at: datetime,
    required_action: WithdrawalAction = WithdrawalAction.ERASE_UNLESS_OTHER_BASIS,
    purposes: Iterable[ConsentPurpose] | None = None,
    reply_by: date | None = None,
) -> list[ConsentWithdrawal]:
    """Return one ``consent_withdrawal`` per organisation that received data under the consent.

    The notices are derived from the log, so calling again gives the same notices (same
    message ids): sending them is idempotent. Withdrawal is not retroactive: it stops
    processing from ``withdrawn_at`` (GDPR Art. 7(3)); recipients erase unless another
    ground applies (Art. 17(1)(b)); each recipient is told (Art. 19).
    """
    grouped = _by_recipient(log.under_consent(consent_id))
    notices: list[ConsentWithdrawal] = []
    for recipient in sorted(grouped):
        first = grouped[recipient][0]
        data = _notice_header(first, "consent_withdrawal", created_at)
        data["in_reply_to"] = first.message_id
        data["consent_ids"] = [consent_id]
        data["withdrawn_at"] = _stamp(withdrawn_at)
        data["withdrawn_by"] = withdrawn_by.value
        data["required_action"] = required_action.value
        if purposes is not None:
            data["purposes"] = sorted({p.value for p in purposes})
        if reply_by is not None:
            data["reply_by"] = reply_by.isoformat()
        notice = _build(ConsentWithdrawal, data)
        notices.append(notice)
    return notices


def erasure_requests(
    log: DisclosureLog,
    subject_ref: str,
    *,
    ground: ErasureGround,
    created_at: datetime,
    consent_ids: Iterable[str] | None = None,
    reply_by: date | None = None,
) -> list[ErasureRequest]:
    """Return one ``erasure_request`` per recipient of data about ``subject_ref``.

    Each names the categories that recipient received (GDPR Arts. 17(1), 19); with
    ``consent_ids`` only disclosures under those consents count.
    """
    wanted = set(consent_ids) if consent_ids is not None else None
    entries = [
        e
        for e in log.of_subject(subject_ref)
        if wanted is None or (e.consent_id is not None and e.consent_id in wanted)
    ]
    requests: list[ErasureRequest] = []
    for _, group in sorted(_by_recipient(entries).items()):
        first = group[0]
        data = _notice_header(first, "erasure_request", created_at)
        data["in_reply_to"] = group[-1].message_id
        data["ground"] = ground.value
        data["data_categories"] = sorted(set().union(*(e.categories for e in group)))
        used = sorted({e.consent_id for e in group if e.consent_id})
        if used:
            data["consent_ids"] = used
        if reply_by is not None:
            data["reply_by"] = reply_by.isoformat()
        request = _build(ErasureRequest, data)
        requests.append(request)
    return requests


def confirm_erasure(
    request: ErasureRequest,
    *,
    held: Iterable[DataCategory],
    retained: Iterable[RetainedData] = (),
    erased_at: datetime,
    created_at: datetime | None = None,
    transfer_mechanism: TransferMechanism | None = None,
    transfer_instrument: str | None = None,
) -> ErasureConfirmation:
    """Answer ``request``: erase what is held and asked for, except what must be kept.

    Args:
        request: The erasure request received.
        held: Categories the recipient holds about the case.
        retained: What is kept under GDPR Art. 17(3), each with its ground and the statute
            or claim that requires it; only categories both requested and held count.
        erased_at: When the erasure was carried out.
        created_at: When the confirmation is made (default ``erased_at``).
        transfer_mechanism: Mechanism of the answer (default: the request's corridor in the
            other direction: DOMESTIC, INTRA_EU, NON_EU_NATIONAL_LAW from outside the EU/EEA,
            else an Art. 46(2)(a) instrument, or LED Art. 37 on the law-enforcement channel).
        transfer_instrument: The instrument it relies on (default: the request's).

    Returns:
        ``ERASED`` when nothing is kept, ``PARTIALLY_ERASED`` when some is, ``REFUSED``
        when everything requested is kept.
    """
    asked = (
        {DataCategory(c) for c in request.data_categories}
        if request.data_categories is not None
        else set(DataCategory)
    )
    holding = asked & set(held)
    kept = [r for r in retained if r.data_category in holding]
    kept_categories = {r.data_category for r in kept}
    erased = holding - kept_categories
    if not kept:
        outcome = ErasureOutcome.ERASED
    elif erased:
        outcome = ErasureOutcome.PARTIALLY_ERASED
    else:
        outcome = ErasureOutcome.REFUSED
    data: dict[str, object] = {
        "spec_version": "1.0.0",
        "message_type": "erasure_confirmation",
        "message_id": "",  # set by _build from the content
        "created_at": _stamp(created_at or erased_at),
        "sender": request.recipient,
        "recipient": request.sender,
        "case_ref": request.peer_case_ref or request.case_ref,
        "peer_case_ref": request.case_ref,
        "in_reply_to": request.message_id,
        "channel": request.channel.value,
        "legal_basis": {
            "lawful_basis": _own_basis(request.recipient, request.channel.value),
            "legal_reference": "GDPR Arts. 17, 19",
        },
        "transfer_mechanism": (transfer_mechanism or TransferMechanism(_reverse(request))).value,
        "outcome": outcome.value,
    }
    instrument = transfer_instrument or request.transfer_instrument
    if instrument:
        data["transfer_instrument"] = instrument
    if outcome is not ErasureOutcome.REFUSED:
        data["erased_at"] = _stamp(erased_at)
        if erased:
            data["erased_categories"] = sorted(c.value for c in erased)
    if kept:
        data["retained"] = [r.to_json_dict() for r in kept]
    return _build(ErasureConfirmation, data)


def _own_basis(sender: str, channel: str) -> str:
    """The notifying party's own lawful basis: a legal obligation under its law (Art. 19)."""
    if participant_country(sender) not in EEA_COUNTRIES:
        return LawfulBasis.NATIONAL_LAW_NON_EU.value
    if channel == Channel.LAW_ENFORCEMENT.value:
        return LawfulBasis.LED_ART_8.value
    return LawfulBasis.GDPR_6_1_C.value


def _reverse(request: ErasureRequest) -> str:
    """The mechanism for the answer: the same corridor, the other direction."""
    mechanism = request.transfer_mechanism
    if mechanism in (TransferMechanism.DOMESTIC, TransferMechanism.INTRA_EU):
        return mechanism.value
    if participant_country(request.recipient) not in EEA_COUNTRIES:
        return TransferMechanism.NON_EU_NATIONAL_LAW.value
    if request.channel is Channel.LAW_ENFORCEMENT:
        return TransferMechanism.LED_ART37_SAFEGUARDS.value
    return TransferMechanism.ART46_2A_INSTRUMENT.value

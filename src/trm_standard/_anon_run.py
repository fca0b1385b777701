"""Anonymised releases end to end: read, validate, generalise, check, write atomically.

Memory: only the released cells of each record are kept (a tuple of short shared
strings per record, about 150 bytes), never the models, so 1,000,000 records fit in a
few hundred MiB. The k-anonymity check needs the whole table, so nothing is written until
it has passed. Then the dataset and the report are written to temporary files in the
output directory and renamed into place (``os.replace``, atomic on POSIX): a refusal or a
killed process never leaves a half-written dataset. The report is renamed last, so a
``report.json`` saying ``released`` always sits beside a complete dataset.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Final, Literal, TextIO

import orjson

from trm_standard._anon_policy import Policy, RowMaker, hierarchies_version, weakened
from trm_standard._bulk import Part, _ordered_map, plan_parts
from trm_standard._errors import TRMError
from trm_standard._fast import proved_valid_value
from trm_standard._io import Document, read_part
from trm_standard._jsonparse import Limits
from trm_standard._pseudonym import NORMALISATION_VERSION, PseudonymKey
from trm_standard._release import (
    MAX_DIMENSIONS,
    AggregateResult,
    CheckResult,
    aggregate,
    check_release,
    rollup_values,
)
from trm_standard._validate import validate_reference
from trm_standard._version import __version__
from trm_standard.v1 import SPEC_VERSION

__all__ = [
    "InputCounts",
    "ReleaseOutcome",
    "anonymise_files",
    "collect_rows",
    "stats_files",
]

Format = Literal["csv", "jsonl"]
REPORT_NAME: Final = "report.json"
DATA_NAMES: Final = ("release.csv", "release.jsonl")
_OWN: Final = (REPORT_NAME, *DATA_NAMES)


@dataclass(slots=True)
class InputCounts:
    """What was read (counts only; never paths or values, which may name a person).

    Attributes:
        documents: Documents read (including unreadable and invalid ones).
        valid: Valid documents of the policy's message type, i.e. records.
        invalid_by_code: Invalid or unreadable documents by their first issue's code.
        other_message_type: Valid documents of another message type, left out.
    """

    documents: int = 0
    valid: int = 0
    invalid_by_code: Counter[str] = field(default_factory=Counter)
    other_message_type: int = 0

    def add(self, other: InputCounts) -> None:
        """Add another part's counts."""
        self.documents += other.documents
        self.valid += other.valid
        self.invalid_by_code.update(other.invalid_by_code)
        self.other_message_type += other.other_message_type

    def as_dict(self) -> dict[str, Any]:
        """Return the report form."""
        return {
            "documents": self.documents,
            "records": self.valid,
            "invalid": sum(self.invalid_by_code.values()),
            "invalid_by_code": dict(sorted(self.invalid_by_code.items())),
            "other_message_type": self.other_message_type,
            "left_out_by_code": dict(
                sorted(
                    (
                        self.invalid_by_code + Counter({"TRM-ANON-022": self.other_message_type})
                    ).items()
                )
            ),
        }


def _part_rows(
    part: Part, *, policy: Policy, key: PseudonymKey | None, limits: Limits
) -> tuple[list[tuple[str, ...]], InputCounts]:
    """Read, validate and generalise one part (runs in a worker process)."""
    maker = RowMaker(policy, key)
    counts = InputCounts()
    rows: list[tuple[str, ...]] = []
    docs: Iterable[Document]
    if part.issue is not None:
        docs = [part.issue]
    else:
        docs = read_part(part.path, part.start, part.end, part.first_line, limits)
    for doc in docs:
        counts.documents += 1
        if doc.issue is not None or doc.data is None:
            counts.invalid_by_code[doc.issue.code if doc.issue else "TRM-IO-001"] += 1
            continue
        proved = proved_valid_value(doc.data, limits)
        if proved is not None:
            report, value = proved
        else:
            report = validate_reference(doc.data, limits=limits)
            if not report.valid or report.message is None:
                counts.invalid_by_code[report.issues[0].code] += 1
                continue
            value = report.message.to_json_dict()  # upgraded from an older version
        if report.message_type != policy.message_type:
            counts.other_message_type += 1
            continue
        rows.append(maker.row(value))
        counts.valid += 1
    return rows, counts


class _Progress:
    """A counter on stderr, only on a terminal, redrawn at most four times a second."""

    def __init__(self, err: TextIO | None) -> None:
        self.err = err if err is not None and err.isatty() else None
        self.last = 0.0

    def update(self, documents: int, *, final: bool = False) -> None:
        if self.err is None:
            return
        now = time.monotonic()
        if final or now - self.last >= 0.25:
            self.last = now
            end = "\n" if final else ""
            self.err.write(f"\r{documents:,} documents read{end}")
            self.err.flush()


def collect_rows(
    paths: Sequence[str],
    policy: Policy,
    key: PseudonymKey | None,
    *,
    limits: Limits | None = None,
    jobs: int = 1,
    progress: TextIO | None = None,
    exclude: Sequence[Path] = (),
) -> tuple[list[tuple[str, ...]], InputCounts]:
    """Read every document under ``paths`` and return the released cells of each record.

    Invalid documents are counted by code and left out, never fatal. Files at or under
    ``exclude`` (the output of this run) are never read: a folder given as input may
    hold an earlier release.
    """
    limits = limits or Limits()
    if policy.needs_key and key is None:
        raise TRMError("TRM-ANON-011", "this policy pseudonymises: give the agreement's key")
    work = partial(_part_rows, policy=policy, key=key, limits=limits)
    rows: list[tuple[str, ...]] = []
    counts = InputCounts()
    meter = _Progress(progress)
    skip = [p.resolve() for p in exclude]
    parts = (p for p in plan_parts(paths) if p.issue is not None or not _within(p.path, skip))
    for _, (part_rows, part_counts) in _ordered_map(work, parts, jobs):
        rows.extend(part_rows)
        counts.add(part_counts)
        meter.update(counts.documents)
    meter.update(counts.documents, final=True)
    return rows, counts


def _within(path: Path, folders: Sequence[Path]) -> bool:
    """True if ``path`` is one of ``folders`` or lies under one (both resolved)."""
    if not folders:
        return False
    resolved = path.resolve()
    return any(resolved == f or resolved.is_relative_to(f) for f in folders)


# --------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------


def _policy_facts(policy: Policy) -> dict[str, Any]:
    source = json.dumps(policy.source, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return {
        "name": policy.name,
        "version": policy.version,
        "tier": policy.tier,
        "message_type": policy.message_type,
        "sha256": hashlib.sha256(source).hexdigest(),
        "columns": [
            {
                "column": c.path,
                "rule": c.action
                if c.hierarchy is None
                else f"generalise:{c.hierarchy.name}:{c.hierarchy.level}",
                "privacy_class": c.info.privacy,
            }
            for c in policy.columns
        ],
    }


def _base_report(
    kind: str, policy: Policy, counts: InputCounts, key: PseudonymKey | None
) -> dict[str, Any]:
    report: dict[str, Any] = {
        "report_format": "1",
        "kind": kind,
        "library_version": __version__,
        "spec_version": SPEC_VERSION,
        "hierarchies_version": hierarchies_version(),
        "policy": _policy_facts(policy),
        "input": counts.as_dict(),
    }
    weak = weakened(policy)
    report["weakened"] = weak
    if policy.needs_key and key is not None:
        report["pseudonyms"] = {
            "algorithm": "HMAC-SHA-256, first 128 bits, hex",
            "key_id": key.kid,
            "domain": policy.domain,
            "normalisation": f"v{NORMALISATION_VERSION}",
        }
    return report


_MESSAGES: Final = {
    "TRM-ANON-020": "the release needs more record suppression than the budget allows",
    "TRM-ANON-021": "nothing can be released",
}


def _summary(report: dict[str, Any]) -> list[str]:
    lines = []
    inp = report["input"]
    pol = report["policy"]
    status = report["status"].upper()
    lines.append(
        f"{status}: {report['kind']} release, policy {pol['name']} {pol['version']} "
        f"({pol['tier']} tier)"
    )
    lines.append(
        f"input: {inp['documents']} documents, {inp['records']} records, "
        f"{inp['invalid']} invalid, {inp['other_message_type']} of another message type"
    )
    if report["weakened"]:
        lines.append("WEAKENED release: " + "; ".join(report["weakened"]))
    check = report["release_check"]
    if report["kind"] == "microdata":
        sup = check.get("suppressed_records", {})
        lines.append(
            f"k = {check.get('k')} over {len(check['class_columns'])} columns, "
            f"l = {check.get('l')} on {check.get('sensitive_column', '(none released)')}; "
            "smallest class "
            f"{check.get('min_class_size')}; suppressed {sup.get('total', 0)} records "
            f"({sup.get('below_k', 0)} below k, {sup.get('below_l', 0)} below l), "
            f"budget {check.get('suppression_budget')}"
        )
    else:
        sup = check["suppressed_cells"]
        lines.append(
            f"cells: {check['cells']} ({check['cells_published']} published); suppressed "
            f"{sup['below_threshold']} below {check['min_cell']} and {sup['complementary']} "
            f"complementary; {check['rounded_cells']} rounded down"
        )
    if report["status"] == "refused":
        refusal = report["refusal"]
        lines.append(f"refused: {refusal['code']} {refusal['message']}")
        helps = check.get("records_below_k_without_column")
        if helps:
            best = min(helps, key=lambda c: (helps[c], c))
            lines.append(
                f"hint: records below k if one column were left out: {best} -> {helps[best]}"
            )
    else:
        lines.append(f"output: {report['output']['records']} rows in {report['output']['file']}")
    return lines


def _finish(report: dict[str, Any], ok: bool, reason: str) -> dict[str, Any]:
    report["status"] = "released" if ok else "refused"
    if not ok:
        report["refusal"] = {"code": reason, "message": _MESSAGES[reason]}
    report["summary"] = _summary(report)
    return report


# --------------------------------------------------------------------------------------
# Atomic writing
# --------------------------------------------------------------------------------------


def _write_temp(folder: Path, name: str, chunks: Iterable[bytes]) -> tuple[Path, str]:
    """Write a hidden temporary file in ``folder``; return its path and SHA-256."""
    temp = folder / f".{name}.{os.getpid()}.tmp"
    digest = hashlib.sha256()
    try:
        with temp.open("wb") as handle:
            for chunk in chunks:
                digest.update(chunk)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp, digest.hexdigest()


def _report_bytes(report: dict[str, Any]) -> bytes:
    return (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _csv_chunks(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterable[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for i, row in enumerate(rows, 1):
        writer.writerow(row)
        if i % 8192 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _jsonl_chunks(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterable[bytes]:
    batch: list[bytes] = []
    for row in rows:
        batch.append(orjson.dumps(dict(zip(columns, row, strict=True))))
        if len(batch) == 8192:
            yield b"\n".join(batch) + b"\n"
            batch = []
    if batch:
        yield b"\n".join(batch) + b"\n"


def _prepare_dir(out: Path) -> None:
    """Make sure ``out`` exists and holds nothing but a previous release of ours."""
    if out.exists() and not out.is_dir():
        raise TRMError("TRM-ANON-023", "the output path exists and is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".*.tmp"):  # left by a killed run of ours
        if stale.name.startswith(tuple(f".{name}." for name in _OWN)):
            stale.unlink(missing_ok=True)
    foreign = [p for p in out.iterdir() if p.name not in _OWN and not p.name.startswith(".")]
    if foreign:
        raise TRMError(
            "TRM-ANON-023",
            f"the output directory holds {len(foreign)} other file(s); use an empty directory",
        )


@dataclass(frozen=True, slots=True)
class ReleaseOutcome:
    """What a release run did.

    Attributes:
        released: True if the data were written, False if refused.
        report: The JSON report (as written beside the output).
        paths: The files written.
    """

    released: bool
    report: dict[str, Any]
    paths: tuple[Path, ...]


def anonymise_files(
    paths: Sequence[str],
    policy: Policy,
    out: Path,
    *,
    key: PseudonymKey | None = None,
    fmt: Format = "csv",
    limits: Limits | None = None,
    jobs: int = 1,
    progress: TextIO | None = None,
) -> ReleaseOutcome:
    """Anonymise messages into ``out``: the dataset and ``report.json``, or the report only.

    Args:
        paths: Files (JSON, JSON Lines) and folders.
        policy: The policy (its tier decides what may be released).
        out: The output directory; created if missing; may hold only an earlier release.
        key: The agreement's key, required when the policy pseudonymises.
        fmt: ``csv`` or ``jsonl``.
        limits: Validation limits.
        jobs: Worker processes.
        progress: Where to draw a progress counter (only drawn on a terminal).

    Returns:
        The outcome; refused releases leave only ``report.json`` in ``out``.
    """
    _prepare_dir(out)
    rows, counts = collect_rows(
        paths, policy, key, limits=limits, jobs=jobs, progress=progress, exclude=[out]
    )
    release = policy.release
    result: CheckResult = check_release(
        rows,
        policy.columns,
        k=release.k,
        l=release.l,
        budget=release.suppression_budget,
        sensitive=release.sensitive,
    )
    del rows
    report = _base_report("microdata", policy, counts, key)
    report["release_check"] = result.facts
    report["risks"] = _risks(policy, result)
    data_name = f"release.{fmt}"
    temps: list[tuple[Path, Path]] = []
    try:
        if result.ok:
            names = [c.path for c in policy.columns]
            chunks = (_csv_chunks if fmt == "csv" else _jsonl_chunks)(names, result.rows)
            temp, digest = _write_temp(out, data_name, chunks)
            temps.append((temp, out / data_name))
            report["output"] = {
                "file": data_name,
                "format": fmt,
                "records": len(result.rows),
                "columns": names,
                "sha256": digest,
            }
        _finish(report, result.ok, result.reason)
        temp, _ = _write_temp(out, REPORT_NAME, [_report_bytes(report)])
        temps.append((temp, out / REPORT_NAME))
        for name in _OWN:  # a previous release must not survive beside a new report
            (out / name).unlink(missing_ok=True)
        for temp, final in temps:
            temp.replace(final)
    finally:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
    return ReleaseOutcome(result.ok, report, tuple(final for _, final in temps))


def _risks(policy: Policy, result: CheckResult) -> dict[str, Any]:
    """WP29 Opinion 05/2014's three risks, reported separately."""
    facts = result.facts
    return {
        "singling_out": f"every released class holds at least {facts.get('k')} records",
        "inference": f"at least {facts.get('l')} distinct known single values of the "
        "sensitive column per class of the other columns"
        + (", none held by every record of a class" if policy.release.l >= 2 else "")
        + " (absent and UNKNOWN do not count)",
        "linkability": "stable pseudonyms: personal data, share only under the exchange "
        "agreement (GDPR Art. 4(5))"
        if policy.needs_key
        else "no pseudonyms or identifiers",
    }


# --------------------------------------------------------------------------------------
# Aggregates
# --------------------------------------------------------------------------------------


def stats_files(
    paths: Sequence[str],
    policy: Policy,
    by: Sequence[str],
    out: Path,
    *,
    limits: Limits | None = None,
    jobs: int = 1,
    progress: TextIO | None = None,
) -> ReleaseOutcome:
    """Count records by released columns into a protected table at ``out``.

    The report is written beside it as ``<out>.report.json``; a refused table leaves
    only the report.
    """
    if not 1 <= len(by) <= MAX_DIMENSIONS or len(set(by)) != len(by):
        raise TRMError("TRM-ANON-024", f"give one to {MAX_DIMENSIONS} distinct fields to count by")
    names = [c.path for c in policy.columns]
    missing = [
        b for b in by if b not in names or policy.columns[names.index(b)].action == "pseudonymise"
    ]
    if missing:
        raise TRMError(
            "TRM-ANON-024", f"not released by policy {policy.name}: {', '.join(missing)}"
        )
    folder = out.parent if str(out.parent) else Path()
    if not folder.is_dir():
        raise TRMError("TRM-ANON-023", "the output file's folder does not exist")
    sub = policy.with_columns([names.index(b) for b in by])
    report_path = out.with_name(out.name + ".report.json")
    rows, counts = collect_rows(
        paths, sub, None, limits=limits, jobs=jobs, progress=progress, exclude=[out, report_path]
    )
    release = policy.release
    rolled = {}
    for i, column in enumerate(sub.columns):
        if column.rollup and column.hierarchy is not None:
            # the microdata threshold: a value rarer than k is rolled up in tables too
            threshold = max(release.k, release.min_cell)
            rolled[column.path] = rollup_values(rows, i, column.hierarchy, threshold)
    table: AggregateResult = aggregate(
        rows, list(by), min_cell=release.min_cell, rounding=release.rounding
    )
    report = _base_report("aggregate", sub, counts, None)
    report["release_check"] = {**table.facts, "rolled_up_values": rolled, "by": list(by)}
    temps: list[tuple[Path, Path]] = []
    fmt = "json" if out.suffix == ".json" else "csv"
    try:
        if table.ok:
            chunks = _table_chunks(table, fmt)
            temp, digest = _write_temp(folder, out.name, chunks)
            temps.append((temp, out))
            report["output"] = {
                "file": out.name,
                "format": fmt,
                "records": table.facts["cells"],
                "columns": [*by, "count", "flag"],
                "sha256": digest,
            }
        _finish(report, table.ok, "" if table.ok else "TRM-ANON-021")
        temp, _ = _write_temp(folder, report_path.name, [_report_bytes(report)])
        temps.append((temp, report_path))
        out.unlink(missing_ok=True)
        for temp, final in temps:
            temp.replace(final)
    finally:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
    return ReleaseOutcome(table.ok, report, tuple(final for _, final in temps))


def _table_chunks(table: AggregateResult, fmt: str) -> Iterable[bytes]:
    rows = ([*key, "" if n is None else str(n), flag] for key, n, flag in table.cells)
    if fmt == "csv":
        return _csv_chunks([*table.columns, "count", "flag"], rows)
    body = {
        "columns": table.columns,
        "cells": [
            {"values": list(key), "count": n, "flag": flag}
            if n is not None
            else {"values": list(key), "flag": flag}
            for key, n, flag in table.cells
        ],
    }
    return [(json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")]

"""Bulk validation with bounded memory, in input order, over worker processes.

Two entry points share one ordered, windowed executor:

* :func:`validate_stream` validates an iterable of :class:`~trm_standard._io.Document`
  (for Python callers holding documents in memory or in a generator);
* :func:`validate_files` is what ``trm validate`` runs: files are cut into *parts* (a
  whole ``.json`` file, or a byte range of about 4 MiB of a ``.jsonl`` file), and a
  worker reads, validates and formats a whole part, so the parent process only plans
  parts and writes finished text. That keeps the parent nearly idle, which is what lets
  two workers use two cores.

At most ``jobs * WINDOW`` units are in flight, so memory stays flat whatever the size of
the input, and results are yielded in input order.
"""

from __future__ import annotations

import collections
import ctypes
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Final, Literal, TypeVar

from trm_standard._api import Engine, validate
from trm_standard._errors import Issue
from trm_standard._io import Document, display_path, expand_paths, read_part
from trm_standard._jsonparse import Limits

__all__ = [
    "Outcome",
    "Part",
    "PartResult",
    "default_jobs",
    "plan_parts",
    "run_part",
    "validate_files",
    "validate_stream",
]

#: Units in flight per worker.
WINDOW: Final = 4
#: Documents per batch in :func:`validate_stream`.
BATCH: Final = 256
#: Target size of a part of a ``.jsonl`` file, in bytes and in lines.
PART_BYTES: Final = 4 << 20
PART_LINES: Final = 4096
_BLOCK: Final = 1 << 20

ErrorRow = dict[str, str]
Format = Literal["text", "json"]
In = TypeVar("In")
Out = TypeVar("Out")


def default_jobs() -> int:
    """Return the number of CPUs this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - platforms without affinity


def _die_with_parent() -> None:
    """Worker initialiser: end this worker when the process that started it dies.

    A parent killed with SIGKILL cannot shut its pool down; orphaned workers would keep
    running, holding the input and, for ``trm anonymise``, the pseudonymisation key. On
    Linux the kernel sends SIGKILL to the worker (``PR_SET_PDEATHSIG``); elsewhere a
    daemon thread notices the new parent id within half a second.
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the thread serves
            pass
    if os.getppid() != parent:  # pragma: no cover - the parent died before prctl
        os._exit(1)

    def watch() -> None:  # pragma: no cover - runs only in orphaned workers
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="trm-parent-watch", daemon=True).start()


def _ordered_map(
    fn: Callable[[In], Out], items: Iterable[In], jobs: int
) -> Generator[tuple[In, Out], None, None]:
    """Map ``fn`` over ``items``, yielding ``(item, result)`` in input order.

    With ``jobs > 1`` the calls run in worker processes, at most ``jobs * WINDOW`` at a
    time, so the input is read only a bounded window ahead.
    """
    source = iter(items)
    if jobs <= 1:
        for item in source:
            yield item, fn(item)
        return
    pending: collections.deque[tuple[In, Future[Out]]] = collections.deque()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent) as pool:
        while True:
            for item in islice(source, jobs * WINDOW - len(pending)):
                pending.append((item, pool.submit(fn, item)))
            if not pending:
                return
            item, future = pending.popleft()
            yield item, future.result()


# --------------------------------------------------------------------------------------
# Streams of documents
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result for one document of a stream.

    Attributes:
        document: Where the document came from (its bytes are not kept).
        valid: True if it passed every layer.
        errors: Its issues in wire form ``{code, pointer, message}``.
    """

    document: Document
    valid: bool
    errors: list[ErrorRow]


def _check(data: bytes, limits: Limits, engine: Engine) -> tuple[bool, list[ErrorRow]]:
    report = validate(data, limits=limits, engine=engine)
    return report.valid, [i.as_dict() for i in report.issues]


def _check_batch(
    batch: list[Document], limits: Limits, engine: Engine
) -> list[tuple[bool, list[ErrorRow]]]:
    return [
        (False, [d.issue.as_dict()])
        if d.issue is not None
        else _check(d.data or b"", limits, engine)
        for d in batch
    ]


def validate_stream(
    documents: Iterable[Document],
    *,
    limits: Limits,
    engine: Engine = "fast",
    jobs: int = 1,
) -> Generator[Outcome, None, None]:
    """Validate a stream of documents, yielding one outcome per document in input order.

    Args:
        documents: The documents, e.g. from :func:`trm_standard._io.iter_documents`.
        limits: Validation limits.
        engine: ``"fast"`` or ``"reference"``.
        jobs: Worker processes; 1 validates in this process.
    """
    source = iter(documents)
    batches = iter(lambda: list(islice(source, BATCH)), [])
    check = partial(_check_batch, limits=limits, engine=engine)
    for batch, results in _ordered_map(check, batches, jobs):
        for doc, (valid, errors) in zip(batch, results, strict=True):
            yield Outcome(Document(doc.path, doc.line, None, doc.issue), valid, errors)


# --------------------------------------------------------------------------------------
# Files, cut into parts
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """A unit of work: a whole file, or a byte range of a ``.jsonl`` file.

    Attributes:
        path: The file.
        start: First byte of the range.
        end: Byte after the range (None: to the end of the file).
        first_line: Line number of the first line of the range.
        issue: A document reporting why the path cannot be read, if so.
    """

    path: Path
    start: int = 0
    end: int | None = None
    first_line: int = 1
    issue: Document | None = None


@dataclass(frozen=True, slots=True)
class PartResult:
    """The formatted results of one part.

    Attributes:
        text: The lines to write to stdout, in order.
        total: Documents in the part.
        invalid: Documents that failed.
    """

    text: str
    total: int
    invalid: int


def _nth_newline(block: bytes, start: int, n: int) -> int:
    """Return the index of the ``n``-th newline of ``block`` from ``start`` (it exists)."""
    pos = start - 1
    for _ in range(n):
        pos = block.index(b"\n", pos + 1)
    return pos


def _split(
    path: Path, part_bytes: int, part_lines: int = PART_LINES
) -> Iterator[tuple[int, int, int]]:
    """Cut a ``.jsonl`` file at line ends into ``(start, end, first_line)`` ranges.

    A range closes after about ``part_bytes`` bytes or ``part_lines`` lines, whichever
    comes first: the line cap bounds the formatted output of a part even when lines are
    tiny (a short invalid line yields a much longer report line).
    """
    with path.open("rb") as handle:
        start = pos = 0
        line = 1
        lines_in_part = 0
        while block := handle.read(_BLOCK):
            block_start, pos = pos, pos + len(block)
            offset = 0  # where the current part starts within this block
            while True:
                newlines = block.count(b"\n", offset)
                if lines_in_part + newlines >= part_lines:
                    cut = _nth_newline(block, offset, part_lines - lines_in_part)
                elif block_start + len(block) - start >= part_bytes and newlines:
                    cut = block.rfind(b"\n")
                else:
                    lines_in_part += newlines
                    break
                end = block_start + cut + 1
                yield start, end, line
                line += lines_in_part + block.count(b"\n", offset, cut + 1)
                lines_in_part = 0
                start, offset = end, cut + 1
        if pos > start:
            yield start, pos, line


def plan_parts(
    paths: Iterable[str], *, part_bytes: int = PART_BYTES, part_lines: int = PART_LINES
) -> Iterator[Part]:
    """Yield the parts of every file the paths name, in order."""
    for item in expand_paths(paths):
        if isinstance(item, Document):
            yield Part(Path(item.path), issue=item)
        elif item.suffix == ".jsonl":
            yield from _jsonl_parts(item, part_bytes, part_lines)
        else:
            yield Part(item)


def _jsonl_parts(path: Path, part_bytes: int, part_lines: int) -> Iterator[Part]:
    ranges = _split(path, part_bytes, part_lines)
    try:
        first = next(ranges, None)
    except OSError:
        yield Part(path)  # unreadable: the worker reports why
        return
    yield Part(path) if first is None else Part(path, *first)
    try:
        for start, end, line in ranges:
            yield Part(path, start, end, line)
    except OSError as exc:  # the file became unreadable half-way: report, never repeat
        issue = Issue("", "TRM-IO-001", f"cannot read: {exc.strerror or type(exc).__name__}")
        yield Part(path, issue=Document(display_path(path), None, None, issue))


def _format(doc: Document, valid: bool, errors: list[ErrorRow], fmt: Format) -> str:
    if fmt == "json":
        head = f'{{"path": {json.dumps(doc.path, ensure_ascii=False)}'
        if doc.line is not None:
            head += f', "line": {doc.line}'
        if valid:
            return head + ', "valid": true, "errors": []}\n'
        return head + f', "valid": false, "errors": {json.dumps(errors, ensure_ascii=False)}}}\n'
    where = doc.path if doc.line is None else f"{doc.path}:{doc.line}"
    lines = [f"{where}: {'valid' if valid else 'INVALID'}\n"]
    lines += [f"  {e['code']} {e['pointer'] or '(root)'}: {e['message']}\n" for e in errors]
    return "".join(lines)


def run_part(part: Part, *, limits: Limits, engine: Engine, fmt: Format) -> PartResult:
    """Read, validate and format one part (runs in a worker process)."""
    if part.issue is not None:
        docs: Iterable[Document] = [part.issue]
    else:
        docs = read_part(part.path, part.start, part.end, part.first_line, limits)
    chunks: list[str] = []
    total = invalid = 0
    for doc in docs:
        if doc.issue is not None:
            valid, errors = False, [doc.issue.as_dict()]
        else:
            valid, errors = _check(doc.data or b"", limits, engine)
        total += 1
        invalid += not valid
        chunks.append(_format(doc, valid, errors, fmt))
    return PartResult("".join(chunks), total, invalid)


def validate_files(
    paths: Iterable[str],
    *,
    limits: Limits,
    engine: Engine = "fast",
    fmt: Format = "text",
    jobs: int = 1,
) -> Generator[PartResult, None, None]:
    """Validate files and folders as ``trm validate`` does, yielding formatted parts in order.

    A file that holds no document at all (empty, or blank lines only) is reported with
    ``TRM-JSON-001`` rather than passed over.
    """
    work = partial(run_part, limits=limits, engine=engine, fmt=fmt)
    current: Path | None = None
    found = 0
    for part, result in _ordered_map(work, plan_parts(paths), jobs):
        if part.path != current:
            if current is not None and not found:
                yield _empty(current, fmt)
            current, found = part.path, 0
        found += result.total
        yield result
    if current is not None and not found:
        yield _empty(current, fmt)


def _empty(path: Path, fmt: Format) -> PartResult:
    issue = Issue("", "TRM-JSON-001", "the file holds no document")
    doc = Document(display_path(path), None, None, issue)
    return PartResult(_format(doc, valid=False, errors=[issue.as_dict()], fmt=fmt), 1, 1)

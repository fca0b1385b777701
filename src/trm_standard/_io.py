"""Reading documents from files, JSON Lines and directories with bounded memory."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Final

from trm_standard._errors import Issue
from trm_standard._jsonparse import Limits

__all__ = ["Document", "display_path", "expand_paths", "iter_documents", "read_part"]

_BLOCK: Final = 1 << 20
SUFFIXES: Final = (".json", ".jsonl")


@dataclass(frozen=True, slots=True)
class Document:
    """One document to validate, or the reason it could not be read.

    Attributes:
        path: The file it comes from, for display (bytes that are not UTF-8 escaped).
        line: 1-based line number for a ``.jsonl`` file, else None.
        data: The bytes of the document (None when unreadable or oversized); never shown
            in a repr, since it holds personal data.
        issue: Why ``data`` is None.
    """

    path: str
    line: int | None
    data: bytes | None = field(repr=False)
    issue: Issue | None = None


def display_path(path: Path) -> str:
    """Return ``path`` as printable text: undecodable bytes become backslash escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _skipped(path: Path, root: Path) -> bool:
    return any(part.startswith(("_", ".")) for part in path.relative_to(root).parts)


def expand_paths(paths: Iterable[str]) -> Iterator[Path | Document]:
    """Yield the files named by ``paths``, or a document saying why one cannot be read.

    Files are yielded as given, directories as their ``.json``/``.jsonl`` files
    (recursively, sorted), skipping every file or folder whose name starts with ``_`` or
    ``.`` (manifests, hidden folders). A directory that cannot be listed is reported
    (``TRM-IO-001``), never silently skipped; so is a missing path.
    """
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError as exc:
            yield _unreadable(display_path(path), exc)
            continue
        if not is_dir:
            yield path
            continue
        failures: list[OSError] = []
        found: list[Path] = []
        for folder, dirs, files in os.walk(path, onerror=failures.append):
            base = Path(folder)
            dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
            found.extend(
                base / name
                for name in files
                if Path(name).suffix in SUFFIXES and not _skipped(base / name, path)
            )
        for failure in failures:
            where = Path(failure.filename) if failure.filename else path
            yield _unreadable(display_path(where), failure)
        yield from sorted(found)


def _unreadable(path: str, exc: OSError) -> Document:
    reason = exc.strerror or type(exc).__name__
    return Document(path, None, None, Issue("", "TRM-IO-001", f"cannot read: {reason}"))


def _too_large(path: str, line: int | None, limits: Limits) -> Document:
    issue = Issue("", "TRM-JSON-002", f"document larger than {limits.max_bytes} bytes")
    return Document(path, line, None, issue)


def iter_documents(path: Path, limits: Limits) -> Iterator[Document]:
    """Yield the documents of one file; a ``.jsonl`` file streams line by line.

    Memory stays bounded by the size limit whatever the file size: an oversized document
    is skipped in chunks, never read whole.
    """
    name = display_path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield _unreadable(name, exc)
        return
    with handle:
        try:
            if path.suffix == ".jsonl":
                yield from _lines(handle, name, limits)
            else:
                data = handle.read(limits.max_bytes + 1)
                if len(data) > limits.max_bytes:
                    yield _too_large(name, None, limits)
                else:
                    yield Document(name, None, data)
        except OSError as exc:
            yield _unreadable(name, exc)


def read_part(
    path: Path, start: int, end: int | None, first_line: int, limits: Limits
) -> Iterator[Document]:
    """Yield the documents of a whole file, or of a byte range of a ``.jsonl`` file.

    A range starts at the beginning of a line and ends after a line end; ``end`` None
    with ``start`` 0 means the whole file.
    """
    if path.suffix != ".jsonl" or (start == 0 and end is None):
        yield from iter_documents(path, limits)
        return
    name = display_path(path)
    try:
        with path.open("rb") as handle:
            handle.seek(start)
            yield from _lines(handle, name, limits, first_line, end)
    except OSError as exc:
        yield _unreadable(name, exc)


def _lines(
    handle: BinaryIO, name: str, limits: Limits, first_line: int = 1, end: int | None = None
) -> Iterator[Document]:
    """Yield the documents of JSON Lines read in blocks (memory: one block + one line)."""
    number = first_line - 1
    remaining = None if end is None else end - handle.tell()
    carry = b""
    oversized = False  # inside a line longer than the limit: drop its bytes until it ends
    while True:
        size = _BLOCK if remaining is None else min(_BLOCK, remaining)
        block = handle.read(size) if size > 0 else b""
        if remaining is not None:
            remaining -= len(block)
        if not block:
            if carry or oversized:  # a last line without a final newline
                yield from _emit(name, number + 1, carry, limits, oversized=oversized)
            return
        pieces = block.split(b"\n")
        tail = pieces.pop()
        if pieces:
            number += 1
            yield from _emit(name, number, carry + pieces[0], limits, oversized=oversized)
            for piece in pieces[1:]:
                number += 1
                yield from _emit(name, number, piece, limits, oversized=False)
            carry, oversized = b"", False
        if oversized or len(carry) + len(tail) > limits.max_bytes + 1:
            carry, oversized = b"", True
        else:
            carry += tail


def _emit(
    name: str, number: int, line: bytes, limits: Limits, *, oversized: bool
) -> Iterator[Document]:
    body = line[:-1] if line.endswith(b"\r") else line
    if oversized or len(body) > limits.max_bytes:  # reported even when blank: not read whole
        yield _too_large(name, number, limits)
    elif body.strip():
        yield Document(name, number, body)

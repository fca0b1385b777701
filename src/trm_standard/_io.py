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


def display_path(path: Path | str) -> str:
    r"""Return ``path`` as one unambiguous printable line.

    Bytes that are not UTF-8 become ``\xNN``, control characters ``\uNNNN``, and a
    backslash is doubled, so no file name can forge or split an output record.
    """
    text = os.fsencode(path).decode("utf-8", "backslashreplace") if isinstance(path, Path) else path
    if text.isprintable() and "\\" not in text:
        return text
    raw = os.fsencode(path) if isinstance(path, Path) else text.encode("utf-8", "surrogateescape")
    out: list[str] = []
    for char in raw.decode("utf-8", "surrogateescape"):
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char == "\\":
            out.append("\\\\")
        elif not char.isprintable():
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def _walk(root: Path) -> Iterator[Path | Document]:
    """Yield the ``.json``/``.jsonl`` files under ``root`` in sorted path order, lazily.

    Names starting with ``_`` or ``.`` are skipped; symbolic links to folders are not
    followed (no loops); a folder that cannot be listed is reported, not skipped.
    """
    stack: list[Iterator[os.DirEntry[str]]] = []
    listing = _listing(root)
    if isinstance(listing, Document):
        yield listing
        return
    stack.append(listing)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith(("_", ".")):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
        except OSError as exc:
            yield _unreadable(display_path(Path(entry.path)), exc)
            continue
        if is_dir:
            sub = _listing(Path(entry.path))
            if isinstance(sub, Document):
                yield sub
            else:
                stack.append(sub)
        elif is_file and Path(entry.name).suffix in SUFFIXES:
            yield Path(entry.path)


def _listing(folder: Path) -> Iterator[os.DirEntry[str]] | Document:
    try:
        with os.scandir(folder) as entries:
            return iter(sorted(entries, key=lambda e: e.name))
    except OSError as exc:
        return _unreadable(display_path(folder), exc)


def expand_paths(paths: Iterable[str]) -> Iterator[Path | Document]:
    """Yield the files named by ``paths``, or a document saying why one cannot be read.

    Files are yielded as given, directories as their ``.json``/``.jsonl`` files
    (recursively, in sorted path order, listed lazily), skipping every file or folder
    whose name starts with ``_`` or ``.`` (manifests, hidden folders). A folder that
    cannot be listed is reported (``TRM-IO-001``), never silently skipped; so is a
    missing path.
    """
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError as exc:
            yield _unreadable(display_path(path), exc)
            continue
        if is_dir:
            yield from _walk(path)
        else:
            yield path


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
    carry: list[bytes] = []  # pieces of an unfinished line (joined once it ends)
    carried = 0
    oversized = False  # inside a line longer than the limit: drop its bytes until it ends
    while True:
        size = _BLOCK if remaining is None else min(_BLOCK, remaining)
        block = handle.read(size) if size > 0 else b""
        if remaining is not None:
            remaining -= len(block)
        if not block:
            if carry or oversized:  # a last line without a final newline
                yield from _emit(name, number + 1, b"".join(carry), limits, oversized=oversized)
            return
        pieces = block.split(b"\n")
        tail = pieces.pop()
        if pieces:
            number += 1
            head = b"".join([*carry, pieces[0]]) if carry else pieces[0]
            yield from _emit(name, number, head, limits, oversized=oversized)
            for piece in pieces[1:]:
                number += 1
                yield from _emit(name, number, piece, limits, oversized=False)
            carry, carried, oversized = [], 0, False
        if oversized or carried + len(tail) > limits.max_bytes + 1:
            carry, carried, oversized = [], 0, True
        elif tail:
            carry.append(tail)
            carried += len(tail)


def _emit(
    name: str, number: int, line: bytes, limits: Limits, *, oversized: bool
) -> Iterator[Document]:
    body = line[:-1] if line.endswith(b"\r") else line
    if oversized or len(body) > limits.max_bytes:  # reported even when blank: not read whole
        yield _too_large(name, number, limits)
    elif body.strip():
        yield Document(name, number, body)

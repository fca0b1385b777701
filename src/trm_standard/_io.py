"""Reading documents from files, JSON Lines and directories with bounded memory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final

from trm_standard._errors import Issue
from trm_standard._jsonparse import Limits

__all__ = ["Document", "expand_paths", "iter_documents"]

_CHUNK: Final = 1 << 16
SUFFIXES: Final = (".json", ".jsonl")


@dataclass(frozen=True, slots=True)
class Document:
    """One document to validate, or the reason it could not be read.

    Attributes:
        path: The file it comes from, as given or found.
        line: 1-based line number for a ``.jsonl`` file, else None.
        data: The bytes of the document (None when unreadable or oversized).
        issue: Why ``data`` is None.
    """

    path: str
    line: int | None
    data: bytes | None
    issue: Issue | None = None


def expand_paths(paths: Iterable[str]) -> Iterator[Path]:
    """Yield the files named by ``paths``.

    Files are yielded as given, directories as their ``.json``/``.jsonl`` files
    (recursively, sorted), skipping every file or folder whose name starts with ``_`` or
    ``.`` (manifests, hidden folders). Missing paths are yielded too and reported as
    unreadable.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix in SUFFIXES
                and not any(part.startswith(("_", ".")) for part in p.relative_to(path).parts)
            )
        else:
            yield path


def _unreadable(path: str, exc: OSError) -> Document:
    reason = exc.strerror or type(exc).__name__
    return Document(path, None, None, Issue("", "TRM-IO-001", f"cannot read file: {reason}"))


def _too_large(path: str, line: int | None, limits: Limits) -> Document:
    issue = Issue("", "TRM-JSON-002", f"document larger than {limits.max_bytes} bytes")
    return Document(path, line, None, issue)


def iter_documents(path: Path, limits: Limits) -> Iterator[Document]:
    """Yield the documents of one file; a ``.jsonl`` file streams line by line.

    Memory stays bounded by the size limit whatever the file size: an oversized document
    is skipped in chunks, never read whole.
    """
    name = str(path)
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


def _lines(handle: BinaryIO, name: str, limits: Limits) -> Iterator[Document]:
    number = 0
    while True:
        line = handle.readline(limits.max_bytes + 2)
        if not line:
            return
        number += 1
        if not line.endswith(b"\n") and len(line) > limits.max_bytes:
            while line and not line.endswith(b"\n"):
                line = handle.readline(_CHUNK)
            yield _too_large(name, number, limits)
            continue
        body = line.rstrip(b"\r\n")
        if not body.strip():
            continue
        if len(body) > limits.max_bytes:
            yield _too_large(name, number, limits)
            continue
        yield Document(name, number, body)

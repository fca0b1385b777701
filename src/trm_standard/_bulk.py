"""Bulk validation: a stream of documents in, results in input order, bounded memory.

Documents are validated in batches. With ``jobs > 1`` the batches go to worker
processes; at most ``jobs * WINDOW`` batches are in flight, so memory stays flat
whatever the size of the input, and results come back in input order.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Final

from trm_standard._api import Engine, validate
from trm_standard._io import Document
from trm_standard._jsonparse import Limits

__all__ = ["BATCH", "Outcome", "default_jobs", "validate_stream"]

#: Documents per batch sent to a worker.
BATCH: Final = 256
#: Batches in flight per worker.
WINDOW: Final = 4

ErrorRow = dict[str, str]


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
    batch: list[bytes], limits: Limits, engine: Engine
) -> list[tuple[bool, list[ErrorRow]]]:
    return [_check(data, limits, engine) for data in batch]


def _light(doc: Document) -> Document:
    """Drop the bytes of a document once they have been handed over for validation."""
    return Document(doc.path, doc.line, None, doc.issue)


def _outcomes(
    docs: list[Document], results: Iterator[tuple[bool, list[ErrorRow]]]
) -> Iterator[Outcome]:
    for doc in docs:
        if doc.issue is not None:  # unreadable or oversized: never sent to a worker
            yield Outcome(doc, valid=False, errors=[doc.issue.as_dict()])
        else:
            valid, errors = next(results)
            yield Outcome(doc, valid=valid, errors=errors)


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
    if jobs <= 1:
        for doc in source:
            if doc.issue is not None:
                yield from _outcomes([doc], iter(()))
            else:
                assert doc.data is not None
                valid, errors = _check(doc.data, limits, engine)
                yield Outcome(_light(doc), valid=valid, errors=errors)
        return
    pending: collections.deque[tuple[list[Document], Future[list[tuple[bool, list[ErrorRow]]]]]]
    pending = collections.deque()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        while True:
            while len(pending) < jobs * WINDOW:
                chunk = list(islice(source, BATCH))
                if not chunk:
                    break
                payload = [d.data for d in chunk if d.issue is None and d.data is not None]
                future = pool.submit(_check_batch, payload, limits, engine)
                pending.append(([_light(d) for d in chunk], future))
            if not pending:
                return
            chunk, future = pending.popleft()
            yield from _outcomes(chunk, iter(future.result()))


def default_jobs() -> int:
    """Return the number of CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

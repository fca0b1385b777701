"""Canonical serialisation of messages.

Under the data-model limits (integers only, ASCII member names, no ``null``) sorted-key
compact JSON with UTF-8 strings is exactly the RFC 8785 (JCS) form; a property test
checks it against an independent JCS implementation.
"""

from __future__ import annotations

import json

from trm_standard.v1._base import TRMModel

__all__ = ["canonical_json"]


def canonical_json(message: TRMModel) -> bytes:
    """Return the canonical (RFC 8785) bytes of ``message``; absent members left out."""
    return json.dumps(
        message.to_json_dict(),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    ).encode("utf-8")

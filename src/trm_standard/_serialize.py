"""Canonical serialisation: RFC 8785 (JCS) under the data-model limits.

With integers only, ASCII member names and no ``null`` (DESIGN §0), sorted-key compact
JSON with raw UTF-8 strings is exactly the RFC 8785 form: member names sort the same by
UTF-16 code units as by code points when they are ASCII, there are no floats to format,
and Python escapes control characters exactly as ECMAScript's ``JSON.stringify`` does. A
property test compares every generated message with an independent JCS implementation.
"""

from __future__ import annotations

import json
from typing import Any

from trm_standard.v1._base import TRMModel

__all__ = ["canonical_json", "jcs"]


def jcs(value: Any) -> bytes:
    """Return the RFC 8785 bytes of a JSON value of the data model (no floats).

    Raises:
        TypeError: If the value holds a float or a non-JSON type.
        ValueError: If a member name is not ASCII (its JCS order would differ).
    """
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    _check_no_floats(value)
    return text.encode("utf-8")


def _check_no_floats(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError("floats have no canonical form under the data-model limits")
    if isinstance(value, dict):
        for key, item in value.items():
            if not key.isascii():
                raise ValueError("member names must be ASCII")
            _check_no_floats(item)
    elif isinstance(value, list):
        for item in value:
            _check_no_floats(item)


def canonical_json(message: TRMModel) -> bytes:
    """Return the canonical (RFC 8785) bytes of ``message``; absent members left out."""
    return jcs(message.to_json_dict())

"""Canonical serialisation: RFC 8785 (JCS) under the data-model limits.

With integers only, ASCII member names and no ``null`` (DESIGN §0), sorted-key compact
JSON with raw UTF-8 strings is exactly the RFC 8785 form: member names sort the same by
UTF-16 code units as by code points when they are ASCII, there are no floats to format,
and Python escapes control characters exactly as ECMAScript's ``JSON.stringify`` does. A
property test compares every generated message with an independent JCS implementation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import orjson

from trm_standard.v1._base import TRMModel

__all__ = ["canonical_json", "check_data_model", "is_data_model", "jcs", "jcs_ascii_object"]


def jcs(value: Any) -> bytes:
    """Return the RFC 8785 bytes of a JSON value of the data model (no floats).

    Raises:
        TypeError: If the value holds a float or a non-JSON type.
        ValueError: If a member name is not ASCII (its JCS order would differ).
    """
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    check_data_model(value)
    return text.encode("utf-8")


def check_data_model(value: Any) -> None:
    """Check that a JSON value has no float and only ASCII member names (DESIGN §0).

    Raises:
        TypeError: If the value holds a float.
        ValueError: If a member name is not ASCII.
    """
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            continue
        if isinstance(item, dict):
            if not all(key.isascii() for key in item):
                raise ValueError("member names must be ASCII")
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
        elif isinstance(item, float):
            raise TypeError("floats have no canonical form under the data-model limits")


def is_data_model(value: Any) -> bool:
    """Return True if ``value`` has no float and only ASCII member names (DESIGN §0)."""
    try:
        check_data_model(value)
    except (TypeError, ValueError):
        return False
    return True


def jcs_ascii_object(value: Mapping[str, object]) -> bytes:
    """Return the RFC 8785 bytes of a small JOSE object (headers, claims without ``trm``).

    orjson writes sorted, compact JSON with the same string escapes as RFC 8785; for
    ASCII member names and integers that is the canonical form (a test compares the two).
    """
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_STRICT_INTEGER)


def canonical_json(message: TRMModel) -> bytes:
    """Return the canonical (RFC 8785) bytes of ``message``; absent members left out."""
    return jcs(message.to_json_dict())

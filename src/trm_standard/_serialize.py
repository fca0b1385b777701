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


#: Integers RFC 8785 (I-JSON, RFC 7493 §2.2) writes exactly: within ±(2^53 - 1).
MAX_SAFE_INTEGER = 2**53 - 1


def check_data_model(value: Any, *, max_depth: int | None = None) -> None:
    """Check a JSON value against the data model's limits (DESIGN §0).

    No float, no integer beyond ±(2^53 - 1), only ASCII member names and, when
    ``max_depth`` is given, nesting at most that deep.

    Raises:
        TypeError: If the value holds a float.
        ValueError: If a member name is not ASCII, an integer is out of range, or the
            value nests too deep (the top level counts as depth 1).
    """
    level, depth = [value], 1
    while level:
        below: list[Any] = []
        for item in level:
            kind = type(item)
            if kind is str or kind is bool or item is None:
                continue
            if kind is int:
                if not -MAX_SAFE_INTEGER <= item <= MAX_SAFE_INTEGER:
                    raise ValueError("integers must lie within ±(2^53 - 1)")
                continue
            if isinstance(item, dict):
                if not "".join(item).isascii():  # TypeError for a name that is not text
                    raise ValueError("member names must be ASCII")
                below.extend(item.values())
            elif isinstance(item, list | tuple):
                below.extend(item)
            elif isinstance(item, float):
                raise TypeError("floats have no canonical form under the data-model limits")
            elif isinstance(item, int):  # an int subclass other than bool
                below.append(int(item))
                continue
            else:
                continue
            if max_depth is not None and depth > max_depth:
                raise ValueError("nesting too deep")
        level, depth = below, depth + 1


def is_data_model(value: Any, *, max_depth: int | None = None) -> bool:
    """Return True if :func:`check_data_model` finds nothing wrong with ``value``."""
    try:
        check_data_model(value, max_depth=max_depth)
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

"""Layer 1 of validation: bytes and strict JSON (DESIGN §5).

Rejects, each with its own code: empty input, input over the size limit, a byte order
mark, invalid UTF-8, malformed or truncated JSON, duplicate member names (RFC 8259 §4
leaves them undefined; RFC 7493 I-JSON forbids them), NaN and infinities, numbers with a
fraction or exponent, integers outside ±(2^53-1), ``null``, strings that are not NFC or
carry unpaired surrogates, member names that are not ASCII snake_case, nesting deeper than
the limit and a root that is not an object.

All problems of this layer are reported together; when the text is not JSON at all there
is nothing more to report.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Final

from trm_standard._errors import Issue, pointer

__all__ = ["MAX_SAFE_INTEGER", "Limits", "ParseResult", "parse_strict"]

MAX_SAFE_INTEGER: Final = 2**53 - 1
_MEMBER_NAME: Final = re.compile(r"[a-z][a-z0-9_]{0,63}")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Limits:
    """Configurable limits of layer 1.

    Attributes:
        max_bytes: Largest accepted document, in bytes (default 1 MiB).
        max_depth: Deepest accepted nesting of objects and arrays (default 32).
    """

    max_bytes: int = 1024 * 1024
    max_depth: int = 32


@dataclass(frozen=True, slots=True)
class ParseResult:
    """Outcome of :func:`parse_strict`.

    Attributes:
        value: The parsed document (only meaningful when ``issues`` is empty).
        issues: Every layer-1 problem found.
    """

    value: Any
    issues: tuple[Issue, ...]


class _Float:
    __slots__ = ()


class _NonFinite:
    __slots__ = ()


_FLOAT: Final = _Float()
_NON_FINITE: Final = _NonFinite()


class _Dupes(dict[str, Any]):
    """A JSON object that remembers the member names it saw more than once."""

    __slots__ = ("dupes",)

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        seen: set[str] = set()
        dupes: list[str] = []
        for key, _ in pairs:
            if key in seen and key not in dupes:
                dupes.append(key)
            seen.add(key)
        self.dupes = dupes


def _pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len(pairs) == len({k for k, _ in pairs}):
        return dict(pairs)
    return _Dupes(pairs)


def _float_hook(_text: str) -> _Float:
    return _FLOAT


def _constant_hook(_text: str) -> _NonFinite:
    return _NON_FINITE


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_pairs_hook, parse_float=_float_hook, parse_constant=_constant_hook
)


def _name_token(name: str) -> str | None:
    """Return ``name`` if it may appear in a pointer, else None (it might be personal data)."""
    return name if _MEMBER_NAME.fullmatch(name) else None


class _Walker:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.issues: list[Issue] = []
        self.too_deep = False

    def add(self, path: list[str | int], code: str, message: str) -> None:
        self.issues.append(Issue(pointer(path), code, message))

    def check_string(self, path: list[str | int], text: str) -> None:
        if _SURROGATE.search(text):
            self.add(path, "TRM-JSON-014", "string contains an unpaired surrogate")
        elif not unicodedata.is_normalized("NFC", text):
            self.add(path, "TRM-JSON-013", "string is not in Unicode NFC")

    def walk(self, value: Any, path: list[str | int], depth: int) -> None:
        if isinstance(value, dict | list):
            self.walk_container(value, path, depth)
        elif isinstance(value, str):
            self.check_string(path, value)
        elif value is None:
            self.add(path, "TRM-JSON-011", "null is not allowed; leave the member out")
        elif value is _FLOAT:
            self.add(path, "TRM-JSON-007", "number with a fraction or exponent")
        elif value is _NON_FINITE:
            self.add(path, "TRM-JSON-006", "NaN or Infinity is not JSON")
        elif (
            isinstance(value, int)
            and not isinstance(value, bool)
            and not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER
        ):
            self.add(path, "TRM-JSON-008", "integer outside ±(2^53-1)")

    def walk_container(
        self, value: dict[str, Any] | list[Any], path: list[str | int], depth: int
    ) -> None:
        if depth > self.limits.max_depth:
            if not self.too_deep:
                self.too_deep = True
                self.add(path, "TRM-JSON-009", f"nesting deeper than {self.limits.max_depth}")
            return
        if isinstance(value, list):
            for index, item in enumerate(value):
                self.walk(item, [*path, index], depth + 1)
            return
        if isinstance(value, _Dupes):
            for name in value.dupes:
                token = _name_token(name)
                where = [*path, token] if token is not None else path
                self.add(where, "TRM-JSON-005", "duplicate member name")
        for name, item in value.items():
            token = _name_token(name)
            if token is None:
                self.add(path, "TRM-JSON-015", "member name is not ASCII snake_case (not shown)")
                continue
            self.walk(item, [*path, token], depth + 1)


def parse_strict(data: bytes | str, limits: Limits | None = None) -> ParseResult:  # noqa: PLR0911
    """Parse one JSON document under the TRM data-model limits.

    Args:
        data: The document as bytes (preferred: checked as UTF-8) or text.
        limits: Size and depth limits; defaults to :class:`Limits`.

    Returns:
        The parsed value and every layer-1 issue. The value is ``None`` when the text
        could not be parsed at all.
    """
    limits = limits or Limits()
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > limits.max_bytes:
        return _fail("TRM-JSON-002", f"document larger than {limits.max_bytes} bytes")
    if raw.startswith(b"\xef\xbb\xbf"):
        return _fail("TRM-JSON-012", "document starts with a byte order mark")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _fail("TRM-JSON-003", f"invalid UTF-8 at byte {exc.start}")
    if not text.strip():
        return _fail("TRM-JSON-001", "document is empty")
    try:
        value = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        return _fail("TRM-JSON-004", f"malformed JSON at line {exc.lineno}, column {exc.colno}")
    except RecursionError:
        return _fail("TRM-JSON-009", f"nesting deeper than {limits.max_depth}")
    walker = _Walker(limits)
    walker.walk(value, [], 1)
    if not isinstance(value, dict):
        walker.issues.insert(0, Issue("", "TRM-JSON-010", "the root must be a JSON object"))
    return ParseResult(value, tuple(walker.issues))


def _fail(code: str, message: str) -> ParseResult:
    return ParseResult(None, (Issue("", code, message),))

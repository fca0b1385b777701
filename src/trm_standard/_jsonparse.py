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
from dataclasses import dataclass, field
from typing import Any, Final

from trm_standard._errors import Issue, pointer

__all__ = ["MAX_SAFE_INTEGER", "Limits", "ParseResult", "parse_strict"]

MAX_SAFE_INTEGER: Final = 2**53 - 1
_MEMBER_NAME: Final = re.compile(r"[a-z][a-z0-9_]{0,63}")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


#: Upper bounds for the limits themselves: beyond them the limits stop protecting anything.
MAX_BYTES_CEILING: Final = 1 << 30
MAX_DEPTH_CEILING: Final = 200
MAX_ISSUES_CEILING: Final = 100_000


@dataclass(frozen=True, slots=True)
class Limits:
    """Configurable limits of validation (DESIGN §5).

    Attributes:
        max_bytes: Largest accepted document, in bytes (default 1 MiB, at most 1 GiB).
        max_depth: Deepest accepted nesting of objects and arrays, the root object being
            level 1 (default 32, at most 200).
        max_issues: Most issues reported for one document; further ones are summarised by
            ``TRM-REPORT-001`` (default 100).

    Raises:
        ValueError: If a limit is not a positive integer within its ceiling.
    """

    max_bytes: int = 1024 * 1024
    max_depth: int = 32
    max_issues: int = 100

    def __post_init__(self) -> None:
        for name, ceiling in (
            ("max_bytes", MAX_BYTES_CEILING),
            ("max_depth", MAX_DEPTH_CEILING),
            ("max_issues", MAX_ISSUES_CEILING),
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= ceiling:
                raise ValueError(f"{name} must be an integer from 1 to {ceiling}")


@dataclass(frozen=True, slots=True)
class ParseResult:
    """Outcome of :func:`parse_strict`.

    Attributes:
        value: The parsed document (only meaningful when ``issues`` is empty); never
            shown in a repr, since it holds personal data.
        issues: Every layer-1 problem found.
    """

    value: Any = field(repr=False)
    issues: tuple[Issue, ...]


class _Float:
    __slots__ = ()


class _NonFinite:
    __slots__ = ()


class _HugeInt:
    __slots__ = ()


_FLOAT: Final = _Float()
_NON_FINITE: Final = _NonFinite()
_HUGE_INT: Final = _HugeInt()
#: More digits than any safe integer has: parsed as a marker, never converted (Python
#: refuses to convert more than 4300 digits, and no TRM integer needs 17).
_MAX_INT_DIGITS: Final = 16


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


def _int_hook(text: str) -> int | _HugeInt:
    if len(text) - text.startswith("-") > _MAX_INT_DIGITS:
        return _HUGE_INT
    return int(text)


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_pairs_hook,
    parse_float=_float_hook,
    parse_constant=_constant_hook,
    parse_int=_int_hook,
)


class _Walker:
    def __init__(self, limits: Limits, names: frozenset[str] | None) -> None:
        self.limits = limits
        self.names = names
        self.issues: list[Issue] = []
        self.too_deep = False

    def add(self, path: list[str | int], code: str, message: str) -> None:
        if len(self.issues) <= self.limits.max_issues:
            self.issues.append(Issue(pointer(path), code, message))

    def token(self, name: str) -> str | None:
        """Return ``name`` if a pointer may show it, else None.

        Only known member names are shown: any other name might be personal data (a
        person's name used as a key).
        """
        if self.names is None:
            return name if _MEMBER_NAME.fullmatch(name) else None
        return name if name in self.names else None

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
        elif value is _HUGE_INT or (
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
                token = self.token(name)
                where = [*path, token] if token is not None else path
                self.add(where, "TRM-JSON-005", "duplicate member name")
        for name, item in value.items():
            if not _MEMBER_NAME.fullmatch(name):
                self.add(path, "TRM-JSON-015", "member name is not ASCII snake_case (not shown)")
            token = self.token(name)
            # Below a name that may not be shown, issues point at the nearest shown parent.
            self.walk(item, path if token is None else [*path, token], depth + 1)


def parse_strict(  # noqa: PLR0911 - one early return per kind of unreadable input
    data: bytes | str,
    limits: Limits | None = None,
    *,
    member_names: frozenset[str] | None = None,
) -> ParseResult:
    """Parse one JSON document under the TRM data-model limits.

    Args:
        data: The document as bytes (preferred: checked as UTF-8) or text.
        limits: Size, depth and issue limits; defaults to :class:`Limits`.
        member_names: Member names a pointer may show; any other name is left out of
            pointers (it might be personal data). Default: any ASCII snake_case name.

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
    except ValueError:  # pragma: no cover - defensive: a limit of the json module itself
        return _fail("TRM-JSON-004", "malformed JSON")
    walker = _Walker(limits, member_names)
    walker.walk(value, [], 1)
    if not isinstance(value, dict):
        walker.issues.insert(0, Issue("", "TRM-JSON-010", "the root must be a JSON object"))
    return ParseResult(value, tuple(walker.issues))


def _fail(code: str, message: str) -> ParseResult:
    return ParseResult(None, (Issue("", code, message),))

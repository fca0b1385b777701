"""Scalar types of spec 1.0.0 with the data-model limits of DESIGN §0.

Each type validates exactly what its JSON Schema accepts, so that a schema-only
validator (Ajv, networknt, NJsonSchema) and the models agree. Where a schema cannot
express a limit (the day of a partial date, NFC), the check is listed in ``docs/`` with
its error code.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Hashable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Final, TypeVar

from annotated_types import Len
from pydantic import (
    BeforeValidator,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

__all__ = [
    "DATETIME_PATTERN",
    "DATE_PATTERN",
    "PARTICIPANT_PATTERN",
    "UUID_PATTERN",
    "CaseRef",
    "CodeSet",
    "Date",
    "Items",
    "LanguageTag",
    "Name",
    "PartialDate",
    "ParticipantId",
    "Sha256Hex",
    "ShortText",
    "Unique",
    "UtcDateTime",
    "Uuid",
    "parse_date",
    "parse_utc_datetime",
]

#: RFC 9562 UUID in its canonical lowercase hyphenated form.
UUID_PATTERN: Final = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
#: Years a TRM date may carry: 1900-2199. Far-off years are typing errors, and keeping
#: them out lets every validator agree (year 0000 and 9999 differ between libraries).
YEAR: Final = r"(19|20|21)[0-9]{2}"
MONTH: Final = r"(0[1-9]|1[0-2])"
DAY: Final = r"(0[1-9]|[12][0-9]|3[01])"
#: RFC 3339 full-date.
DATE_PATTERN: Final = rf"^{YEAR}-{MONTH}-{DAY}$"
#: RFC 3339 date-time restricted to UTC (``Z``) and whole seconds (DESIGN §0).
DATETIME_PATTERN: Final = rf"^{YEAR}-{MONTH}-{DAY}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$"
#: A partial date: year, year-month or full date.
PARTIAL_DATE_PATTERN: Final = rf"^{YEAR}(-{MONTH}(-{DAY})?)?$"
#: Participant identifier (DESIGN §0): ``https://w3id.org/trm/org/<ISO2>/<local-id>``.
PARTICIPANT_PATTERN: Final = r"^https://w3id\.org/trm/org/[A-Z]{2}/[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
#: BCP 47 subset: language, optional script, optional region, canonical case.
LANGUAGE_PATTERN: Final = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"
_NOT_TEXT: Final = r"\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069"
#: Printable text: no C0/C1 control characters, line or paragraph separators or bidi
#: controls, and no leading or trailing space.
TEXT_PATTERN: Final = rf"^[^ {_NOT_TEXT}]([^{_NOT_TEXT}]*[^ {_NOT_TEXT}])?$"
#: A pseudonymous reference: ASCII letters, digits and a few separators.
REF_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$"

_DATE_RE: Final = re.compile(DATE_PATTERN)
_DATETIME_RE: Final = re.compile(DATETIME_PATTERN)
_PARTIAL_RE: Final = re.compile(PARTIAL_DATE_PATTERN)


Uuid = Annotated[str, StringConstraints(pattern=UUID_PATTERN)]
"""A UUID in canonical lowercase form (RFC 9562 §4)."""

Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""A SHA-256 digest as 64 lowercase hex digits."""

ParticipantId = Annotated[str, StringConstraints(pattern=PARTICIPANT_PATTERN)]
"""A participant (organisation) identifier (DESIGN §0)."""

LanguageTag = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
"""A BCP 47 language tag (RFC 5646) limited to language[-Script][-REGION]."""

CaseRef = Annotated[str, StringConstraints(pattern=REF_PATTERN)]
"""A pseudonymous reference chosen by the sender; never a name or a national number."""

Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, pattern=TEXT_PATTERN),
]
"""A personal or organisation name: printable, at most 200 characters.

Like every string of a message it must be NFC; that is checked once for the whole document
in layer 1 (``TRM-JSON-013``), as a schema cannot express it.
"""

ShortText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500, pattern=TEXT_PATTERN),
]
"""A short printable text (an address line, a statute reference), at most 500 characters."""


def parse_utc_datetime(text: str) -> datetime | None:
    """Return the instant ``text`` denotes, or None if it is not a TRM date-time."""
    if not _DATETIME_RE.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text)  # the pattern fixed the form: "Z" is UTC
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """Return the day ``text`` denotes, or None if it is not a TRM full-date."""
    if not _DATE_RE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _as_utc_datetime(value: object) -> datetime:
    if isinstance(value, str):
        if not _DATETIME_RE.fullmatch(value):
            raise PydanticCustomError(
                "trm_datetime_format",
                "must be an RFC 3339 UTC date-time with 'Z' and whole seconds",
            )
        try:
            return datetime.fromisoformat(value)  # the pattern fixed the form: "Z" is UTC
        except ValueError:
            raise PydanticCustomError(
                "trm_invalid_date", "names a day that does not exist"
            ) from None
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() != timedelta(0) or value.microsecond:
            raise PydanticCustomError(
                "trm_datetime_format", "must be an aware UTC datetime with whole seconds"
            )
        return value.astimezone(UTC)
    raise PydanticCustomError("trm_datetime_type", "must be a string")


def _format_datetime(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


UtcDateTime = Annotated[
    datetime,
    BeforeValidator(_as_utc_datetime),
    PlainSerializer(_format_datetime, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}),
]
"""An instant: RFC 3339, UTC with ``Z``, whole seconds (``2026-03-01T09:30:00Z``)."""


def _as_date(value: object) -> date:
    if isinstance(value, str):
        if not _DATE_RE.fullmatch(value):
            raise PydanticCustomError("trm_date_format", "must be an RFC 3339 full-date")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "trm_invalid_date", "names a day that does not exist"
            ) from None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise PydanticCustomError("trm_date_type", "must be a string")


Date = Annotated[
    date,
    BeforeValidator(_as_date),
    PlainSerializer(date.isoformat, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]
"""A calendar date, RFC 3339 full-date (``2026-03-01``)."""


_MONTH_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_length(year: int, month: int) -> int:
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]


class PartialDate:
    """A date known to year, month or day precision: ``2019``, ``2019-05``, ``2019-05-14``.

    The precision is the form of the string itself (DESIGN §0), so no separate member is
    needed. Comparisons between partial dates use :meth:`earliest` and :meth:`latest`.
    """

    __slots__ = ("_span", "_text", "day", "month", "year")

    year: int
    month: int | None
    day: int | None

    def __init__(self, text: str) -> None:
        """Parse ``text``.

        Raises:
            ValueError: If ``text`` is not a partial date or names a day that does not exist.
        """
        if not _PARTIAL_RE.fullmatch(text):
            raise ValueError("not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)")
        size = len(text)  # 4, 7 or 10: the pattern fixed the positions
        self.year = int(text[:4])
        self.month = int(text[5:7]) if size > 4 else None
        self.day = int(text[8:]) if size > 7 else None
        first = date(self.year, self.month or 1, self.day or 1)  # ValueError for 2019-02-30
        if self.day is not None:
            last = first
        elif self.month is None:
            last = date(self.year, 12, 31)
        else:
            last = date(self.year, self.month, _month_length(self.year, self.month))
        self._span = (first, last)
        self._text = text

    @property
    def precision(self) -> str:
        """Return ``"year"``, ``"month"`` or ``"day"``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def span(self) -> tuple[date, date]:
        """Return the first and the last day the partial date may denote."""
        return self._span

    def earliest(self) -> date:
        """Return the first day the partial date may denote."""
        return self._span[0]

    def latest(self) -> date:
        """Return the last day the partial date may denote."""
        return self._span[1]

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"PartialDate({self._text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialDate) and other._text == self._text

    def __hash__(self) -> int:
        return hash(self._text)

    @classmethod
    def _validate(cls, value: object) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if not isinstance(value, str):
            raise PydanticCustomError("trm_partial_date_type", "must be a string")
        try:
            return cls(value)
        except ValueError:
            raise PydanticCustomError(
                "trm_partial_date", "is not a valid partial date (YYYY, YYYY-MM or YYYY-MM-DD)"
            ) from None

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                str, return_schema=core_schema.str_schema()
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "pattern": PARTIAL_DATE_PATTERN}


def _check_unique(items: Sequence[Hashable]) -> Sequence[Hashable]:
    if len(set(items)) != len(items):
        raise PydanticCustomError("trm_not_unique", "items must be unique")
    return items


class Unique:
    """Annotation: a tuple whose items are unique (``uniqueItems`` in the schema)."""

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_check_unique, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        result = handler(schema)
        result["uniqueItems"] = True
        return result


T = TypeVar("T")

Items = Annotated[tuple[T, ...], Len(1, 200)]
"""A non-empty list (absent rather than empty, DESIGN §0) of at most 200 items."""

CodeSet = Annotated[tuple[T, ...], Len(1, 200), Unique()]
"""A non-empty list of distinct codes."""

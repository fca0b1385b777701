"""The reference validator: the four layers of DESIGN §5.

1. bytes and strict JSON (:mod:`trm_standard._jsonparse`);
2. JSON Schema 2020-12 through ``jsonschema`` and the packaged registry, formats asserted;
3. the pydantic model, strict;
4. business rules (:mod:`trm_standard.v1._rules`).

Each layer reports all of its issues. The next layer runs only when the previous one
found none, because it could not go on meaningfully: the schema needs parsed JSON, the
model needs the structure the schema guarantees, and the rules need a model.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

import jsonschema
import pydantic

from trm_standard._errors import CODES, Issue, TRMError, pointer
from trm_standard._jsonparse import Limits, parse_strict
from trm_standard._schema import validator_for
from trm_standard._versions import MIGRATIONS, MigrationRegistry
from trm_standard.v1 import MEMBER_NAMES, MESSAGE_CLASSES, SPEC_VERSION, MessageBase
from trm_standard.v1._rules import check_rules

__all__ = ["DEFAULT_LIMITS", "Report", "validate_reference"]

DEFAULT_LIMITS: Final = Limits()


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of validating one document.

    Attributes:
        issues: Every issue of the first layer that found any (empty when valid), sorted
            by pointer (array indexes in numeric order) then code, at most
            ``Limits.max_issues`` of them plus ``TRM-REPORT-001``.
        message: The validated message, when valid.
        spec_version: The declared spec version, when it could be read.
        message_type: The declared message type, when it could be read.
    """

    issues: tuple[Issue, ...]
    message: MessageBase | None = None
    spec_version: str | None = None
    message_type: str | None = None

    @property
    def valid(self) -> bool:
        """Return True when the document passed every layer."""
        return not self.issues

    @property
    def codes(self) -> frozenset[str]:
        """Return the distinct codes of the issues."""
        return frozenset(i.code for i in self.issues)


def _pointer_key(issue: Issue) -> tuple[tuple[tuple[int, int, str], ...], str]:
    tokens = issue.pointer.split("/")[1:]
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in tokens), issue.code


def _finish(issues: Iterable[Issue], limits: Limits) -> tuple[Issue, ...]:
    """Sort and de-duplicate issues, keeping at most ``limits.max_issues``."""
    ordered = sorted(set(issues), key=_pointer_key)
    if len(ordered) <= limits.max_issues:
        return tuple(ordered)
    more = Issue(
        "", "TRM-REPORT-001", f"more than {limits.max_issues} issues; the rest are not shown"
    )
    return (*ordered[: limits.max_issues], more)


def validate_reference(
    data: bytes | str,
    *,
    limits: Limits | None = None,
    migrations: MigrationRegistry = MIGRATIONS,
) -> Report:
    """Validate one serialised TRM message through all four layers, the reference way.

    ``jsonschema`` checks the schema and every issue of the first failing layer is
    reported. :func:`trm_standard.validate` returns the same result, faster. A document of
    an older spec version that ``migrations`` can read is upgraded first and validated as
    the latest version (pointers then refer to the upgraded document).

    Args:
        data: The JSON document, preferably as the bytes received.
        limits: Size, depth and issue limits.
        migrations: The registry of upgrade steps from older spec versions.

    Returns:
        A report listing every issue; ``report.message`` holds the model when valid.
    """
    limits = limits or DEFAULT_LIMITS
    parsed = parse_strict(data, limits, member_names=MEMBER_NAMES)
    if parsed.issues:
        return Report(_finish(parsed.issues, limits))
    document: dict[str, Any] = parsed.value
    version, message_type, issues = _dispatch(document, migrations)
    if not issues and version != SPEC_VERSION:
        try:
            document = migrations.upgrade(document)
            data = json.dumps(document, ensure_ascii=False)
        except TRMError as exc:
            where = "/message_type" if exc.code == "TRM-VERSION-004" else "/spec_version"
            issues = [Issue(where, exc.code, CODES[exc.code].title)]
        except (TypeError, ValueError):  # a step returned something that is not JSON
            issues = [Issue("/spec_version", "TRM-VERSION-005", CODES["TRM-VERSION-005"].title)]
        upgraded = document.get("message_type")
        message_type = upgraded if not issues and upgraded in MESSAGE_CLASSES else None
    if issues:
        return Report(_finish(issues, limits), spec_version=version, message_type=message_type)
    assert version is not None
    assert isinstance(message_type, str)
    report = Report((), spec_version=version, message_type=message_type)
    # Stop reading schema errors once the report is full (one more to say so).
    found = itertools.islice(
        schema_issues_of(document, SPEC_VERSION, message_type), limits.max_issues + 1
    )
    schema_issues = _finish(found, limits)
    if schema_issues:
        return _with(report, schema_issues)
    cls = MESSAGE_CLASSES[message_type]
    text = data if isinstance(data, str) else data.decode("utf-8")
    try:
        message = cls.model_validate_json(text, strict=True)
    except pydantic.ValidationError as exc:
        return _with(report, _finish(_model_issues(exc), limits))
    rule_issues = _finish(check_rules(message), limits)
    if rule_issues:
        return _with(report, rule_issues)
    return Report((), message, version, message_type)


def _with(report: Report, issues: tuple[Issue, ...]) -> Report:
    return Report(issues, None, report.spec_version, report.message_type)


def _dispatch(
    document: Mapping[str, Any], migrations: MigrationRegistry
) -> tuple[str | None, str | None, list[Issue]]:
    """Check the declared version and type; return those that can be shown."""
    issues: list[Issue] = []
    version = document.get("spec_version")
    message_type = document.get("message_type")
    readable = isinstance(version, str) and version in migrations.readable()
    if not isinstance(version, str):
        issues.append(Issue("/spec_version", "TRM-VERSION-001", "spec_version is missing"))
    elif not readable:
        issues.append(
            Issue("/spec_version", "TRM-VERSION-002", "this library cannot read that spec version")
        )
    if not isinstance(message_type, str):
        issues.append(Issue("/message_type", "TRM-VERSION-003", "message_type is missing"))
    elif version == SPEC_VERSION and message_type not in MESSAGE_CLASSES:
        issues.append(Issue("/message_type", "TRM-VERSION-004", "unknown message type"))
    known_type = isinstance(message_type, str) and (
        message_type in MESSAGE_CLASSES or (readable and version != SPEC_VERSION)
    )
    shown_version = version if readable else None
    return shown_version, message_type if known_type else None, issues


# --------------------------------------------------------------------------------------
# Layer 2: JSON Schema errors → issues
# --------------------------------------------------------------------------------------

_KEYWORD_CODES: Final[Mapping[str, str]] = {
    "type": "TRM-SCHEMA-003",
    "enum": "TRM-SCHEMA-004",
    "const": "TRM-SCHEMA-004",
    "pattern": "TRM-SCHEMA-005",
    "minLength": "TRM-SCHEMA-006",
    "maxLength": "TRM-SCHEMA-006",
    "minimum": "TRM-SCHEMA-007",
    "maximum": "TRM-SCHEMA-007",
    "exclusiveMinimum": "TRM-SCHEMA-007",
    "exclusiveMaximum": "TRM-SCHEMA-007",
    "minItems": "TRM-SCHEMA-008",
    "maxItems": "TRM-SCHEMA-008",
    "uniqueItems": "TRM-SCHEMA-009",
    "format": "TRM-SCHEMA-010",
}

_KEYWORD_TEXT: Final[Mapping[str, str]] = {
    "type": "wrong type: expected {value}",
    "enum": "not a code of {codelist}",
    "const": "must be the fixed value of this member",
    "pattern": "does not match the required pattern",
    "minLength": "string shorter than {value} characters",
    "maxLength": "string longer than {value} characters",
    "minimum": "below the minimum {value}",
    "maximum": "above the maximum {value}",
    "minItems": "fewer than {value} items",
    "maxItems": "more than {value} items",
    "uniqueItems": "repeats an item",
    "format": "not a valid {value}",
}


def schema_issues_of(
    document: Mapping[str, Any], version: str, message_type: str
) -> Iterator[Issue]:
    """Yield layer-2 issues of ``document`` against its message schema."""
    validator = validator_for(version, message_type)
    seen: set[Issue] = set()
    for error in validator.iter_errors(document):
        for issue in _schema_issue(error):
            if issue not in seen:  # one "required" error per missing member repeats the rest
                seen.add(issue)
                yield issue


def _schema_issue(error: jsonschema.ValidationError) -> Iterator[Issue]:
    path = list(error.absolute_path)
    keyword = str(error.validator)
    if keyword == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        required = error.validator_value if isinstance(error.validator_value, list) else []
        for name in required:
            if name not in instance:
                yield Issue(
                    pointer([*path, name]), "TRM-SCHEMA-001", f"required member '{name}' is missing"
                )
        return
    if keyword == "additionalProperties":
        known = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
        members = error.instance if isinstance(error.instance, dict) else {}
        for name in members:
            if name in known:
                continue
            if name in MEMBER_NAMES:
                yield Issue(pointer([*path, name]), "TRM-SCHEMA-002", "unknown member")
            else:  # a name outside the standard's vocabulary might be personal data
                yield Issue(pointer(path), "TRM-SCHEMA-002", "unknown member (name not shown)")
        return
    code = _KEYWORD_CODES.get(keyword, "TRM-SCHEMA-099")
    template = _KEYWORD_TEXT.get(keyword, f"violates '{keyword}'")
    schema = error.schema if isinstance(error.schema, dict) else {}
    codelist = schema.get("x-trm-codelist", "the code list")
    yield Issue(
        pointer(path),
        code,
        template.format(value=_safe(error.validator_value), codelist=codelist),
    )


def _safe(value: object) -> str:
    """Render a schema keyword value (never an instance value) for a message."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value)
    return "a valid value"


# --------------------------------------------------------------------------------------
# Layer 3: pydantic errors → issues
# --------------------------------------------------------------------------------------

_MODEL_CODES: Final[Mapping[str, str]] = {
    "trm_partial_date": "TRM-MODEL-001",
}


def _model_issues(exc: pydantic.ValidationError) -> Iterator[Issue]:
    for err in exc.errors(include_url=False, include_context=False, include_input=False):
        loc = [p for p in err["loc"] if isinstance(p, int | str)]
        kind = str(err["type"])
        code = _MODEL_CODES.get(kind, "TRM-MODEL-099")
        yield Issue(pointer(loc), code, f"model rejected the value ({kind})")

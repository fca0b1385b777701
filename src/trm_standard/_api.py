"""Public validation entry points: ``validate``, ``validate_value``, ``parse``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

from trm_standard._errors import Issue, ValidationError
from trm_standard._fast import validate_fast
from trm_standard._jsonparse import Limits
from trm_standard._validate import Report, validate_reference
from trm_standard._versions import MIGRATIONS, MigrationRegistry
from trm_standard.v1 import MessageBase

__all__ = ["Engine", "parse", "validate", "validate_value"]

Engine = Literal["fast", "reference"]


def validate(
    data: bytes | str,
    *,
    limits: Limits | None = None,
    engine: Engine = "fast",
    migrations: MigrationRegistry = MIGRATIONS,
) -> Report:
    """Validate one serialised TRM message through all four layers (DESIGN §5).

    Args:
        data: The JSON document, preferably as the bytes received.
        limits: Size, depth and issue limits.
        engine: ``"fast"`` (default) proves clean documents quickly and hands every other
            one to the reference; ``"reference"`` always runs ``jsonschema`` and the
            Python walk. Both return the same report.
        migrations: Upgrade steps for older spec versions (default: the library's).

    Returns:
        A report listing every issue; ``report.message`` holds the model when valid.
    """
    if engine == "reference":
        return validate_reference(data, limits=limits, migrations=migrations)
    return validate_fast(data, limits=limits, migrations=migrations)


def validate_value(
    value: Mapping[str, Any], *, limits: Limits | None = None, engine: Engine = "fast"
) -> Report:
    """Validate a message given as Python data (e.g. from your own JSON parser).

    The value is serialised to JSON first, so exactly the same checks apply; a float or
    ``None`` anywhere in it is reported as it would be on the wire.
    """
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=True)
    except RecursionError:
        return Report((Issue("", "TRM-JSON-009", "nesting too deep"),))
    except ValueError as exc:
        if "integer" in str(exc).lower() or "digits" in str(exc):
            return Report((Issue("", "TRM-JSON-008", "integer outside ±(2^53-1)"),))
        return Report((Issue("", "TRM-JSON-004", "value cannot be serialised as JSON"),))
    except TypeError:
        return Report((Issue("", "TRM-JSON-004", "value cannot be serialised as JSON"),))
    return validate(text.encode("utf-8", "surrogatepass"), limits=limits, engine=engine)


def parse(
    data: bytes | str, *, limits: Limits | None = None, engine: Engine = "fast"
) -> MessageBase:
    """Validate ``data`` and return the message model.

    Raises:
        ValidationError: With every issue, if the document is not a valid message.
    """
    report = validate(data, limits=limits, engine=engine)
    if report.message is None:
        raise ValidationError(report.issues)
    return report.message

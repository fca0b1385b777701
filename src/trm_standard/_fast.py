r"""The fast validation path: the same verdict as the reference, at bulk speed.

The reference validator (:mod:`trm_standard._validate`) parses with the standard library,
walks every value in Python and checks the schema with ``jsonschema``: precise, but about
a few hundred documents per second. The fast path proves a document *clean* with cheaper
means, and hands every document it cannot prove clean to the reference, which then
produces the report. So for an invalid document both paths return the very same issues,
and for a valid one the fast path returns exactly what the reference would: a valid
report with the same message. The differential tests (``tests/test_fast.py``) check this
on generated documents, mutants and byte-level faults.

A document is proved clean when all of these hold:

1. **bytes**: within the size limit, no byte order mark, no ``\\u`` escape (escapes can
   hide unpaired surrogates and non-NFC text), strict JSON for ``orjson`` (valid UTF-8,
   no NaN/Infinity, no trailing data), an object at the root, and no duplicate member
   names. ``orjson`` keeps the last of duplicate members, so duplicates are found by
   counting colons: without ``\\u`` escapes every colon of the input is either a member
   separator or inside a string, and re-serialising the parsed object keeps every
   surviving colon, so the input has more colons exactly when a member was dropped. A
   non-ASCII document must be NFC as a whole: every string is delimited by ``"``, which
   never composes, so the whole text is NFC exactly when every string is.
2. **schema**: ``jsonschema-rs`` (Rust, ECMA-262 regular expressions, formats asserted)
   accepts the document against the same packaged schema. A schema-valid document has no
   ``null``, no unknown member name and a nesting depth of at most
   :data:`~trm_standard.v1.MAX_NESTING`, so the remaining layer-1 checks hold too (when
   the depth limit is below that, the fast path steps aside).
3. **model**: the strict pydantic model accepts the bytes (this also rejects ``1.0`` for
   an integer, which a schema accepts).
4. **rules**: no business rule fires.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any, Final

import jsonschema_rs
import orjson
import pydantic

from trm_standard._jsonparse import Limits
from trm_standard._schema import _load_schema
from trm_standard._serialize import is_data_model
from trm_standard._validate import DEFAULT_LIMITS, Report, validate_reference
from trm_standard._versions import MIGRATIONS, MigrationRegistry
from trm_standard.v1 import MESSAGE_CLASSES, SPEC_VERSION, MessageBase
from trm_standard.v1._messages import MAX_NESTING
from trm_standard.v1._rules import check_rules

__all__ = ["message_is_valid", "proved_valid_value", "validate_canonical", "validate_fast"]

_BOM: Final = b"\xef\xbb\xbf"


@cache
def _schema_validator(version: str, message_type: str) -> Any:
    schema = _load_schema(version, message_type)
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def _clean_bytes(raw: bytes) -> dict[str, Any] | None:
    """Return the parsed object if layer 1 is surely clean, else None."""
    if raw.startswith(_BOM) or (b"\\" in raw and b"\\u" in raw):  # memchr first
        return None
    try:
        value = orjson.loads(raw)
        # A dropped duplicate member takes its colon with it. orjson.dumps refuses depths
        # over 254 (JSONEncodeError): such a document is surely too deep anyway.
        unique = type(value) is dict and raw.count(b":") == orjson.dumps(value).count(b":")
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        return None
    if not unique or (not raw.isascii() and not unicodedata.is_normalized("NFC", raw.decode())):
        return None
    document: dict[str, Any] = value
    return document


def _proved_valid(raw: bytes, limits: Limits) -> Report | None:
    """Return the valid report if ``raw`` is proved clean on every layer, else None."""
    proved = proved_valid_value(raw, limits)
    return None if proved is None else proved[0]


def proved_valid_value(raw: bytes, limits: Limits) -> tuple[Report, dict[str, Any]] | None:
    """Like :func:`_proved_valid`, also returning the parsed JSON value (no second parse)."""
    fits = len(raw) <= limits.max_bytes and limits.max_depth >= MAX_NESTING
    value = _clean_bytes(raw) if fits else None
    if value is None:
        return None
    version = value.get("spec_version")
    message_type = value.get("message_type")
    cls = MESSAGE_CLASSES.get(message_type) if isinstance(message_type, str) else None
    if (
        cls is None
        or not isinstance(version, str)
        or version != SPEC_VERSION  # older versions are upgraded by the reference
        or not _schema_validator(version, message_type).is_valid(value)
    ):
        return None
    try:
        message = cls.model_validate_json(raw, strict=True)
    except pydantic.ValidationError:
        return None
    return None if check_rules(message) else (Report((), message, version, message_type), value)


def _fits_schema(value: Any) -> bool:
    """True if ``value`` is a current-version message that its JSON Schema accepts."""
    version = value.get("spec_version")
    message_type = value.get("message_type")
    return (
        isinstance(message_type, str)
        and message_type in MESSAGE_CLASSES
        and version == SPEC_VERSION
        and bool(_schema_validator(version, message_type).is_valid(value))
    )


def _nfc(raw: bytes) -> bool:
    return raw.isascii() or unicodedata.is_normalized("NFC", raw.decode("utf-8"))


def validate_canonical(
    raw: bytes, value: dict[str, Any], *, limits: Limits | None = None
) -> Report:
    """Validate a message whose bytes are known to be the RFC 8785 form of ``value``.

    Used inside a verified envelope payload: RFC 8785 bytes have no duplicate member, no
    byte order mark and no lone surrogate (the payload parse refused those), so the byte
    checks of :func:`validate_fast` reduce to NFC. Same verdict as :func:`validate_fast`.
    """
    limits = limits or DEFAULT_LIMITS
    fits = len(raw) <= limits.max_bytes and limits.max_depth >= MAX_NESTING
    if fits and _nfc(raw) and _fits_schema(value):
        cls = MESSAGE_CLASSES[value["message_type"]]
        try:
            message = cls.model_validate_json(raw, strict=True)
        except pydantic.ValidationError:
            message = None
        if message is not None and not check_rules(message):
            return Report((), message, SPEC_VERSION, message.message_type)
    return validate_reference(raw, limits=limits)


def message_is_valid(message: MessageBase, value: dict[str, Any], raw: bytes) -> bool:
    """True if a model instance is surely valid; False means "ask :func:`validate_fast`".

    ``value`` is ``message.to_json_dict()`` and ``raw`` its sorted compact JSON. A model
    built normally already passed pydantic, but ``model_construct`` and ``model_copy``
    skip it, so the JSON is checked against the schema (plus NFC and no floats: a schema
    takes ``1.0`` as an integer) and the rules run on the model itself.
    """
    if len(raw) > DEFAULT_LIMITS.max_bytes or not _nfc(raw) or not _fits_schema(value):
        return False
    if not is_data_model(value):  # a schema takes 1.0 for an integer
        return False
    try:
        return not check_rules(message)
    except Exception:  # noqa: BLE001 - a malformed model is not proved valid: the caller validates
        return False


def validate_fast(
    data: bytes | str,
    *,
    limits: Limits | None = None,
    migrations: MigrationRegistry = MIGRATIONS,
) -> Report:
    """Validate one serialised TRM message; same result as the reference, faster.

    Args:
        data: The JSON document, preferably as the bytes received.
        limits: Size, depth and issue limits.
        migrations: Upgrade steps for documents of older spec versions.

    Returns:
        The report the reference validator returns for ``data``.
    """
    limits = limits or DEFAULT_LIMITS
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    proved = _proved_valid(raw, limits)
    if proved is not None:
        return proved
    return validate_reference(raw, limits=limits, migrations=migrations)

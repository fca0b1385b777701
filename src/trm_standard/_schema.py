"""JSON Schemas (2020-12) generated from the models, the schema index and the registry.

Layout (DESIGN §0, §4)::

    schemas/index.json                               every version: status, files, SHA-256
    schemas/<spec-version>/<message_type>.schema.json one self-contained schema per message
    schemas/<spec-version>/message.schema.json        any message, dispatched on message_type

Every ``$id`` is ``https://w3id.org/trm/schema/<spec-version>/<file>`` and every ``$ref``
resolves offline (inside the file, or to another file of the index through
:func:`registry`). Files are written with sorted keys, 2-space indentation and a final
newline, so generation is byte-stable. Files of a ``released`` version never change; a
``draft`` version always equals what the models generate (``trm schema check``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from trm_standard._codelists import codelist
from trm_standard._errors import SchemaDriftError
from trm_standard.v1 import MESSAGE_CLASSES, SPEC_VERSION
from trm_standard.v1._types import DATE_PATTERN, DATETIME_PATTERN, parse_date, parse_utc_datetime

__all__ = [
    "DIALECT",
    "SCHEMA_BASE",
    "SchemaProblem",
    "TRMValidator",
    "VersionEntry",
    "check_schemas",
    "export_schemas",
    "format_checker",
    "generate_schemas",
    "load_index",
    "message_schema",
    "registry",
    "render_json",
    "schema_id",
    "schemas_dir",
    "validator_for",
]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE: Final = "https://w3id.org/trm/schema/"
INDEX_FILE: Final = "index.json"
ANY_MESSAGE: Final = "message"

Status = Literal["draft", "released"]


def schema_id(version: str, name: str) -> str:
    """Return the ``$id`` of schema ``name`` (a message type, or ``message``) of ``version``."""
    return f"{SCHEMA_BASE}{version}/{name}.schema.json"


class _TRMSchemaGenerator(GenerateJsonSchema):
    """Pydantic's generator adjusted to the TRM conventions.

    * Optional members are simply not required: no ``null`` branch, no ``default``
      (DESIGN §0: absent rather than null).
    * Properties carry descriptions, not titles.
    * Enums name their code list (``x-trm-codelist``); their description is the list's.
    """

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        if schema.get("default", None) is not None:
            raise TypeError("TRM models have no defaults other than absence")
        return self.generate_inner(schema["schema"])

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def enum_schema(self, schema: core_schema.EnumSchema) -> JsonSchemaValue:
        result = super().enum_schema(schema)
        name = getattr(schema["cls"], "__codelist__", None)
        if name is not None:
            result["x-trm-codelist"] = codelist(name).uri
        return result


def _model_schema(model: type[BaseModel], version: str, message_type: str) -> dict[str, Any]:
    body = model.model_json_schema(
        schema_generator=_TRMSchemaGenerator, ref_template="#/$defs/{model}"
    )
    return {
        "$schema": DIALECT,
        "$id": schema_id(version, message_type),
        **body,
        "title": f"TRM {message_type} {version}",
    }


def message_schema(version: str, message_types: tuple[str, ...]) -> dict[str, Any]:
    """Return the schema that accepts any message of ``version``, dispatched on its type."""
    return {
        "$schema": DIALECT,
        "$id": schema_id(version, ANY_MESSAGE),
        "title": f"TRM message {version}",
        "description": "Any TRM message of this version; message_type selects the schema.",
        "type": "object",
        "required": ["spec_version", "message_type"],
        "properties": {
            "spec_version": {"const": version},
            "message_type": {"enum": list(message_types)},
        },
        "allOf": [
            {
                "if": {"properties": {"message_type": {"const": t}}},
                "then": {"$ref": schema_id(version, t)},
            }
            for t in message_types
        ],
    }


def generate_schemas() -> dict[str, dict[str, Any]]:
    """Generate every schema file of the current spec version, keyed by file name."""
    files = {
        f"{t}.schema.json": _model_schema(cls, SPEC_VERSION, t)
        for t, cls in sorted(MESSAGE_CLASSES.items())
    }
    files[f"{ANY_MESSAGE}.schema.json"] = message_schema(
        SPEC_VERSION, tuple(sorted(MESSAGE_CLASSES))
    )
    return files


def render_json(doc: Any) -> str:
    """Serialise a schema or index the way committed files are written."""
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------
# Location of the committed / packaged schemas
# --------------------------------------------------------------------------------------


def schemas_dir() -> Path:
    """Return the schema folder: packaged in the wheel, or ``schemas/`` of a source tree."""
    packaged = resources.files("trm_standard") / "schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "schemas"


@dataclass(frozen=True, slots=True)
class VersionEntry:
    """One version of the schema index.

    Attributes:
        version: The spec version.
        status: ``draft`` (may still change) or ``released`` (frozen forever).
        files: File name → SHA-256 of its bytes.
    """

    version: str
    status: Status
    files: Mapping[str, str]


def load_index(root: Path | None = None) -> tuple[VersionEntry, ...]:
    """Read ``index.json`` of ``root`` (default: :func:`schemas_dir`).

    Raises:
        OSError: If the index cannot be read.
        SchemaDriftError: If it is not a valid index (``TRM-TOOL-001``).
    """
    path = (root or schemas_dir()) / INDEX_FILE
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return tuple(
            VersionEntry(v["version"], v["status"], {f["name"]: f["sha256"] for f in v["files"]})
            for v in doc["versions"]
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise SchemaDriftError("TRM-TOOL-001", f"{path} is not a valid schema index") from exc


def _index_doc(entries: tuple[VersionEntry, ...]) -> dict[str, Any]:
    return {
        "description": "TRM JSON Schemas by spec version. Released versions never change.",
        "versions": [
            {
                "version": e.version,
                "status": e.status,
                "files": [{"name": n, "sha256": h} for n, h in sorted(e.files.items())],
            }
            for e in entries
        ],
    }


# --------------------------------------------------------------------------------------
# Export and drift check
# --------------------------------------------------------------------------------------


def export_schemas(root: Path) -> list[Path]:
    """Write the current version's schemas and update ``index.json`` under ``root``.

    Released versions are never rewritten: exporting over a released current version
    raises :class:`SchemaDriftError` if the models no longer generate the same files.

    Returns:
        The files written or rewritten.
    """
    generated = {name: render_json(doc) for name, doc in generate_schemas().items()}
    index_path = root / INDEX_FILE
    entries = list(load_index(root)) if index_path.exists() else []
    current = next((e for e in entries if e.version == SPEC_VERSION), None)
    hashes = {name: _sha256(text) for name, text in generated.items()}
    if current is not None and current.status == "released":
        if dict(current.files) != hashes:
            raise SchemaDriftError(
                "TRM-TOOL-002",
                f"spec {SPEC_VERSION} is released; its schemas cannot change",
            )
        restored = []  # a released file edited by hand gets its released content back
        folder = root / SPEC_VERSION
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in generated.items():
            path = folder / name
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                restored.append(path)
        return restored
    written: list[Path] = []
    folder = root / SPEC_VERSION
    folder.mkdir(parents=True, exist_ok=True)
    for stale in sorted(folder.glob("*.json")):
        if stale.name not in generated:
            stale.unlink()
            written.append(stale)
    for name, text in generated.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    entry = VersionEntry(SPEC_VERSION, "draft", hashes)
    entries = [e for e in entries if e.version != SPEC_VERSION] + [entry]
    entries.sort(key=lambda e: tuple(int(p) for p in e.version.split(".")))
    index_text = render_json(_index_doc(tuple(entries)))
    if not index_path.exists() or index_path.read_text(encoding="utf-8") != index_text:
        index_path.write_text(index_text, encoding="utf-8")
        written.append(index_path)
    return written


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    """A difference found by :func:`check_schemas`.

    Attributes:
        code: ``TRM-TOOL-001`` (drift) or ``TRM-TOOL-002`` (released file changed).
        path: The file concerned, relative to the schema folder.
        message: What is wrong.
    """

    code: str
    path: str
    message: str


def check_schemas(root: Path | None = None) -> list[SchemaProblem]:
    """Compare the committed schemas with the models and the index.

    * the current (draft) version's files equal what the models generate, none missing
      and none extra, and the index records their hashes;
    * every file of a released version still has the SHA-256 recorded in the index.

    Returns:
        Every problem found; an empty list means the tree is consistent.
    """
    root = root or schemas_dir()
    problems: list[SchemaProblem] = []
    try:
        entries = load_index(root)
    except (OSError, SchemaDriftError):
        return [SchemaProblem("TRM-TOOL-001", INDEX_FILE, "index is missing or unreadable")]
    for entry in entries:
        folder = root / entry.version
        on_disk = {p.name for p in folder.glob("*.json")} if folder.is_dir() else set()
        problems.extend(
            SchemaProblem("TRM-TOOL-001", f"{entry.version}/{name}", "file not in index")
            for name in sorted(on_disk - set(entry.files))
        )
        for name, digest in sorted(entry.files.items()):
            path = folder / name
            rel = f"{entry.version}/{name}"
            if not path.exists():
                problems.append(SchemaProblem("TRM-TOOL-001", rel, "file listed but missing"))
            elif _sha256(path.read_text(encoding="utf-8")) != digest:
                code = "TRM-TOOL-002" if entry.status == "released" else "TRM-TOOL-001"
                problems.append(SchemaProblem(code, rel, "content differs from the index hash"))
    current = next((e for e in entries if e.version == SPEC_VERSION), None)
    generated = {name: render_json(doc) for name, doc in generate_schemas().items()}
    if current is None:
        problems.append(SchemaProblem("TRM-TOOL-001", INDEX_FILE, "current version not indexed"))
        return problems
    expected = {name: _sha256(text) for name, text in generated.items()}
    for name in sorted(set(expected) | set(current.files)):
        if expected.get(name) != current.files.get(name):
            code = "TRM-TOOL-002" if current.status == "released" else "TRM-TOOL-001"
            problems.append(
                SchemaProblem(
                    code, f"{SPEC_VERSION}/{name}", "differs from what the models generate"
                )
            )
    return problems


# --------------------------------------------------------------------------------------
# Registry and validators
# --------------------------------------------------------------------------------------


@cache
def _load_schema(version: str, name: str) -> dict[str, Any]:
    path = schemas_dir() / version / f"{name}.schema.json"
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


@cache
def registry() -> Registry[Any]:
    """Return a registry of every packaged schema, keyed by ``$id`` (resolves offline)."""
    resources_: list[tuple[str, Resource[Any]]] = []
    for entry in load_index():
        for name in entry.files:
            if name.endswith(".schema.json"):
                doc = _load_schema(entry.version, name.removesuffix(".schema.json"))
                resources_.append((doc["$id"], DRAFT202012.create_resource(doc)))
    return Registry().with_resources(resources_)


_DATE_RE: Final = re.compile(DATE_PATTERN)
_DATETIME_RE: Final = re.compile(DATETIME_PATTERN)


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        return True  # the sibling "pattern" keyword reports the shape
    return parse_date(value) is not None


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str) or not _DATETIME_RE.fullmatch(value):
        return True  # the sibling "pattern" keyword reports the shape
    return parse_utc_datetime(value) is not None


def format_checker() -> FormatChecker:
    """Return a format checker asserting ``date`` and ``date-time`` exactly as the models do.

    Only these two formats appear in TRM schemas, always beside a ``pattern`` that fixes
    the shape; every value the pattern admits is valid RFC 3339 except impossible days
    (``2026-02-30``), which this checker rejects. A value of the wrong shape is left to
    the pattern, so each problem is reported once.
    """
    checker = FormatChecker(formats=())
    checker.checks("date")(_is_date)
    checker.checks("date-time")(_is_datetime)
    return checker


@cache
def _ecma_regex(pattern: str) -> re.Pattern[str]:
    # ECMA-262 (the regex dialect of JSON Schema) matches "$" only at the end of the input
    # when the m flag is off; Python's "$" also matches before a final newline, so
    # "1994-06\n" would pass "^...$". A trailing "$" becomes "\Z", its exact equivalent.
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + "\\Z"
    return re.compile(pattern)


def _pattern_keyword(
    validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    if validator.is_type(instance, "string") and not _ecma_regex(pattern).search(instance):
        yield jsonschema.ValidationError("does not match the pattern")


#: 2020-12 with ECMA-262 semantics for "pattern" (jsonschema uses Python's ``re.search``).
TRMValidator: Final = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, {"pattern": _pattern_keyword}
)


@cache
def validator_for(version: str, message_type: str) -> Any:
    """Return a (cached) 2020-12 validator for one message type, asserting formats.

    Raises:
        FileNotFoundError: If the version or message type has no schema.
    """
    schema = _load_schema(version, message_type)
    return TRMValidator(schema, registry=registry(), format_checker=format_checker())

"""Generate the TRM code lists as FHIR CodeSystem and ValueSet resources.

Every code list file (``codelists/<name>.json``) becomes ``CodeSystem-<name>.json``
(``url`` = the code-system URI, DESIGN §0) and ``ValueSet-<name>.json`` (all codes of
that system) in ``trm_standard/terminology/``; the message types used in ``Task.code``
get one more pair. The JSON uses only elements that FHIR R4 (4.0.1) and R5 share, so
both versions read the same files (FHIR codesystem.html, valueset.html).

Labels in the participating countries' languages become ``designation`` entries only
when they are authoritative (CLDR or reviewed); unreviewed drafts are never published
as terminology (DESIGN §3).

Run ``python -m trm_standard._fhirgen`` to write the files (``make codegen`` does) and
``python -m trm_standard._fhirgen --check`` to fail on drift (a test does).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel

from trm_standard._codelists import CodeList, codelists
from trm_standard._fhir import (
    CARRIERS,
    ELEMENT_MEMBERS,
    MESSAGE_TYPE_SYSTEM,
    PATH_EXTENSION,
    PERMIT_SCOPE_EXTENSION,
    extension_url,
)
from trm_standard._fhirmodel import Member, members
from trm_standard._labels import LANGUAGES, label
from trm_standard.v1 import MESSAGE_CLASSES, SPEC_VERSION
from trm_standard.v1 import _record as record
from trm_standard.v1._messages import AnonymousProfile

__all__ = [
    "EXTENSIONS_PAGE",
    "VALUE_SET_BASE",
    "check",
    "extensions_page",
    "terminology",
    "terminology_dir",
    "write",
    "write_extensions_page",
]

#: The generated page listing every TRM extension (next to the hand-written docs/fhir.md).
EXTENSIONS_PAGE: Final = Path(__file__).resolve().parents[2] / "docs" / "fhir-extensions.md"

#: Base of the ValueSet URLs (a ValueSet and its CodeSystem need distinct URLs).
VALUE_SET_BASE: Final = "https://w3id.org/trm/fhir/ValueSet/"
_PUBLISHER: Final = "trm_standard maintainers"
_STATUS_PROPERTY: Final = {
    "code": "status",
    "uri": "http://hl7.org/fhir/concept-properties#status",
    "type": "code",
}


def terminology_dir() -> Path:
    """Return the folder of the committed terminology files."""
    return Path(__file__).resolve().parent / "terminology"


def _camel(name: str) -> str:
    return "Trm" + "".join(part.capitalize() for part in name.split("-"))


def _designations(list_name: str, code: str) -> list[dict[str, str]]:
    out = []
    for language in LANGUAGES:
        found = label(list_name, code, language)
        if found.status in {"cldr", "reviewed"}:
            out.append({"language": language, "value": found.text})
    return out


def _concepts(cl: CodeList) -> list[dict[str, Any]]:
    concepts = []
    for code in cl.codes:
        concept: dict[str, Any] = {
            "code": code.code,
            "display": code.label,
            "definition": code.definition,
        }
        designations = _designations(cl.name, code.code)
        if designations:
            concept["designation"] = designations
        if code.deprecated:
            concept["property"] = [{"code": "status", "valueCode": "deprecated"}]
        concepts.append(concept)
    return concepts


def _status() -> str:
    """``active`` once the spec version is released (schemas/index.json), else ``draft``."""
    from trm_standard._schema import load_index, schemas_dir  # noqa: PLC0415

    entry = next((e for e in load_index(schemas_dir()) if e.version == SPEC_VERSION), None)
    return "active" if entry is not None and entry.status == "released" else "draft"


def _metadata(kind: str, name: str, url: str, *, version: str, title: str) -> dict[str, Any]:
    """Return the metadata CodeSystem and ValueSet share (FHIR codesystem.html, valueset.html)."""
    return {
        "resourceType": kind,
        "id": f"trm-{name}",
        "url": url,
        "version": version,
        "name": _camel(name),
        "title": title,
        "status": _status(),
        "experimental": False,
        "publisher": _PUBLISHER,
    }


def _code_system(
    name: str, url: str, *, version: str, title: str, description: str, concepts: list[Any]
) -> dict[str, Any]:
    resource = _metadata("CodeSystem", name, url, version=version, title=title)
    resource |= {
        "description": description,
        "caseSensitive": True,
        "valueSet": VALUE_SET_BASE + name,
        "content": "complete",
        "count": len(concepts),
    }
    if any("property" in c for c in concepts):
        resource["property"] = [_STATUS_PROPERTY]
    resource["concept"] = concepts
    return resource


def _value_set(name: str, url: str, version: str, title: str) -> dict[str, Any]:
    resource = _metadata("ValueSet", name, VALUE_SET_BASE + name, version=version, title=title)
    resource["description"] = f"All codes of the TRM code system {url}."
    resource["compose"] = {"include": [{"system": url, "version": version}]}
    return resource


def terminology() -> dict[str, dict[str, Any]]:
    """Return every terminology resource by file name, generated from the code lists."""
    files: dict[str, dict[str, Any]] = {}
    for cl in codelists():
        files[f"CodeSystem-{cl.name}.json"] = _code_system(
            cl.name,
            cl.uri,
            version=cl.version,
            title=cl.title,
            description=cl.description,
            concepts=_concepts(cl),
        )
        files[f"ValueSet-{cl.name}.json"] = _value_set(cl.name, cl.uri, cl.version, cl.title)
    types = [
        {
            "code": name,
            "display": name.replace("_", " ").capitalize(),
            "definition": (cls.__doc__ or name).strip().splitlines()[0],
        }
        for name, cls in sorted(MESSAGE_CLASSES.items())
    ]
    files["CodeSystem-message-type.json"] = _code_system(
        "message-type",
        MESSAGE_TYPE_SYSTEM,
        version=SPEC_VERSION,
        title="TRM message type",
        description="The kinds of TRM message, written in Task.code of a TRM FHIR Bundle.",
        concepts=types,
    )
    files["ValueSet-message-type.json"] = _value_set(
        "message-type", MESSAGE_TYPE_SYSTEM, SPEC_VERSION, "TRM message type"
    )
    return dict(sorted(files.items()))


def _text(resource: Mapping[str, Any]) -> str:
    return json.dumps(resource, ensure_ascii=False, indent=2) + "\n"


def write(folder: Path | None = None) -> list[Path]:
    """Write every terminology file into ``folder`` and remove stale ones; return them."""
    folder = folder or terminology_dir()
    folder.mkdir(parents=True, exist_ok=True)
    wanted = terminology()
    for stale in folder.glob("*.json"):
        if stale.name not in wanted:
            stale.unlink()
    written = []
    for name, resource in wanted.items():
        path = folder / name
        path.write_text(_text(resource), encoding="utf-8")
        written.append(path)
    return written


def write_extensions_page(path: Path = EXTENSIONS_PAGE) -> Path:
    """Write the generated extension page (docs/fhir-extensions.md)."""
    path.write_text(extensions_page(), encoding="utf-8")
    return path


def check(folder: Path | None = None) -> list[str]:
    """Return the names of the files that differ from what the code lists generate."""
    folder = folder or terminology_dir()
    wanted = terminology()
    drift = [
        name
        for name, resource in wanted.items()
        if not (folder / name).is_file()
        or (folder / name).read_text(encoding="utf-8") != _text(resource)
    ]
    drift += sorted(p.name for p in folder.glob("*.json") if p.name not in wanted)
    return drift


def _carrier_models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = [*MESSAGE_CLASSES.values(), AnonymousProfile]
    found += [getattr(record, name) for name in CARRIERS if hasattr(record, name)]
    return found


def _type(member: Member) -> str:
    if member.kind == "object":
        assert member.model is not None
        return f"complex ({member.model.__name__})"
    if member.kind == "code":
        assert member.system is not None
        return f"valueCoding ({member.system.rsplit('/', 1)[1]})"
    return "value" + member.kind[0].upper() + member.kind[1:]


def _describe(model: type[BaseModel], name: str) -> str:
    text = model.model_fields[name].description or ""
    return text.replace("|", "\\|")


def extensions_page() -> str:
    """Return the Markdown page of every TRM extension, generated from the models."""
    lines = [
        "# TRM FHIR extensions",
        "",
        "GENERATED by `python -m trm_standard._fhirgen` from the models; do not edit by hand.",
        "See [fhir.md](fhir.md) for the mapping, and the resource each extension sits on.",
        "",
        "Every member without a FHIR element travels as an extension whose URL is",
        "`https://w3id.org/trm/fhir/StructureDefinition/<Model>.<member>` (the model that",
        "declares the member). A list is one extension per item, in order. An object is a",
        "complex extension whose sub-extensions are named after its members (relative",
        "URLs); an object without members is written as `valueBoolean: true`.",
        "",
        "| Resource | Extension URL (after `StructureDefinition/`) | Value | Repeats | Meaning |",
        "|---|---|---|---|---|",
    ]
    nested: dict[str, type[BaseModel]] = {}
    seen: set[str] = set()
    for model in _carrier_models():
        resource = CARRIERS[model.__name__]
        for name, member in members(model).items():
            url = extension_url(model, name)
            owner = url.rsplit("/", 1)[1].split(".")[0]
            if name in ELEMENT_MEMBERS.get(owner, ()) or url in seen:
                continue
            seen.add(url)
            if member.model is not None:
                _collect(member.model, nested)
            repeats = "yes" if member.repeated else ""
            lines.append(
                f"| {resource} | `{url.rsplit('/', 1)[1]}` | {_type(member)} | {repeats} "
                f"| {_describe(model, name)} |"
            )
    lines += _mapping_extensions()
    lines += ["", "## Sub-extensions of the complex extensions", ""]
    for model_name, model in sorted(nested.items()):
        lines += [
            f"### {model_name}",
            "",
            "| Sub-extension URL | Value | Repeats |",
            "|---|---|---|",
        ]
        moved = ELEMENT_MEMBERS.get(model_name, frozenset())
        for name, member in members(model).items():
            kind = "own resource or element (see fhir.md)" if name in moved else _type(member)
            lines.append(f"| `{name}` | {kind} | {'yes' if member.repeated else ''} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _mapping_extensions() -> list[str]:
    """Document the extensions of the mapping itself (not of a model member)."""
    path = PATH_EXTENSION.rsplit("/", 1)[1]
    scope = PERMIT_SCOPE_EXTENSION.rsplit("/", 1)[1]
    return [
        "",
        "## Extensions of the mapping",
        "",
        "| Resource | Extension URL (after `StructureDefinition/`) | Value | Repeats | Meaning |",
        "|---|---|---|---|---|",
        f"| every resource | `{path}` | valueString |  | JSON Pointer (URI fragment form) of "
        "the member the resource carries; `#` for the message Task. |",
        f"| Consent (permit provision, **modifierExtension**) | `{scope}` | complex |  | "
        "The restrictions of the consent record that the permit's actors do not say: "
        "sub-extensions `org_types` (valueCoding org-type), `countries` (valueCoding "
        "country) and `data_categories` (valueCoding data-category), one per code. The "
        "permit covers only recipients and data the record names; a FHIR reader that does "
        "not understand this modifier must not apply the permit (FHIR R4/R5 "
        "extensibility.html, modifierExtension). Derived from the record, never read "
        "back, checked on import (`TRM-FHIR-014`). |",
    ]


def _collect(model: type[BaseModel], into: dict[str, type[BaseModel]]) -> None:
    if model.__name__ in into:
        return
    into[model.__name__] = model
    for member in members(model).values():
        if member.model is not None:
            _collect(member.model, into)


def main(argv: list[str] | None = None) -> int:
    """Write the terminology files, or with ``--check`` report drift (exit 1)."""
    parser = argparse.ArgumentParser(prog="python -m trm_standard._fhirgen")
    parser.add_argument("--check", action="store_true", help="exit 1 if the files drift")
    args = parser.parse_args(argv)
    if args.check:
        drift = check()
        if EXTENSIONS_PAGE.read_text(encoding="utf-8") != extensions_page():
            drift.append(EXTENSIONS_PAGE.name)
        for name in drift:
            sys.stderr.write(f"drift: {name}\n")
        return 1 if drift else 0
    written = write()
    write_extensions_page()
    sys.stdout.write(f"wrote {len(written)} FHIR terminology files and {EXTENSIONS_PAGE.name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

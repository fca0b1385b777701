"""Generate the TRM code lists as FHIR CodeSystem and ValueSet resources.

Every code list file (``codelists/<name>.json``) becomes ``CodeSystem-<name>.json``
(``url`` = the code-system URI, DESIGN §0) and ``ValueSet-<name>.json`` (all codes of
that system) in ``trm_standard/terminology/``; the message types used in ``Task.code``
get one more pair. The JSON uses only elements that FHIR R4 (4.0.1) and R5 share, so
both versions read the same files (FHIR R5 §4.8 CodeSystem, §4.9 ValueSet).

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

from trm_standard._codelists import CodeList, codelists
from trm_standard._fhir import MESSAGE_TYPE_SYSTEM
from trm_standard._labels import LANGUAGES, label
from trm_standard.v1 import MESSAGE_CLASSES, SPEC_VERSION

__all__ = ["VALUE_SET_BASE", "check", "terminology", "terminology_dir", "write"]

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


def _code_system(
    name: str, url: str, *, version: str, title: str, description: str, concepts: list[Any]
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "CodeSystem",
        "id": f"trm-{name}",
        "url": url,
        "version": version,
        "name": _camel(name),
        "title": title,
        "status": "draft",
        "experimental": False,
        "publisher": _PUBLISHER,
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
    return {
        "resourceType": "ValueSet",
        "id": f"trm-{name}",
        "url": VALUE_SET_BASE + name,
        "version": version,
        "name": _camel(name),
        "title": title,
        "status": "draft",
        "experimental": False,
        "publisher": _PUBLISHER,
        "description": f"All codes of the TRM code system {url}.",
        "compose": {"include": [{"system": url, "version": version}]},
    }


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


def main(argv: list[str] | None = None) -> int:
    """Write the terminology files, or with ``--check`` report drift (exit 1)."""
    parser = argparse.ArgumentParser(prog="python -m trm_standard._fhirgen")
    parser.add_argument("--check", action="store_true", help="exit 1 if the files drift")
    args = parser.parse_args(argv)
    if args.check:
        drift = check()
        for name in drift:
            sys.stderr.write(f"drift: {name}\n")
        return 1 if drift else 0
    written = write()
    sys.stdout.write(f"wrote {len(written)} FHIR terminology files\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

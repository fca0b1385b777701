"""Code lists (controlled vocabularies) shipped as JSON data files.

Each file ``codelists/<name>.json`` holds one list: its URI
(``https://w3id.org/trm/codes/<name>``, also the FHIR code system), version, title,
description, sources and, per code, an English label, a definition, a source and
mappings to HTCDS, CTDC and other standards where they exist. The Python enums in
``trm_standard.v1`` are generated from these files; a test proves they cannot drift.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["CODE_SYSTEM_BASE", "Code", "CodeList", "codelist", "codelist_names", "codelists"]

CODE_SYSTEM_BASE = "https://w3id.org/trm/codes/"


@dataclass(frozen=True, slots=True)
class Code:
    """One code of a code list.

    Attributes:
        code: The code as written in messages (``UPPER_SNAKE``, or ISO for countries).
        label: English label (authoritative).
        definition: One-sentence definition.
        source: The standard or instrument the code comes from.
        mappings: Equivalent values in other standards (``htcds``, ``ctdc``, ``isic``, ...).
        attributes: Further list-specific facts (e.g. ``special_category``, ``groups``).
        deprecated: True if the code should no longer be written.
    """

    code: str
    label: str
    definition: str
    source: str
    mappings: Mapping[str, str] = field(default_factory=dict)
    attributes: Mapping[str, Any] = field(default_factory=dict)
    deprecated: bool = False


@dataclass(frozen=True, slots=True)
class CodeList:
    """A versioned code list.

    Attributes:
        name: Short name, also the last segment of ``uri``.
        uri: Code system URI.
        version: Version of this list (semver; add-only in minor versions).
        title: English title.
        description: What the list classifies.
        sources: Standards the list draws on.
        attribution: Licence attribution for reused content, if any.
        codes: The codes, in their published order.
    """

    name: str
    uri: str
    version: str
    title: str
    description: str
    sources: tuple[str, ...]
    attribution: str
    codes: tuple[Code, ...]

    @property
    def values(self) -> tuple[str, ...]:
        """Return the code values in order."""
        return tuple(c.code for c in self.codes)

    def get(self, code: str) -> Code | None:
        """Return the entry for ``code``, or None if the list has no such code."""
        return _index(self.name).get(code)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in _index(self.name)


_CODE_KEYS = {"code", "label", "definition", "source", "mappings", "deprecated"}


def _parse(doc: Mapping[str, Any]) -> CodeList:
    codes = tuple(
        Code(
            code=entry["code"],
            label=entry["label"],
            definition=entry["definition"],
            source=entry["source"],
            mappings=dict(entry.get("mappings", {})),
            attributes={k: v for k, v in entry.items() if k not in _CODE_KEYS},
            deprecated=bool(entry.get("deprecated", False)),
        )
        for entry in doc["codes"]
    )
    return CodeList(
        name=doc["name"],
        uri=doc["uri"],
        version=doc["version"],
        title=doc["title"],
        description=doc["description"],
        sources=tuple(doc.get("sources", ())),
        attribution=doc.get("attribution", ""),
        codes=codes,
    )


def _folder() -> resources.abc.Traversable:
    return resources.files("trm_standard") / "codelists"


@cache
def codelist_names() -> tuple[str, ...]:
    """Return the names of every shipped code list, sorted."""
    return tuple(
        sorted(
            p.name.removesuffix(".json")
            for p in _folder().iterdir()
            if p.name.endswith(".json") and not p.name.startswith("_")
        )
    )


@cache
def codelist(name: str) -> CodeList:
    """Return the code list called ``name``.

    Raises:
        KeyError: If no such list is shipped.
    """
    if name not in codelist_names():
        raise KeyError(f"no code list named {name!r}")
    raw = (_folder() / f"{name}.json").read_text(encoding="utf-8")
    return _parse(json.loads(raw))


def codelists() -> tuple[CodeList, ...]:
    """Return every shipped code list, sorted by name."""
    return tuple(codelist(n) for n in codelist_names())


@cache
def _index(name: str) -> Mapping[str, Code]:
    return {c.code: c for c in codelist(name).codes}

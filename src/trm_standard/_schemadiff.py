"""Compatibility checker: classify every change between two versions of the schemas.

``trm schema diff OLD_DIR NEW_DIR`` compares the message schemas of two version folders
(e.g. ``schemas/1.0.0`` and ``schemas/1.1.0``) member by member and reports each change
as one of:

``addition``
    compatible: something optional appears (a member, a code, a message type) or a
    constraint is relaxed; every document valid before stays valid, but documents that use
    the addition are new to older readers (a minor version).
``revision``
    compatible: documentation or annotations change (descriptions, privacy classes, code
    list URIs, deprecation marks), or the spec version itself moves on; no document changes
    validity (a patch version).
``breaking``
    a document valid before may now be invalid, or mean something else: a member or code
    removed or renamed, a member newly required, a type changed, a constraint tightened.

The policy (docs/versioning.md) maps them to versions: additions and revisions make a
minor or patch version, anything breaking a new major version.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

__all__ = ["Change", "ChangeKind", "diff_schema_dirs", "diff_schemas"]

_DISPATCHER: Final = "message.schema.json"

ChangeKind = Literal["addition", "revision", "breaking"]

#: Keywords that only document; a change is a revision.
_ANNOTATIONS: Final = (
    "description",
    "x-trm-privacy",
    "x-trm-category",
    "x-trm-codelist",
    "deprecated",
    "examples",
    "default",
    "$comment",
)
#: Lower bounds: a higher new value tightens.
_LOWER: Final = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
#: Upper bounds: a lower new value tightens.
_UPPER: Final = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
#: Keywords whose appearance restricts and whose change cannot be proved harmless.
_RESTRICTING: Final = ("pattern", "format", "const", "multipleOf")
_HANDLED: Final = frozenset(
    {
        *_ANNOTATIONS,
        *_LOWER,
        *_UPPER,
        *_RESTRICTING,
        "$ref",
        "$defs",
        "title",  # class names and the version in the root title: never meaningful
        "$schema",
        "$id",
        "type",
        "enum",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "uniqueItems",
    }
)


@dataclass(frozen=True, slots=True, order=True)
class Change:
    """One difference between two schema versions.

    Attributes:
        file: The schema file (a message type), e.g. ``referral.schema.json``.
        pointer: Where in a message, with ``*`` for every item of an array.
        kind: ``addition``, ``revision`` or ``breaking``.
        what: What changed, in English.
    """

    file: str
    pointer: str
    kind: ChangeKind
    what: str


class _Walker:
    def __init__(self, file: str, old_root: Mapping[str, Any], new_root: Mapping[str, Any]) -> None:
        self.file = file
        self.roots = (old_root, new_root)
        self.active: set[tuple[str, str]] = set()  # $refs being compared (recursive $defs)

    def change(self, pointer: str, kind: ChangeKind, what: str) -> Change:
        return Change(self.file, pointer or "/", kind, what)

    def resolve(self, node: Mapping[str, Any], side: int) -> Mapping[str, Any]:
        """Inline a local ``$ref`` (its siblings win, as in 2020-12 annotations)."""
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
            return node
        target = self.roots[side].get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
        return {**self.resolve(target, side), **{k: v for k, v in node.items() if k != "$ref"}}

    def compare(
        self, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str
    ) -> Iterator[Change]:
        refs = (str(old.get("$ref", "")), str(new.get("$ref", "")))
        if refs != ("", "") and refs in self.active:
            return  # a recursive definition, compared where it first appeared
        self.active.add(refs)
        try:
            yield from self._compare(self.resolve(old, 0), self.resolve(new, 1), pointer)
        finally:
            self.active.discard(refs)

    def _compare(
        self, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str
    ) -> Iterator[Change]:
        if pointer == "/spec_version" and "const" in old and "const" in new:
            if old["const"] != new["const"]:  # every release moves it; migrations bridge it
                what = f"spec version {old['const']} became {new['const']}"
                yield self.change(pointer, "revision", what)
            old = {k: v for k, v in old.items() if k != "const"}
            new = {k: v for k, v in new.items() if k != "const"}
        for key in _ANNOTATIONS:
            if old.get(key) != new.get(key):
                yield self.change(pointer, "revision", f"{key} changed")
        yield from self.types(old, new, pointer)
        yield from self.enum(old, new, pointer)
        yield from self.bounds(old, new, pointer)
        for key in _RESTRICTING:
            if old.get(key) == new.get(key):
                continue
            if key not in new:
                yield self.change(pointer, "addition", f"{key} removed (relaxed)")
            else:
                yield self.change(pointer, "breaking", f"{key} added or changed")
        if old.get("uniqueItems", False) != new.get("uniqueItems", False):
            kind: ChangeKind = "breaking" if new.get("uniqueItems") else "addition"
            yield self.change(pointer, kind, "uniqueItems changed")
        yield from self.objects(old, new, pointer)
        yield from self.subschema(old.get("items"), new.get("items"), f"{pointer}/*", "items")
        unknown = (set(old) | set(new)) - _HANDLED
        for key in sorted(k for k in unknown if old.get(k) != new.get(k)):
            yield self.change(pointer, "breaking", f"{key} changed (not analysed)")

    def types(
        self, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str
    ) -> Iterator[Change]:
        before, after = _type_set(old.get("type")), _type_set(new.get("type"))
        if before == after:
            return
        widened = after is None or (before is not None and before <= after)
        kind: ChangeKind = "addition" if widened else "breaking"
        yield self.change(pointer, kind, f"type {old.get('type')} became {new.get('type')}")

    def enum(
        self, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str
    ) -> Iterator[Change]:
        if "enum" not in old and "enum" not in new:
            return
        if "enum" not in new:
            yield self.change(pointer, "addition", "code list constraint removed (relaxed)")
            return
        before, after = list(old.get("enum", [])), list(new["enum"])
        removed = [v for v in before if v not in after]
        added = [v for v in after if v not in before]
        if len(removed) == len(added) == 1 and before.index(removed[0]) == after.index(added[0]):
            yield self.change(pointer, "breaking", f"code {removed[0]} renamed to {added[0]}")
            return
        for value in removed:
            yield self.change(pointer, "breaking", f"code {value} removed")
        for value in added:
            kind: ChangeKind = "addition" if before else "breaking"
            yield self.change(pointer, kind, f"code {value} added")

    def bounds(
        self, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str
    ) -> Iterator[Change]:
        for key in (*_LOWER, *_UPPER):
            a, b = old.get(key), new.get(key)
            if a == b:
                continue
            if b is None:
                tighter = False
            elif a is None:
                tighter = True
            else:
                tighter = b > a if key in _LOWER else b < a
            kind: ChangeKind = "breaking" if tighter else "addition"
            yield self.change(pointer, kind, f"{key} {a} became {b}")

    def objects(
        self, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str
    ) -> Iterator[Change]:
        old_props: Mapping[str, Any] = old.get("properties", {})
        new_props: Mapping[str, Any] = new.get("properties", {})
        old_req, new_req = set(old.get("required", [])), set(new.get("required", []))
        for name in sorted((new_req - old_req) - set(old_props) - set(new_props)):
            yield self.change(f"{pointer}/{name}", "breaking", "member became required")
        for name in sorted(set(old_props) | set(new_props)):
            where = f"{pointer}/{name}"
            if name not in new_props:
                yield self.change(where, "breaking", "member removed")
            elif name not in old_props:
                if name in new_req:
                    yield self.change(where, "breaking", "new required member")
                else:
                    yield self.change(where, "addition", "new optional member")
            else:
                if name in new_req and name not in old_req:
                    yield self.change(where, "breaking", "member became required")
                elif name in old_req and name not in new_req:
                    yield self.change(where, "addition", "member became optional (relaxed)")
                yield from self.compare(old_props[name], new_props[name], where)
        closed_before = old.get("additionalProperties") is False
        closed_after = new.get("additionalProperties") is False
        if closed_before != closed_after:
            kind: ChangeKind = "breaking" if closed_after else "addition"
            yield self.change(pointer, kind, "additionalProperties changed")
        elif not closed_before:
            before, after = old.get("additionalProperties"), new.get("additionalProperties")
            yield from self.subschema(before, after, f"{pointer}/*", "additionalProperties")

    def subschema(self, old: object, new: object, pointer: str, keyword: str) -> Iterator[Change]:
        """Compare a keyword whose value is a schema; its appearance counts too."""
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            yield from self.compare(old, new, pointer)
        elif isinstance(new, Mapping) and new:
            yield self.change(pointer, "breaking", f"{keyword} added")
        elif isinstance(old, Mapping) and old:
            yield self.change(pointer, "addition", f"{keyword} removed (relaxed)")


def _type_set(value: object) -> frozenset[str] | None:
    """Return the JSON types a ``type`` keyword admits (None: any type)."""
    if value is None:
        return None
    types = {str(v) for v in value} if isinstance(value, list) else {str(value)}
    if "number" in types:
        types.add("integer")
    return frozenset(types)


def diff_schemas(file: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Return every change between two versions of one message schema."""
    return sorted(_Walker(file, old, new).compare(old, new, ""))


def _read(path: Path) -> dict[str, Any]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise ValueError(f"{path.name} is not a JSON Schema object")  # noqa: TRY004 - bad file content
    return doc


def _schemas(folder: Path) -> dict[str, dict[str, Any]]:
    return {p.name: _read(p) for p in sorted(folder.glob("*.schema.json"))}


def _dispatcher(folder: Path, schemas: Mapping[str, Any]) -> Iterator[Change]:
    """The dispatching schema must name exactly the message types of its folder."""
    doc = schemas.get(_DISPATCHER)
    if doc is None:
        return
    named = set(doc.get("properties", {}).get("message_type", {}).get("enum", []))
    present = {n.removesuffix(".schema.json") for n in schemas if n != _DISPATCHER}
    if named != present:
        what = f"{folder.name}: the dispatcher and the message schemas disagree"
        yield Change(_DISPATCHER, "/message_type", "breaking", what)


def diff_schema_dirs(old_dir: Path, new_dir: Path) -> list[Change]:
    """Return every change between the message schemas of two version folders.

    The dispatching ``message.schema.json`` follows the message types; it is only checked
    to name exactly the message types of its folder.

    Raises:
        OSError: If a folder or file cannot be read.
        ValueError: If a schema file is not a JSON object.
    """
    old, new = _schemas(old_dir), _schemas(new_dir)
    changes: list[Change] = list(_dispatcher(new_dir, new))
    for name in sorted((set(old) | set(new)) - {_DISPATCHER}):
        if name not in new:
            changes.append(Change(name, "/", "breaking", "message type removed"))
        elif name not in old:
            changes.append(Change(name, "/", "addition", "new message type"))
        else:
            changes += diff_schemas(name, old[name], new[name])
    return changes

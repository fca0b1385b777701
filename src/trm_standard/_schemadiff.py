"""Compatibility checker: classify every change between two versions of the schemas.

``trm schema diff OLD_DIR NEW_DIR`` compares the message schemas of two version folders
(e.g. ``schemas/1.0.0`` and ``schemas/1.1.0``) member by member and reports each change
as one of:

``addition``
    compatible: something optional appears (a member, a code, a message type); every
    document valid before stays valid.
``revision``
    compatible: documentation or annotations change (descriptions, privacy classes, code
    list URIs), or a constraint is relaxed; every document valid before stays valid.
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

ChangeKind = Literal["addition", "revision", "breaking"]

#: Keywords that only document; a change is a revision.
_ANNOTATIONS: Final = ("description", "x-trm-privacy", "x-trm-category", "x-trm-codelist")
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
        old, new = self.resolve(old, 0), self.resolve(new, 1)
        for key in _ANNOTATIONS:
            if old.get(key) != new.get(key):
                yield self.change(pointer, "revision", f"{key} changed")
        if old.get("type") != new.get("type"):
            yield self.change(
                pointer, "breaking", f"type {old.get('type')} became {new.get('type')}"
            )
        yield from self.enum(old, new, pointer)
        yield from self.bounds(old, new, pointer)
        for key in _RESTRICTING:
            if old.get(key) == new.get(key):
                continue
            if key not in new:
                yield self.change(pointer, "revision", f"{key} removed")
            else:
                yield self.change(pointer, "breaking", f"{key} added or changed")
        if old.get("uniqueItems", False) != new.get("uniqueItems", False):
            kind: ChangeKind = "breaking" if new.get("uniqueItems") else "revision"
            yield self.change(pointer, kind, "uniqueItems changed")
        yield from self.objects(old, new, pointer)
        if isinstance(old.get("items"), Mapping) and isinstance(new.get("items"), Mapping):
            yield from self.compare(old["items"], new["items"], f"{pointer}/*")
        unknown = (set(old) | set(new)) - _HANDLED
        for key in sorted(k for k in unknown if old.get(k) != new.get(k)):
            yield self.change(pointer, "breaking", f"{key} changed (not analysed)")

    def enum(
        self, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str
    ) -> Iterator[Change]:
        if "enum" not in old and "enum" not in new:
            return
        before, after = list(old.get("enum", [])), list(new.get("enum", []))
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
            lower = key in _LOWER
            if b is None:
                tighter = False
            elif a is None:
                tighter = True
            else:
                tighter = b > a if lower else b < a
            kind: ChangeKind = "breaking" if tighter else "revision"
            yield self.change(pointer, kind, f"{key} {a} became {b}")

    def objects(
        self, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str
    ) -> Iterator[Change]:
        old_props: Mapping[str, Any] = old.get("properties", {})
        new_props: Mapping[str, Any] = new.get("properties", {})
        old_req, new_req = set(old.get("required", [])), set(new.get("required", []))
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
                    yield self.change(where, "revision", "member became optional")
                yield from self.compare(old_props[name], new_props[name], where)
        closed_before = old.get("additionalProperties") is False
        closed_after = new.get("additionalProperties") is False
        if closed_before != closed_after:
            kind: ChangeKind = "breaking" if closed_after else "revision"
            yield self.change(pointer, kind, "additionalProperties changed")


def diff_schemas(file: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Return every change between two versions of one message schema."""
    return sorted(_Walker(file, old, new).compare(old, new, ""))


def _schemas(folder: Path) -> dict[str, dict[str, Any]]:
    return {
        p.name: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.schema.json"))
        if p.name != "message.schema.json"  # the dispatcher follows the message types
    }


def diff_schema_dirs(old_dir: Path, new_dir: Path) -> list[Change]:
    """Return every change between the message schemas of two version folders.

    Raises:
        OSError: If a folder or file cannot be read.
        ValueError: If a schema file is not JSON.
    """
    old, new = _schemas(old_dir), _schemas(new_dir)
    changes: list[Change] = []
    for name in sorted(set(old) | set(new)):
        if name not in new:
            changes.append(Change(name, "/", "breaking", "message type removed"))
        elif name not in old:
            changes.append(Change(name, "/", "addition", "new message type"))
        else:
            changes += diff_schemas(name, old[name], new[name])
    return changes

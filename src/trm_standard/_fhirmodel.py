"""Field-driven view of the TRM models for the FHIR mapping.

The FHIR mapping (:mod:`trm_standard.fhir`) gives the well-known parts of a message a
proper FHIR home and carries every other member as an extension whose shape follows
the model: a member becomes one extension, a list one extension per item, an object an
extension with one sub-extension per member (FHIR extensibility.html,
complex extensions). This module reads the shape from the pydantic annotations, so a
member added to a model is carried without touching the mapping.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Final, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from trm_standard._codelists import CODE_SYSTEM_BASE
from trm_standard.v1._types import PartialDate

__all__ = ["EXT_BASE", "Kind", "Member", "members", "model_at"]

#: Base of every TRM extension URL (DESIGN §0).
EXT_BASE: Final = "https://w3id.org/trm/fhir/StructureDefinition/"

#: How a member's JSON value is written in FHIR: the ``value[x]`` type, or an object.
Kind = Literal["object", "code", "string", "date", "dateTime", "integer", "boolean"]


@dataclass(frozen=True, slots=True)
class Member:
    """One member of a model, as the FHIR mapping sees it.

    Attributes:
        name: The member name (``snake_case``).
        kind: ``object`` for a nested model, else the FHIR primitive type of the value.
        repeated: True for a list (``Items``/``CodeSet``).
        model: The nested model class when ``kind`` is ``object``.
        system: The code system URI when ``kind`` is ``code``.
    """

    name: str
    kind: Kind
    repeated: bool
    model: type[BaseModel] | None = None
    system: str | None = None


def _strip(annotation: Any) -> tuple[Any, bool]:
    """Return the base type of ``annotation`` and whether it is a list."""
    repeated = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            (annotation,) = [a for a in get_args(annotation) if a is not type(None)]
        elif origin is tuple:
            repeated = True
            annotation = get_args(annotation)[0]
        else:
            return annotation, repeated


def _member(name: str, annotation: Any) -> Member:
    base, repeated = _strip(annotation)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return Member(name, "object", repeated, model=base)
    if isinstance(base, type) and issubclass(base, StrEnum):
        system = CODE_SYSTEM_BASE + base.__codelist__  # type: ignore[attr-defined]
        return Member(name, "code", repeated, system=system)
    kind: Kind
    if base is bool:
        kind = "boolean"
    elif base is int:
        kind = "integer"
    elif base is datetime:
        kind = "dateTime"
    elif base is date or base is PartialDate:
        kind = "date"
    else:  # str, Literal and constrained strings
        kind = "string"
    return Member(name, kind, repeated)


@cache
def members(model: type[BaseModel]) -> dict[str, Member]:
    """Return the members of ``model`` by name, in declaration order."""
    return {name: _member(name, info.annotation) for name, info in model.model_fields.items()}


def model_at(root: type[BaseModel], path: tuple[str, ...]) -> type[BaseModel]:
    """Return the model class of the object at ``path`` below ``root``.

    Numeric segments (list indexes) are skipped.

    Raises:
        KeyError: If the path does not lead to an object of the model.
    """
    model = root
    for part in path:
        if part.isdigit():
            continue
        member = members(model)[part]
        if member.model is None:
            raise KeyError(part)
        model = member.model
    return model

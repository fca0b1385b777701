"""Base model of spec 1.0.0: immutable, closed, privacy-annotated, redacted in reprs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from trm_standard.v1._vocab import DataCategory, PrivacyClass

__all__ = ["F", "TRMModel", "field_category", "field_privacy"]

PRIVACY_KEY = "x-trm-privacy"
CATEGORY_KEY = "x-trm-category"


def F(  # noqa: N802 - a field declaration, read like pydantic's Field
    description: str,
    privacy: PrivacyClass,
    category: DataCategory,
    **constraints: Any,
) -> Any:
    """Declare a field with its description, privacy class and data category.

    The privacy class and category reach the JSON Schema as ``x-trm-privacy`` and
    ``x-trm-category`` (DESIGN §3); consent, minimisation and anonymisation read them
    from there or from :func:`field_privacy`.

    Args:
        description: What the field means; becomes the schema ``description``.
        privacy: ``DI``, ``QI``, ``SC``, ``SAFETY`` or ``OPS``.
        category: The data category consent and minimisation reason about.
        **constraints: Further ``pydantic.Field`` arguments (``ge``, ``le``, ...).
    """
    return Field(
        description=description,
        json_schema_extra={PRIVACY_KEY: privacy.value, CATEGORY_KEY: category.value},
        **constraints,
    )


class _Redacted:
    """Stands in for a personal value in a repr: shows its privacy class, not the value."""

    __slots__ = ("label",)

    def __init__(self, label: str) -> None:
        self.label = label

    def __repr__(self) -> str:
        return f"<{self.label}>"


class TRMModel(BaseModel):
    """Base of every TRM model: frozen, ``extra="forbid"``, strict, never shows personal data.

    * ``repr()`` and ``str()`` show operational (``OPS``) scalars only; every other value is
      replaced by its privacy class, e.g. ``given_names=<DI>``.
    * Validation errors never include input values (``hide_input_in_errors``).
    * Absent members are ``None`` in Python and left out of JSON (never ``null``).
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(
        frozen=True,
        extra="forbid",
        strict=True,
        hide_input_in_errors=True,
    )

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, info in type(self).model_fields.items():
            value = getattr(self, name)
            if value is None:
                continue
            privacy = field_privacy(type(self), name)
            if (
                isinstance(value, TRMModel)
                or (isinstance(value, tuple) and value and isinstance(value[0], TRMModel))
                or (privacy == PrivacyClass.OPS and info.repr)
            ):
                yield name, value
            else:
                yield name, _Redacted(privacy.value)

    def to_json_dict(self) -> dict[str, Any]:
        """Return the JSON form as Python data (absent members left out)."""
        return self.model_dump(mode="json", exclude_none=True)


def _extra(model: type[BaseModel], name: str) -> dict[str, Any]:
    extra = model.model_fields[name].json_schema_extra
    if not isinstance(extra, dict):
        raise TypeError(f"{model.__name__}.{name} has no privacy declaration")
    return extra


def field_privacy(model: type[BaseModel], name: str) -> PrivacyClass:
    """Return the privacy class declared on ``model.name``."""
    return PrivacyClass(_extra(model, name)[PRIVACY_KEY])


def field_category(model: type[BaseModel], name: str) -> DataCategory:
    """Return the data category declared on ``model.name``."""
    return DataCategory(_extra(model, name)[CATEGORY_KEY])

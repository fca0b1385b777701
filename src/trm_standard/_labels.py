"""Code-list labels in the languages of the participating countries.

One file per language, ``codelists/labels/<lang>.json`` (validated by
``codelists/_labels.schema.json``), gives per list a translated title and per code a
label with its review status:

``cldr``
    taken from the Unicode CLDR (country names): authoritative.
``reviewed``
    checked by a national team.
``unreviewed``
    a draft nobody has checked yet; shown, but always marked as such.

A missing label falls back to the English one (DESIGN §3): a guessed translation is never
presented as authoritative.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final, Literal

from trm_standard._codelists import codelist

__all__ = ["LANGUAGES", "Label", "Status", "label", "languages", "title"]

#: The languages of the participating countries (BCP 47), besides English.
LANGUAGES: Final = ("sq", "bg", "bs", "hr", "sr", "mk", "ro", "sl", "sv")

Status = Literal["cldr", "reviewed", "unreviewed", "english"]


@dataclass(frozen=True, slots=True)
class Label:
    """A label as shown to a reader.

    Attributes:
        text: The label.
        language: The language of ``text`` (``en`` after a fallback).
        status: ``cldr``, ``reviewed``, ``unreviewed``, or ``english`` (the authoritative
            English label, used when no translation exists or ``en`` was asked).
    """

    text: str
    language: str
    status: Status

    @property
    def marked(self) -> str:
        """Return the text, marked ``[unreviewed]`` when it is an unreviewed draft."""
        if self.status == "unreviewed":
            return f"{self.text} [unreviewed]"
        return self.text


def _folder() -> resources.abc.Traversable:
    return resources.files("trm_standard") / "codelists" / "labels"


def languages() -> tuple[str, ...]:
    """Return the languages that have a label file, sorted."""
    folder = _folder()
    if not folder.is_dir():
        return ()
    return tuple(
        sorted(p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json"))
    )


@cache
def _file(language: str) -> dict[str, Any]:
    if language not in languages():
        return {"language": language, "lists": {}}
    doc: dict[str, Any] = json.loads((_folder() / f"{language}.json").read_text(encoding="utf-8"))
    return doc


def label(list_name: str, code: str, language: str = "en") -> Label:
    """Return the label of ``code`` in ``language``, falling back to English.

    Raises:
        KeyError: If the list or the code does not exist.
    """
    entry = codelist(list_name).get(code)
    if entry is None:
        raise KeyError(f"{list_name} has no code {code!r}")
    found = _file(language)["lists"].get(list_name, {}).get("codes", {}).get(code)
    if language == "en" or found is None:
        return Label(entry.label, "en", "english")
    return Label(found["text"], language, found["status"])


def title(list_name: str, language: str = "en") -> Label:
    """Return the title of a code list in ``language``, falling back to English."""
    english = codelist(list_name).title
    found = _file(language)["lists"].get(list_name, {}).get("title")
    if language == "en" or found is None:
        return Label(english, "en", "english")
    return Label(found["text"], language, found["status"])

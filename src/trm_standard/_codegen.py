"""Generators for files derived from other data (maintainers only).

* ``country.json`` is generated from ISO 3166-1 (via ``pycountry``) with names from
  CLDR (via Babel), plus ``XK`` for Kosovo with its UNSCR 1244 footnote (DESIGN §2).
* ``v1/_vocab.py`` (the Python enums) is generated from the code list files.

Run ``python -m trm_standard._codegen`` after editing a code list; the tests fail when a
generated file differs from what these functions produce. Babel and pycountry are
development dependencies only: nothing here runs when the library is used.
"""

from __future__ import annotations

import json
import keyword
import sys
import textwrap
from pathlib import Path
from typing import Any, Final

from trm_standard._codelists import CODE_SYSTEM_BASE, CodeList, codelists

__all__ = [
    "EEA_NON_EU",
    "EU_MEMBERS",
    "LABEL_LANGUAGES",
    "build_country_list",
    "country_labels",
    "dump_json",
    "enum_name",
    "render_vocab",
    "with_country_labels",
]

#: EU Member States (ISO 3166-1 alpha-2), TEU Art. 52, as of 2026.
EU_MEMBERS = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
#: EEA states outside the EU (EEA Agreement): GDPR applies there too.
EEA_NON_EU = frozenset({"IS", "LI", "NO"})

KOSOVO_FOOTNOTE = (
    "This designation is without prejudice to positions on status, and is in line with "
    "UNSCR 1244/1999 and the ICJ Opinion on the Kosovo declaration of independence."
)


def dump_json(doc: Any) -> str:
    """Serialise ``doc`` the way every generated JSON file of the project is written."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def build_country_list() -> dict[str, Any]:
    """Build the ``country`` code list from ISO 3166-1 and CLDR.

    Returns:
        The code list document, ready for :func:`dump_json`.
    """
    import babel  # noqa: PLC0415 - development dependency, imported on use
    import pycountry  # noqa: PLC0415

    names = babel.Locale("en").territories
    codes: list[dict[str, Any]] = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        alpha2 = country.alpha_2
        groups = ["EU"] if alpha2 in EU_MEMBERS else []
        if alpha2 in EU_MEMBERS or alpha2 in EEA_NON_EU:
            groups.append("EEA")
        codes.append(
            {
                "code": alpha2,
                "label": names[alpha2],
                "definition": f"The country or territory with ISO 3166-1 alpha-2 code {alpha2}.",
                "source": "ISO 3166-1",
                "mappings": {"iso3166_alpha3": country.alpha_3, "m49": country.numeric},
                "groups": groups,
            }
        )
    codes.append(
        {
            "code": "XK",
            "label": "Kosovo*",
            "definition": (
                "Kosovo, under the user-assigned code XK used by EU institutions; always "
                "shown with its footnote."
            ),
            "source": "User-assigned ISO 3166-1 code as used by EU institutions (not ISO)",
            "mappings": {"iso3166_alpha3": "XKX"},
            "groups": [],
            "footnote": "*" + KOSOVO_FOOTNOTE,
        }
    )
    codes.sort(key=lambda c: c["code"])
    return {
        "name": "country",
        "uri": CODE_SYSTEM_BASE + "country",
        "version": "1.0.0",
        "title": "Country",
        "description": (
            "Countries and territories by ISO 3166-1 alpha-2 code, plus XK for Kosovo. "
            "Used for citizenships, countries of birth and residence, trafficking events "
            "and organisations."
        ),
        "sources": [
            "ISO 3166-1 (via pycountry)",
            "Unicode CLDR " + babel.core.get_cldr_version() + " (via Babel)",
        ],
        "codes": codes,
    }


#: Languages of the participating countries whose labels CLDR provides for countries.
LABEL_LANGUAGES: Final = ("sq", "bg", "bs", "hr", "sr", "mk", "ro", "sl", "sv")


def country_labels(language: str) -> dict[str, Any]:
    """Return the ``country`` section of a label file: CLDR names, status ``cldr``.

    Kosovo keeps the footnote marker of its English label (DESIGN §2).
    """
    import babel  # noqa: PLC0415 - development dependency, imported on use

    names = babel.Locale.parse(language).territories
    codes = {}
    for entry in build_country_list()["codes"]:
        text = names[entry["code"]] + ("*" if entry["code"] == "XK" else "")
        codes[entry["code"]] = {"text": text, "status": "cldr"}
    return {"codes": codes}


def with_country_labels(doc: dict[str, Any]) -> dict[str, Any]:
    """Return a label file with its ``country`` section regenerated from CLDR."""
    lists = dict(doc["lists"])
    lists["country"] = country_labels(doc["language"])
    return {"language": doc["language"], "lists": dict(sorted(lists.items()))}


def enum_name(list_name: str) -> str:
    """Return the Python enum name of a code list (``id-document-type`` → ``IdDocumentType``)."""
    return "".join(part.capitalize() for part in list_name.split("-"))


def _member(code: str) -> str:
    if not code.isidentifier() or keyword.iskeyword(code):
        raise ValueError(f"code {code!r} is not a valid Python identifier")
    return code


def render_vocab(lists: tuple[CodeList, ...]) -> str:
    """Render the source of ``v1/_vocab.py`` from code lists."""
    out = [
        '"""Controlled vocabularies of spec 1.0.0, as Python enums.',
        "",
        "GENERATED from src/trm_standard/codelists/*.json by ``python -m trm_standard._codegen``;",
        "do not edit by hand. Each enum names its code list in ``__codelist__``.",
        '"""',
        "",
        "from enum import StrEnum",
        "",
        "__all__ = [",
        *(f'    "{enum_name(cl.name)}",' for cl in lists),
        "]",
    ]
    for cl in lists:
        out += [
            "",
            "",
            f"class {enum_name(cl.name)}(StrEnum):",
            f'    """{cl.title}.',
            "",
            *(f"    {line}" for line in textwrap.wrap(cl.description, 84)),
            '    """',
            "",
            f'    __codelist__ = "{cl.name}"',
            "",
        ]
        out += [f'    {_member(c.code)} = "{c.code}"' for c in cl.codes]
    return "\n".join(out) + "\n"


def _write(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def main() -> int:
    """Regenerate the derived files in place and report what changed."""
    package_dir = Path(__file__).parent
    from trm_standard import _codelists  # noqa: PLC0415

    country_path = package_dir / "codelists" / "country.json"
    changed = _write(country_path, dump_json(build_country_list()))
    _codelists.codelist.cache_clear()
    _codelists.codelist_names.cache_clear()
    changed |= _write(package_dir / "v1" / "_vocab.py", render_vocab(codelists()))
    for path in sorted((package_dir / "codelists" / "labels").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        changed |= _write(path, dump_json(with_country_labels(doc)))
    sys.stdout.write("updated\n" if changed else "up to date\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

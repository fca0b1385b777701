"""Code lists: data files, their meta-schema, and enums that cannot drift from them."""

from __future__ import annotations

import enum
import json
from importlib import resources

import pytest
from jsonschema import Draft202012Validator

import trm_standard as trm
from trm_standard import _codegen
from trm_standard._codelists import codelist, codelist_names, codelists
from trm_standard.v1 import _vocab

PACKAGE = resources.files("trm_standard")


def test_generated_enums_equal_the_code_list_files() -> None:
    generated = _codegen.render_vocab(codelists())
    committed = (PACKAGE / "v1" / "_vocab.py").read_text(encoding="utf-8")
    assert generated == committed, "run `make codegen`"


def test_every_enum_matches_its_file_both_ways() -> None:
    enums = [
        obj
        for obj in vars(_vocab).values()
        if isinstance(obj, type)
        and issubclass(obj, enum.Enum)
        and obj.__module__ == _vocab.__name__
    ]
    assert {e.__codelist__ for e in enums} == set(codelist_names())  # type: ignore[attr-defined]
    for e in enums:
        cl = codelist(e.__codelist__)  # type: ignore[attr-defined]
        assert [m.value for m in e] == list(cl.values)


def test_country_list_is_iso_3166_plus_kosovo_with_cldr_names() -> None:
    expected = _codegen.dump_json(_codegen.build_country_list())
    committed = (PACKAGE / "codelists" / "country.json").read_text(encoding="utf-8")
    assert expected == committed, "run `make codegen`"
    countries = codelist("country")
    assert len(countries.codes) == 250
    kosovo = countries.get("XK")
    assert kosovo is not None
    assert kosovo.label == "Kosovo*"
    assert "UNSCR 1244/1999" in kosovo.attributes["footnote"]
    assert kosovo.mappings["iso3166_alpha3"] == "XKX"
    assert "m49" not in kosovo.mappings
    sweden = countries.get("SE")
    assert sweden is not None
    assert sweden.label == "Sweden"
    assert sweden.attributes["groups"] == ["EU", "EEA"]
    assert countries.get("AL") is not None
    assert countries.get("AL").attributes["groups"] == []  # type: ignore[union-attr]
    assert countries.get("NO").attributes["groups"] == ["EEA"]  # type: ignore[union-attr]


def test_eu_membership_table() -> None:
    assert len(_codegen.EU_MEMBERS) == 27
    assert {"BG", "HR", "RO", "SI", "SE"} <= _codegen.EU_MEMBERS
    assert not {"AL", "BA", "MD", "ME", "MK", "RS", "XK"} & _codegen.EU_MEMBERS


@pytest.mark.parametrize("name", codelist_names())
def test_files_follow_the_meta_schema(name: str) -> None:
    meta = json.loads((PACKAGE / "codelists" / "_codelist.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(meta)
    doc = json.loads((PACKAGE / "codelists" / f"{name}.json").read_text(encoding="utf-8"))
    errors = [e.message for e in Draft202012Validator(meta).iter_errors(doc)]
    assert errors == []
    assert doc["name"] == name
    assert doc["uri"] == f"https://w3id.org/trm/codes/{name}"
    assert len({c["code"] for c in doc["codes"]}) == len(doc["codes"])
    if any("htcds" in c.get("mappings", {}) for c in doc["codes"]):
        assert (
            doc["attribution"]
            == "Human Trafficking Case Data Standard, IOM and partners, CC BY 4.0"
        )


def test_exploitation_forms_cover_the_directives() -> None:
    forms = codelist("exploitation-form")
    for code in (
        "FORCED_BEGGING",
        "FORCED_CRIMINALITY",
        "FORCED_MARRIAGE",
        "ILLEGAL_ADOPTION",
        "SURROGACY_EXPLOITATION",
    ):
        assert code in forms
    assert "2024/1712" in forms.get("FORCED_MARRIAGE").source  # type: ignore[union-attr]


def test_special_categories_are_declared() -> None:
    special = {c.code for c in codelist("data-category").codes if c.attributes["special_category"]}
    assert special == {"HEALTH", "SEXUAL_EXPLOITATION_DETAILS", "CRIMINAL_PROCEEDINGS"}


def test_lookup_api() -> None:
    sex = trm.codelist("sex")
    assert sex.get("FEMALE") is not None
    assert sex.get("FEMALE").mappings == {"iso5218": "2"}  # type: ignore[union-attr]
    assert sex.get("nope") is None
    assert "MALE" in sex
    assert 5 not in sex
    with pytest.raises(KeyError):
        trm.codelist("no-such-list")
    assert "country" in trm.codelist_names()

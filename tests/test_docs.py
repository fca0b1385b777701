"""Generated reference docs, label files and the versioning pages stay in step."""

from __future__ import annotations

import json
import re
import unicodedata
from importlib import resources

import pytest
from conftest import ROOT
from jsonschema import Draft202012Validator

import trm_standard as trm
from trm_standard import _codegen
from trm_standard._docgen import render_docs, write_docs
from trm_standard._labels import LANGUAGES, label, languages, title

DOCS = ROOT / "docs"
LABELS = resources.files("trm_standard") / "codelists" / "labels"


def test_generated_pages_match_what_the_code_produces() -> None:
    for rel, text in render_docs().items():
        path = DOCS / rel
        assert path.exists(), f"{rel} missing: run `make docs-gen`"
        assert path.read_text(encoding="utf-8") == text, f"{rel} drifted: run `make docs-gen`"
    committed = {p.relative_to(DOCS).as_posix() for p in (DOCS / "reference").rglob("*.md")}
    assert committed == set(render_docs())


def test_write_docs_removes_stale_pages(tmp_path: pytest.TempPathFactory) -> None:
    folder = tmp_path / "docs"  # type: ignore[operator]
    (folder / "reference" / "codelists").mkdir(parents=True)
    (folder / "reference" / "codelists" / "gone.md").write_text("old")
    written = write_docs(folder)
    assert not (folder / "reference" / "codelists" / "gone.md").exists()
    assert len(written) == len(render_docs()) + 1
    assert write_docs(folder) == []


def test_reference_covers_every_field_code_and_rule() -> None:
    pages = render_docs()
    dictionary = pages["reference/data-dictionary.md"]
    for pointer in ("/person/given_names", "/child/guardian/guardian_type", "/needs/*/need"):
        assert f"`{pointer}`" in dictionary
    errors = pages["reference/error-codes.md"]
    for code in trm.CODES:
        assert f"`{code}`" in errors
    rules = pages["reference/rules.md"]
    needed = {c for c, e in trm.CODES.items() if e.layer in {trm.Layer.RULES, trm.Layer.MODEL}}
    assert needed <= set(re.findall(r"TRM-[A-Z]+-\d{3}", rules))
    assert "1.0.0 (released)" in pages["reference/versions.md"]


def test_every_error_code_has_an_example() -> None:
    for entry in trm.CODES.values():
        assert entry.example, entry.code


def test_hand_written_docs_only_name_registered_codes() -> None:
    for path in DOCS.glob("*.md"):
        assert set(re.findall(r"TRM-[A-Z]+-\d{3}", path.read_text())) <= set(trm.CODES), path


# --- labels -----------------------------------------------------------------------------


def test_a_label_file_per_language() -> None:
    assert set(languages()) == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_label_files_follow_their_schema(language: str) -> None:
    schema = json.loads(
        (resources.files("trm_standard") / "codelists" / "_labels.schema.json").read_text()
    )
    Draft202012Validator.check_schema(schema)
    doc = json.loads((LABELS / f"{language}.json").read_text(encoding="utf-8"))
    assert [e.message for e in Draft202012Validator(schema).iter_errors(doc)] == []
    assert doc["language"] == language
    for name, entry in doc["lists"].items():
        known = trm.codelist(name).values  # raises for an unknown list
        assert set(entry["codes"]) <= set(known), f"{language}/{name}: unknown codes"
        for item in [entry.get("title"), *entry["codes"].values()]:
            if item is not None:
                assert unicodedata.is_normalized("NFC", item["text"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_country_labels_come_from_cldr(language: str) -> None:
    doc = json.loads((LABELS / f"{language}.json").read_text(encoding="utf-8"))
    assert doc == _codegen.with_country_labels(doc), "run `make codegen`"
    assert doc["lists"]["country"]["codes"]["XK"]["text"].endswith("*")


def test_labels_fall_back_to_english_and_say_so() -> None:
    english = label("sex", "FEMALE")
    assert (english.text, english.status) == ("Female", "english")
    swedish = label("country", "SE", "sv")
    assert (swedish.text, swedish.status, swedish.language) == ("Sverige", "cldr", "sv")
    assert label("sex", "FEMALE", "xx").status == "english"
    assert title("sex", "xx").text == trm.codelist("sex").title
    with pytest.raises(KeyError):
        label("sex", "NOPE", "sv")

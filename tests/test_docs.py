"""Generated reference docs, the documentation site, label files and versions stay in step.

The site itself is built by `make docs` (`mkdocs build --strict`, also part of `make test`);
`test_site_builds_strict_and_offline` builds it once more into a temporary folder (about two
seconds) so that pytest alone catches a broken link, anchor or nav entry.
"""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from jsonschema import Draft202012Validator

import trm_standard as trm
from trm_standard import _codegen
from trm_standard._docgen import examples_manifest, render_docs, scenario_page, write_docs
from trm_standard._labels import LANGUAGES, label, languages, title

DOCS = ROOT / "docs"
LABELS = resources.files("trm_standard") / "codelists" / "labels"


def test_generated_pages_match_what_the_code_produces() -> None:
    for rel, text in render_docs().items():
        path = DOCS / rel
        assert path.exists(), f"{rel} missing: run `make docs-gen`"
        assert path.read_text(encoding="utf-8") == text, f"{rel} drifted: run `make docs-gen`"
    committed = {
        p.relative_to(DOCS).as_posix()
        for folder in ("reference", "scenarios")
        for p in (DOCS / folder).rglob("*.md")
    }
    assert committed == set(render_docs())


def test_write_docs_removes_stale_pages(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    (folder / "reference" / "codelists").mkdir(parents=True)
    (folder / "reference" / "codelists" / "gone.md").write_text("old")
    (folder / "scenarios").mkdir()
    (folder / "scenarios" / "removed-example.md").write_text("old")
    (folder / "kept.md").write_text("hand-written")
    written = write_docs(folder)
    assert not (folder / "reference" / "codelists" / "gone.md").exists()
    assert not (folder / "scenarios" / "removed-example.md").exists()
    assert (folder / "kept.md").exists()
    assert len(written) == len(render_docs()) + 2
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


# --- the site ---------------------------------------------------------------------------


def _mkdocs_config() -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return config


def _nav_pages(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _nav_pages(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _nav_pages(value)


def test_every_page_is_in_the_nav_or_deliberately_left_out() -> None:
    config = _mkdocs_config()
    assert config["docs_dir"] == "docs"
    assert config["strict"] is True
    nav = list(_nav_pages(config["nav"]))
    assert len(nav) == len(set(nav)), "a page is in the nav twice"
    patterns = [p.strip().lstrip("/") for p in config["not_in_nav"].splitlines() if p.strip()]
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    left_out = {p for p in pages if any(fnmatch.fnmatch(p, pat) for pat in patterns)}
    assert left_out == {p for p in render_docs() if p.startswith("reference/codelists/")}
    assert set(nav) <= pages, "the nav names a page that does not exist"
    assert pages - left_out == set(nav), "add the page to mkdocs.yml nav"


def test_scenario_pages_cover_every_example() -> None:
    pages = render_docs()
    entries = examples_manifest()
    assert {e["file"] for e in entries} == {
        p.name for p in (ROOT / "examples").glob("*.json") if not p.name.startswith("_")
    }
    assert set(_nav_pages(_mkdocs_config()["nav"])) >= {scenario_page(e) for e in entries}
    index = pages["scenarios/index.md"]
    for entry in entries:
        page = pages[scenario_page(entry)]
        assert f"# {entry['title']}\n" in page
        assert (ROOT / "examples" / entry["file"]).read_text(encoding="utf-8").rstrip() in page
        assert f"]({scenario_page(entry).removeprefix('scenarios/')})" in index
        if entry["valid"]:
            assert "without an issue (checked when this page is generated)" in page
        else:
            expected = set(entry["expected_codes"])
            assert f"]({scenario_page({'file': entry['twin']}).removeprefix('scenarios/')})" in page
            section = page.split("## Why it is invalid", 1)[1].split("## Business rules", 1)[0]
            assert set(re.findall(r"TRM-[A-Z]+-\d{3}", section)) == expected
            # A rule an invalid twin breaks is among the rules its page says apply.
            listed = page.split("## Business rules that apply", 1)[1].split("## Privacy", 1)[0]
            assert {c for c in expected if c.startswith("TRM-RULE")} <= set(
                re.findall(r"TRM-RULE-\d{3}", listed)
            )


def test_site_builds_strict_and_offline(tmp_path: Path) -> None:
    site = tmp_path / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (site / "scenarios" / "index.html").is_file()
    assert (site / "procedures.html").is_file()
    remote = re.compile(r"<(?:script|link)[^>]+(?:src|href)=\"https?://", re.IGNORECASE)
    for page in site.rglob("*.html"):
        assert not remote.search(page.read_text(encoding="utf-8")), f"{page.name} loads remotely"


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

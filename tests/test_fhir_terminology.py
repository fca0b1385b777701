"""FHIR CodeSystem and ValueSet resources generated from the code lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from hypothesis import given, settings

import trm_standard as trm
from trm_standard._codelists import CODE_SYSTEM_BASE, codelist, codelist_names
from trm_standard._fhir import ELEMENT_MEMBERS
from trm_standard._fhirgen import check, terminology, terminology_dir, write
from trm_standard.fhir import EXT_BASE, MESSAGE_TYPE_SYSTEM, PATH_EXTENSION, to_fhir
from trm_standard.testing import messages
from trm_standard.v1 import MESSAGE_CLASSES, MessageBase


def test_committed_terminology_matches_the_code_lists() -> None:
    assert check() == []


def test_drift_is_detected(tmp_path: Path) -> None:
    write(tmp_path)
    assert check(tmp_path) == []
    victim = tmp_path / "CodeSystem-sex.json"
    doc = json.loads(victim.read_text(encoding="utf-8"))
    doc["concept"].pop()
    victim.write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "CodeSystem-stale.json").write_text("{}", encoding="utf-8")
    assert check(tmp_path) == ["CodeSystem-sex.json", "CodeSystem-stale.json"]


def test_every_code_list_is_a_complete_code_system_with_a_value_set() -> None:
    files = terminology()
    for name in codelist_names():
        system = files[f"CodeSystem-{name}.json"]
        assert system["url"] == CODE_SYSTEM_BASE + name
        assert [c["code"] for c in system["concept"]] == list(codelist(name).values)
        assert system["count"] == len(system["concept"])
        value_set = files[f"ValueSet-{name}.json"]
        assert value_set["url"] == system["valueSet"]
        assert value_set["compose"]["include"][0]["system"] == system["url"]
    types = files["CodeSystem-message-type.json"]
    assert types["url"] == MESSAGE_TYPE_SYSTEM
    assert {c["code"] for c in types["concept"]} == set(MESSAGE_CLASSES)


def test_only_authoritative_translations_are_published() -> None:
    from trm_standard._labels import label  # noqa: PLC0415

    for resource in terminology().values():
        if resource["resourceType"] != "CodeSystem" or resource["id"] == "trm-message-type":
            continue
        name = resource["url"].removeprefix(CODE_SYSTEM_BASE)
        for concept in resource["concept"]:
            for designation in concept.get("designation", ()):
                found = label(name, concept["code"], designation["language"])
                assert found.status in {"cldr", "reviewed"}
                assert found.text == designation["value"]


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_terminology_is_valid_fhir(version: str) -> None:
    if version == "R4":
        from fhir.resources.R4B.codesystem import CodeSystem  # noqa: PLC0415
        from fhir.resources.R4B.valueset import ValueSet  # noqa: PLC0415
    else:
        from fhir.resources.codesystem import CodeSystem  # type: ignore[assignment]  # noqa: PLC0415
        from fhir.resources.valueset import ValueSet  # type: ignore[assignment]  # noqa: PLC0415
    for path in sorted(terminology_dir().glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        cls: Any = CodeSystem if doc["resourceType"] == "CodeSystem" else ValueSet
        cls.model_validate(doc)


def test_every_trm_system_in_a_bundle_is_published() -> None:
    published = {r["url"] for r in terminology().values() if r["resourceType"] == "CodeSystem"}
    used: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            system = value.get("system")
            if isinstance(system, str) and system.startswith(CODE_SYSTEM_BASE):
                used.add(system)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in EXAMPLES.glob("*.json"):
        if ".invalid" in path.name or path.name.startswith("_"):
            continue
        walk(to_fhir(trm.parse(path.read_bytes()), validate=False))
    assert used
    assert used <= published


def test_extension_page_is_current() -> None:
    from trm_standard._fhirgen import EXTENSIONS_PAGE, extensions_page  # noqa: PLC0415

    assert EXTENSIONS_PAGE.read_text(encoding="utf-8") == extensions_page()


@settings(max_examples=25)
@given(messages())
def test_every_extension_used_is_documented(message: MessageBase) -> None:
    from trm_standard._fhirgen import extensions_page  # noqa: PLC0415

    page = extensions_page()
    bundle = to_fhir(message, validate=False)
    for entry in bundle["entry"]:
        for ext in entry["resource"].get("extension", ()):
            url = ext["url"]
            if url == PATH_EXTENSION or not url.startswith(EXT_BASE):
                continue
            short = url.removeprefix(EXT_BASE)
            assert f"| {entry['resource']['resourceType']} | `{short}` |" in page
            owner, _, member = short.partition(".")
            assert member not in ELEMENT_MEMBERS.get(owner, ())

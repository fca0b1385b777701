"""Schemas: generated from the models, committed, drift-checked, frozen once released."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, load_example
from jsonschema import Draft202012Validator

import trm_standard as trm
from trm_standard import _schema
from trm_standard._schema import (
    check_schemas,
    export_schemas,
    format_checker,
    generate_schemas,
    load_index,
    registry,
    render_json,
    schema_id,
)
from trm_standard.v1 import MESSAGE_CLASSES, SPEC_VERSION

SCHEMAS = ROOT / "schemas"
PRIVACY = {"DI", "QI", "SC", "SAFETY", "OPS"}


def test_committed_schemas_match_the_models() -> None:
    assert check_schemas(SCHEMAS) == []


def test_packaged_location_is_the_committed_one() -> None:
    assert _schema.schemas_dir().resolve() == SCHEMAS.resolve()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, root)
    return root


def test_drift_is_detected(tree: Path) -> None:
    _set_status(tree, SPEC_VERSION, "draft")  # the mechanism of a version being prepared
    path = tree / SPEC_VERSION / "referral.schema.json"
    doc = json.loads(path.read_text())
    doc["properties"]["person"]["description"] = "edited by hand"
    path.write_text(render_json(doc))
    problems = check_schemas(tree)
    assert {(p.code, p.path) for p in problems} >= {
        ("TRM-TOOL-001", f"{SPEC_VERSION}/referral.schema.json")
    }
    export_schemas(tree)
    assert check_schemas(tree) == []


def test_missing_and_extra_files_are_detected(tree: Path) -> None:
    _set_status(tree, SPEC_VERSION, "draft")
    (tree / SPEC_VERSION / "case_closure.schema.json").unlink()
    (tree / SPEC_VERSION / "stray.schema.json").write_text("{}\n")
    messages = {(p.path, p.message) for p in check_schemas(tree)}
    assert (f"{SPEC_VERSION}/case_closure.schema.json", "file listed but missing") in messages
    assert (f"{SPEC_VERSION}/stray.schema.json", "file not in index") in messages
    written = export_schemas(tree)
    assert tree / SPEC_VERSION / "stray.schema.json" in written
    assert check_schemas(tree) == []


def test_unreadable_index(tree: Path) -> None:
    (tree / "index.json").write_text("not json")
    assert [p.code for p in check_schemas(tree)] == ["TRM-TOOL-001"]


def _set_status(tree: Path, version: str, status: str) -> None:
    index = json.loads((tree / "index.json").read_text())
    for entry in index["versions"]:
        if entry["version"] == version:
            entry["status"] = status
    (tree / "index.json").write_text(render_json(index))


def _release(tree: Path, version: str) -> None:
    _set_status(tree, version, "released")


def test_released_files_are_frozen(tree: Path) -> None:
    # Pretend an older version 0.9.0 was released with the same files.
    shutil.copytree(tree / SPEC_VERSION, tree / "0.9.0")
    index = json.loads((tree / "index.json").read_text())
    old = dict(index["versions"][0], version="0.9.0", status="released")
    index["versions"].insert(0, old)
    (tree / "index.json").write_text(render_json(index))
    assert check_schemas(tree) == []
    path = tree / "0.9.0" / "referral.schema.json"
    path.write_text(path.read_text().replace("The person referred.", "Changed."))
    problems = check_schemas(tree)
    assert [(p.code, p.path) for p in problems] == [("TRM-TOOL-002", "0.9.0/referral.schema.json")]
    # Exporting the current draft never touches the released copy.
    export_schemas(tree)
    assert "Changed." in path.read_text()


def test_a_released_current_version_refuses_to_change(tree: Path) -> None:
    _release(tree, SPEC_VERSION)
    assert export_schemas(tree) == []
    index = json.loads((tree / "index.json").read_text())
    index["versions"][-1]["files"][0]["sha256"] = "0" * 64
    (tree / "index.json").write_text(render_json(index))
    with pytest.raises(trm.SchemaDriftError) as caught:
        export_schemas(tree)
    assert caught.value.code == "TRM-TOOL-002"
    assert any(p.code == "TRM-TOOL-002" for p in check_schemas(tree))


def test_generation_is_byte_stable() -> None:
    first = {n: render_json(d) for n, d in generate_schemas().items()}
    second = {n: render_json(d) for n, d in generate_schemas().items()}
    assert first == second
    for text in first.values():
        assert text.endswith("}\n")
        assert text == render_json(json.loads(text))  # sorted keys, 2-space indent


def test_index_lists_every_file_with_status() -> None:
    (entry,) = load_index(SCHEMAS)
    assert entry.version == SPEC_VERSION
    assert entry.status == "released"
    assert set(entry.files) == {f"{t}.schema.json" for t in MESSAGE_CLASSES} | {
        "message.schema.json"
    }


def _walk(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}/{i}")


@pytest.mark.parametrize("message_type", sorted(MESSAGE_CLASSES))
def test_every_property_is_described_and_classified(message_type: str) -> None:
    schema = generate_schemas()[f"{message_type}.schema.json"]
    assert schema["$id"] == schema_id(SPEC_VERSION, message_type)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    count = 0
    for path, node in _walk(schema):
        for name, prop in node.get("properties", {}).items():
            count += 1
            assert prop.get("description"), f"{path}/{name} has no description"
            assert prop.get("x-trm-privacy") in PRIVACY, f"{path}/{name} has no privacy class"
            assert prop.get("x-trm-category"), f"{path}/{name} has no data category"
        assert node.get("type") != "null"
        assert "default" not in node
        assert "null" not in json.dumps(node.get("type", ""))
        if node.get("type") == "object" and "properties" in node:
            assert node.get("additionalProperties") is False, f"{path} is open"
        if node.get("type") == "integer":
            assert "minimum" in node
            assert "maximum" in node
    assert count > 0


def test_codelist_enums_name_their_list() -> None:
    schema = generate_schemas()["referral.schema.json"]
    sex = schema["$defs"]["Sex"]
    assert sex["x-trm-codelist"] == "https://w3id.org/trm/codes/sex"
    assert sex["enum"] == ["NOT_KNOWN", "MALE", "FEMALE", "NOT_APPLICABLE"]


def test_pre_referral_consultation_cannot_express_identifiers() -> None:
    schema = generate_schemas()["pre_referral_consultation.schema.json"]
    privacy = {
        prop["x-trm-privacy"]
        for _, node in _walk(schema)
        for prop in node.get("properties", {}).values()
    }
    assert "DI" not in privacy
    assert "SAFETY" not in privacy


def test_message_schema_dispatches_through_the_registry() -> None:
    schema = json.loads((SCHEMAS / SPEC_VERSION / "message.schema.json").read_text())
    validator = Draft202012Validator(schema, registry=registry(), format_checker=format_checker())
    doc = load_example()
    assert list(validator.iter_errors(doc)) == []
    doc["person"]["sex"] = "SOMETIMES"
    assert [e.validator for e in validator.iter_errors(doc)] == ["enum"]
    doc["message_type"] = "gossip"
    assert list(validator.iter_errors(doc))


def test_schemas_are_valid_2020_12() -> None:
    for name, doc in generate_schemas().items():
        Draft202012Validator.check_schema(doc)
        assert name.endswith(".schema.json")


@pytest.mark.parametrize(
    ("fmt", "value", "ok"),
    [
        ("date", "2026-02-28", True),
        ("date", "2026-02-29", False),
        ("date", "2024-02-29", True),
        ("date-time", "2026-04-31T00:00:00Z", False),
        ("date-time", "2026-04-30T23:59:59Z", True),
        ("date", "not a date", True),  # left to the pattern keyword
        ("date", 5, True),  # left to the type keyword
    ],
)
def test_format_checker(fmt: str, value: object, ok: bool) -> None:
    assert format_checker().conforms(value, fmt) is ok


def test_spec_1_0_0_is_released_and_its_files_match_their_hashes() -> None:
    from trm_standard._schema import check_schemas, load_index, schemas_dir  # noqa: PLC0415

    entries = {e.version: e for e in load_index(schemas_dir())}
    assert entries["1.0.0"].status == "released"
    assert check_schemas() == []

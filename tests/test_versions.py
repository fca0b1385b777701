"""Versions: detection, migrations from a fixture older version, the compatibility checker."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Doc, dump, load_example

import trm_standard as trm
from trm_standard._schemadiff import diff_schema_dirs
from trm_standard._versions import (
    MIGRATIONS,
    MigrationRegistry,
    UnsupportedVersionError,
    detect_version,
    upgrade,
)
from trm_standard.cli import main

SCHEMAS = ROOT / "schemas" / trm.SPEC_VERSION

# --- a fixture history: 0.8.0 → 0.9.0 → 1.0.0 ------------------------------------------
#
# 0.9.0 called the case reference "case_reference" and coded sex as M/F/U;
# 0.8.0 also lacked the transfer mechanism (everything then was INTRA_EU).

_SEX_0_9 = {"MALE": "M", "FEMALE": "F", "NOT_KNOWN": "U", "NOT_APPLICABLE": "X"}


def fixture_registry() -> MigrationRegistry:
    registry = MigrationRegistry()

    @registry.register("0.9.0", "1.0.0", "rename case_reference; ISO/IEC 5218 words for sex")
    def _from_0_9(doc: dict[str, Any]) -> dict[str, Any]:
        out = {("case_ref" if k == "case_reference" else k): v for k, v in doc.items()}
        if "person" in out:
            sex = {v: k for k, v in _SEX_0_9.items()}
            out["person"] = dict(out["person"], sex=sex[out["person"]["sex"]])
        return out

    @registry.register("0.8.0", "0.9.0", "transfer_mechanism introduced")
    def _from_0_8(doc: dict[str, Any]) -> dict[str, Any]:
        return {**doc, "transfer_mechanism": "INTRA_EU"}

    return registry


def as_0_9(doc: Doc) -> Doc:
    old = {("case_reference" if k == "case_ref" else k): v for k, v in copy.deepcopy(doc).items()}
    old["person"]["sex"] = _SEX_0_9[old["person"]["sex"]]
    old["spec_version"] = "0.9.0"
    return old


def as_0_8(doc: Doc) -> Doc:
    old = as_0_9(doc)
    del old["transfer_mechanism"]
    old["spec_version"] = "0.8.0"
    return old


def test_detect_version() -> None:
    detected = detect_version(load_example())
    assert (detected.spec_version, detected.message_type) == ("1.0.0", "referral")
    with pytest.raises(trm.TRMError) as caught:
        detect_version({"message_type": "referral"})
    assert caught.value.code == "TRM-VERSION-001"
    with pytest.raises(trm.TRMError) as caught:
        detect_version({"spec_version": "1.0.0"})
    assert caught.value.code == "TRM-VERSION-003"


def test_upgrade_chains_pure_steps_to_the_latest() -> None:
    latest = load_example()
    registry = fixture_registry()
    for old in (as_0_9(latest), as_0_8(latest)):
        before = copy.deepcopy(old)
        assert registry.upgrade(old) == latest
        assert old == before  # steps never change their input
    assert registry.readable() == {"0.8.0", "0.9.0", "1.0.0"}
    assert [m.target for m in registry.chain("0.8.0")] == ["0.9.0", "1.0.0"]


def test_older_documents_validate_as_the_latest() -> None:
    registry = fixture_registry()
    old = as_0_9(load_example())
    for engine in ("fast", "reference"):
        report = trm.validate(dump(old), engine=engine, migrations=registry)
        assert report.valid, report.issues
        assert report.spec_version == "0.9.0"
        assert isinstance(report.message, trm.Referral)
        assert report.message.spec_version == "1.0.0"
    broken = as_0_9(load_example())
    del broken["case_reference"]
    report = trm.validate(dump(broken), migrations=registry)
    assert [(i.code, i.pointer) for i in report.issues] == [("TRM-SCHEMA-001", "/case_ref")]


def test_unknown_versions_are_a_clear_error() -> None:
    old = as_0_9(load_example())
    assert trm.validate(dump(old)).codes == {"TRM-VERSION-002"}  # the library reads 1.0.0 only
    assert MIGRATIONS.readable() == {"1.0.0"}
    with pytest.raises(UnsupportedVersionError) as caught:
        upgrade(old)
    assert caught.value.code == "TRM-VERSION-002"
    assert caught.value.version == "0.9.0"
    assert "Ana" not in str(UnsupportedVersionError("Ana Exemplu"))
    assert upgrade(load_example()) == load_example()


def test_registry_guards() -> None:
    registry = fixture_registry()
    with pytest.raises(ValueError, match="exists"):
        registry.register("0.9.0", "1.0.0", "again")(lambda d: d)
    with pytest.raises(ValueError, match="not needed"):
        registry.register("1.0.0", "1.1.0", "from the latest")(lambda d: d)
    loop = MigrationRegistry()
    loop.register("0.1.0", "0.2.0", "a")(lambda d: d)
    loop.register("0.2.0", "0.1.0", "b")(lambda d: d)
    assert loop.readable() == {"1.0.0"}
    renamed = fixture_registry()
    old = as_0_9(load_example()) | {"message_type": "gossip"}
    with pytest.raises(trm.TRMError) as caught:
        renamed.upgrade(old)
    assert caught.value.code == "TRM-VERSION-004"
    assert trm.validate(dump(old), migrations=renamed).codes == {"TRM-VERSION-004"}


# --- the compatibility checker ----------------------------------------------------------


def variant(tmp_path: Path, name: str, edit: Callable[[dict[str, Any]], None]) -> Path:
    folder = tmp_path / name
    shutil.copytree(SCHEMAS, folder)
    path = folder / "referral.schema.json"
    doc = json.loads(path.read_text())
    edit(doc)
    path.write_text(json.dumps(doc, indent=2))
    return folder


def kinds(old: Path, new: Path) -> set[tuple[str, str, str]]:
    return {(c.kind, c.pointer, c.what) for c in diff_schema_dirs(old, new)}


def test_identical_versions_have_no_changes() -> None:
    assert diff_schema_dirs(SCHEMAS, SCHEMAS) == []


def test_compatible_addition(tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["$defs"]["Person"]["properties"]["nickname_known"] = {
            "type": "boolean",
            "description": "x",
            "x-trm-privacy": "QI",
            "x-trm-category": "IDENTITY",
        }
        doc["$defs"]["Sex"]["enum"].append("INTERSEX")

    new = variant(tmp_path, "new", edit)
    (new / "case_note.schema.json").write_text('{"type": "object"}')
    dispatcher = json.loads((new / "message.schema.json").read_text())
    dispatcher["properties"]["message_type"]["enum"].append("case_note")
    (new / "message.schema.json").write_text(json.dumps(dispatcher))
    assert kinds(SCHEMAS, new) == {
        ("addition", "/person/nickname_known", "new optional member"),
        ("addition", "/person/sex", "code INTERSEX added"),
    } | {("addition", "/", "new message type")}


def test_breaking_removal(tmp_path: Path) -> None:
    new = variant(
        tmp_path, "new", lambda d: d["$defs"]["Person"]["properties"].pop("place_of_birth")
    )
    assert kinds(SCHEMAS, new) == {("breaking", "/person/place_of_birth", "member removed")}


def test_renamed_code(tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        values = doc["$defs"]["Urgency"]["enum"]
        values[values.index("EMERGENCY")] = "LIFE_THREATENING"

    new = variant(tmp_path, "new", edit)
    assert kinds(SCHEMAS, new) == {
        ("breaking", "/case/urgency", "code EMERGENCY renamed to LIFE_THREATENING")
    }


def test_tightened_and_relaxed_constraints(tmp_path: Path) -> None:
    def tighten(doc: dict[str, Any]) -> None:
        doc["$defs"]["Person"]["properties"]["dependent_children"]["maximum"] = 10

    def relax(doc: dict[str, Any]) -> None:
        doc["$defs"]["Person"]["properties"]["dependent_children"]["maximum"] = 40
        doc["$defs"]["Person"]["properties"]["dependent_children"]["description"] = "Children."

    tightened = variant(tmp_path, "tight", tighten)
    assert kinds(SCHEMAS, tightened) == {
        ("breaking", "/person/dependent_children", "maximum 30 became 10")
    }
    relaxed = variant(tmp_path, "loose", relax)
    assert kinds(SCHEMAS, relaxed) == {
        ("addition", "/person/dependent_children", "maximum 30 became 40"),
        ("revision", "/person/dependent_children", "description changed"),
    }


def test_required_type_and_removed_type(tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["$defs"]["Person"]["required"].append("place_of_birth")
        doc["$defs"]["Person"]["properties"]["interpreter_needed"]["type"] = "string"

    new = variant(tmp_path, "new", edit)
    (new / "case_closure.schema.json").unlink()
    assert kinds(SCHEMAS, new) == {
        ("breaking", "/person/place_of_birth", "member became required"),
        ("breaking", "/person/interpreter_needed", "type boolean became string"),
        ("breaking", "/", "message type removed"),
        ("breaking", "/message_type", "new: the dispatcher and the message schemas disagree"),
    }


def test_a_real_version_bump_with_an_addition_is_not_breaking(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bumped = tmp_path / "1.1.0"
    shutil.copytree(SCHEMAS, bumped)
    for path in bumped.glob("*.json"):
        path.write_text(path.read_text().replace("1.0.0", "1.1.0"))
    doc = json.loads((bumped / "referral.schema.json").read_text())
    doc["$defs"]["Sex"]["enum"].append("INTERSEX")
    (bumped / "referral.schema.json").write_text(json.dumps(doc))
    assert main(["schema", "diff", str(SCHEMAS), str(bumped)]) == 0
    out = capsys.readouterr().out
    assert "revision  referral.schema.json /spec_version: spec version 1.0.0 became 1.1.0" in out
    assert "addition  referral.schema.json /person/sex: code INTERSEX added" in out
    assert "breaking" not in out


def test_structural_keywords_are_compared(tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        person = doc["$defs"]["Person"]
        person["required"].append("undeclared_member")
        person["additionalProperties"] = {"type": "string"}
        person["properties"]["citizenships"].pop("items")

    new = variant(tmp_path, "new", edit)
    assert kinds(SCHEMAS, new) == {
        ("breaking", "/person/undeclared_member", "member became required"),
        ("addition", "/person", "additionalProperties changed"),
        ("addition", "/person/citizenships/*", "items removed (relaxed)"),
    }
    again = variant(
        tmp_path,
        "again",
        lambda d: d["$defs"]["Person"].update(additionalProperties={"type": "integer"}),
    )
    assert kinds(new, again) >= {("breaking", "/person/*", "type string became integer")}


def test_recursive_definitions_and_bad_files(tmp_path: Path) -> None:
    def recurse(doc: dict[str, Any]) -> None:
        doc["$defs"]["Person"]["properties"]["relatives"] = {
            "type": "array",
            "items": {"$ref": "#/$defs/Person"},
            "description": "r",
        }

    old = variant(tmp_path, "old", recurse)
    new = variant(tmp_path, "new", recurse)
    assert diff_schema_dirs(old, new) == []
    (new / "referral.schema.json").write_text("[1, 2]")
    assert main(["schema", "diff", str(old), str(new)]) == 2


def test_cli_schema_diff(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    relaxed = variant(
        tmp_path,
        "loose",
        lambda d: d["$defs"]["Person"]["properties"]["sex"].update(description="S"),
    )
    assert main(["schema", "diff", str(SCHEMAS), str(relaxed)]) == 0
    out = capsys.readouterr().out
    assert out == "revision  referral.schema.json /person/sex: description changed\n"
    broken = variant(tmp_path, "broken", lambda d: d["$defs"]["Person"]["properties"].pop("sex"))
    assert main(["schema", "diff", str(SCHEMAS), str(broken), "--format", "json"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {
        "file": "referral.schema.json",
        "pointer": "/person/sex",
        "kind": "breaking",
        "what": "member removed",
    } in rows
    assert main(["schema", "diff", str(SCHEMAS), str(tmp_path / "missing")]) == 2


def test_cli_upgrade(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(dump(load_example()))
    assert main(["upgrade", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == load_example()
    path.write_bytes(dump(as_0_9(load_example())))
    assert main(["upgrade", str(path)]) == 1
    assert "TRM-VERSION-002" in capsys.readouterr().err


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["person"].pop("sex"),  # the 0.9.0 step needs person.sex
        lambda d: d.__setitem__("person", "x"),
    ],
)
def test_failing_steps_are_coded_not_crashing(breakage: Callable[[Doc], Any]) -> None:
    old = as_0_9(load_example())
    breakage(old)
    for engine in ("fast", "reference"):
        report = trm.validate(dump(old), engine=engine, migrations=fixture_registry())
        assert [(i.code, i.pointer) for i in report.issues] == [
            ("TRM-VERSION-005", "/spec_version")
        ]
        assert report.message_type is None


def test_steps_returning_garbage_are_coded() -> None:
    registry = MigrationRegistry()
    registry.register("0.9.0", "1.0.0", "returns nothing")(lambda d: None)  # type: ignore[arg-type,return-value]
    old = as_0_9(load_example())
    with pytest.raises(trm.TRMError) as caught:
        registry.upgrade(old)
    assert caught.value.code == "TRM-VERSION-005"
    odd = MigrationRegistry()
    odd.register("0.9.0", "1.0.0", "returns a date")(lambda d: {**d, "x": object()})
    assert trm.validate(dump(old), migrations=odd).codes == {"TRM-VERSION-005"}


def test_message_type_of_an_older_document_is_never_echoed() -> None:
    old = as_0_9(load_example()) | {"message_type": "Ana Exemplu 1994-06-01"}
    report = trm.validate(dump(old), migrations=fixture_registry())
    assert report.codes == {"TRM-VERSION-004"}
    assert report.message_type is None


def test_steps_are_listed_in_version_order() -> None:
    registry = MigrationRegistry()
    for source, target in (("0.10.0", "1.0.0"), ("0.9.0", "0.10.0"), ("0.2.0", "0.9.0")):
        registry.register(source, target, "step")(lambda d: d)
    assert [m.source for m in registry.steps()] == ["0.2.0", "0.9.0", "0.10.0"]

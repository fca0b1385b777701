"""The `trm` command line: exact contracts, exit codes, stdout/stderr discipline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Doc, dump

from trm_standard.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path, referral: Doc) -> Path:
    (tmp_path / "good.json").write_bytes(dump(referral))
    bad = dict(referral)
    del bad["person"]
    (tmp_path / "bad.json").write_bytes(dump(bad))
    lines = [dump(referral), b"", dump(bad), b"{truncated", b"   "]
    (tmp_path / "batch.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (tmp_path / "notes.txt").write_text("ignored in directories")
    return tmp_path


def test_validate_valid_file_exits_0(capsys: pytest.CaptureFixture[str], files: Path) -> None:
    code, out, err = run(capsys, "validate", str(files / "good.json"))
    assert code == 0
    assert out == f"{files / 'good.json'}: valid\n"
    assert "1 valid, 0 invalid" in err


def test_validate_invalid_file_exits_1(capsys: pytest.CaptureFixture[str], files: Path) -> None:
    code, out, _ = run(capsys, "validate", str(files / "bad.json"))
    assert code == 1
    assert "INVALID" in out
    assert "TRM-SCHEMA-001 /person: required member 'person' is missing" in out


def test_validate_json_lines_output(capsys: pytest.CaptureFixture[str], files: Path) -> None:
    code, out, _ = run(capsys, "validate", str(files / "batch.jsonl"), "--format", "json")
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["line"], r["valid"]) for r in rows] == [(1, True), (3, False), (4, False)]
    assert all(set(r) == {"path", "line", "valid", "errors"} for r in rows)
    assert rows[1]["errors"] == [
        {
            "code": "TRM-SCHEMA-001",
            "pointer": "/person",
            "message": "required member 'person' is missing",
        }
    ]
    assert rows[2]["errors"][0]["code"] == "TRM-JSON-004"


def test_validate_directory_takes_json_and_jsonl(
    capsys: pytest.CaptureFixture[str], files: Path
) -> None:
    code, out, _ = run(capsys, "validate", str(files), "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert sorted({Path(r["path"]).name for r in rows}) == ["bad.json", "batch.jsonl", "good.json"]
    assert all("line" not in r for r in rows if r["path"].endswith(".json"))


def test_unreadable_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "validate", str(tmp_path / "missing.json"), "--format", "json")
    assert code == 1
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["errors"][0]["code"] == "TRM-IO-001"


def test_empty_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 2
    assert "no .json or .jsonl documents" in err


def test_oversized_documents(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, referral: Doc
) -> None:
    data = dump(referral)
    limit = str(len(data) + 100)
    (tmp_path / "one.json").write_bytes(data)
    padding = b" " * (len(data) * 3)
    (tmp_path / "many.jsonl").write_bytes(data + b"\n" + b"[" + padding + b"]\n" + data + b"\n")
    code, out, _ = run(capsys, "validate", str(tmp_path), "--format", "json", "--max-bytes", limit)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [(r.get("line"), r["valid"]) for r in rows] == [
        (1, True),
        (2, False),
        (3, True),
        (None, True),
    ]
    assert rows[1]["errors"][0]["code"] == "TRM-JSON-002"
    (tmp_path / "one.json").write_bytes(data + padding)
    code, out, _ = run(capsys, "validate", str(tmp_path / "one.json"), "--max-bytes", limit)
    assert code == 1
    assert "TRM-JSON-002" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "x.json", "--format", "xml"],
        ["frobnicate"],
        ["schema"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert capsys.readouterr().out == ""


def test_bad_limits_exit_2(capsys: pytest.CaptureFixture[str], files: Path) -> None:
    code, _, err = run(capsys, "validate", str(files), "--max-bytes", "0")
    assert code == 2
    assert "max_bytes must be an integer" in err
    code, _, err = run(capsys, "validate", str(files), "--max-bytes", str(10**20))
    assert code == 2


def test_schema_check_and_export(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "schema", "check")
    assert (code, out) == (0, "")
    assert "match the models" in err
    target = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", target)
    path = target / "1.0.0" / "case_closure.schema.json"
    path.write_text(path.read_text().replace('"Why the case is closed."', '"Edited."'))
    code, out, _ = run(capsys, "schema", "check", "--dir", str(target))
    assert code == 1
    assert "TRM-TOOL-002 1.0.0/case_closure.schema.json" in out  # 1.0.0 is released
    code, out, _ = run(capsys, "schema", "export", str(target))
    assert code == 0
    assert "case_closure.schema.json" in out
    assert run(capsys, "schema", "check", "--dir", str(target))[0] == 0


def test_schema_export_into_fresh_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "schema", "export", str(tmp_path / "fresh"))
    assert code == 0
    assert len(out.splitlines()) == 9
    assert run(capsys, "schema", "check", "--dir", str(tmp_path / "fresh"))[0] == 0


def test_codes_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "codes", "list")
    assert code == 0
    assert "exploitation-form" in out
    code, out, _ = run(capsys, "codes", "show", "country")
    assert code == 0
    assert "XK" in out
    assert "Kosovo*" in out
    assert "UNSCR 1244/1999" in out
    code, out, _ = run(capsys, "codes", "show", "sex", "--format", "json")
    assert [json.loads(line)["code"] for line in out.splitlines()] == [
        "NOT_KNOWN",
        "MALE",
        "FEMALE",
        "NOT_APPLICABLE",
    ]
    code, out, err = run(capsys, "codes", "show", "nope")
    assert code == 2
    assert out == ""
    assert "trm codes list" in err


def test_errors_registry(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "errors", "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert {"TRM-JSON-005", "TRM-RULE-003"} <= {r["code"] for r in rows}
    code, out, _ = run(capsys, "errors")
    assert "TRM-RULE-005" in out


def test_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "trm_standard", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "spec 1.0.0" in result.stdout


def test_undecodable_file_names_are_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, referral: Doc
) -> None:
    (tmp_path / os.fsdecode(b"bad\xff.json")).write_bytes(dump(referral))
    code, out, _ = run(capsys, "validate", str(tmp_path), "--format", "json")
    assert code == 0
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["path"].endswith("bad\\xff.json")
    out.encode("utf-8")  # valid UTF-8 whatever the file name


def test_unlistable_folders_are_reported(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, files: Path
) -> None:
    (files / "locked").mkdir()
    (files / "locked" / "hidden.json").write_text("{}")
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, _ = run(capsys, "validate", str(files), "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    names = [Path(r["path"]).name for r in rows]
    assert names == ["bad.json", "batch.jsonl", "batch.jsonl", "batch.jsonl", "good.json", "locked"]
    assert rows[-1]["errors"][0]["code"] == "TRM-IO-001"


def test_stat_failures_are_reported(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, files: Path
) -> None:
    def is_dir(self: Path) -> bool:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "is_dir", is_dir)
    code, out, _ = run(capsys, "validate", str(files / "good.json"), "--format", "json")
    assert code == 1
    assert json.loads(out)["errors"][0]["code"] == "TRM-IO-001"


def test_country_footnote_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "codes", "show", "country", "--format", "json")
    rows = {json.loads(line)["code"]: json.loads(line) for line in out.splitlines()}
    assert "UNSCR 1244/1999" in rows["XK"]["footnote"]
    assert "footnote" not in rows["SE"]


def test_malformed_index(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "index.json").write_text("[1, 2")
    code, out, _ = run(capsys, "schema", "check", "--dir", str(tmp_path))
    assert code == 1
    assert "TRM-TOOL-001" in out
    code, _, err = run(capsys, "schema", "export", str(tmp_path))
    assert code == 1
    assert "TRM-TOOL-001" in err


def test_codes_in_another_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "codes", "show", "exploitation-form", "--lang", "sq")
    assert code == 0
    assert "[unreviewed]" in out
    assert "draft translation" in err
    code, out, _ = run(capsys, "codes", "show", "country", "--lang", "sr", "--format", "json")
    rows = {json.loads(line)["code"]: json.loads(line) for line in out.splitlines()}
    assert rows["SE"] == {"code": "SE", "label": "Шведска", "language": "sr", "status": "cldr"}
    assert rows["XK"]["label"] == "Косово*"
    assert "UNSCR 1244/1999" in rows["XK"]["footnote"]
    code, out, _ = run(capsys, "codes", "list", "--lang", "sv")
    assert code == 0
    assert "exploitation-form" in out
    code, _, err = run(capsys, "codes", "show", "sex", "--lang", "xx")
    assert code == 2
    assert "no labels" in err

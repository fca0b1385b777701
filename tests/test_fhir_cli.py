"""``trm fhir`` command-line contract and the optional-extra behaviour."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES

import trm_standard as trm
from trm_standard.fhir import to_fhir

CHILD = EXAMPLES / "referral-se-xk-child-begging.json"

#: Makes ``import fhir`` fail, as if the extra were not installed.
BLOCK_FHIR = """
import sys
class _Block:
    def find_spec(self, name, path=None, target=None):
        if name == "fhir" or name.startswith("fhir."):
            raise ImportError("blocked for the test")
        return None
sys.meta_path.insert(0, _Block())
"""


def _trm(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trm_standard", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("version", "bundle_type"),
    [("R4", "collection"), ("R4", "transaction"), ("R5", "collection"), ("R5", "transaction")],
)
def test_export_then_import_is_json_equal(tmp_path: Path, version: str, bundle_type: str) -> None:
    exported = _trm(
        "fhir", "export", CHILD, "--fhir-version", version, "--bundle-type", bundle_type
    )
    assert exported.returncode == 0, exported.stderr
    bundle = json.loads(exported.stdout)
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == bundle_type
    path = tmp_path / "bundle.json"
    path.write_text(exported.stdout, encoding="utf-8")
    imported = _trm("fhir", "import", path)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout) == json.loads(CHILD.read_text(encoding="utf-8"))
    assert "Besnik" not in exported.stderr + imported.stderr  # diagnostics carry no values


def test_export_defaults_to_an_r5_collection() -> None:
    exported = _trm("fhir", "export", CHILD)
    assert exported.returncode == 0
    bundle = json.loads(exported.stdout)
    assert bundle["type"] == "collection"
    assert bundle["meta"]["profile"][0].endswith("trm-bundle-r5")
    expected = to_fhir(trm.parse(CHILD.read_bytes()))
    assert bundle == expected


def test_import_failure_is_exit_1_with_codes_on_stderr(tmp_path: Path) -> None:
    bundle = to_fhir(trm.parse(CHILD.read_bytes()), validate=False)
    task = bundle["entry"][0]["resource"]
    task["owner"]["reference"] = "urn:uuid:00000000-0000-5000-8000-000000000000"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    result = _trm("fhir", "import", path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "TRM-FHIR-004" in result.stderr


def test_export_of_an_invalid_message_is_exit_1(tmp_path: Path) -> None:
    invalid = EXAMPLES / "referral-se-xk-child-begging.invalid-no-child-block.json"
    result = _trm("fhir", "export", invalid)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "TRM-RULE-" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("fhir",),
        ("fhir", "export"),
        ("fhir", "export", str(CHILD), "--fhir-version", "R6"),
        ("fhir", "export", str(CHILD), "--bundle-type", "batch"),
        ("fhir", "import", "/nonexistent/bundle.json"),
    ],
)
def test_usage_errors_are_exit_2(args: tuple[str, ...]) -> None:
    result = _trm(*args)
    assert result.returncode == 2
    assert result.stdout == ""


def test_core_imports_without_the_extra_and_says_how_to_install_it() -> None:
    code = (
        BLOCK_FHIR
        + """
import trm_standard, trm_standard.fhir, trm_standard.cli
assert not any(m == "fhir" or m.startswith("fhir.") for m in sys.modules)
from trm_standard import TRMError
msg = trm_standard.parse(open(sys.argv[1], "rb").read())
try:
    trm_standard.fhir.to_fhir(msg)
except TRMError as exc:
    print(exc.code, exc)
"""
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(CHILD)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("TRM-FHIR-001")
    assert "pip install 'trm_standard[fhir]'" in result.stdout


def test_cli_without_the_extra_is_exit_2() -> None:
    code = BLOCK_FHIR + "from trm_standard.cli import main\nsys.exit(main(sys.argv[1:]))"
    result = subprocess.run(
        [sys.executable, "-c", code, "fhir", "export", str(CHILD)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "TRM-FHIR-001" in result.stderr
    assert "pip install 'trm_standard[fhir]'" in result.stderr
    assert result.stdout == ""


def test_import_is_lazy_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from trm_standard import fhir  # noqa: PLC0415

    monkeypatch.setitem(sys.modules, "fhir.resources", None)
    with pytest.raises(trm.TRMError) as exc:
        fhir.from_fhir({"resourceType": "Bundle"})
    assert exc.value.code == "TRM-FHIR-001"


def test_terminology_command_writes_the_committed_files(tmp_path: Path) -> None:
    from trm_standard._fhirgen import check  # noqa: PLC0415

    result = _trm("fhir", "terminology", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    written = result.stdout.splitlines()
    assert len(written) == len(list((tmp_path / "out").glob("*.json")))
    assert check(tmp_path / "out") == []

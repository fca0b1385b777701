"""The wheel ships schemas, code lists and py.typed (built offline, no network)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_contents(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--quiet",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("trm_standard-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "trm_standard/py.typed" in names
    assert "trm_standard/schemas/index.json" in names
    assert "trm_standard/schemas/1.0.0/referral.schema.json" in names
    assert "trm_standard/codelists/country.json" in names
    assert "trm_standard/codelists/_codelist.schema.json" in names
    assert "trm_standard/codelists/_labels.schema.json" in names
    assert "trm_standard/codelists/labels/sr.json" in names
    assert "trm_standard/terminology/CodeSystem-exploitation-form.json" in names
    assert not any(n.startswith("tests/") for n in names)
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Requires-Dist: pydantic" in text
    assert "Provides-Extra: testing" in text
    assert "Provides-Extra: fhir" in text

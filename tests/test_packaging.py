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
    # the conformance suite, readable without Python, and the consent policy
    assert "trm_standard/vectors/vector.schema.json" in names
    assert "trm_standard/vectors/request.schema.json" in names
    assert "trm_standard/vectors/response.schema.json" in names
    assert "trm_standard/vectors/exempt.json" in names
    assert "trm_standard/vectors/synthetic-names.json" in names
    assert "trm_standard/vectors/1.0.0/schema/J05-duplicate-member.json" in names
    assert "trm_standard/vectors/1.0.0/consent/C010-no-consent.json" in names
    assert "trm_standard/policies/consent-policy.json" in names
    assert "trm_standard/policies/consent-policy.schema.json" in names
    assert not any(n.startswith("tests/") for n in names)
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Requires-Dist: pydantic" in text
    assert "Provides-Extra: testing" in text
    assert "Provides-Extra: fhir" in text
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    points = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[pytest11]" in points
    assert "trm_conformance = trm_standard.pytest_plugin" in points

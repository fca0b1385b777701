"""The examples: every file listed, valid ones valid, invalid twins fail as announced."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import EXAMPLES

import trm_standard as trm

MANIFEST: dict[str, Any] = json.loads((EXAMPLES / "_manifest.json").read_text(encoding="utf-8"))
ENTRIES = MANIFEST["examples"]


def test_manifest_lists_every_example_once() -> None:
    listed = [e["file"] for e in ENTRIES]
    on_disk = sorted(p.name for p in EXAMPLES.glob("*.json") if not p.name.startswith("_"))
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed)


def test_enough_scenarios_and_every_message_type() -> None:
    valid = [e for e in ENTRIES if e["valid"]]
    assert len(valid) >= 8
    types = {json.loads((EXAMPLES / e["file"]).read_text())["message_type"] for e in valid}
    assert types == set(trm.MESSAGE_CLASSES)
    phases = {e.get("procedure") for e in valid} - {None}
    assert phases == {c.code for c in trm.codelist("trm-phase").codes}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_example(entry: dict[str, Any]) -> None:
    report = trm.validate((EXAMPLES / entry["file"]).read_bytes())
    if entry["valid"]:
        assert "invalid" not in entry["file"]
        assert report.valid, report.issues
    else:
        assert ".invalid-" in entry["file"]
        assert entry["file"].startswith(entry["twin"].removesuffix(".json"))
        assert (EXAMPLES / entry["twin"]).exists()
        assert report.codes == set(entry["expected_codes"])


def test_examples_carry_no_personal_identifiers_of_real_people() -> None:
    # Synthetic persons use words meaning "example" as family names.
    synthetic = ("Exemplu", "Primjer", "Primer", "Shembull", "Exempel", "Пример", "Shembulli")
    for path in EXAMPLES.glob("*.json"):
        doc = json.loads(path.read_text())
        family = doc.get("person", {}).get("family_names")
        if family is not None:
            assert family.startswith(synthetic), path.name

"""The hand-written docs name every rule and model code the validator can produce."""

from __future__ import annotations

import re

from conftest import ROOT

import trm_standard as trm


def test_validation_doc_covers_every_rule_and_model_code() -> None:
    text = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"TRM-[A-Z]+-\d{3}", text))
    needed = {c for c, e in trm.CODES.items() if e.layer in {trm.Layer.RULES, trm.Layer.MODEL}}
    assert needed - documented == set()
    assert documented - set(trm.CODES) == set()

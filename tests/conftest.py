"""Shared fixtures: example documents and small helpers to mutate them."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import trm_standard as trm

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BASE_REFERRAL = "referral-se-ro-adult-labour.json"

settings.register_profile(
    "default",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

Doc = dict[str, Any]


def load_example(name: str = BASE_REFERRAL) -> Doc:
    doc: Doc = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return doc


def dump(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def check(doc: Doc) -> trm.Report:
    return trm.validate(dump(doc))


def codes_of(doc: Doc) -> set[str]:
    return {i.code for i in check(doc).issues}


@pytest.fixture
def referral() -> Doc:
    """A fresh, valid referral document (SE→RO) that a test may mutate."""
    return copy.deepcopy(load_example())


@pytest.fixture
def child_referral(referral: Doc) -> Doc:
    """The base referral turned into a valid referral of an unaccompanied child."""
    referral = copy.deepcopy(referral)
    referral["person"]["minor_status"] = "MINOR"
    referral["person"]["date_of_birth"] = "2011-04-02"
    referral["person"].pop("marital_status")
    referral["person"].pop("dependent_children")
    referral["exploitation"]["minor_at_exploitation"] = True
    referral["child"] = {
        "unaccompanied": True,
        "parental_involvement": "NONE_KNOWN",
        "guardian": {
            "appointed": True,
            "guardian_type": "LEGAL_GUARDIAN",
            "appointed_on": "2026-01-25",
        },
        "views": {"heard": True, "heard_on": "2026-02-20", "assent": "GIVEN"},
    }
    referral["consents"][0]["given_by"] = "LEGAL_GUARDIAN"
    referral["consents"][0]["child_assent"] = "GIVEN"
    return referral


Mutator = Callable[[Doc], None]

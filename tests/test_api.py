"""The public API: a curated __all__, py.typed, two version numbers that never mix."""

from __future__ import annotations

import importlib
import re
from importlib import resources

import trm_standard as trm
from trm_standard import v1

EXPECTED_TOP_LEVEL = {
    "CODES",
    "MESSAGE_CLASSES",
    "MIGRATIONS",
    "MigrationRegistry",
    "UnsupportedVersionError",
    "Label",
    "label",
    "detect_version",
    "upgrade",
    "SPEC_VERSION",
    "CaseClosure",
    "CaseUpdate",
    "Code",
    "CodeList",
    "ConsentWithdrawal",
    "ErasureConfirmation",
    "Engine",
    "ErasureRequest",
    "ErrorCode",
    "Issue",
    "Layer",
    "Limits",
    "Message",
    "MessageBase",
    "PartialDate",
    "PreReferralConsultation",
    "Referral",
    "Report",
    "SchemaDriftError",
    "TRMError",
    "ValidationError",
    "__version__",
    "canonical_json",
    "codelist",
    "codelist_names",
    "codelists",
    "parse",
    "validate",
    "validate_reference",
    "validate_value",
    "vocab",
}


def test_top_level_all_is_curated() -> None:
    assert set(trm.__all__) == EXPECTED_TOP_LEVEL
    for name in trm.__all__:
        assert hasattr(trm, name), name


def test_submodule_all_names_exist() -> None:
    for module in ("trm_standard.v1", "trm_standard.v1.vocab", "trm_standard.testing"):
        mod = importlib.import_module(module)
        for name in mod.__all__:
            assert hasattr(mod, name), f"{module}.{name}"
            assert not name.startswith("_") or name == "__version__"


def test_two_versions() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", trm.__version__)
    assert trm.SPEC_VERSION == "1.0.0"
    assert v1.Referral is trm.Referral


def test_py_typed_is_shipped() -> None:
    assert (resources.files("trm_standard") / "py.typed").is_file()


def test_error_codes_are_well_formed_and_documented() -> None:
    for code, entry in trm.CODES.items():
        assert re.fullmatch(r"TRM-[A-Z]+-\d{3}", code)
        assert entry.code == code
        assert entry.title
        assert entry.meaning

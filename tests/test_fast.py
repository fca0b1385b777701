"""The fast path returns exactly the reference's report: same validity, issues, message.

Differential over valid messages, schema-level mutants and byte-level faults (duplicates,
floats, escapes, non-NFC text, BOM, truncation, ...). Both engines see the same bytes.
"""

from __future__ import annotations

import json

import pytest
from conftest import Doc, dump, load_example
from hypothesis import given

import trm_standard as trm
from trm_standard.testing import documents, mutants, raw_mutants


def assert_same(data: bytes, limits: trm.Limits | None = None) -> trm.Report:
    fast = trm.validate(data, limits=limits, engine="fast")
    reference = trm.validate(data, limits=limits, engine="reference")
    assert fast.issues == reference.issues
    assert fast.message == reference.message
    assert (fast.spec_version, fast.message_type) == (
        reference.spec_version,
        reference.message_type,
    )
    return fast


@given(documents())
def test_valid_documents(doc: Doc) -> None:
    assert assert_same(dump(doc)).valid


@given(mutants())
def test_mutants(doc: Doc) -> None:
    assert_same(json.dumps(doc, ensure_ascii=False).encode("utf-8"))


@given(raw_mutants())
def test_byte_level_faults(data: bytes) -> None:
    assert_same(data)


@pytest.mark.parametrize(
    "text",
    [
        # The colon count must see a duplicate even when another colon is escaped.
        '{"a": 1, "a": "x\\u003ay"}',
        # A duplicate whose dropped value holds colons.
        '{"a": "1:2:3", "a": "4"}',
        # Colons inside strings only.
        '{"a": "1:2"}',
    ],
)
def test_colon_counting_edge_cases(text: str) -> None:
    report = assert_same(text.encode())
    assert not report.valid


def test_duplicates_inside_a_valid_referral_are_caught() -> None:
    raw = dump(load_example())
    duplicated = raw.replace(b'"sex": "FEMALE"', b'"sex": "FEMALE", "sex": "MALE"', 1)
    report = assert_same(duplicated)
    assert report.codes == {"TRM-JSON-005"}


def test_float_for_integer_is_caught() -> None:
    raw = dump(load_example()).replace(b'"dependent_children": 1', b'"dependent_children": 1.0', 1)
    assert assert_same(raw).codes == {"TRM-JSON-007"}


def test_tight_depth_limit_steps_aside() -> None:
    report = assert_same(dump(load_example()), trm.Limits(max_depth=3))
    assert report.codes == {"TRM-JSON-009"}


def test_text_input() -> None:
    assert assert_same(dump(load_example())).valid
    assert trm.validate(dump(load_example()).decode()).valid

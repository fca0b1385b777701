"""Layer 1: bytes and strict JSON. Every rejection has its own code and never echoes data."""

from __future__ import annotations

import pytest

import trm_standard as trm
from trm_standard._jsonparse import Limits, parse_strict


def codes(data: bytes | str, limits: Limits | None = None) -> list[str]:
    return [i.code for i in parse_strict(data, limits).issues]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "TRM-JSON-001"),
        (b"   \n\t ", "TRM-JSON-001"),
        (b"\xef\xbb\xbf{}", "TRM-JSON-012"),
        (b'{"a": "\xff"}', "TRM-JSON-003"),
        (b'{"a": "\xc3"}', "TRM-JSON-003"),
        (b'{"a": 1', "TRM-JSON-004"),
        (b'{"a": 1,}', "TRM-JSON-004"),
        (b"{'a': 1}", "TRM-JSON-004"),
        (b'{"a": 1} {"b": 2}', "TRM-JSON-004"),
        (b'{"a": NaN}', "TRM-JSON-006"),
        (b'{"a": -Infinity}', "TRM-JSON-006"),
        (b'{"a": 1.0}', "TRM-JSON-007"),
        (b'{"a": 1e3}', "TRM-JSON-007"),
        (b'{"a": -0.5}', "TRM-JSON-007"),
        (b'{"a": 9007199254740992}', "TRM-JSON-008"),
        (b'{"a": -9007199254740992}', "TRM-JSON-008"),
        (b"[]", "TRM-JSON-010"),
        (b'"text"', "TRM-JSON-010"),
        (b"42", "TRM-JSON-010"),
        (b'{"a": null}', "TRM-JSON-011"),
        ('{"a": "Cafe\u0301"}'.encode(), "TRM-JSON-013"),
        (b'{"a": "\\ud800"}', "TRM-JSON-014"),
        (b'{"Ana Popescu": 1}', "TRM-JSON-015"),
        (b'{"CamelCase": 1}', "TRM-JSON-015"),
    ],
)
def test_each_rejection_has_its_code(data: bytes, code: str) -> None:
    assert code in codes(data)


def test_safe_integer_bounds_are_inclusive() -> None:
    assert codes(b'{"a": 9007199254740991, "b": -9007199254740991}') == []


def test_duplicate_member_names_point_at_the_member() -> None:
    result = parse_strict(b'{"a": {"b": 1, "b": 2}, "c": [{"d": 1, "d": 1}]}')
    assert [(i.code, i.pointer) for i in result.issues] == [
        ("TRM-JSON-005", "/a/b"),
        ("TRM-JSON-005", "/c/0/d"),
    ]


def test_duplicate_personal_names_are_not_shown() -> None:
    result = parse_strict(b'{"Ana Exemplu": 1, "Ana Exemplu": 2}')
    assert {i.code for i in result.issues} == {"TRM-JSON-005", "TRM-JSON-015"}
    for issue in result.issues:
        assert "Ana" not in issue.pointer
        assert "Ana" not in issue.message


def test_every_problem_of_the_layer_is_reported_at_once() -> None:
    result = parse_strict(b'{"a": null, "b": 1.5, "c": [NaN, 9007199254740993]}')
    assert [(i.code, i.pointer) for i in result.issues] == [
        ("TRM-JSON-011", "/a"),
        ("TRM-JSON-007", "/b"),
        ("TRM-JSON-006", "/c/0"),
        ("TRM-JSON-008", "/c/1"),
    ]


def test_nesting_limit() -> None:
    deep_ok = b'{"a":' * 31 + b"1" + b"}" * 31
    assert codes(deep_ok, Limits(max_depth=32)) == []
    too_deep = b'{"a":' * 33 + b"1" + b"}" * 33
    assert codes(too_deep, Limits(max_depth=32)) == ["TRM-JSON-009"]
    arrays = b'{"a":' + b"[" * 40 + b"]" * 40 + b"}"
    assert codes(arrays) == ["TRM-JSON-009"]


def test_pathologically_deep_input_is_rejected_not_crashing() -> None:
    data = b"[" * 200_000 + b"]" * 200_000
    assert codes(data, Limits(max_bytes=10**7)) == ["TRM-JSON-009"]


def test_size_limit_is_checked_before_parsing() -> None:
    big = b'{"a": "' + b"x" * 2000 + b'"}'
    assert codes(big, Limits(max_bytes=1000)) == ["TRM-JSON-002"]
    assert codes(big, Limits(max_bytes=3000)) == []


def test_messages_never_contain_values() -> None:
    secret = "Ioana-Secret"
    data = f'{{"{secret}": "x", "b": "{secret}\u0301", "c": [{secret!r}'.encode()
    for issue in parse_strict(data).issues:
        assert secret not in issue.message
        assert secret not in issue.pointer


def test_text_input_is_accepted() -> None:
    result = parse_strict('{"name": "Đurđa"}')
    assert result.issues == ()
    assert result.value == {"name": "Đurđa"}


def test_validate_stops_after_layer_one() -> None:
    report = trm.validate(b'{"spec_version": "1.0.0", "message_type": "referral", "x": 1.5}')
    assert report.codes == {"TRM-JSON-007"}
    assert not report.valid
    assert report.message is None

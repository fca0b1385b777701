"""The release check: released tables always meet k, l and the budget, or are refused."""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
from hypothesis import example, given
from hypothesis import strategies as st

from trm_standard._anon_policy import Column, FieldInfo, Hierarchy
from trm_standard._release import TOTAL, _relations
from trm_standard.anonymise import (
    PseudonymKey,
    aggregate,
    anonymise_files,
    check_release,
    field_catalogue,
    min_class_size,
    release_table,
    rows_of,
    shipped_policy,
)
from trm_standard.testing import referrals, synthetic_referrals

SENSITIVE = "exploitation.forms[]"


def _columns(n: int) -> list[Column]:
    cols = [Column(f"c{i}", "keep", FieldInfo(f"c{i}", "QI", "code")) for i in range(n)]
    cols.append(Column(SENSITIVE, "keep", FieldInfo(SENSITIVE, "SC", "code")))
    return cols


tables = st.integers(1, 3).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(*[st.sampled_from("abc")] * n, st.sampled_from(["S", "L", "M"])),
            max_size=150,
        ),
    )
)


@given(tables, st.integers(2, 12), st.integers(1, 3), st.sampled_from(["0", "0.05", "0.3", "1"]))
def test_released_tables_meet_k_l_and_budget_or_are_refused(
    table: tuple[int, list[tuple[str, ...]]],
    k: int,
    l: int,  # noqa: E741 - the letter of l-diversity
    budget: str,
) -> None:
    n, rows = table
    result = check_release(
        list(rows), _columns(n), k=k, l=l, budget=Decimal(budget), sensitive=SENSITIVE
    )
    # independent recomputation of what must be suppressed
    sizes = Counter(rows)
    kept = [r for r in rows if sizes[r] >= k]
    distinct: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for r in kept:
        distinct[r[:-1]].add(r[-1])
    final = [r for r in kept if len(distinct[r[:-1]]) >= l]
    within = len(rows) - len(final) <= Decimal(budget) * len(rows)
    if result.ok:
        assert within
        assert result.rows == final
        out = Counter(result.rows)
        assert all(v >= k for v in out.values())
        groups: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for r in result.rows:
            groups[r[:-1]].add(r[-1])
        assert all(len(v) >= l for v in groups.values())
        assert result.facts["suppressed_records"]["total"] == len(rows) - len(final)
    else:
        assert not (within and final)
        assert result.rows == []
        assert result.reason in ("TRM-ANON-020", "TRM-ANON-021")


@given(tables, st.integers(2, 12))
def test_a_refusal_names_classes_only_through_k_safe_values(
    table: tuple[int, list[tuple[str, ...]]], k: int
) -> None:
    n, rows = table
    result = check_release(
        list(rows), _columns(n), k=k, l=2, budget=Decimal(0), sensitive=SENSITIVE
    )
    if result.ok or not rows:
        return
    counts = [Counter(r[i] for r in rows) for i in range(n + 1)]
    names = [f"c{i}" for i in range(n)] + [SENSITIVE]
    for failing in result.facts["failing_classes"]:
        for name, value in failing["class"].items():
            if value != "<rare>":
                assert counts[names.index(name)][value] >= k


ages = st.lists(
    st.tuples(st.integers(0, 80), st.sampled_from(["F", "M"]), st.sampled_from(["2024", "2025"])),
    max_size=200,
)


@example([(17, "F", "2024"), (18, "F", "2024"), (21, "F", "2024")])  # not nested before 1.1.0
@given(ages)
def test_generalising_further_never_lowers_the_smallest_class(
    rows: list[tuple[int, str, str]],
) -> None:
    previous = 0
    for level in ("years", "ctdc", "broad", "child_adult"):
        hierarchy = Hierarchy("age", level)
        table = [(hierarchy.apply(a), s, y) for a, s, y in rows]
        smallest = min_class_size(table, [0, 1, 2])
        assert smallest >= previous or not rows
        previous = smallest
    wiped = min_class_size([("*", s, y) for _, s, y in rows], [0, 1, 2])
    assert wiped >= previous


@given(
    st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("xyz")), max_size=300),
    st.sampled_from(["suppress", "floor"]),
)
def test_aggregates_never_reveal_a_suppressed_cell(
    rows: list[tuple[str, str]], rounding: str
) -> None:
    result = aggregate(rows, ["a", "b"], min_cell=10, rounding=rounding)
    published = {key: n for key, n, _ in result.cells if n is not None}
    hidden = {key for key, n, _ in result.cells if n is None}
    truth: Counter[tuple[str, ...]] = Counter(rows)
    for key, n in published.items():
        if TOTAL not in key:
            assert n >= 10
            assert n <= truth[key]
            if rounding == "floor":
                assert n % 10 == 0
            else:
                assert n == truth[key]
    for total, members in _relations(sorted(truth), 2):
        terms = [total, *members]
        assert sum(t in hidden for t in terms) != 1, (total, members)
    assert result.facts["records_in"] == len(rows)


def test_one_dimension_table_complementary_suppression() -> None:
    rows = [("A",)] * 30 + [("B",)] * 4 + [("C",)] * 12
    result = aggregate(rows, ["x"], min_cell=10)
    cells = {key[0]: (n, flag) for key, n, flag in result.cells}
    assert cells["B"] == (None, "suppressed")
    assert cells["C"] == (None, "complementary")
    assert cells[TOTAL] == (46, "")


# --- whole referrals ------------------------------------------------------------------


def _docs(count: int, **kwargs: str) -> list[bytes]:
    return [orjson.dumps(d) for d in synthetic_referrals(count, **kwargs)]  # type: ignore[arg-type]


def test_deterministic_for_the_same_input_and_policy() -> None:
    docs = _docs(300)
    policy = shipped_policy("anonymised")
    first = release_table(docs, policy)
    second = release_table(docs, policy)
    assert first == second


def test_small_country_microdata_refused_aggregates_published() -> None:
    """A realistic small country: 300 referrals from ME. Microdata fail, aggregates pass."""
    docs = _docs(300, sender_country="ME")
    policy = shipped_policy("anonymised")
    micro = release_table(docs, policy)
    assert not micro.ok
    assert micro.reason == "TRM-ANON-020"
    assert float(micro.facts["suppressed_share"]) > 0.5
    rows, left_out = rows_of(docs, policy)
    assert left_out == 0
    names = [c.path for c in policy.columns]
    for by in (["person.sex"], [SENSITIVE], ["person.sex", "created_at"]):
        index = [names.index(b) for b in by]
        table = aggregate([tuple(r[i] for i in index) for r in rows], by, min_cell=10)
        assert table.ok
        assert table.facts["cells_published"] >= 2


def test_report_facts_hold_no_person_values() -> None:
    docs = _docs(200, sender_country="ME")
    result = release_table(docs, shipped_policy("anonymised"))
    text = json.dumps(result.facts)
    for doc in synthetic_referrals(200, sender_country="ME"):
        assert doc["case_ref"] not in text
        assert doc["message_id"] not in text


# --- nothing dropped, and no key, ever leaves --------------------------------------------

KEY = PseudonymKey("SE-RO-2026-k1", b"\x5a" * 32)


CATALOGUE = field_catalogue("referral")


def _dropped(doc: dict[str, Any], policy_paths: set[str]) -> set[str]:
    """Personal values the policy does not release: free text, identifiers, full dates.

    (Codes and coarse dates of dropped fields may coincide with released codes, so they
    prove nothing either way.)
    """
    found: set[str] = set()

    def personal(path: str, value: str) -> bool:
        info = CATALOGUE.get(path)
        if info is None or info.privacy == "OPS" or path in policy_paths:
            return False
        if info.kind == "date":
            return len(value) >= 10
        # a released cell is a code (upper case), a band or a year: never such a value
        return info.kind == "text" and len(value) >= 3 and not value.isupper()

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                walk(value, f"{path}.{name}" if path else name)
        elif isinstance(node, list):
            for item in node:
                walk(item, path + "[]")
        elif isinstance(node, str) and personal(path, node):
            found.add(node)

    walk(doc, "")
    return found


@given(
    st.lists(referrals(), min_size=1, max_size=8), st.sampled_from(["anonymised", "pseudonymised"])
)
def test_no_dropped_value_or_key_in_output_or_report(docs: list[Any], tier: str) -> None:
    policy = shipped_policy(tier)  # type: ignore[arg-type]
    released = {c.path for c in policy.columns if c.action != "pseudonymise"}
    policy = policy.with_release(k=2, l=1, suppression_budget=Decimal(1))
    values = [d.to_json_dict() for d in docs]
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "in.jsonl"
        data.write_bytes(b"".join(orjson.dumps(v) + b"\n" for v in values))
        outcome = anonymise_files([str(data)], policy, Path(folder) / "out", key=KEY)
        text = "".join(p.read_text(encoding="utf-8") for p in (Path(folder) / "out").iterdir())
    assert KEY.secret.hex() not in text
    assert "Wlpa" not in text  # base64 of the key bytes
    cells = set(text.replace("\n", ",").replace('"', ",").split(","))
    kept = {c for c in cells if c}
    for doc in values:
        for value in _dropped(doc, released):
            assert json.dumps(value) not in text, "a dropped value in the output or report"
            assert value not in kept
    assert outcome.report["input"]["records"] == len(docs)

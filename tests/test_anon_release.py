"""The release check: released tables always meet k, l and the budget, or are refused."""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import product
from pathlib import Path
from typing import Any, Final

import orjson
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from trm_standard._anon_policy import Column, FieldInfo, Hierarchy
from trm_standard._release import TOTAL, determined_terms
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
        assert result.rows == sorted(final)
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
def test_a_refusal_publishes_counts_only(table: tuple[int, list[tuple[str, ...]]], k: int) -> None:
    """The report of a refusal names no value of any class: failing classes are small."""
    n, rows = table
    result = check_release(
        list(rows), _columns(n), k=k, l=2, budget=Decimal(0), sensitive=SENSITIVE
    )
    if result.ok or not rows:
        return
    names = [f"c{i}" for i in range(n)] + [SENSITIVE]
    assert set(result.facts["records_below_k_without_column"]) <= set(names)
    assert "internal_only_failing_classes" not in result.facts
    text = json.dumps(result.facts)
    for value in {v for r in rows for v in r}:
        assert json.dumps(value) not in text  # the values are "a".."c", "S", "L", "M"
    failing = result.facts["failing_records"]
    assert failing["below_k"] + failing["below_l"] == result.facts["suppressed_records"]["total"]


@given(tables, st.integers(2, 12))
def test_the_internal_detail_names_classes_only_through_k_safe_values(
    table: tuple[int, list[tuple[str, ...]]], k: int
) -> None:
    n, rows = table
    result = check_release(
        list(rows),
        _columns(n),
        k=k,
        l=2,
        budget=Decimal(0),
        sensitive=SENSITIVE,
        internal_report=True,
    )
    if result.ok or not rows:
        return
    detail = result.facts["internal_only_failing_classes"]
    assert detail["warning"].startswith("INTERNAL ONLY")
    counts = [Counter(r[i] for r in rows) for i in range(n + 1)]
    names = [f"c{i}" for i in range(n)] + [SENSITIVE]
    for failing in detail["classes"]:
        for name, value in failing["class"].items():
            if value != "<rare>":
                assert counts[names.index(name)][value] >= k


#: Sensitive cells as the row maker writes them: sorted single forms joined by "|",
#: absent ("") or UNKNOWN included.
sensitive_cells = st.frozensets(st.sampled_from(["S", "L", "M", "UNKNOWN"]), max_size=3).map(
    lambda forms: "|".join(sorted(forms))
)
multi_tables = st.lists(st.tuples(st.sampled_from("ab"), sensitive_cells), min_size=1, max_size=120)


def _single(cell: str) -> set[str]:
    return {v for v in cell.split("|") if v and v != "UNKNOWN"}


@settings(max_examples=200)
@given(multi_tables, st.integers(2, 6), st.integers(1, 3))
def test_l_diversity_holds_for_list_values_and_ignores_unknowns(
    rows: list[tuple[str, str]],
    k: int,
    l: int,  # noqa: E741 - the letter of l-diversity
) -> None:
    """Released classes: >= l known single forms, and none that everyone in it holds."""
    columns = _columns(1)
    result = check_release(list(rows), columns, k=k, l=l, budget=Decimal(1), sensitive=SENSITIVE)
    if not result.ok:
        return
    groups: dict[str, list[str]] = defaultdict(list)
    for qi, cell in result.rows:
        groups[qi].append(cell)
    for cells in groups.values():
        known = [_single(c) for c in cells if _single(c)]
        forms = set().union(*known) if known else set()
        assert len(forms) >= l
        if l >= 2:
            for form in forms:
                assert not all(form in held for held in known), "everyone holds one form"


def test_a_form_shared_by_every_record_fails_l_diversity() -> None:
    """15 records with forms {S} and 15 with {S, L}: everyone in the class holds S."""
    cols = _columns(0)
    rows = [("S",)] * 15 + [("L|S",)] * 15
    assert not check_release(list(rows), cols, k=2, l=2, budget=Decimal(0), sensitive=SENSITIVE).ok
    # absent and UNKNOWN are not a second value
    for other in ("", "UNKNOWN"):
        rows = [("S",)] * 15 + [(other,)] * 15
        result = check_release(list(rows), cols, k=2, l=2, budget=Decimal(0), sensitive=SENSITIVE)
        assert not result.ok
    rows = [("S",)] * 15 + [("L",)] * 15
    assert check_release(list(rows), cols, k=2, l=2, budget=Decimal(0), sensitive=SENSITIVE).ok


def test_released_rows_are_sorted_whatever_the_input_order() -> None:
    rows = [("b", "S"), ("a", "L")] * 20 + [("a", "S"), ("b", "L")] * 20
    first = check_release(list(rows), _columns(1), k=2, l=2, budget=Decimal(0), sensitive=SENSITIVE)
    second = check_release(
        list(reversed(rows)), _columns(1), k=2, l=2, budget=Decimal(0), sensitive=SENSITIVE
    )
    assert first.ok
    assert first.rows == second.rows == sorted(rows)


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


def _rank(matrix: list[list[Fraction]]) -> int:
    """Rank by plain dense Gaussian elimination over the rationals (independent oracle)."""
    m = [row[:] for row in matrix]
    rank = 0
    width = len(m[0]) if m else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(m)) if m[i][col] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for i in range(len(m)):
            if i != rank and m[i][col] != 0:
                f = m[i][col] / m[rank][col]
                m[i] = [a - f * b for a, b in zip(m[i], m[rank], strict=True)]
        rank += 1
    return rank


def _published_equations(
    cells: dict[tuple[str, ...], int | None], dims: int
) -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """Every total the table states, written from the cells themselves (not _relations)."""
    interior = [key for key in cells if TOTAL not in key]
    out: list[tuple[tuple[str, ...], list[tuple[str, ...]]]] = []
    for key in cells:
        if TOTAL not in key:
            continue
        members = [
            c for c in interior if all(v in (TOTAL, cv) for v, cv in zip(key, c, strict=True))
        ]
        out.append((key, members))
    return out


def _audit(rows: Sequence[tuple[str, ...]], dims: int, min_cell: int, rounding: str) -> None:
    result = aggregate(rows, [f"d{i}" for i in range(dims)], min_cell=min_cell, rounding=rounding)
    cells = {key: n for key, n, _ in result.cells}
    if not rows:  # nothing to count: the grand total 0 is hidden and the table refused
        assert not result.ok
        assert cells == {(TOTAL,) * dims: None}
        return
    truth: Counter[tuple[str, ...]] = Counter(rows)
    categories = [sorted({r[d] for r in rows}) for d in range(dims)]
    every = set(product(*categories))
    # the full cross product is there: an absent cell would be a known zero
    assert {key for key in cells if TOTAL not in key} == every
    hidden = [key for key, n in cells.items() if n is None]
    assert all(flag == "suppressed" for _, n, flag in result.cells if n is None)
    true_of: dict[tuple[str, ...], int] = {}
    for key, n in cells.items():
        true = true_of[key] = (
            truth[key]
            if TOTAL not in key
            else sum(
                c
                for k, c in truth.items()
                if all(v in (TOTAL, kv) for v, kv in zip(key, k, strict=True))
            )
        )
        if n is not None:
            assert n >= min_cell
            assert n == (true - true % min_cell if rounding == "floor" else true)
    index = {h: i for i, h in enumerate(hidden)}
    equations = _published_equations(cells, dims)
    matrix = []
    for total, members in equations:
        vec = [Fraction(0)] * len(hidden)
        for term, sign in [(total, 1), *((m, -1) for m in members)]:
            if term in index:
                vec[index[term]] += sign
        if any(vec):
            matrix.append(vec)
        hidden_members = [m for m in members if m in index]
        if total not in index and hidden_members:  # non-negative counts summing to 0
            assert sum(truth[m] for m in hidden_members) > 0
    base = _rank(matrix) if matrix else 0
    for term in hidden:
        if true_of[term] >= min_cell:
            continue  # only counts below the threshold (zeros included) must stay unknown
        unit = [Fraction(0)] * len(hidden)
        unit[index[term]] = Fraction(1)
        assert _rank([*matrix, unit]) > base, f"suppressed cell {term} is determined"
    assert result.facts["records_in"] == len(rows)


def _cells_of(shape: tuple[int, int]) -> st.SearchStrategy[list[tuple[str, ...]]]:
    def rows(counts: list[int]) -> list[tuple[str, ...]]:
        return [
            (f"a{i // shape[1]}", f"b{i % shape[1]}")
            for i, n in enumerate(counts)
            for _ in range(n)
        ]

    size = shape[0] * shape[1]
    counts = st.sampled_from([0, 0, 1, 2, 3, 5, 8, 9, 10, 12, 15, 20, 30, 50])
    return st.lists(counts, min_size=size, max_size=size).map(rows)


#: Random two-way tables: counts drawn so that small, zero and large cells all occur.
two_way = st.tuples(st.integers(1, 6), st.integers(1, 6)).flatmap(_cells_of)


@settings(max_examples=150, deadline=None)
@given(two_way, st.sampled_from(["suppress", "floor"]))
def test_no_suppressed_cell_is_in_the_span_of_the_published_totals(
    rows: list[tuple[str, ...]], rounding: str
) -> None:
    """Exact rank audit: no cell below the threshold can be solved from the table."""
    _audit(rows, 2, 10, rounding)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from("abcdef"), max_size=80))
def test_one_way_tables_pass_the_rank_audit(values: list[str]) -> None:
    _audit([(v,) for v in values], 1, 10, "suppress")


#: The reviewer's table: the classic pass left (a3, b1) = 2 and (a3, b4) = 5 computable
#: from several row and column totals together; (a1, b1), (a3, b0)... are zeros.
REVIEWED_TABLE: Final = (
    "a0 b0 15, a0 b1 2, a0 b2 12, a0 b3 20, a0 b4 30, a1 b0 50, a1 b2 8, a1 b3 30, a1 b4 8, "
    "a2 b0 30, a2 b1 30, a2 b2 5, a2 b3 8, a2 b4 8, a3 b1 2, a3 b2 30, a3 b3 30, a3 b4 5, "
    "a4 b0 30, a4 b1 20, a4 b2 8, a4 b3 3, a5 b0 3, a5 b1 12, a5 b2 20"
)


def test_several_totals_together_no_longer_give_a_cell_back() -> None:
    rows: list[tuple[str, ...]] = []
    for item in REVIEWED_TABLE.split(", "):
        a, b, n = item.split()
        rows += [(a, b)] * int(n)
    _audit(rows, 2, 10, "suppress")
    result = aggregate(rows, ["a", "b"], min_cell=10)
    cells = {key: n for key, n, _ in result.cells}
    assert cells[("a3", "b1")] is None
    assert cells[("a3", "b4")] is None
    assert cells[("a1", "b1")] is None  # a zero looks like any other small cell
    assert result.ok


def test_one_dimension_table_complementary_suppression() -> None:
    rows = [("A",)] * 30 + [("B",)] * 4 + [("C",)] * 12
    result = aggregate(rows, ["x"], min_cell=10)
    cells = {key[0]: (n, flag) for key, n, flag in result.cells}
    assert cells["B"] == (None, "suppressed")
    assert cells["C"] == (None, "suppressed")  # one flag: hidden cells look alike
    assert cells[TOTAL] == (46, "")
    assert result.facts["suppressed_cells"] == {
        "below_threshold": 1,
        "complementary": 1,
        "total": 2,
    }


def test_an_aggregate_has_one_or_two_distinct_columns() -> None:
    rows = [("a", "b", "c")] * 20
    with pytest.raises(ValueError, match="one or two"):
        aggregate(rows, ["x", "y", "z"], min_cell=10)
    with pytest.raises(ValueError, match="one or two"):
        aggregate([r[:2] for r in rows], ["x", "x"], min_cell=10)


def test_determined_terms_sees_sums_of_several_totals() -> None:
    """A cell hidden from every single total but solved by a combination of them."""
    relations = [
        (("r1", TOTAL), [("r1", "c1"), ("r1", "c2")]),
        (("r2", TOTAL), [("r2", "c1"), ("r2", "c2")]),
        ((TOTAL, "c1"), [("r1", "c1"), ("r2", "c1")]),
    ]
    value: dict[tuple[str, ...], int] = {
        ("r1", "c1"): 4,
        ("r1", "c2"): 20,
        ("r2", "c1"): 30,
        ("r2", "c2"): 5,
    }
    value |= {("r1", TOTAL): 24, ("r2", TOTAL): 35, (TOTAL, "c1"): 34}
    hidden = {("r1", "c1"), ("r1", "c2"), ("r2", "c2")}  # r2,c1 published: r1,c1 solved
    assert ("r1", "c1") in determined_terms(relations, hidden, value)
    assert determined_terms(relations, hidden | {("r2", "c1")}, value) == set()


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

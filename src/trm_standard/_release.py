"""The release check: k-anonymity, l-diversity, a suppression budget, protected aggregates.

Run over the whole output table before anything is written (DESIGN §7):

* **k-anonymity over every released column** (default k = 11, as the CTDC global
  dataset). Traffickers know a lot about their own victims, so every attribute they may
  know is a quasi-identifier, the "sensitive" exploitation form included (Edge et al.
  2020; Synthetic Data Showcase). Pseudonym columns of the pseudonymised tier are linkage
  keys, unique by design, and stay out of the classes: that tier is personal data.
* **l-diversity** (distinct, default l = 2) of the sensitive column within the classes
  formed by the other released columns, against attribute inference (WP29 Opinion
  05/2014 §3.2.3). A list cell counts as its single values; absent and ``UNKNOWN`` never
  count; for l >= 2 no single value may be held by every record of a class.
* **Record suppression** of the records in failing classes, within a budget (default
  5 %): suppression is preferred over wiping a column, so a column is never silently
  blanked; over budget, the release is refused. An absent value is a category of its own
  (the conservative choice of sdcMicro issue #225).
* **Roll-up** of rare values (countries): a value shared by fewer than k records is
  replaced by its parent level (UN M49 sub-region, then region) before classes form.
* **Aggregates** (one or two columns, full cross product): cells below a threshold
  (default 10), zeros included, are suppressed, optionally every count floored to a
  multiple of it (CTDC/SDS ``reporting_resolution``), with complementary suppression
  until an exact linear audit finds no suppressed cell computable from the table.
* Released rows are sorted: their order says nothing about the input's.

What a report may say: counts only (failing classes and records by reason, records
below k without each column). Failing classes are described by value only on request,
marked internal-only, and then only through k-safe values (``<rare>`` otherwise).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import product
from typing import Any, Final

from trm_standard._anon_policy import SEPARATOR, Column, Hierarchy

__all__ = [
    "AggregateResult",
    "CheckResult",
    "aggregate",
    "check_release",
    "determined_terms",
    "diverse",
    "min_class_size",
    "rollup_values",
]

RARE: Final = "<rare>"
TOTAL: Final = "(total)"
MAX_LISTED: Final = 50


@dataclass(slots=True)
class CheckResult:
    """The outcome of the release check over one table.

    Attributes:
        ok: True if the table may be released.
        reason: Why it was refused (a ``TRM-ANON-*`` code), or ``""``.
        rows: Released rows, sorted (only when ``ok``).
        facts: Machine-readable facts for the report (no personal data).
    """

    ok: bool
    reason: str
    rows: list[tuple[str, ...]]
    facts: dict[str, Any] = field(default_factory=dict)


def _split(cell: str) -> list[str]:
    return cell.split(SEPARATOR) if cell else []


def rollup_values(
    rows: list[tuple[str, ...]], index: int, hierarchy: Hierarchy, threshold: int
) -> dict[str, int]:
    """Roll rare values of one column up their hierarchy, in place.

    A value held by fewer than ``threshold`` records becomes its parent (country to
    sub-region to region); a multi-valued cell rolls each of its values. Returns how
    many values were rolled up to each level.
    """
    spec_order: list[str] = hierarchy.spec["order"]
    rolled: dict[str, int] = {}
    for level in spec_order[:-1]:
        counts: Counter[str] = Counter()
        for row in rows:
            counts.update(set(_split(row[index])))
        rare = {v for v, n in counts.items() if n < threshold}
        if not rare:
            break
        mapping = {v: hierarchy.parent(v, level) for v in rare}
        memo: dict[str, str] = {}
        moved = 0
        for i, row in enumerate(rows):
            cell = row[index]
            if not cell:
                continue
            new = memo.get(cell)
            if new is None:
                parts = {mapping.get(v, v) for v in _split(cell)}
                new = memo.setdefault(cell, SEPARATOR.join(sorted(parts)))
            if new != cell:
                moved += 1
                rows[i] = (*row[:index], new, *row[index + 1 :])
        nxt = spec_order[spec_order.index(level) + 1]
        rolled[nxt] = moved
    return rolled


def _key(row: tuple[str, ...], indexes: Sequence[int]) -> tuple[str, ...]:
    return tuple(row[i] for i in indexes)


def min_class_size(rows: Iterable[tuple[str, ...]], indexes: Sequence[int]) -> int:
    """Return the size of the smallest class over ``indexes`` (0 for no rows)."""
    counts = Counter(_key(r, indexes) for r in rows)
    return min(counts.values(), default=0)


def _describe(
    key: tuple[str, ...], names: Sequence[str], frequent: Sequence[set[str]]
) -> dict[str, str]:
    return {
        name: (value if value in safe else RARE)
        for name, value, safe in zip(names, key, frequent, strict=True)
    }


def check_release(
    rows: list[tuple[str, ...]],
    columns: Sequence[Column],
    *,
    k: int,
    l: int,  # noqa: E741 - the letter of l-diversity
    budget: Decimal,
    sensitive: str | None,
    internal_report: bool = False,
) -> CheckResult:
    """Check (and suppress records of) a whole output table.

    Args:
        rows: The generalised rows, one per record, in input order (modified in place by
            roll-ups).
        columns: The released columns, in row order.
        k: Smallest class size over every released non-pseudonym column.
        l: Distinct sensitive values within each class of the other columns.
        budget: Largest share of records that may be suppressed.
        sensitive: Path of the sensitive column, if the policy releases it.
        internal_report: Also describe failing classes by (k-safe) value, marked
            internal-only; never for a report that leaves the data controller.

    Returns:
        The released rows, or a refusal with the classes that failed and why.
    """
    names = [c.path for c in columns]
    facts: dict[str, Any] = {
        "records_in": len(rows),
        "k": k,
        "l": l,
        "suppression_budget": str(budget),
    }
    rolled: dict[str, dict[str, int]] = {}
    for i, column in enumerate(columns):
        if column.rollup and column.hierarchy is not None:
            rolled[column.path] = rollup_values(rows, i, column.hierarchy, k)
    facts["rolled_up_values"] = rolled
    qi = [i for i, c in enumerate(columns) if c.action != "pseudonymise"]
    s_index = names.index(sensitive) if sensitive in names else None
    facts["class_columns"] = [names[i] for i in qi]
    if s_index is not None:
        facts["sensitive_column"] = sensitive
    if not rows:
        return CheckResult(ok=False, reason="TRM-ANON-021", rows=[], facts=facts)
    tables = _Classes(rows, qi, s_index, k, l)
    suppressed = tables.n_k + tables.n_l
    # sorted, so that the order of the output says nothing about the order of the input
    released = sorted(row for row, kept in zip(rows, tables.keep, strict=True) if kept)
    facts.update(tables.facts(k, l, budget))
    facts["records_out"] = len(released)
    if suppressed <= budget * len(rows) and released:
        return CheckResult(ok=True, reason="", rows=released, facts=facts)
    facts["records_out"] = 0
    facts.update(tables.explain(names, k, internal=internal_report))
    reason = "TRM-ANON-021" if not released and suppressed == 0 else "TRM-ANON-020"
    return CheckResult(ok=False, reason=reason, rows=[], facts=facts)


#: Sensitive values that say nothing: they never count towards l.
UNINFORMATIVE: Final = frozenset({"", "UNKNOWN"})


def _forms(cell: str) -> frozenset[str]:
    """The informative single values of a (possibly multi-valued) sensitive cell."""
    return frozenset(v for v in _split(cell) if v not in UNINFORMATIVE)


def diverse(cells: Iterable[str], l: int) -> tuple[bool, int]:  # noqa: E741
    """Return whether a class's sensitive cells are l-diverse, and its distinct values.

    A cell of a list column (exploitation forms) is split into its single values;
    absent and ``UNKNOWN`` values do not count. The class is l-diverse when its
    records with a known value hold at least ``l`` distinct single values and, for
    ``l >= 2``, no single value is held by every one of them (otherwise the attacker
    learns that value of everyone in the class, whatever else they hold).
    """
    held: Counter[str] = Counter()
    known = 0
    for cell in cells:
        forms = _forms(cell)
        if forms:
            known += 1
            held.update(forms)
    distinct = len(held)
    if distinct < l:
        return False, distinct
    if l >= 2 and any(n == known for n in held.values()):
        return False, distinct
    return True, distinct


class _Classes:
    """Equivalence classes of one table and the records they suppress."""

    def __init__(
        self,
        rows: list[tuple[str, ...]],
        qi: list[int],
        s_index: int | None,
        k: int,
        l: int,  # noqa: E741 - the letter of l-diversity
    ) -> None:
        self.rows, self.qi, self.s_index = rows, qi, s_index
        self.others = [i for i in qi if i != s_index]
        self.sizes = Counter(_key(r, qi) for r in rows)
        self.below_k = {key for key, n in self.sizes.items() if n < k}
        keep_k = [_key(r, qi) not in self.below_k for r in rows]
        self.distinct: dict[tuple[str, ...], int] = {}
        self.l_sizes: Counter[tuple[str, ...]] = Counter()
        self.below_l: set[tuple[str, ...]] = set()
        if s_index is not None:
            members: dict[tuple[str, ...], list[str]] = defaultdict(list)
            for row, kept in zip(rows, keep_k, strict=True):
                if kept:
                    members[_key(row, self.others)].append(row[s_index])
            for group, cells in members.items():
                ok, self.distinct[group] = diverse(cells, l)
                self.l_sizes[group] = len(cells)
                if not ok:
                    self.below_l.add(group)
        self.keep = [
            kept and (s_index is None or _key(row, self.others) not in self.below_l)
            for row, kept in zip(rows, keep_k, strict=True)
        ]
        self.n_k = keep_k.count(False)
        self.n_l = keep_k.count(True) - self.keep.count(True)

    def facts(self, k: int, l: int, budget: Decimal) -> dict[str, Any]:  # noqa: E741
        suppressed = self.n_k + self.n_l
        return {
            "k": k,
            "l": l,
            "suppression_budget": str(budget),
            "suppressed_records": {"below_k": self.n_k, "below_l": self.n_l, "total": suppressed},
            "suppressed_share": f"{suppressed / len(self.rows):.4f}",
            "classes_below_k": len(self.below_k),
            "classes_below_l": len(self.below_l),
            "classes_released": len(self.sizes) - len(self.below_k),
            "min_class_size": min(
                (n for key, n in self.sizes.items() if key not in self.below_k), default=0
            ),
        } | (
            {
                "min_distinct_sensitive": min(
                    (n for g, n in self.distinct.items() if g not in self.below_l),
                    default=0,
                )
            }
            if self.s_index is not None
            else {}
        )

    def explain(self, names: Sequence[str], k: int, *, internal: bool) -> dict[str, Any]:
        """Say why the table failed: counts only, unless ``internal`` (never published).

        The public form gives the failing classes and records per reason and, per
        column, how many records would still be below k without it: no value
        combination, since a failing class is by definition small enough to single a
        person out. ``internal`` adds the failing classes through k-safe values, marked
        internal-only, for the data controller's own diagnosis.
        """
        rows, qi = self.rows, self.qi
        helps: dict[str, int] = {}
        for i in qi:  # what would help: records still below k if one column were left out
            rest = [j for j in qi if j != i]
            counts_wo = Counter(_key(r, rest) for r in rows)
            helps[names[i]] = sum(n for n in counts_wo.values() if n < k)
        out: dict[str, Any] = {
            "failing_classes_total": len(self.below_k) + len(self.below_l),
            "failing_records": {"below_k": self.n_k, "below_l": self.n_l},
            "records_below_k_without_column": helps,
        }
        if internal:
            out["internal_only_failing_classes"] = self._failing(names, k)
        return out

    def _failing(self, names: Sequence[str], k: int) -> dict[str, Any]:
        rows, qi = self.rows, self.qi
        frequent = []
        for i in qi:
            counts: Counter[str] = Counter(r[i] for r in rows)
            frequent.append({v for v, n in counts.items() if n >= k})
        q_names = [names[i] for i in qi]
        failing: list[dict[str, Any]] = [
            {
                "reason": "below_k",
                "size": self.sizes[key],
                "class": _describe(key, q_names, frequent),
            }
            for key in sorted(self.below_k, key=lambda x: (self.sizes[x], x))[:MAX_LISTED]
        ]
        o_names = [names[i] for i in self.others]
        o_frequent = [frequent[qi.index(i)] for i in self.others]
        failing.extend(
            {
                "reason": "below_l",
                "size": self.l_sizes[group],
                "distinct_sensitive": self.distinct[group],
                "class": _describe(group, o_names, o_frequent),
            }
            for group in sorted(self.below_l, key=lambda g: (self.l_sizes[g], g))[:MAX_LISTED]
        )
        return {
            "warning": "INTERNAL ONLY: small classes described by value; never publish",
            "classes": failing,
        }


# --------------------------------------------------------------------------------------
# Aggregate tables
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class AggregateResult:
    """A protected aggregate table.

    Attributes:
        ok: False when no count at all can be published.
        columns: The ``--by`` columns.
        cells: ``(values, count or None when suppressed, flag)`` in sorted order; values
            are ``(total)`` in the dimensions a total sums over.
        facts: Machine-readable facts for the report.
    """

    ok: bool
    columns: list[str]
    cells: list[tuple[tuple[str, ...], int | None, str]]
    facts: dict[str, Any]


def _relations(
    keys: Sequence[tuple[str, ...]], dims: int
) -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """Return (total, members) of every published total: one-dimension sums, grand total."""
    out: list[tuple[tuple[str, ...], list[tuple[str, ...]]]] = []
    for d in range(dims):
        groups: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
        for key in keys:
            groups[(*key[:d], TOTAL, *key[d + 1 :])].append(key)
        out.extend(groups.items())
    if dims > 1:
        grand = (TOTAL,) * dims
        for d in range(dims):  # the grand total is the sum of each family of sub-totals
            subs = sorted({(*key[:d], TOTAL, *key[d + 1 :]) for key in keys})
            out.append((grand, subs))
    return out


Key = tuple[str, ...]

#: ``trm stats`` tables have at most this many dimensions (the audit below is exact for
#: the totals such a table publishes).
MAX_DIMENSIONS: Final = 2


def _subtract(row: dict[Key, Fraction], coef: Fraction, pivot_row: Mapping[Key, Fraction]) -> None:
    """``row -= coef * pivot_row`` in place, dropping zeros."""
    for var, c in pivot_row.items():
        new = row.get(var, Fraction(0)) - coef * c
        if new:
            row[var] = new
        else:
            row.pop(var, None)


def determined_terms(
    relations: Sequence[tuple[Key, Sequence[Key]]],
    hidden: Iterable[Key],
    value: Mapping[Key, int],
) -> set[Key]:
    """Return the hidden terms an attacker can compute exactly from the published ones.

    Every published total is a linear equation ``total - sum(members) = 0``; with the
    published terms moved to the right-hand side, a hidden term is determined exactly
    when its unit vector lies in the row space of the equations over the hidden terms.
    This is decided by exact Gaussian elimination over the rationals
    (:class:`fractions.Fraction`, reduced row echelon form): a hidden term is determined
    iff it is the pivot of a row with no other non-zero entry.

    Counts are also non-negative, so hidden members of a total whose published residue
    is zero are all known to be zero; those are reported as determined too.
    """
    hidden_set = set(hidden)
    order = {h: i for i, h in enumerate(sorted(hidden_set))}
    pivots: dict[Key, dict[Key, Fraction]] = {}
    out: set[Key] = set()
    for total, members in relations:
        row: dict[Key, Fraction] = {}
        hidden_members = [m for m in members if m in hidden_set]
        if total in hidden_set:
            row[total] = Fraction(1)
        elif hidden_members and sum(value[m] for m in hidden_members) == 0:
            out.update(hidden_members)  # non-negative terms summing to 0
        for m in hidden_members:
            row[m] = row.get(m, Fraction(0)) - 1
        row = {v: c for v, c in row.items() if c}
        for var in [v for v in row if v in pivots]:
            _subtract(row, row[var], pivots[var])
        if not row:
            continue
        pivot = min(row, key=order.__getitem__)
        lead = row[pivot]
        row = {v: c / lead for v, c in row.items()}
        for prow in pivots.values():
            if pivot in prow:
                _subtract(prow, prow[pivot], row)
        pivots[pivot] = row
    out.update(p for p, row in pivots.items() if len(row) == 1)
    return out


def _full_table(rows: Iterable[Key], dims: int) -> tuple[Counter[Key], list[Key]]:
    """Count rows over the full cross product of the categories seen in each dimension."""
    counts: Counter[Key] = Counter(rows)
    categories = [sorted({key[d] for key in counts}) for d in range(dims)]
    keys = sorted(product(*categories)) if counts else []
    return counts, keys


def _protect(
    relations: Sequence[tuple[Key, Sequence[Key]]],
    value: Mapping[Key, int],
    primary: set[Key],
) -> set[Key]:
    """Suppress further until no primary term can be computed from the published ones.

    First the classic pass (no published total with exactly one hidden term), then the
    exact audit (:func:`determined_terms`): while a primary term is determined, hide the
    published term that helps, preferring the smallest cell of a total the primary term
    belongs to, then any other cell, then totals. If no single term helps, the smallest
    cell beside the primary term is hidden anyway and the audit repeats (every round
    hides one more term, so this ends).
    """
    suppressed = set(primary)
    changed = True
    while changed:
        changed = False
        for total, members in relations:
            terms = [total, *members]
            if sum(t in suppressed for t in terms) != 1:
                continue
            candidates = sorted(
                (value[m], m) for m in members if m not in suppressed and value[m] > 0
            )
            pick = candidates[0][1] if candidates else total
            if pick in suppressed:  # pragma: no cover - total hidden and members all hidden
                continue
            suppressed.add(pick)
            changed = True
    totals = {total for total, _ in relations}
    while True:
        leaks = sorted(determined_terms(relations, suppressed, value) & primary)
        if not leaks:
            return suppressed
        target = leaks[0]
        near: set[Key] = set()
        for total, members in relations:
            if target == total or target in members:
                near.update(members)
                near.add(total)
        published = [t for t in value if t not in suppressed]

        def rank(term: Key, near: set[Key] = near) -> tuple[bool, bool, int, Key]:
            return (term in totals, term not in near, value[term], term)

        ordered = sorted(published, key=rank)
        if not ordered:  # pragma: no cover - everything hidden: nothing is determined
            return suppressed
        pick = next(
            (
                term
                for term in ordered
                if target not in determined_terms(relations, suppressed | {term}, value)
            ),
            ordered[0],
        )
        suppressed.add(pick)


def aggregate(
    rows: Iterable[tuple[str, ...]],
    columns: Sequence[str],
    *,
    min_cell: int,
    rounding: str = "suppress",
) -> AggregateResult:
    """Count records by ``columns`` and protect the table.

    The table is the full cross product of the categories seen in each column, zero
    cells included. Every cell and total below ``min_cell`` is a primary suppression,
    zeros included, so an empty cell looks like a small one. Then complementary
    suppression goes on until an exact audit (:func:`determined_terms`) finds no primary
    term computable from the published cells and totals. Every hidden term carries the
    same flag, ``suppressed``, since telling primary and complementary suppressions
    apart would tell an attacker which hidden counts are at least ``min_cell``. With
    ``rounding="floor"`` every published count is also rounded down to a multiple of
    ``min_cell`` (CTDC/SDS practice).

    The audit covers one table. Tables published from the same data by different
    ``--by`` fields are not audited together: see docs/anonymisation.md.

    Raises:
        ValueError: More than :data:`MAX_DIMENSIONS` columns, or one given twice.
    """
    dims = len(columns)
    if not 1 <= dims <= MAX_DIMENSIONS or len(set(columns)) != dims:
        raise ValueError("an aggregate table has one or two distinct columns")
    counts, keys = _full_table(rows, dims)
    relations = _relations(keys, dims)
    value: dict[tuple[str, ...], int] = {key: counts[key] for key in keys}
    grand = (TOTAL,) * dims
    for total, members in relations:
        if total not in value:
            value[total] = (
                sum(counts.values()) if total == grand else sum(value[m] for m in members)
            )
    if not keys:
        value[grand] = 0
    primary = {key for key, n in value.items() if n < min_cell}
    suppressed = _protect(relations, value, primary)
    complementary = suppressed - primary
    cells: list[tuple[tuple[str, ...], int | None, str]] = []
    rounded = 0
    for key in sorted(value, key=lambda x: tuple((v == TOTAL, v) for v in x)):
        n = value[key]
        if key in suppressed:
            cells.append((key, None, "suppressed"))
        elif rounding == "floor":
            floored = n - n % min_cell
            rounded += floored != n
            cells.append((key, floored, "rounded" if floored != n else ""))
        else:
            cells.append((key, n, ""))
    published = sum(1 for _, n, _ in cells if n is not None)
    facts = {
        "records_in": sum(counts.values()),
        "min_cell": min_cell,
        "rounding": rounding,
        "cells": len(cells),
        "cells_published": published,
        "zero_cells": sum(1 for key in keys if counts[key] == 0),
        "suppressed_cells": {
            "below_threshold": len(primary),
            "complementary": len(complementary),
            "total": len(suppressed),
        },
        "rounded_cells": rounded,
        "audit": "exact linear (rational Gaussian elimination) over this table's cells "
        "and totals; no primary cell is determined",
    }
    return AggregateResult(ok=published > 0, columns=list(columns), cells=cells, facts=facts)

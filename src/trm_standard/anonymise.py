"""Anonymisation, pseudonymisation and statistical releases (DESIGN §7; issue 7).

Policies and generalisation hierarchies are data; a release check (k-anonymity over
every released column, l-diversity of the exploitation form, a record-suppression budget)
runs over the whole output table before anything is written, and a failing release is
refused with a report saying why. Pseudonyms are HMAC-SHA-256 under a key per exchange
agreement with a domain label and the published normalisation v1.

Legal frame: anonymous data are outside the GDPR only when no one can identify a person
by means reasonably likely to be used (GDPR Recital 26); pseudonymised data remain
personal data (GDPR Art. 4(5); WP29 Opinion 05/2014 §4; EDPB Guidelines 01/2025).

Example::

    from trm_standard.anonymise import shipped_policy, release_table

    result = release_table(documents, shipped_policy("anonymised"))
    if result.ok:
        ...  # result.rows: released rows, result.facts: what the check found
"""

from __future__ import annotations

from collections.abc import Iterable

import orjson

from trm_standard._anon_policy import (
    Column,
    FieldInfo,
    Policy,
    PolicyError,
    Release,
    RowMaker,
    field_catalogue,
    hierarchies,
    hierarchies_version,
    load_policy,
    policy_from_dict,
    shipped_policy,
)
from trm_standard._anon_run import (
    InputCounts,
    ReleaseOutcome,
    anonymise_files,
    collect_rows,
    stats_files,
)
from trm_standard._errors import TRMError
from trm_standard._fast import validate_fast
from trm_standard._pseudonym import (
    MIN_KEY_BYTES,
    NORMALISATION_VERSION,
    PseudonymKey,
    load_key_file,
    normalisation_table,
    normalise_v1,
    pseudonym,
)
from trm_standard._release import (
    AggregateResult,
    CheckResult,
    aggregate,
    check_release,
    min_class_size,
)

__all__ = [
    "MIN_KEY_BYTES",
    "NORMALISATION_VERSION",
    "AggregateResult",
    "CheckResult",
    "Column",
    "FieldInfo",
    "InputCounts",
    "Policy",
    "PolicyError",
    "PseudonymKey",
    "Release",
    "ReleaseOutcome",
    "aggregate",
    "anonymise_files",
    "check_release",
    "collect_rows",
    "field_catalogue",
    "hierarchies",
    "hierarchies_version",
    "load_key_file",
    "load_policy",
    "min_class_size",
    "normalisation_table",
    "normalise_v1",
    "policy_from_dict",
    "pseudonym",
    "release_table",
    "rows_of",
    "shipped_policy",
    "stats_files",
]


def rows_of(
    documents: Iterable[bytes], policy: Policy, key: PseudonymKey | None = None
) -> tuple[list[tuple[str, ...]], int]:
    """Validate serialised messages and return the policy's cells of the valid ones.

    Returns:
        The rows of the valid documents of the policy's message type, and how many
        documents were left out (invalid or of another type).
    """
    if policy.needs_key and key is None:
        raise TRMError("TRM-ANON-011", "this policy pseudonymises: give the agreement's key")
    maker = RowMaker(policy, key)
    rows: list[tuple[str, ...]] = []
    left_out = 0
    for raw in documents:
        report = validate_fast(raw)
        if report.valid and report.message_type == policy.message_type:
            rows.append(maker.row(orjson.loads(raw)))
        else:
            left_out += 1
    return rows, left_out


def release_table(
    documents: Iterable[bytes], policy: Policy, key: PseudonymKey | None = None
) -> CheckResult:
    """Validate, generalise and check messages in memory; nothing is written.

    Returns:
        The check's result: the released rows when ``ok``, else the refusal and why.
    """
    rows, _ = rows_of(documents, policy, key)
    release = policy.release
    return check_release(
        rows,
        policy.columns,
        k=release.k,
        l=release.l,
        budget=release.suppression_budget,
        sensitive=release.sensitive,
    )

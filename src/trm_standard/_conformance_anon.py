"""This library's answers to the conformance operations of the anonymisation area.

``anonymise.pseudonym``, ``anonymise.load_policy``, ``anonymise.release`` and
``anonymise.stats``; their exact context, input and output are in ``docs/conformance.md``
("Anonymisation and FHIR operations"). Releases and tables go through the same code as
``trm anonymise`` and ``trm stats`` (the documents are written to a temporary folder, one
file each, in input order), and the response carries the released table and the part of
the report an independent implementation must reproduce exactly.
"""

from __future__ import annotations

import base64
import binascii
import csv
import json
import re
import tempfile
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

from trm_standard._anon_policy import TIERS, Policy, PolicyError, policy_from_dict, shipped_policy
from trm_standard._anon_run import anonymise_files, stats_files
from trm_standard._conformance import register
from trm_standard._errors import Issue, TRMError
from trm_standard._pseudonym import PseudonymKey, normalise_v1, pseudonym

__all__: list[str] = []

#: Key id used when a context gives a key without ``key_id``.
DEFAULT_KEY_ID: Final = "conformance"
_B64URL: Final = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(context: Mapping[str, Any]) -> PseudonymKey | None:
    """The context's pseudonymisation key (``key`` base64url, ``key_id``), or None."""
    if "key" not in context:
        return None
    k = context["key"]
    kid = context.get("key_id", DEFAULT_KEY_ID)
    if not isinstance(k, str) or not _B64URL.match(k) or not isinstance(kid, str):
        raise TRMError("TRM-ANON-010", '"key" must be base64url without padding')
    try:
        secret = base64.urlsafe_b64decode(k + "=" * (-len(k) % 4))
    except (binascii.Error, ValueError):
        raise TRMError("TRM-ANON-010", '"key" must be base64url without padding') from None
    return PseudonymKey(kid, secret)


@register("anonymise.pseudonym")
def _pseudonym(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    key = _key(context)
    if key is None:
        raise TRMError("TRM-ANON-011", "a pseudonym needs the agreement's key")
    value = str(given["value"])
    return {
        "valid": True,
        "errors": [],
        "output": {
            "normalised": normalise_v1(value),
            "pseudonym": pseudonym(key, str(context["domain"]), value),
        },
    }


def _tier_checked(policy: Policy, tier: Any) -> Policy:
    if tier is not None and policy.tier != tier:
        raise TRMError("TRM-ANON-007", f"the policy is for the {policy.tier} tier, not {tier}")
    return policy


def _policy_summary(policy: Policy) -> dict[str, Any]:
    release = policy.release
    return {
        "name": policy.name,
        "tier": policy.tier,
        "message_type": policy.message_type,
        "needs_key": policy.needs_key,
        "columns": [
            {
                "column": c.path,
                "rule": c.action
                if c.hierarchy is None
                else f"generalise:{c.hierarchy.name}:{c.hierarchy.level}",
            }
            for c in policy.columns
        ],
        "release": {
            "k": release.k,
            "l": release.l,
            "sensitive": release.sensitive,
            "suppression_budget": str(release.suppression_budget),
            "min_cell": release.min_cell,
            "rounding": release.rounding,
        },
    }


@register("anonymise.load_policy")
def _load_policy(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    try:
        doc = json.loads(str(given["text"]))
    except json.JSONDecodeError:
        raise PolicyError([Issue("", "TRM-ANON-001", "the policy is not JSON")]) from None
    policy = _tier_checked(policy_from_dict(doc), context.get("tier"))
    return {"valid": True, "errors": [], "output": {"policy": _policy_summary(policy)}}


def _policy(context: Mapping[str, Any], default_tier: str) -> Policy:
    tier = context.get("tier", default_tier)
    if tier not in TIERS:
        raise TRMError("TRM-ANON-007", f"no tier {tier!r}")
    given = context.get("policy", "default")
    if given == "default":
        return shipped_policy(tier)
    return _tier_checked(policy_from_dict(given), tier)


def _budget(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        budget = Decimal(str(value))
    except InvalidOperation:
        raise TRMError("TRM-ANON-001", "suppression_budget is not a decimal") from None
    if not Decimal(0) <= budget <= Decimal(1):
        raise TRMError("TRM-ANON-001", "suppression_budget must be within 0 and 1")
    return budget


def _write_documents(folder: Path, documents: Sequence[Any]) -> list[str]:
    """One file per document, named so that the reading order is the input order."""
    paths = []
    for i, text in enumerate(documents):
        path = folder / f"{i:06d}.json"
        path.write_bytes(str(text).encode("utf-8", "surrogatepass"))
        paths.append(str(path))
    return paths


def _input_summary(report: Mapping[str, Any]) -> dict[str, Any]:
    inp = report["input"]
    return {
        "documents": inp["documents"],
        "records": inp["records"],
        "left_out_by_code": inp["left_out_by_code"],
    }


@register("anonymise.release")
def _release(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    policy = _policy(context, "anonymised").with_release(
        k=context.get("k"),
        l=context.get("l"),
        suppression_budget=_budget(context.get("suppression_budget")),
    )
    key = _key(context) if policy.needs_key else None
    if policy.needs_key and key is None:
        raise TRMError("TRM-ANON-011", "this policy pseudonymises: the context needs a key")
    with tempfile.TemporaryDirectory(prefix="trm-conformance-") as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        inputs.mkdir()
        paths = _write_documents(inputs, given["documents"])
        outcome = anonymise_files(paths, policy, out, key=key, fmt="csv")
        report = outcome.report
        rows: list[list[str]] = []
        if outcome.released:
            with (out / "release.csv").open(encoding="utf-8", newline="") as handle:
                rows = [list(r) for r in csv.reader(handle)][1:]
    check = report["release_check"]
    summary: dict[str, Any] = {
        "status": report["status"],
        "columns": [c.path for c in policy.columns],
        "rows": rows,
        "input": _input_summary(report),
        "check": {
            "k": policy.release.k,
            "l": policy.release.l,
            "records_in": check["records_in"],
            "records_out": check.get("records_out", 0),
            "suppressed_records": check.get(
                "suppressed_records", {"below_k": 0, "below_l": 0, "total": 0}
            ),
            "rolled_up_values": check["rolled_up_values"],
        },
    }
    codes = set(report["input"]["left_out_by_code"])
    if not outcome.released:
        codes.add(report["refusal"]["code"])
    return {"valid": outcome.released, "errors": sorted(codes), "output": summary}


@register("anonymise.stats")
def _stats(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    policy = _policy(context, "anonymised").with_release(
        min_cell=context.get("min_cell"), rounding=context.get("rounding")
    )
    by = [str(b) for b in context["by"]]
    if not by:
        raise TRMError("TRM-ANON-024", "by names no field")
    with tempfile.TemporaryDirectory(prefix="trm-conformance-") as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        paths = _write_documents(inputs, given["documents"])
        out = Path(tmp) / "table.csv"
        outcome = stats_files(paths, policy, by, out)
        report = outcome.report
        rows: list[list[Any]] = []
        if outcome.released:
            with out.open(encoding="utf-8", newline="") as handle:
                for row in list(csv.reader(handle))[1:]:
                    *values, count, flag = row
                    rows.append([*values, int(count) if count else None, flag])
    check = report["release_check"]
    summary = {
        "status": report["status"],
        "columns": [*by, "count", "flag"],
        "rows": rows,
        "input": _input_summary(report),
        "check": {
            "min_cell": check["min_cell"],
            "rounding": check["rounding"],
            "cells": check["cells"],
            "cells_published": check["cells_published"],
            "suppressed_cells": check["suppressed_cells"],
            "rolled_up_values": check["rolled_up_values"],
        },
    }
    codes = set(report["input"]["left_out_by_code"])
    if not outcome.released:
        codes.add(report["refusal"]["code"])
    return {"valid": outcome.released, "errors": sorted(codes), "output": summary}

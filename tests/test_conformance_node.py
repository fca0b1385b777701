"""The conformance suite against adapters written for Node.js (docs/conformance.md).

``tools/conformance-adapter.mjs`` is an independent implementation over npm ``ajv``,
``ajv-formats`` and ``jose``; ``make conformance-node`` runs it over every vector of the
schema, envelope and trust-list areas. Here a sample of it runs, and above all the suite is
shown to fail adapters that are wrong: one that accepts everything, and the real adapter
with one error code swapped for another.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from trm_standard._conformance import Case, CaseResult, command_adapter, load_cases, run_suite

ROOT = Path(__file__).resolve().parents[1]
NODE = shutil.which("node")
AREAS = ("schema", "envelope", "trustlist")

pytestmark = pytest.mark.skipif(NODE is None, reason="node (Node.js) is not installed")


def _command(script: str, *args: str) -> str:
    assert NODE is not None
    return shlex.join([NODE, str(ROOT / "tools" / script), *args])


def _run(cases: Sequence[Case], command: str) -> list[CaseResult]:
    return list(run_suite(cases, command_adapter(command, timeout=120)))


def _sample() -> list[Case]:
    """A few cases of each area: valid and invalid ones."""
    picked: list[Case] = []
    for area in AREAS:
        cases = load_cases(areas=[area])
        valid = [c for c in cases if c.data["expected"].get("valid") is True]
        invalid = [c for c in cases if c.data["expected"].get("valid") is False]
        picked += valid[:1] + invalid[:2]
    return picked


def test_node_adapter_passes_a_sample() -> None:
    cases = _sample()
    assert len(cases) == 3 * len(AREAS)
    failed = [(r.case.id, r.problems) for r in _run(cases, _command("conformance-adapter.mjs"))]
    assert [f for f in failed if f[1]] == []


def test_the_runner_fails_an_adapter_that_accepts_everything() -> None:
    areas = [arg for area in AREAS for arg in ("--area", area)]
    run = ["conformance", "run", "--adapter", _command("wrong-adapter.mjs"), *areas]
    done = subprocess.run(
        [sys.executable, "-m", "trm_standard", *run],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=900,
    )
    assert done.returncode == 1, done.stdout[-2000:]
    cases = load_cases(areas=AREAS)
    invalid = {c.id for c in cases if c.data["expected"]["errors"]}
    # A valid envelope or key needs its output too: an empty "valid" answer is not enough.
    with_output = {c.id for c in cases if c.data["expected"].get("output")}
    assert invalid
    for case in cases:
        if case.id in invalid | with_output:
            assert f"FAIL {case.area}/{case.id}" in done.stdout


def test_suite_fails_an_adapter_with_one_code_swapped() -> None:
    cases = [c for c in load_cases(areas=AREAS) if "TRM-ENV-013" in c.data["expected"]["errors"]]
    assert len(cases) >= 3
    right = _run(cases, _command("conformance-adapter.mjs"))
    assert all(r.passed for r in right), [r.problems for r in right if not r.passed]
    wrong = _run(cases, _command("wrong-adapter.mjs", "--flip", "TRM-ENV-013=TRM-ENV-012"))
    assert not any(r.passed for r in wrong)
    assert all("errors" in " ".join(r.problems) for r in wrong)

"""The conformance suite: vectors, runner, adapter protocol, CLI and pytest plugin."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT

from trm_standard._confgen import drift
from trm_standard._conformance import (
    Case,
    command_adapter,
    compare,
    lint,
    load_cases,
    request_for,
    run_suite,
)

ADAPTER = f"{sys.executable} {ROOT / 'tools' / 'conformance_adapter.py'}"
VECTORS = ROOT / "src" / "trm_standard" / "vectors"


def trm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trm_standard", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=600,
    )


def test_this_library_passes_every_vector() -> None:
    results = list(run_suite(load_cases()))
    failed = [(r.case.id, r.problems) for r in results if not r.passed]
    assert failed == []
    assert len(results) >= 240


def test_the_vector_files_are_sound_and_cover_every_code() -> None:
    assert lint() == []


def test_generated_vectors_have_not_drifted() -> None:
    assert drift() == []


def test_every_request_matches_the_published_request_schema() -> None:
    schema = json.loads((VECTORS / "request.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for case in load_cases():
        assert not list(validator.iter_errors(case.request)), case.id


def test_requests_resolve_the_default_policy() -> None:
    case = next(c for c in load_cases(areas=["consent"]) if c.data["context"].get("policy"))
    assert case.data["context"]["policy"] == "default"
    assert case.request["context"]["policy"]["policy_version"] == "1.0.0"


def test_compare_reports_each_kind_of_difference() -> None:
    case = next(c for c in load_cases(areas=["consent"]) if c.id == "C010-no-consent")
    good = {
        "decision": case.data["expected"]["decision"],
        "errors": case.data["expected"]["errors"],
    }
    assert compare(case.data, good) == []
    assert compare(case.data, {**good, "errors": []})[0].startswith("errors")
    flipped = {**good, "decision": {**good["decision"], "outcome": "PERMIT"}}
    assert compare(case.data, flipped) == ["decision.outcome differs"]
    assert compare(case.data, {"unsupported": True, "errors": []}) == [
        "the adapter does not support this operation"
    ]
    assert compare(case.data, {"errors": "TRM-CONSENT-010"})[0].startswith("malformed")


def test_an_external_adapter_speaks_the_protocol() -> None:
    cases = load_cases(areas=["consent", "schema"])[::9]
    results = list(run_suite(cases, command_adapter(ADAPTER)))
    assert all(r.passed for r in results), [r.problems for r in results if not r.passed]


def _bad_adapter(tmp_path: Path, body: str) -> str:
    script = tmp_path / "adapter.py"
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    return f"{sys.executable} {script}"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("import sys; sys.stdin.read(); print('not json')", "the response is not UTF-8 JSON"),
        ("import sys; sys.stdin.read()", "the response is not UTF-8 JSON"),
        ("import sys; sys.stdin.read(); print('[]')", "the response is not a JSON object"),
        ("import sys, time; sys.stdin.read(); time.sleep(5)", "no response within 1 s"),
    ],
)
def test_a_malformed_missing_or_late_response_fails_the_case(
    tmp_path: Path, body: str, problem: str
) -> None:
    case = load_cases(areas=["schema"])[0]
    adapter = command_adapter(_bad_adapter(tmp_path, body), timeout=1)
    (result,) = run_suite([case], adapter)
    assert not result.passed
    assert result.problems == (problem,)


def test_the_suite_fails_a_wrong_adapter() -> None:
    done = trm("conformance", "run", "--adapter", f"{ADAPTER} --wrong", "--area", "rules")
    assert done.returncode == 1
    assert "FAIL rules/R01-dates-order" in done.stdout
    assert done.stdout.rstrip().endswith("0 passed, 26 failed")


def test_cli_run_formats_and_exit_codes(tmp_path: Path) -> None:
    text = trm("conformance", "run", "--area", "minimisation")
    assert text.returncode == 0
    assert text.stdout.rstrip().endswith("6 passed, 0 failed")
    lines = trm("conformance", "run", "--area", "minimisation", "--format", "json").stdout
    rows = [json.loads(line) for line in lines.splitlines()]
    assert {r["id"] for r in rows} >= {"N01-referral-to-coordinator"}
    assert all(r["passed"] for r in rows)
    junit = trm(
        "conformance",
        "run",
        "--area",
        "rules",
        "--format",
        "junit",
        "--adapter",
        f"{ADAPTER} --wrong",
    )
    suite = ET.fromstring(junit.stdout)
    assert suite.get("tests") == "26"
    assert suite.get("failures") == "26"
    missing = trm("conformance", "run", "--adapter", "no-such-adapter-command")
    assert missing.returncode == 2


def test_the_pytest_plugin_runs_the_suite_in_a_downstream_project(tmp_path: Path) -> None:
    (tmp_path / "test_downstream.py").write_text(
        textwrap.dedent(
            """
            from trm_standard._conformance import library_adapter

            def test_mine(trm_conformance_case):
                trm_conformance_case.check(library_adapter(trm_conformance_case.request))

            def test_wrong(trm_conformance_case):
                trm_conformance_case.check({"valid": True, "errors": []})
            """
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--trm-area",
            "rules",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=600,
    )
    assert done.returncode == 1
    assert "26 failed, 26 passed" in done.stdout


def test_cases_carry_their_request() -> None:
    case = Case(
        "1.0.0",
        "schema",
        "x.json",
        {
            "id": "x",
            "operation": "validate",
            "context": {},
            "input": {"document": "{}"},
            "expected": {"valid": False, "errors": []},
        },
    )
    assert request_for(case.data)["protocol"] == "trm-conformance/1"
    assert case.request["input"] == {"document": "{}"}


def test_a_refusal_must_carry_no_data() -> None:
    case = next(c for c in load_cases(areas=["minimisation"]) if c.id == "N06-refused")
    good = {"output": None, "errors": case.data["expected"]["errors"]}
    assert compare(case.data, good) == []
    leaked = {**good, "output": {"message": case.data["input"]["message"]}}
    assert compare(case.data, leaked) == [
        "output where none is expected (a refusal carries no data)"
    ]


def test_outputs_compare_exactly_and_by_type() -> None:
    case = next(c for c in load_cases(areas=["trustlist"]) if c.id == "T01-valid")
    expected = case.data["expected"]
    assert compare(case.data, dict(expected)) == []
    extra = {**expected, "output": {**expected["output"], "original": "anything"}}
    assert compare(case.data, extra)[0].startswith("output members beyond")
    as_bool = {**expected, "output": {**expected["output"], "seq": True}}
    assert compare(case.data, {**as_bool, "output": {**as_bool["output"], "seq": 1}}) == [
        "output.seq differs"
    ]
    assert compare(case.data, {**expected, "valid": 1})[0].startswith("malformed response")


def test_bundle_entries_compare_in_any_order() -> None:
    case = next(c for c in load_cases(areas=["fhir"]) if c.data["operation"] == "fhir.export")
    expected = case.data["expected"]
    bundle = expected["output"]["bundle"]
    shuffled = {**bundle, "entry": list(reversed(bundle["entry"]))}
    assert compare(case.data, {**expected, "output": {"bundle": shuffled}}) == []
    fewer = {**bundle, "entry": bundle["entry"][1:]}
    assert compare(case.data, {**expected, "output": {"bundle": fewer}}) == [
        "output.bundle differs"
    ]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            "import sys, json; sys.stdin.read(); print(json.dumps({'valid': True, 'errors': []}));"
            " sys.exit(3)",
            "the adapter exited with status 3",
        ),
        (
            "import sys; sys.stdin.read(); "
            "sys.stdout.buffer.write(b'\\xef\\xbb\\xbf{\"errors\": []}')",
            "the response is not UTF-8 JSON",
        ),
        (
            "import sys; sys.stdin.read(); sys.stdout.write(' ' * (17 << 20) + '{}')",
            "the response is larger than 16 MiB",
        ),
    ],
)
def test_exit_status_encoding_and_size_are_enforced(
    tmp_path: Path, body: str, problem: str
) -> None:
    case = load_cases(areas=["schema"])[0]
    (result,) = run_suite([case], command_adapter(_bad_adapter(tmp_path, body), timeout=30))
    assert result.problems == (problem,)


def test_a_late_adapter_loses_its_whole_process_group(tmp_path: Path) -> None:
    marker = tmp_path / "grandchild-finished"
    body = f"""
        import subprocess, sys, time
        sys.stdin.read()
        subprocess.Popen([sys.executable, "-c",
            "import time, pathlib; time.sleep(3); pathlib.Path({str(marker)!r}).touch()"])
        time.sleep(30)
    """
    case = load_cases(areas=["schema"])[0]
    (result,) = run_suite([case], command_adapter(_bad_adapter(tmp_path, body), timeout=1))
    assert result.problems == ("no response within 1 s",)
    import time  # noqa: PLC0415

    time.sleep(4)
    assert not marker.exists()


def test_an_unsplittable_adapter_command_is_a_usage_error() -> None:
    assert trm("conformance", "run", "--adapter", "node 'unclosed").returncode == 2


def test_the_meta_schema_requires_each_operation_to_state_its_verdict() -> None:
    schema = json.loads((VECTORS / "vector.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    case = next(c for c in load_cases(areas=["schema"]) if c.id == "J05-duplicate-member")
    vector = json.loads(json.dumps(case.data))
    assert not list(validator.iter_errors(vector))
    del vector["expected"]["valid"]
    assert any("'valid' is a required property" in e.message for e in validator.iter_errors(vector))

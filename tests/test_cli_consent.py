"""``trm consent check`` and ``trm minimise``: the exact contracts, run verbatim."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, Doc, dump, load_example

from trm_standard.cli import main

RO = "https://w3id.org/trm/org/RO/ANITP"
MESSAGE = EXAMPLES / "referral-se-ro-adult-labour.json"
AT = "2026-03-02T12:00:00Z"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trm_standard", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )


def test_consent_check_contract_permit_and_deny() -> None:
    permit = run(
        "consent",
        "check",
        str(MESSAGE),
        "--purpose",
        "REFERRAL_ASSISTANCE",
        "--recipient",
        RO,
        "--at",
        AT,
    )
    assert permit.returncode == 0, permit.stderr
    assert permit.stdout.startswith("PERMIT REFERRAL_ASSISTANCE")
    assert "TRM-CONSENT-001" in permit.stdout
    deny = run(
        "consent",
        "check",
        str(MESSAGE),
        "--purpose",
        "FAMILY_TRACING_CONTACT",
        "--recipient",
        RO,
        "--at",
        AT,
    )
    assert deny.returncode == 1
    assert deny.stdout.startswith("DENY")
    assert "TRM-CONSENT-010" in deny.stdout


def test_consent_check_json_and_directory() -> None:
    message = EXAMPLES / "referral-si-me-long-term-inclusion.json"
    recipient = "https://w3id.org/trm/org/ME/MUP-OCTHB"
    created = json.loads(message.read_text())["created_at"]
    base = [
        "consent",
        "check",
        str(message),
        "--purpose",
        "REFERRAL_ASSISTANCE",
        "--recipient",
        recipient,
        "--at",
        created,
        "--format",
        "json",
    ]
    unknown = run(*base)
    assert unknown.returncode == 1
    line = json.loads(unknown.stdout)
    assert line["outcome"] == "DENY"
    assert line["reasons"][0]["code"] == "TRM-CONSENT-017"
    known = run(*base, "--directory", str(EXAMPLES / "_directory.json"))
    assert known.returncode == 0, known.stdout
    assert json.loads(known.stdout)["outcome"] == "PERMIT"


def test_needs_review_exits_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = load_example()
    doc["legal_basis"]["lawful_basis"] = "GDPR_6_1_A"
    path = tmp_path / "message.json"
    path.write_bytes(dump(doc))
    code = main(
        [
            "consent",
            "check",
            str(path),
            "--purpose",
            "REFERRAL_ASSISTANCE",
            "--recipient",
            RO,
            "--at",
            AT,
        ]
    )
    assert code == 1
    out = capsys.readouterr().out
    assert out.startswith("NEEDS_REVIEW")
    assert "TRM-CONSENT-021" in out


def test_minimise_contract(tmp_path: Path) -> None:
    done = run(
        "minimise", str(MESSAGE), "--purpose", "REFERRAL_ASSISTANCE", "--recipient", RO, "--at", AT
    )
    assert done.returncode == 0, done.stderr
    smaller = json.loads(done.stdout)
    assert "criminal_proceedings" not in smaller.get("legal_status", {})
    assert smaller["recipient"] == RO
    path = tmp_path / "smaller.json"
    path.write_text(done.stdout, encoding="utf-8")
    assert run("validate", str(path)).returncode == 0
    again = run(
        "minimise", str(path), "--purpose", "REFERRAL_ASSISTANCE", "--recipient", RO, "--at", AT
    )
    assert json.loads(again.stdout) == smaller


def test_minimise_refusal_prints_reasons_on_stderr() -> None:
    done = run(
        "minimise",
        str(MESSAGE),
        "--purpose",
        "ANONYMISED_STATISTICS",
        "--recipient",
        RO,
        "--at",
        AT,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "TRM-CONSENT-046" in done.stderr


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--purpose", "HELPING", "--recipient", RO], "TRM-CONSENT-053"),
        (["--purpose", "REFERRAL_ASSISTANCE", "--recipient", "RO"], "TRM-CONSENT-053"),
        (["--purpose", "REFERRAL_ASSISTANCE", "--recipient", RO, "--at", "tomorrow"], "--at"),
    ],
)
def test_usage_errors_exit_two(
    extra: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["consent", "check", str(MESSAGE), *extra]) == 2
    assert needle in capsys.readouterr().err


def test_bad_policy_or_directory_files_exit_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": 1, "a": 2}', encoding="utf-8")
    base = [
        "minimise",
        str(MESSAGE),
        "--purpose",
        "REFERRAL_ASSISTANCE",
        "--recipient",
        RO,
        "--at",
        AT,
    ]
    assert main([*base, "--policy", str(bad)]) == 2
    assert "TRM-CONSENT-050" in capsys.readouterr().err
    assert main([*base, "--directory", str(bad)]) == 2
    assert "TRM-CONSENT-051" in capsys.readouterr().err


def test_an_invalid_message_exits_one_with_its_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc: Doc = load_example()
    del doc["person"]["sex"]
    path = tmp_path / "message.json"
    path.write_bytes(dump(doc))
    assert (
        main(
            [
                "consent",
                "check",
                str(path),
                "--purpose",
                "REFERRAL_ASSISTANCE",
                "--recipient",
                RO,
                "--at",
                AT,
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "TRM-SCHEMA" in err or "TRM-MODEL" in err
    assert doc["person"]["given_names"] not in err

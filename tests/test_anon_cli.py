"""The exact CLI contract of ``trm anonymise`` and ``trm stats``, run as users' CI runs it."""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest

from trm_standard.testing import synthetic_referrals

ROOT = Path(__file__).resolve().parents[1]
SECRET = bytes(range(7, 39))


def trm(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    return subprocess.run(
        [sys.executable, "-m", "trm_standard", *map(str, argv)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 synthetic referrals, a few invalid lines, a case update; and a key file."""
    folder = tmp_path_factory.mktemp("anon")
    docs = list(synthetic_referrals(2000, seed=11))
    lines = [orjson.dumps(d) for d in docs]
    lines.insert(5, b'{"spec_version": "1.0.0", "message_type": "referral"}')
    lines.insert(9, b"{not json")
    (folder / "in.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    update = json.loads((ROOT / "examples" / "case-update-ro-se-accept.json").read_text())
    (folder / "update.json").write_text(json.dumps(update))
    small = [orjson.dumps(d) for d in synthetic_referrals(300, seed=5, sender_country="ME")]
    (folder / "small.jsonl").write_bytes(b"\n".join(small) + b"\n")
    k = base64.urlsafe_b64encode(SECRET).rstrip(b"=").decode()
    (folder / "key.json").write_text(json.dumps({"kty": "oct", "kid": "ME-AL-2026-k1", "k": k}))
    coarse: dict[str, Any] = {
        "policy_format": "1",
        "policy": "coarse-test",
        "version": "1.0.0",
        "tier": "anonymised",
        "message_type": "referral",
        "fields": {
            "person.sex": "keep",
            "derived.age_years": "generalise:age:child_adult",
            "exploitation.forms[]": "generalise:exploitation:coarse",
        },
    }
    (folder / "coarse.json").write_text(json.dumps(coarse))
    linking = {**coarse, "policy": "linking-test", "tier": "pseudonymised"}
    linking["fields"] = {
        **coarse["fields"],
        "case_ref": "pseudonymise",
        "person.family_names": "pseudonymise",
    }
    (folder / "linking.json").write_text(json.dumps(linking))
    return folder


def _all_text(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()))


def test_refused_release_leaves_only_the_report(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = trm("anonymise", data / "small.jsonl", "--tier", "anonymised", "--out", out)
    assert result.returncode == 1, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "refused"
    assert report["refusal"]["code"] == "TRM-ANON-020"
    check = report["release_check"]
    assert check["failing_classes_total"] > 0
    assert set(check["records_below_k_without_column"]) <= set(check["class_columns"])
    assert "failing_classes" not in check  # small classes are never described by value
    assert not any(key.startswith("internal") for key in check)
    assert "REFUSED" in result.stderr
    assert result.stdout == ""
    assert "null" not in (out / "report.json").read_text()  # absent, never null


def test_released_dataset_and_report(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    inputs = [data / "in.jsonl", data / "update.json"]
    result = trm(
        "anonymise", *inputs, "--tier", "anonymised", "--policy", data / "coarse.json", "--out", out
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["release.csv", "report.json"]
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "released"
    assert report["input"]["documents"] == 2003
    assert report["input"]["records"] == 2000
    assert report["input"]["invalid"] == 2
    assert report["input"]["other_message_type"] == 1
    assert report["input"]["left_out_by_code"]["TRM-ANON-022"] == 1
    for member in ("library_version", "spec_version", "hierarchies_version"):
        assert report[member]
    assert report["policy"]["name"] == "coarse-test"
    with (out / "release.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    assert header == ["person.sex", "derived.age_years", "exploitation.forms[]"]
    assert len(body) == report["output"]["records"] == report["release_check"]["records_out"]
    classes: dict[tuple[str, ...], int] = {}
    for row in body:
        classes[tuple(row)] = classes.get(tuple(row), 0) + 1
    assert min(classes.values()) >= 11
    suppressed = report["release_check"]["suppressed_records"]["total"]
    assert suppressed + len(body) == 2000
    assert suppressed <= 0.05 * 2000


def test_pseudonymised_tier_needs_a_key(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = trm("anonymise", data / "in.jsonl", "--tier", "pseudonymised", "--out", out)
    assert result.returncode == 2
    assert "TRM-ANON-011" in result.stderr
    assert not out.exists()


def _dropped_values(folder: Path) -> set[str]:
    values: set[str] = set()
    for line in (folder / "in.jsonl").read_bytes().splitlines():
        try:
            doc = json.loads(line)
        except json.JSONDecodeError:
            continue
        if "person" in doc:
            values.update({doc["case_ref"], doc["message_id"], doc["person"]["family_names"]})
    assert len(values) > 1000
    return values


def test_pseudonymised_release_holds_no_dropped_value_and_no_key(
    data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = trm(
        "anonymise", data / "in.jsonl", "--tier", "pseudonymised",
        "--policy", data / "linking.json", "--key-file", data / "key.json",
        "--out", out, "--format", "jsonl",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = _all_text(out) + result.stderr + result.stdout
    for secret_form in (SECRET.hex(), base64.urlsafe_b64encode(SECRET).rstrip(b"=").decode()):
        assert secret_form not in text
    for value in _dropped_values(data):
        assert value not in text
    report = json.loads((out / "report.json").read_text())
    assert report["pseudonyms"]["key_id"] == "ME-AL-2026-k1"
    first = json.loads((out / "release.jsonl").read_text().splitlines()[0])
    assert len(first["case_ref"]) == 32
    assert report["release_check"]["class_columns"] == [
        "person.sex", "derived.age_years", "exploitation.forms[]"
    ]  # fmt: skip


def test_output_is_deterministic(data: Path, tmp_path: Path) -> None:
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        result = trm(
            "anonymise", data / "in.jsonl", "--tier", "pseudonymised", "--policy",
            data / "linking.json", "--key-file", data / "key.json", "--out", out,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    for name in ("release.csv", "report.json"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes()


def test_rerun_replaces_and_a_refusal_removes_an_old_release(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok = trm(
        "anonymise",
        data / "in.jsonl",
        "--tier",
        "anonymised",
        "--policy",
        data / "coarse.json",
        "--out",
        out,
    )
    assert ok.returncode == 0
    refused = trm("anonymise", data / "small.jsonl", "--tier", "anonymised", "--out", out)
    assert refused.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]


def test_foreign_files_in_the_output_directory(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = trm("anonymise", data / "small.jsonl", "--tier", "anonymised", "--out", out)
    assert result.returncode == 2
    assert "TRM-ANON-023" in result.stderr
    assert (out / "notes.txt").read_text() == "keep me"


def test_policy_of_another_tier_and_bad_policy(data: Path, tmp_path: Path) -> None:
    result = trm(
        "anonymise", data / "small.jsonl", "--tier", "pseudonymised",
        "--policy", data / "coarse.json", "--key-file", data / "key.json", "--out", tmp_path / "o",
    )  # fmt: skip
    assert result.returncode == 2
    assert "TRM-ANON-007" in result.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "policy_format": "1",
                "policy": "x",
                "version": "1.0.0",
                "tier": "anonymised",
                "message_type": "referral",
                "fields": {"person.family_names": "keep"},
            }
        )
    )
    result = trm(
        "anonymise",
        data / "small.jsonl",
        "--tier",
        "anonymised",
        "--policy",
        bad,
        "--out",
        tmp_path / "p",
    )
    assert result.returncode == 2
    assert "TRM-ANON-005" in result.stderr


def test_usage_errors(data: Path, tmp_path: Path) -> None:
    for k in ("1", "0", "x"):
        args = ("anonymise", data / "small.jsonl", "--tier", "anonymised", "--k", k)
        assert trm(*args, "--out", tmp_path / "o").returncode == 2
    assert trm("anonymise", data / "small.jsonl", "--out", tmp_path / "o").returncode == 2
    assert (
        trm(
            "anonymise", data / "small.jsonl", "--tier", "public", "--out", tmp_path / "o"
        ).returncode
        == 2
    )
    result = trm(
        "anonymise",
        data / "small.jsonl",
        "--tier",
        "anonymised",
        "--out",
        tmp_path / "o",
        "--format",
        "xlsx",
    )
    assert result.returncode == 2


def test_missing_input_is_a_usage_error(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    missing = tmp_path / "missing.jsonl"
    result = trm("anonymise", data / "small.jsonl", missing, "--tier", "anonymised", "--out", out)
    assert result.returncode == 2, result.stderr
    assert "TRM-IO-001" in result.stderr
    assert "input 2 of 2 does not exist" in result.stderr
    assert not out.exists()
    result = trm("stats", missing, "--by", "person.sex", "--out", tmp_path / "t.csv")
    assert result.returncode == 2, result.stderr
    assert not list(tmp_path.iterdir())


def test_nothing_to_release_reports_the_parameters(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    out = tmp_path / "out"
    result = trm("anonymise", bad, "--tier", "anonymised", "--out", out)
    assert result.returncode == 1
    report = json.loads((out / "report.json").read_text())
    assert report["refusal"]["code"] == "TRM-ANON-021"
    check = report["release_check"]
    assert (check["k"], check["l"], check["suppression_budget"]) == (11, 2, "0.05")
    assert "k = 11" in result.stderr


def test_the_output_is_never_read_as_input(data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "in.jsonl").write_bytes((data / "in.jsonl").read_bytes())
    table = folder / "t.csv"
    for _ in range(2):  # the second run finds the first's table and report in the folder
        result = trm("stats", folder, "--by", "person.sex", "--out", table)
        assert result.returncode == 0, result.stderr
    report = json.loads((folder / "t.csv.report.json").read_text())
    assert report["input"]["documents"] == 2002  # 2,000 referrals and two broken lines
    (folder / "t.csv").unlink()
    (folder / "t.csv.report.json").unlink()
    out = folder / "release"
    args = ("--tier", "anonymised", "--policy", data / "coarse.json", "--out", out)
    for _ in range(2):
        result = trm("anonymise", folder, *args, "--format", "jsonl")
        assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text())
    assert report["input"]["documents"] == 2002


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_the_parent_is_killed(tmp_path: Path) -> None:
    """A SIGKILLed run leaves no worker behind (workers may hold the key)."""
    script = (
        "import time\n"
        "from trm_standard._bulk import _ordered_map\n"
        "for _ in _ordered_map(time.sleep, [60.0] * 4, 2):\n"
        "    pass\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        children: list[int] = []
        deadline = time.monotonic() + 60
        while len(children) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            children = _children(parent.pid)
        assert len(children) >= 2
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(c) for c in children)


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_stats_small_country(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "table.csv"
    result = trm(
        "stats", data / "small.jsonl", "--by", "person.sex,exploitation.forms", "--out", out
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv", "table.csv.report.json"]
    report = json.loads((tmp_path / "table.csv.report.json").read_text())
    assert report["kind"] == "aggregate"
    assert report["release_check"]["by"] == ["person.sex", "exploitation.forms[]"]
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["count"]:
            assert int(row["count"]) >= 10
        else:
            assert row["flag"] == "suppressed"
    grand = [r for r in rows if r["person.sex"] == r["exploitation.forms[]"] == "(total)"]
    assert grand[0]["count"] == "300"


def test_stats_refuses_unreleased_fields(data: Path, tmp_path: Path) -> None:
    result = trm(
        "stats", data / "small.jsonl", "--by", "person.family_names", "--out", tmp_path / "t.csv"
    )
    assert result.returncode == 2
    assert "TRM-ANON-024" in result.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "by",
    [
        "person.sex,exploitation.forms,derived.age_years",
        "person.sex,person.sex",
        "exploitation.forms,exploitation.forms[]",
    ],
)
def test_stats_takes_one_or_two_distinct_fields(data: Path, tmp_path: Path, by: str) -> None:
    result = trm("stats", data / "small.jsonl", "--by", by, "--out", tmp_path / "t.csv")
    assert result.returncode == 2, result.stderr
    assert "TRM-ANON-024" in result.stderr
    assert not list(tmp_path.iterdir())


def test_stats_refused_when_nothing_can_be_published(data: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    one.write_bytes((data / "small.jsonl").read_bytes().splitlines(keepends=True)[0])
    out = tmp_path / "t.json"
    result = trm("stats", one, "--by", "person.sex", "--out", out)
    assert result.returncode == 1
    assert not out.exists()
    assert json.loads((tmp_path / "t.json.report.json").read_text())["status"] == "refused"


def test_interrupted_write_leaves_no_dataset(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trm_standard import _anon_run  # noqa: PLC0415
    from trm_standard.anonymise import anonymise_files, load_policy  # noqa: PLC0415

    real = _anon_run._csv_chunks

    def dying(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterable[bytes]:
        chunks = real(columns, rows)
        yield next(iter(chunks))
        raise KeyboardInterrupt  # as if killed half-way through the dataset

    monkeypatch.setattr(_anon_run, "_csv_chunks", dying)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        anonymise_files([str(data / "in.jsonl")], load_policy(data / "coarse.json"), out)
    assert list(out.iterdir()) == []
    # a SIGKILL leaves a hidden temporary file at most; the next run removes it
    (out / ".release.csv.999.tmp").write_text("half")
    monkeypatch.setattr(_anon_run, "_csv_chunks", real)
    anonymise_files([str(data / "in.jsonl")], load_policy(data / "coarse.json"), out)
    assert sorted(p.name for p in out.iterdir()) == ["release.csv", "report.json"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal(data: Path) -> None:
    from trm_standard.anonymise import collect_rows, load_policy  # noqa: PLC0415

    policy = load_policy(data / "coarse.json")
    terminal, redirected = _Terminal(), io.StringIO()
    collect_rows([str(data / "small.jsonl")], policy, None, progress=terminal)
    collect_rows([str(data / "small.jsonl")], policy, None, progress=redirected)
    assert "300 documents read" in terminal.getvalue()
    assert redirected.getvalue() == ""


def test_stats_json_table(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    result = trm(
        "stats", data / "small.jsonl", "--by", "person.sex", "--out", out, "--rounding", "floor"
    )
    assert result.returncode == 0, result.stderr
    table = json.loads(out.read_text())
    assert table["columns"] == ["person.sex"]
    for cell in table["cells"]:
        assert "count" not in cell or cell["count"] % 10 == 0
    assert "null" not in out.read_text()


def test_weaker_command_line_parameters_are_flagged(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = trm(
        "anonymise", data / "small.jsonl", "--tier", "anonymised", "--k", "7", "--out", out
    )
    assert result.returncode in (0, 1), result.stderr
    report = json.loads((out / "report.json").read_text())
    assert report["weakened"] == ["k = 7 below 11"]
    assert "WEAKENED release: k = 7 below 11" in result.stderr
    table = tmp_path / "t.csv"
    result = trm("stats", data / "small.jsonl", "--by", "person.sex", "--out", table)
    assert json.loads((tmp_path / "t.csv.report.json").read_text())["weakened"] == []
    assert "WEAKENED" not in result.stderr


@pytest.mark.parametrize(
    "extra",
    [
        ("anonymise", "--k", "4"),
        ("anonymise", "--l", "1"),
        ("anonymise", "--suppression-budget", "0.5"),
        ("stats", "--by", "person.sex", "--min-cell", "3"),
    ],
)
def test_parameters_below_the_floor_are_usage_errors(
    data: Path, tmp_path: Path, extra: tuple[str, ...]
) -> None:
    command, *options = extra
    where = ("--out", tmp_path / "o") if command == "anonymise" else ("--out", tmp_path / "t.csv")
    tier = ("--tier", "anonymised") if command == "anonymise" else ()
    result = trm(command, data / "small.jsonl", *tier, *options, *where)
    assert result.returncode == 2, result.stderr
    assert "TRM-ANON-009" in result.stderr
    assert not list(tmp_path.iterdir())

"""Bulk validation: input order, worker processes, bounded reading, progress."""

from __future__ import annotations

import itertools
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Doc, dump
from hypothesis import given, settings
from hypothesis import strategies as st

import trm_standard as trm
from trm_standard._bulk import Part, plan_parts, run_part, validate_stream
from trm_standard._io import Document, display_path, expand_paths, read_part
from trm_standard.cli import main
from trm_standard.testing import mutants


@pytest.fixture
def corpus(tmp_path: Path, referral: Doc) -> Path:
    lines = []
    for i in range(700):
        doc = json.loads(json.dumps(referral))
        if i % 7 == 0:
            del doc["person"]["sex"]
        if i % 11 == 0:
            doc["person"]["dependent_children"] = 1.5
        lines.append(dump(doc))
    lines.insert(300, b"{broken")
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_jobs_and_engines_give_identical_output(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    one = run(capsys, "validate", str(corpus), "--format", "json")
    two = run(capsys, "validate", str(corpus), "--format", "json", "--jobs", "2")
    ref = run(
        capsys, "validate", str(corpus), "--format", "json", "--engine", "reference", "-j", "2"
    )
    assert one[0] == two[0] == ref[0] == 1
    assert one[1] == two[1] == ref[1]
    rows = [json.loads(line) for line in one[1].splitlines()]
    assert [r["line"] for r in rows] == list(range(1, 702))
    assert sum(r["valid"] for r in rows) == 700 - 100 - 64 + 10  # lines 7k and 11k invalid
    assert rows[300]["errors"][0]["code"] == "TRM-JSON-004"


def test_all_cpus(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    code, out, _ = run(capsys, "validate", str(corpus), "--format", "json", "--jobs", "0")
    assert code == 1
    assert len(out.splitlines()) == 701
    code, _, err = run(capsys, "validate", str(corpus), "--jobs", "-1")
    assert code == 2
    assert "--jobs" in err


def test_progress_only_when_asked_or_on_a_terminal(
    capsys: pytest.CaptureFixture[str], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, err = run(capsys, "validate", str(corpus))
    assert "\r" not in err  # captured stderr is not a terminal
    monkeypatch.setattr("trm_standard.cli._Progress.INTERVAL", 0.0)
    _, out, err = run(capsys, "validate", str(corpus), "--progress")
    assert "documents," in err
    assert "\r" in err
    assert "\r" not in out


def _endless(referral: Doc) -> Iterator[Document]:
    data = dump(referral)
    for n in itertools.count(1):
        yield Document("endless.jsonl", n, data)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_stream_is_read_lazily(referral: Doc, jobs: int) -> None:
    # An endless input still yields results: reading stays a bounded window ahead.
    stream = validate_stream(_endless(referral), limits=trm.Limits(), jobs=jobs)
    first = list(itertools.islice(stream, 3000))
    assert [o.document.line for o in first] == list(range(1, 3001))
    assert all(o.valid for o in first)
    assert first[0].document.data is None  # bytes are not kept once validated
    stream.close()


@settings(max_examples=5, deadline=None)
@given(st.lists(mutants(), min_size=1, max_size=40))
def test_stream_equals_one_by_one(docs: list[Doc]) -> None:
    items = [Document("x.jsonl", i, json.dumps(d).encode()) for i, d in enumerate(docs, 1)]
    expected = [trm.validate(d.data or b"") for d in items]
    got = list(validate_stream(items, limits=trm.Limits(), jobs=2))
    assert [o.valid for o in got] == [r.valid for r in expected]
    assert [o.errors for o in got] == [[i.as_dict() for i in r.issues] for r in expected]


@pytest.mark.parametrize("part_bytes", [1, 100, 3000, 50_000, 10**7])
def test_parts_cover_every_line_once(tmp_path: Path, referral: Doc, part_bytes: int) -> None:
    good = dump(referral)
    lines = [good, b"", good + b"\r", b"  ", b"[" + b" " * 9000 + b"]", good, b"{bad", good]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines * 5))  # no newline at the very end
    limits = trm.Limits(max_bytes=8000)
    whole = run_part(Part(path), limits=limits, engine="fast", fmt="json")
    parts = list(plan_parts([str(path)], part_bytes=part_bytes))
    assert parts[0].first_line == 1
    results = [run_part(p, limits=limits, engine="fast", fmt="json") for p in parts]
    assert "".join(r.text for r in results) == whole.text
    assert sum(r.total for r in results) == whole.total == 30
    assert sum(r.invalid for r in results) == whole.invalid == 10
    rows = [json.loads(line) for line in whole.text.splitlines()]
    assert [r["line"] for r in rows if not r["valid"]] == [
        n for n in range(1, 41) if n % 8 in (5, 7)
    ]


_LINE = st.one_of(
    st.just(b""),
    st.just(b"  "),
    st.binary(min_size=1, max_size=30).map(lambda b: b.replace(b"\n", b" ")),
    st.integers(1, 40).map(lambda n: b"x" * n + b"\r"),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=30), st.booleans(), st.integers(1, 25), st.integers(1, 64))
def test_line_reader_matches_a_plain_split(
    lines: list[bytes], final_newline: bool, max_bytes: int, part_bytes: int
) -> None:
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    expected = []
    for number, line in enumerate(data.split(b"\n")[: -1 if data.endswith(b"\n") else None], 1):
        body = line[:-1] if line.endswith(b"\r") else line
        if body.strip() or len(body) > max_bytes:
            expected.append((number, None if len(body) > max_bytes else body))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.jsonl"
        path.write_bytes(data)
        limits = trm.Limits(max_bytes=max_bytes)
        for parts in ([Part(path)], list(plan_parts([str(path)], part_bytes=part_bytes))):
            got = [
                (d.line, d.data)
                for p in parts
                for d in read_part(p.path, p.start, p.end, p.first_line, limits)
            ]
            assert got == expected


@pytest.mark.parametrize("depth", [254, 255, 1023, 1024, 1025])
def test_deep_documents_agree_and_never_raise(depth: int) -> None:
    doc = b'{"a":' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"
    fast = trm.validate(doc, engine="fast")
    assert fast.issues == trm.validate(doc, engine="reference").issues
    assert fast.codes == {"TRM-JSON-009"}


def test_parts_are_capped_by_lines(tmp_path: Path) -> None:
    path = tmp_path / "tiny.jsonl"
    path.write_bytes(b"1\n" * 10_000)
    parts = list(plan_parts([str(path)], part_lines=4096))
    assert [(p.first_line, p.end - p.start) for p in parts if p.end is not None] == [
        (1, 8192),
        (4097, 8192),
        (8193, 3616),
    ]
    results = [run_part(p, limits=trm.Limits(), engine="fast", fmt="json") for p in parts]
    assert [r.total for r in results] == [4096, 4096, 1808]


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\r\n"])
def test_files_without_documents_are_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, referral: Doc, content: bytes
) -> None:
    (tmp_path / "a.jsonl").write_bytes(content)
    (tmp_path / "b.json").write_bytes(dump(referral))
    code, out, _ = run(capsys, "validate", str(tmp_path), "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [(Path(r["path"]).name, r["valid"]) for r in rows] == [
        ("a.jsonl", False),
        ("b.json", True),
    ]
    assert rows[0]["errors"][0]["code"] == "TRM-JSON-001"


def test_directories_are_walked_in_sorted_path_order_lazily(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ["b.json", "a/z.json", "a/b/c.json", "c.jsonl", "_skip/x.json", "a/.hidden.json"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    found = list(expand_paths([str(tmp_path)]))
    assert found == sorted(tmp_path / n for n in ["b.json", "a/z.json", "a/b/c.json", "c.jsonl"])
    listed: list[str] = []
    real = os.scandir

    def scandir(path: Any) -> Any:
        listed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    walk = expand_paths([str(tmp_path)])
    assert next(walk) == tmp_path / "a" / "b" / "c.json"
    assert listed == [tmp_path.name, "a", "b"]  # "_skip" and the rest not listed yet


def test_file_names_cannot_forge_output_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, referral: Doc
) -> None:
    (tmp_path / "evil\nx: valid\x1b[2J.json").write_bytes(b"{}")
    code, out, _ = run(capsys, "validate", str(tmp_path))
    assert code == 1
    assert out.splitlines()[0].endswith("evil\\u000ax: valid\\u001b[2J.json: INVALID")
    assert "\x1b" not in out
    assert display_path(Path("back\\slash")) == "back\\\\slash"


def test_a_file_failing_half_way_is_reported_not_repeated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"{}\n{}\n")

    def split(path: Path, part_bytes: int, part_lines: int) -> Iterator[tuple[int, int, int]]:
        yield 0, 3, 1
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("trm_standard._bulk._split", split)
    parts = list(plan_parts([str(path)]))
    assert [(p.start, p.end, p.issue is not None) for p in parts] == [
        (0, 3, False),
        (0, None, True),
    ]
    assert parts[1].issue is not None
    assert parts[1].issue.issue is not None
    assert parts[1].issue.issue.code == "TRM-IO-001"

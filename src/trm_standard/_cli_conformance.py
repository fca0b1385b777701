"""``trm conformance run`` and ``trm conformance lint`` (exact contract of the conformance issue).

* ``trm conformance run [--adapter CMD] [--area A] [--format text|json|junit]``: the report
  on stdout; exit 0 when every case passes, 1 when any fails, 2 for a usage error (an
  adapter that cannot be started).
* ``trm conformance lint``: the vector files themselves; exit 1 on any problem.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
from typing import Any, Final, TextIO
from xml.sax.saxutils import escape, quoteattr

from trm_standard._conformance import (
    AREAS,
    CaseResult,
    command_adapter,
    lint,
    load_cases,
    run_suite,
)

__all__ = ["COMMANDS", "add_parsers"]


def add_parsers(sub: Any) -> None:
    """Add ``conformance`` to the ``trm`` sub-commands."""
    conformance = sub.add_parser("conformance", help="run or lint the conformance suite")
    actions = conformance.add_subparsers(
        dest="conformance_command", required=True, metavar="ACTION"
    )
    run = actions.add_parser("run", help="run the vectors against this library or an adapter")
    run.add_argument("--adapter", metavar="CMD", help="command speaking trm-conformance/1")
    run.add_argument("--area", action="append", choices=AREAS, help="restrict (repeatable)")
    run.add_argument("--format", choices=("text", "json", "junit"), default="text")
    run.add_argument("--spec-version", default="1.0.0", help=argparse.SUPPRESS)
    run.add_argument("--timeout", type=float, default=60.0, help="seconds per case (adapter)")
    run.add_argument("--verbose", action="store_true", help="list passing cases too (text)")
    actions.add_parser("lint", help="check the vector files: schema, ids, coverage, names")


def _text(results: list[CaseResult], out: TextIO, *, verbose: bool) -> None:
    for result in results:
        if result.passed and not verbose:
            continue
        mark = "PASS" if result.passed else "FAIL"
        out.write(
            f"{mark} {result.case.area}/{result.case.id}: {result.case.data['description']}\n"
        )
        for problem in result.problems:
            out.write(f"     {problem}\n")
        if not result.passed and result.stderr.strip():
            tail = result.stderr.strip().splitlines()[-3:]
            out.write("".join(f"     stderr: {line}\n" for line in tail))
    by_area: dict[str, list[int]] = {}
    for result in results:
        counts = by_area.setdefault(result.case.area, [0, 0])
        counts[0 if result.passed else 1] += 1
    for area, (passed, failed) in by_area.items():
        out.write(f"{area}: {passed} passed, {failed} failed\n")
    failed_total = sum(not r.passed for r in results)
    out.write(f"{len(results) - failed_total} passed, {failed_total} failed\n")


def _json(results: list[CaseResult], out: TextIO) -> None:
    for result in results:
        row = {
            "area": result.case.area,
            "id": result.case.id,
            "passed": result.passed,
            "problems": list(result.problems),
            "seconds": round(result.seconds, 4),
        }
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _junit(results: list[CaseResult], out: TextIO) -> None:
    failed = sum(not r.passed for r in results)
    total = sum(r.seconds for r in results)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        f'<testsuite name="trm-conformance" tests="{len(results)}" failures="{failed}" '
        f'errors="0" time="{total:.3f}">\n'
    )
    for result in results:
        name = quoteattr(result.case.id)
        group = quoteattr(f"trm.{result.case.area}")
        out.write(f'  <testcase classname={group} name={name} time="{result.seconds:.4f}"')
        if result.passed:
            out.write("/>\n")
            continue
        message = quoteattr("; ".join(result.problems)[:500])
        out.write(f">\n    <failure message={message}>{escape(result.case.data['description'])}")
        out.write("</failure>\n")
        if result.stderr.strip():
            out.write(f"    <system-err>{escape(_xml_text(result.stderr))}</system-err>\n")
        out.write("  </testcase>\n")
    out.write("</testsuite>\n")


def _xml_text(text: str) -> str:
    """Drop characters XML 1.0 cannot carry."""
    return "".join(
        c for c in text if c in "\t\n\r" or ("\x20" <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd")
    )


_FORMATS: Final = {"json": _json, "junit": _junit}


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    adapter = None
    if args.adapter is not None:
        try:
            argv = shlex.split(args.adapter)
        except ValueError:
            argv = []
        if not argv or shutil.which(argv[0]) is None:
            err.write(f"trm conformance: cannot start adapter {args.adapter!r}\n")
            return 2
        adapter = command_adapter(args.adapter, timeout=args.timeout)
    cases = load_cases(args.spec_version, args.area)
    if not cases:
        err.write("trm conformance: no vectors for this selection\n")
        return 2
    results = list(run_suite(cases, adapter))
    if args.format == "text":
        _text(results, out, verbose=args.verbose)
    else:
        _FORMATS[args.format](results, out)
    return 0 if all(r.passed for r in results) else 1


def _lint(_args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    problems = lint()
    for problem in problems:
        out.write(problem + "\n")
    cases = load_cases()
    out.write(f"{len(cases)} vectors, {len(problems)} problem(s)\n")
    return 1 if problems else 0


def _conformance(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.conformance_command == "run":
        return _run(args, out, err)
    return _lint(args, out, err)


COMMANDS: Final = {"conformance": _conformance}

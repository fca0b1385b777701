"""``trm anonymise`` and ``trm stats`` (exact contracts of issue 7; do not rename).

* ``trm anonymise INPUT... --tier pseudonymised|anonymised [--policy FILE]
  [--key-file FILE] --out DIR [--format csv|jsonl]``
* ``trm stats INPUT... --by FIELD[,FIELD] --out FILE``

Exit status: 0 released; 1 refused by the release check (``DIR`` then holds only
``report.json``; ``stats`` leaves only ``FILE.report.json``); 2 usage or environment
error (bad policy, missing or unusable key, unusable output location). The summary goes
to stderr, a progress counter too when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import FrameType
from typing import Any, Final, TextIO

from trm_standard._anon_policy import (
    TIERS,
    Policy,
    PolicyError,
    load_policy,
    release_issues,
    shipped_policy,
)
from trm_standard._anon_run import ReleaseOutcome, anonymise_files, stats_files
from trm_standard._bulk import default_jobs
from trm_standard._errors import TRMError
from trm_standard._pseudonym import PseudonymKey, load_key_file
from trm_standard._release import MAX_DIMENSIONS

__all__ = ["COMMANDS", "add_parsers"]

EXIT_OK: Final = 0
EXIT_REFUSED: Final = 1
EXIT_USAGE: Final = 2


def _budget(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError("a decimal between 0 and 1, e.g. 0.05") from None
    if not Decimal(0) <= value <= Decimal(1):
        raise argparse.ArgumentTypeError("a decimal between 0 and 1, e.g. 0.05")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("a positive integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError("a positive integer")
    return value


def _at_least_two(text: str) -> int:
    value = _positive(text)
    if value < 2:
        raise argparse.ArgumentTypeError("k must be at least 2")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="JSON, JSON Lines or folders")
    parser.add_argument(
        "--policy", type=Path, metavar="FILE", help="a policy file (default: the tier's)"
    )
    parser.add_argument(
        "--jobs", type=_positive, default=None, help="worker processes (default: CPUs)"
    )


def add_parsers(sub: Any) -> None:
    """Add ``anonymise`` and ``stats`` to the ``trm`` sub-command parser."""
    anon = sub.add_parser(
        "anonymise", help="release pseudonymised or anonymised microdata after a release check"
    )
    _common(anon)
    anon.add_argument("--tier", required=True, choices=TIERS)
    anon.add_argument(
        "--key-file",
        type=Path,
        metavar="FILE",
        help='pseudonymisation key: JSON {"kty": "oct", "kid": ..., "k": base64url >= 32 bytes}',
    )
    anon.add_argument("--out", required=True, type=Path, metavar="DIR")
    anon.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    anon.add_argument("--k", type=_at_least_two, default=None, help="override the policy's k")
    anon.add_argument("--l", type=_positive, default=None, help="override the policy's l")
    anon.add_argument("--suppression-budget", type=_budget, default=None, metavar="SHARE")

    stats = sub.add_parser("stats", help="protected aggregate tables (small cells suppressed)")
    _common(stats)
    stats.add_argument(
        "--by", required=True, metavar="FIELD[,FIELD]", help="one or two distinct released fields"
    )
    stats.add_argument("--out", required=True, type=Path, metavar="FILE")
    stats.add_argument("--tier", choices=TIERS, default="anonymised")
    stats.add_argument("--min-cell", type=_positive, default=None, help="default: policy (10)")
    stats.add_argument("--rounding", choices=("suppress", "floor"), default=None)


@contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM into SystemExit so temporary files are removed on the way out."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # pragma: no cover - not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _policy(args: argparse.Namespace, **overrides: Any) -> Policy:
    """The policy, with command-line overrides checked against the same floors."""
    policy = load_policy(args.policy) if args.policy is not None else shipped_policy(args.tier)
    if policy.tier != args.tier:
        raise TRMError("TRM-ANON-007", f"the policy is for the {policy.tier} tier, not {args.tier}")
    policy = policy.with_release(**overrides)
    issues = release_issues(policy.tier, policy.columns, policy.release)
    if issues:
        raise PolicyError(issues)
    return policy


def _usage(err: TextIO, command: str, exc: TRMError) -> int:
    err.write(f"trm {command}: {exc}\n")
    for issue in getattr(exc, "issues", ())[:20]:
        err.write(f"  {issue.code} {issue.pointer or '(root)'}: {issue.message}\n")
    return EXIT_USAGE


def _finish(outcome: ReleaseOutcome, err: TextIO) -> int:
    for line in outcome.report["summary"]:
        err.write(line + "\n")
    return EXIT_OK if outcome.released else EXIT_REFUSED


def _key(policy: Policy, path: Path | None, err: TextIO) -> PseudonymKey | None:
    if not policy.needs_key:
        if path is not None:
            err.write(
                f"trm anonymise: the {policy.tier} policy pseudonymises nothing; key unused\n"
            )
        return None
    if path is None:
        raise TRMError(
            "TRM-ANON-011",
            f"the {policy.tier} tier pseudonymises: give the exchange agreement's key "
            'with --key-file (JSON {"kty": "oct", "kid": ..., "k": ...})',
        )
    return load_key_file(path)


def _by(text: str, policy: Policy) -> list[str]:
    """Split ``--by``; ``exploitation.forms`` also names the column ``exploitation.forms[]``."""
    names = {c.path for c in policy.columns}
    out = []
    for part in text.split(","):
        name = part.strip()
        if name and name not in names and f"{name}[]" in names:
            name += "[]"
        if name:
            out.append(name)
    if not out:
        raise TRMError("TRM-ANON-024", "--by names no field")
    if len(out) > MAX_DIMENSIONS:
        raise TRMError("TRM-ANON-024", f"--by takes at most {MAX_DIMENSIONS} fields")
    if len(set(out)) != len(out):
        raise TRMError("TRM-ANON-024", "--by names a field twice")
    return out


def _inputs(paths: list[str]) -> list[str]:
    """Every input path must exist: a typo is a usage error, not an empty release."""
    missing = [i for i, p in enumerate(paths, 1) if not Path(p).exists()]
    if missing:
        which = ", ".join(map(str, missing))
        raise TRMError("TRM-IO-001", f"input {which} of {len(paths)} does not exist")
    return paths


def run_anonymise(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``trm anonymise``."""
    del out  # results are files; the summary is a diagnostic
    try:
        policy = _policy(args, k=args.k, l=args.l, suppression_budget=args.suppression_budget)
        key = _key(policy, args.key_file, err)
        with _terminate_cleanly():
            outcome = anonymise_files(
                _inputs(args.inputs),
                policy,
                args.out,
                key=key,
                fmt=args.format,
                jobs=args.jobs or default_jobs(),
                progress=err,
            )
    except (PolicyError, TRMError) as exc:
        return _usage(err, "anonymise", exc)
    return _finish(outcome, err)


def run_stats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``trm stats``."""
    del out
    try:
        policy = _policy(args, min_cell=args.min_cell, rounding=args.rounding)
        by = _by(str(args.by), policy)
        with _terminate_cleanly():
            outcome = stats_files(
                _inputs(args.inputs),
                policy,
                by,
                args.out,
                jobs=args.jobs or default_jobs(),
                progress=err,
            )
    except (PolicyError, TRMError) as exc:
        return _usage(err, "stats", exc)
    return _finish(outcome, err)


COMMANDS: Final[dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]]] = {
    "anonymise": run_anonymise,
    "stats": run_stats,
}

"""``trm consent check`` and ``trm minimise`` (exact contracts of the consent issue).

* ``trm consent check MESSAGE.json --purpose P --recipient ID [--at TIME]
  [--directory FILE] [--format text|json]``: exit 0 permit, 1 deny or needs review, the
  reasons printed; 2 for a usage error (unknown purpose, bad time, unreadable policy or
  directory).
* ``trm minimise MESSAGE.json --purpose P --recipient ID [--at TIME]``: stdout is the
  minimised message; exit 1 with the reasons on stderr when nothing may be shared.

Both also accept ``--policy FILE`` (default: the shipped policy) and ``--now`` as another
name of ``--at``.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, TextIO

from trm_standard._api import validate
from trm_standard._consent import may_share
from trm_standard._decision import Decision
from trm_standard._errors import TRMError, ValidationError
from trm_standard._minimise import minimise
from trm_standard._policy import ConsentPolicy, Directory, load_directory, load_policy
from trm_standard.v1 import MessageBase
from trm_standard.v1._types import parse_utc_datetime
from trm_standard.v1._vocab import ConsentPurpose

__all__ = ["COMMANDS", "add_parsers"]

_USAGE: Final = frozenset({"TRM-CONSENT-050", "TRM-CONSENT-051", "TRM-CONSENT-053"})


class ConsentUsageError(Exception):
    """A bad option value or an unusable policy or directory: exit 2."""


def _request_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("message", type=Path, metavar="MESSAGE.json")
    parser.add_argument("--purpose", required=True, metavar="P", help="a consent-purpose code")
    parser.add_argument("--recipient", required=True, metavar="ID", help="participant id")
    parser.add_argument(
        "--at", "--now", dest="at", metavar="TIME", help="RFC 3339 UTC time (default: now)"
    )
    parser.add_argument("--directory", type=Path, metavar="FILE", help="participant directory")
    parser.add_argument("--policy", type=Path, metavar="FILE", help="consent policy file")


def add_parsers(sub: Any) -> None:
    """Add ``consent`` and ``minimise`` to the ``trm`` sub-commands."""
    consent = sub.add_parser("consent", help="consent and legal-basis decisions")
    consent_sub = consent.add_subparsers(dest="consent_command", required=True, metavar="ACTION")
    check = consent_sub.add_parser(
        "check", help="may MESSAGE go to a recipient for a purpose? (exit 0 permit, 1 not)"
    )
    _request_options(check)
    check.add_argument("--format", choices=("text", "json"), default="text")
    purposes = ", ".join(p.value for p in ConsentPurpose)
    check.epilog = f"purposes: {purposes}"
    mini = sub.add_parser("minimise", help="print the smallest message a decision allows")
    _request_options(mini)


def _at(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC).replace(microsecond=0)
    parsed = parse_utc_datetime(text)
    if parsed is None:
        raise ConsentUsageError(f"--at {text!r} is not an RFC 3339 UTC time (...Z)")
    return parsed


def _decide(args: argparse.Namespace) -> tuple[MessageBase, Decision]:
    at = _at(args.at)
    try:
        policy: ConsentPolicy | None = load_policy(args.policy) if args.policy else None
        directory: Directory | None = load_directory(args.directory) if args.directory else None
    except TRMError as exc:
        raise ConsentUsageError(str(exc)) from None
    report = validate(args.message.read_bytes())
    if report.message is None:
        raise ValidationError(report.issues)
    try:
        decision = may_share(
            report.message, args.purpose, args.recipient, at=at, policy=policy, directory=directory
        )
    except TRMError as exc:
        if exc.code in _USAGE:
            raise ConsentUsageError(str(exc)) from None
        raise
    return report.message, decision


def _reasons(decision: Decision, stream: TextIO) -> None:
    for reason in decision.reasons:
        where = f" {reason.pointer}" if reason.pointer else ""
        ref = f" ({reason.reference})" if reason.reference else ""
        stream.write(f"  {reason.effect.value:<6} {reason.code}{where}: {reason.message}{ref}\n")


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    del err
    _, decision = _decide(args)
    if args.format == "json":
        out.write(json.dumps(decision.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
        return 0 if decision.permitted else 1
    data = decision.to_json()
    out.write(f"{decision.outcome.value} {decision.purpose.value} -> {decision.recipient.org_id}\n")
    out.write(f"  at {data['evaluated_at']} under {decision.policy}\n")
    if decision.permitted:
        basis = decision.basis.value if decision.basis else "-"
        consent = f" (consent {decision.consent_id})" if decision.consent_id else ""
        out.write(f"  basis {basis}{consent}, lawful basis {decision.lawful_basis}\n")
        out.write(f"  categories: {', '.join(data['categories'])}\n")
        out.write(f"  privacy classes: {', '.join(data['privacy_classes'])}\n")
        if "valid_until" in data:
            out.write(f"  valid until {data['valid_until']}\n")
    _reasons(decision, out)
    return 0 if decision.permitted else 1


def _minimise(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    message, decision = _decide(args)
    if not decision.permitted:
        err.write(f"trm minimise: {decision.outcome.value}, nothing may be shared\n")
        _reasons(decision, err)
        return 1
    smaller = minimise(message, decision)
    out.write(json.dumps(smaller.to_json_dict(), ensure_ascii=False, indent=2) + "\n")
    return 0


def _consent(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        return _check(args, out, err)
    except ConsentUsageError as exc:
        err.write(f"trm consent: {exc}\n")
        return 2


def _minimise_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        return _minimise(args, out, err)
    except ConsentUsageError as exc:
        err.write(f"trm minimise: {exc}\n")
        return 2


COMMANDS: Final = {"consent": _consent, "minimise": _minimise_command}

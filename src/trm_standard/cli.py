"""The ``trm`` command line (also ``python -m trm_standard``).

Exit status (DESIGN §10): 0 success, 1 an input failed a check, 2 usage or environment
error. Results go to stdout, diagnostics to stderr; ``--format json`` writes JSON Lines,
one object per document.

Exact contracts (run verbatim by users' scripts and CI; do not rename):

* ``trm validate PATH... [--format text|json]`` (also ``--jobs N``, ``--engine``,
  ``--progress``)
* ``trm schema export DIR``, ``trm schema check`` and ``trm schema diff OLD_DIR NEW_DIR``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from trm_standard._api import validate
from trm_standard._bulk import default_jobs, validate_files
from trm_standard._codelists import codelist, codelist_names
from trm_standard._errors import CODES, TRMError
from trm_standard._io import Document
from trm_standard._jsonparse import Limits
from trm_standard._labels import LANGUAGES, label, title
from trm_standard._schema import check_schemas, export_schemas, schemas_dir
from trm_standard._schemadiff import diff_schema_dirs
from trm_standard._serialize import canonical_json
from trm_standard._version import __version__
from trm_standard.v1 import SPEC_VERSION

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trm",
        description="Transnational Referral Mechanism data standard: validate, schemas, codes.",
    )
    parser.add_argument(
        "--version", action="version", version=f"trm_standard {__version__} (spec {SPEC_VERSION})"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    val = sub.add_parser(
        "validate",
        help="validate messages (.json, .jsonl or directories)",
        description="Validate TRM messages. A directory means its .json and .jsonl files, "
        "recursively, except names starting with '_' or '.'.",
    )
    val.add_argument("paths", nargs="+", metavar="PATH")
    val.add_argument("--format", choices=("text", "json"), default="text")
    val.add_argument(
        "--max-bytes", type=int, default=Limits().max_bytes, help="size limit per document"
    )
    val.add_argument(
        "--max-depth", type=int, default=Limits().max_depth, help="nesting limit per document"
    )
    val.add_argument(
        "--max-issues", type=int, default=Limits().max_issues, help="issues shown per document"
    )
    val.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (0: one per CPU); results stay in input order",
    )
    val.add_argument(
        "--engine",
        choices=("fast", "reference"),
        default="fast",
        help="fast (default) or the jsonschema reference; both give the same results",
    )
    val.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress line on stderr (default: when stderr is a terminal)",
    )

    schema = sub.add_parser("schema", help="export or check the JSON Schemas")
    schema_sub = schema.add_subparsers(dest="schema_command", required=True, metavar="ACTION")
    export = schema_sub.add_parser("export", help="write the schemas and index.json into DIR")
    export.add_argument("dir", metavar="DIR", type=Path)
    check = schema_sub.add_parser("check", help="exit 1 if committed schemas drift")
    check.add_argument("--dir", type=Path, default=None, help="schema folder (default: packaged)")
    diff = schema_sub.add_parser(
        "diff", help="classify the changes between two schema versions; exit 1 if breaking"
    )
    diff.add_argument("old", metavar="OLD_DIR", type=Path)
    diff.add_argument("new", metavar="NEW_DIR", type=Path)
    diff.add_argument("--format", choices=("text", "json"), default="text")

    up = sub.add_parser("upgrade", help="write a message upgraded to the latest spec version")
    up.add_argument("path", metavar="FILE", type=Path)

    codes = sub.add_parser("codes", help="show code lists")
    codes_sub = codes.add_subparsers(dest="codes_command", required=True, metavar="ACTION")
    lang_help = "language of the labels (BCP 47: en, sq, bg, bs, hr, sr, mk, ro, sl, sv)"
    listing = codes_sub.add_parser("list", help="list every code list")
    listing.add_argument("--lang", default="en", help=lang_help)
    show = codes_sub.add_parser("show", help="show the codes of one list")
    show.add_argument("name", metavar="LIST")
    show.add_argument("--lang", default="en", help=lang_help)
    show.add_argument("--format", choices=("text", "json"), default="text")

    errors = sub.add_parser("errors", help="list the registry of error codes")
    errors.add_argument("--format", choices=("text", "json"), default="text")
    return parser


# --------------------------------------------------------------------------------------
# validate
# --------------------------------------------------------------------------------------


def _location(doc: Document) -> str:
    return doc.path if doc.line is None else f"{doc.path}:{doc.line}"


class _Progress:
    """A one-line counter on stderr, redrawn at most four times a second."""

    INTERVAL: float = 0.25

    def __init__(self, err: TextIO, *, enabled: bool) -> None:
        self.err = err
        self.enabled = enabled
        self.start = self.last = time.monotonic()
        self.shown = False

    def update(self, total: int, invalid: int) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < self.INTERVAL:
            return
        self.last = now
        rate = total / max(now - self.start, 1e-9)
        self.err.write(f"\r{total:,} documents, {invalid:,} invalid, {rate:,.0f}/s ")
        self.err.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.err.write("\r\x1b[K")
            self.err.flush()


def _cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        limits = Limits(
            max_bytes=args.max_bytes, max_depth=args.max_depth, max_issues=args.max_issues
        )
    except ValueError as exc:
        err.write(f"trm validate: {exc}\n")
        return EXIT_USAGE
    if args.jobs < 0:
        err.write("trm validate: --jobs must be 0 (all CPUs) or more\n")
        return EXIT_USAGE
    jobs = args.jobs or default_jobs()
    show = err.isatty() if args.progress is None else args.progress
    progress = _Progress(err, enabled=show)
    total = invalid = 0
    parts = validate_files(
        args.paths, limits=limits, engine=args.engine, fmt=args.format, jobs=jobs
    )
    try:
        for part in parts:
            total += part.total
            invalid += part.invalid
            out.write(part.text)
            progress.update(total, invalid)
    finally:
        progress.close()
    if total == 0:
        err.write("trm validate: no .json or .jsonl documents found\n")
        return EXIT_USAGE
    err.write(f"{total} document(s): {total - invalid} valid, {invalid} invalid\n")
    return EXIT_INVALID if invalid else EXIT_OK


# --------------------------------------------------------------------------------------
# schema, codes, errors
# --------------------------------------------------------------------------------------


def _cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.schema_command == "export":
        written = export_schemas(args.dir)
        for path in written:
            out.write(f"{path}\n")
        err.write(f"{len(written)} file(s) written under {args.dir}\n")
        return EXIT_OK
    if args.schema_command == "diff":
        return _schema_diff(args, out, err)
    root = args.dir or schemas_dir()
    problems = check_schemas(root)
    for p in problems:
        out.write(f"{p.code} {p.path}: {p.message}\n")
    if problems:
        err.write(f"schemas under {root} drift: run 'trm schema export {root}'\n")
        return EXIT_INVALID
    err.write(f"schemas under {root} match the models\n")
    return EXIT_OK


def _schema_diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    for folder in (args.old, args.new):
        if not folder.is_dir():
            err.write(f"trm schema diff: {folder} is not a folder of schemas\n")
            return EXIT_USAGE
    try:
        changes = diff_schema_dirs(args.old, args.new)
    except ValueError as exc:
        err.write(f"trm schema diff: a schema file is not JSON ({exc})\n")
        return EXIT_USAGE
    for change in changes:
        if args.format == "json":
            row = {"file": change.file, "pointer": change.pointer, "kind": change.kind}
            out.write(json.dumps(row | {"what": change.what}) + "\n")
        else:
            out.write(f"{change.kind:9} {change.file} {change.pointer}: {change.what}\n")
    breaking = sum(c.kind == "breaking" for c in changes)
    err.write(f"{len(changes)} change(s), {breaking} breaking\n")
    return EXIT_INVALID if breaking else EXIT_OK


def _cmd_upgrade(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    report = validate(args.path.read_bytes())
    if report.message is None:
        for issue in report.issues:
            err.write(f"{issue.code} {issue.pointer or '(root)'}: {issue.message}\n")
        return EXIT_INVALID
    out.write(canonical_json(report.message).decode("utf-8") + "\n")
    return EXIT_OK


def _cmd_codes(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.lang not in {"en", *LANGUAGES}:
        err.write(f"trm codes: no labels in {args.lang!r}; use one of en, {', '.join(LANGUAGES)}\n")
        return EXIT_USAGE
    if args.codes_command == "list":
        for name in codelist_names():
            heading = title(name, args.lang)
            out.write(f"{name:28} {len(codelist(name).codes):4}  {heading.marked}\n")
        return EXIT_OK
    try:
        cl = codelist(args.name)
    except KeyError:
        err.write(f"trm codes: no code list named {args.name!r}; see 'trm codes list'\n")
        return EXIT_USAGE
    labels = [(c, label(cl.name, c.code, args.lang)) for c in cl.codes]
    if args.format == "json":
        for c, shown in labels:
            row: dict[str, object] = {"code": c.code, "label": shown.text}
            row |= {"language": shown.language, "status": shown.status}
            if c.deprecated:
                row["deprecated"] = True
            if "footnote" in c.attributes:
                row["footnote"] = c.attributes["footnote"]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return EXIT_OK
    out.write(f"{title(cl.name, args.lang).marked} ({cl.uri}, version {cl.version})\n")
    for c, shown in labels:
        fallback = " (en)" if args.lang != "en" and shown.language == "en" else ""
        deprecated = " (deprecated)" if c.deprecated else ""
        out.write(f"  {c.code:34} {shown.marked}{fallback}{deprecated}\n")
    for c, _ in labels:
        footnote = c.attributes.get("footnote")
        if footnote:
            out.write(f"{footnote}\n")
    if any(shown.status == "unreviewed" for _, shown in labels):
        err.write("[unreviewed]: a draft translation that no national team has checked yet\n")
    return EXIT_OK


def _cmd_errors(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    for entry in CODES.values():
        if args.format == "json":
            row = {
                "code": entry.code,
                "layer": entry.layer.value,
                "title": entry.title,
                "meaning": entry.meaning,
                "reference": entry.reference,
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            out.write(f"{entry.code:16} {entry.layer.value:9} {entry.title}\n")
    return EXIT_OK


_COMMANDS = {
    "validate": _cmd_validate,
    "upgrade": _cmd_upgrade,
    "schema": _cmd_schema,
    "codes": _cmd_codes,
    "errors": _cmd_errors,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``trm`` command line and return its exit status."""
    args = _parser().parse_args(argv)
    out, err = sys.stdout, sys.stderr
    try:
        return _COMMANDS[args.command](args, out, err)
    except TRMError as exc:
        err.write(f"trm: {exc}\n")
        return EXIT_INVALID
    except BrokenPipeError:  # pragma: no cover - `trm ... | head`
        return EXIT_OK
    except OSError as exc:
        err.write(f"trm: {exc.strerror or exc}\n")
        return EXIT_USAGE

"""The ``trm`` command line (also ``python -m trm_standard``).

Exit status (DESIGN §10): 0 success, 1 an input failed a check, 2 usage or environment
error. Results go to stdout, diagnostics to stderr; ``--format json`` writes JSON Lines,
one object per document.

Exact contracts (run verbatim by users' scripts and CI; do not rename):

* ``trm validate PATH... [--format text|json]`` (also ``--jobs N``, ``--engine``,
  ``--progress``)
* ``trm schema export DIR``, ``trm schema check`` and ``trm schema diff OLD_DIR NEW_DIR``
* ``trm keygen --participant ID --out DIR``
* ``trm trustlist build --sign-with ANCHOR_PRIVATE_JWK --out FILE PUBLIC_JWK...`` and
  ``trm trustlist verify FILE --anchor ANCHOR_PUBLIC_JWK``
* ``trm seal MESSAGE.json --key ... --to ID --trust-list FILE --anchor ... --out FILE``
* ``trm open FILE --key ... --trust-list FILE --anchor ... [--replay-db PATH]``
* ``trm consent check MESSAGE.json --purpose P --recipient ID [--at TIME] [--directory FILE]
  [--format text|json]`` and ``trm minimise MESSAGE.json --purpose P --recipient ID [--at TIME]``
* ``trm fhir export MESSAGE.json [--fhir-version R4|R5] [--bundle-type
  collection|transaction]`` and ``trm fhir import BUNDLE.json`` (``_cli_fhir.py``)
* ``trm anonymise ...`` and ``trm stats ...``: see :mod:`trm_standard._cli_anon`
* ``trm conformance run [--adapter CMD] [--area A] [--format text|json|junit]`` and
  ``trm conformance lint``
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from trm_standard import _cli_anon, _cli_conformance, _cli_consent
from trm_standard._api import validate
from trm_standard._bulk import default_jobs, validate_files
from trm_standard._cli_fhir import add_parser as _add_fhir_parser
from trm_standard._cli_fhir import run as _cmd_fhir
from trm_standard._codelists import codelist, codelist_names
from trm_standard._envelope import (
    EnvelopeError,
    SQLiteReplayStore,
    default_replay_path,
    open_envelope,
    seal,
)
from trm_standard._errors import CODES, TRMError
from trm_standard._io import Document
from trm_standard._jsonparse import Limits
from trm_standard._keys import (
    LocalDecrypter,
    LocalSigner,
    generate_keys,
    load_jwk,
    load_private,
    write_keys,
)
from trm_standard._labels import LANGUAGES, label, title
from trm_standard._schema import check_schemas, export_schemas, schemas_dir
from trm_standard._schemadiff import diff_schema_dirs
from trm_standard._serialize import canonical_json
from trm_standard._trustlist import TrustList, build_trust_list, load_trust_list
from trm_standard._version import __version__
from trm_standard.v1 import SPEC_VERSION
from trm_standard.v1._types import parse_utc_datetime

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def _add_envelope_commands(sub: Any) -> None:
    """Add keygen, trustlist, seal and open (exact contracts of the envelope issue)."""
    keygen = sub.add_parser("keygen", help="write a participant's signing and encryption keys")
    keygen.add_argument("--participant", required=True, metavar="ID")
    keygen.add_argument("--out", required=True, type=Path, metavar="DIR")

    trust = sub.add_parser("trustlist", help="build or verify a signed trust list")
    trust_sub = trust.add_subparsers(dest="trust_command", required=True, metavar="ACTION")
    build = trust_sub.add_parser("build", help="sign a trust list of public JWKs")
    build.add_argument("keys", nargs="+", type=Path, metavar="PUBLIC_JWK")
    build.add_argument("--sign-with", required=True, type=Path, metavar="ANCHOR_PRIVATE_JWK")
    build.add_argument("--out", required=True, type=Path, metavar="FILE")
    build.add_argument("--seq", type=int, default=None, help="sequence number (default: now)")
    build.add_argument("--expires", default=None, help="end of validity (default: now + 7 days)")
    build.add_argument("--now", default=None, help="RFC 3339 UTC time or epoch seconds")
    verify = trust_sub.add_parser("verify", help="verify a trust list against pinned anchors")
    verify.add_argument("file", type=Path, metavar="FILE")
    verify.add_argument(
        "--anchor", required=True, action="append", type=Path, metavar="ANCHOR_PUBLIC_JWK"
    )
    verify.add_argument("--min-seq", type=int, default=None, help="seq of the list accepted before")
    verify.add_argument("--now", default=None, help="RFC 3339 UTC time or epoch seconds")

    seal_cmd = sub.add_parser("seal", help="sign and encrypt a message for a participant")
    seal_cmd.add_argument("message", type=Path, metavar="MESSAGE.json")
    seal_cmd.add_argument("--key", required=True, type=Path, metavar="SENDER_PRIVATE_SIGNING_JWK")
    seal_cmd.add_argument("--to", required=True, metavar="PARTICIPANT_ID")
    seal_cmd.add_argument("--trust-list", required=True, type=Path, metavar="FILE")
    seal_cmd.add_argument(
        "--anchor", required=True, action="append", type=Path, metavar="ANCHOR_PUBLIC_JWK"
    )
    seal_cmd.add_argument("--out", required=True, type=Path, metavar="FILE")
    seal_cmd.add_argument("--now", default=None, help="RFC 3339 UTC time or epoch seconds")

    open_cmd = sub.add_parser("open", help="decrypt, verify and validate an envelope")
    open_cmd.add_argument("file", type=Path, metavar="FILE")
    open_cmd.add_argument(
        "--key",
        required=True,
        action="append",
        type=Path,
        metavar="RECIPIENT_PRIVATE_ENCRYPTION_JWK",
        help="the recipient's encryption key; repeat it to add previous keys during a rotation",
    )
    open_cmd.add_argument("--trust-list", required=True, type=Path, metavar="FILE")
    open_cmd.add_argument(
        "--anchor", required=True, action="append", type=Path, metavar="ANCHOR_PUBLIC_JWK"
    )
    open_cmd.add_argument("--replay-db", type=Path, default=None, metavar="PATH")
    open_cmd.add_argument("--now", default=None, help="RFC 3339 UTC time or epoch seconds")


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

    _add_envelope_commands(sub)
    _add_fhir_parser(sub)

    _cli_consent.add_parsers(sub)
    errors = sub.add_parser("errors", help="list the registry of error codes")
    errors.add_argument("--format", choices=("text", "json"), default="text")
    _cli_anon.add_parsers(sub)
    _cli_conformance.add_parsers(sub)
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


def _now(text: str | None) -> int:
    """Return ``--now`` as epoch seconds: RFC 3339 UTC (``...Z``) or an integer."""
    if text is None:
        return int(time.time())
    if text.isascii() and text.isdigit():
        return int(text)
    parsed = parse_utc_datetime(text)
    if parsed is None:
        raise _UsageError(f"--now {text!r} is not an RFC 3339 UTC time or epoch seconds")
    return int(parsed.timestamp())


class _UsageError(Exception):
    """A bad option value: exit 2."""


def _trust(path: Path, anchors: list[Path], now: int) -> TrustList:
    pinned = [load_jwk(a) for a in anchors]
    return load_trust_list(path.read_text(encoding="ascii", errors="replace"), pinned, now=now)


def _cmd_keygen(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    pairs = generate_keys(args.participant)
    country, local = args.participant.split("/")[5:7]
    written = write_keys(pairs, args.out, f"{country}-{local}")
    for use, pair in pairs.items():
        out.write(f"{use} {pair.public['kid']}\n")
    err.write(f"{len(written)} key files written under {args.out} (private ones mode 0600)\n")
    return EXIT_OK


def _cmd_trustlist(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    now = _now(args.now)
    if args.trust_command == "build":
        anchor = load_private(load_jwk(args.sign_with, private=True))
        if not isinstance(anchor, LocalSigner):
            raise _UsageError("--sign-with needs a private signing key (use sig)")
        keys = [load_jwk(path) for path in args.keys]
        expires = _now(args.expires) if args.expires else None
        seq = args.seq if args.seq is not None else now
        token = build_trust_list(keys, anchor, now=now, seq=seq, expires=expires)
        args.out.write_text(token + "\n", encoding="ascii")
        err.write(f"trust list seq {seq} with {len(keys)} keys written to {args.out}\n")
        return EXIT_OK
    trust = load_trust_list(
        args.file.read_text(encoding="ascii", errors="replace"),
        [load_jwk(a) for a in args.anchor],
        now=now,
        accepted_seq=args.min_seq,
    )
    summary = {
        "iss": trust.iss,
        "seq": trust.seq,
        "iat": trust.iat,
        "exp": trust.exp,
        "participants": list(trust.participants),
        "keys": [
            {"kid": k.kid, "owner": k.owner, "use": k.use, "status": k.status}
            for k in trust.keys.values()
        ],
    }
    out.write(json.dumps(summary, indent=2) + "\n")
    return EXIT_OK


def _cmd_seal(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    now = _now(args.now)
    signer = load_private(load_jwk(args.key, private=True))
    if not isinstance(signer, LocalSigner):
        raise _UsageError("--key needs the sender's private signing key (use sig)")
    report = validate(args.message.read_bytes())
    if report.message is None:
        raise EnvelopeError("TRM-ENV-029", "the message is not valid", report.issues)
    message = report.message
    token = seal(message, signer, args.to, _trust(args.trust_list, args.anchor, now), now=now)
    args.out.write_text(token + "\n", encoding="ascii")
    err.write(f"sealed {message.message_type} for {args.to} into {args.out}\n")
    return EXIT_OK


def _cmd_open(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    now = _now(args.now)
    decrypters: list[LocalDecrypter] = []
    for path in args.key:
        key = load_private(load_jwk(path, private=True))
        if not isinstance(key, LocalDecrypter):
            raise _UsageError("--key needs the recipient's private encryption keys (use enc)")
        decrypters.append(key)
    if len({d.owner for d in decrypters}) != 1:
        raise _UsageError("every --key must belong to the same participant")
    pinned = [load_jwk(a) for a in args.anchor]
    domain = ",".join(sorted(str(a["kid"]) for a in pinned))
    try:
        store = SQLiteReplayStore(args.replay_db or default_replay_path())
    except sqlite3.Error as exc:
        raise _UsageError(f"the replay store cannot be opened: {exc}") from None
    try:
        token = args.trust_list.read_text(encoding="ascii", errors="replace")
        seq, _ = store.accepted_trust_list(domain) or (None, None)
        trust = load_trust_list(token, pinned, now=now, accepted_seq=seq)
        store.note_trust_list(domain, trust.seq, trust.digest)
        opened = open_envelope(args.file.read_bytes(), decrypters, trust, store, now=now)
    except sqlite3.Error as exc:
        raise _UsageError(f"the replay store cannot be used: {exc}") from None
    finally:
        store.close()
    out.write(canonical_json(opened.message).decode("utf-8") + "\n")
    err.write(
        f"opened {opened.message.message_type} from {opened.claims.iss} "
        f"(jti {opened.claims.jti}, record digest {opened.record_digest})\n"
    )
    return EXIT_OK


_COMMANDS = {
    "keygen": _cmd_keygen,
    "trustlist": _cmd_trustlist,
    "seal": _cmd_seal,
    "open": _cmd_open,
    "validate": _cmd_validate,
    "upgrade": _cmd_upgrade,
    "schema": _cmd_schema,
    "codes": _cmd_codes,
    "errors": _cmd_errors,
    **_cli_consent.COMMANDS,
    "fhir": _cmd_fhir,
    **_cli_anon.COMMANDS,
    **_cli_conformance.COMMANDS,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``trm`` command line and return its exit status."""
    args = _parser().parse_args(argv)
    out, err = sys.stdout, sys.stderr
    try:
        return _COMMANDS[args.command](args, out, err)
    except TRMError as exc:
        err.write(f"trm: {exc}\n")
        for issue in getattr(exc, "issues", ()):
            err.write(f"  {issue.code} {issue.pointer or '(root)'}: {issue.message}\n")
        return EXIT_INVALID
    except _UsageError as exc:
        err.write(f"trm {args.command}: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - `trm ... | head`
        return EXIT_OK
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        err.write(f"trm: {where}{exc.strerror or exc}\n")
        return EXIT_USAGE

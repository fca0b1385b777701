"""``trm fhir``: export a message as a FHIR Bundle and import it back.

Exact contracts (run verbatim by users' CI; do not rename):

* ``trm fhir export MESSAGE.json [--fhir-version R4|R5] [--bundle-type
  collection|transaction]`` prints the Bundle JSON on stdout;
* ``trm fhir import BUNDLE.json`` prints the message JSON (RFC 8785 form), JSON-equal
  to the exported source;
* ``trm fhir terminology DIR`` writes the code lists as FHIR CodeSystem and ValueSet
  resources (one JSON file each) and lists the files on stdout.

Exit 1 with the issue codes on stderr when the input fails a check, 2 for a usage or
environment error (such as the missing ``fhir`` extra). Diagnostics name codes and
pointers, never values.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from trm_standard._api import parse
from trm_standard._errors import TRMError
from trm_standard._fhir import BUNDLE_TYPES, FHIR_VERSIONS
from trm_standard._fhirexport import to_fhir
from trm_standard._fhirgen import write
from trm_standard._fhirimport import from_fhir
from trm_standard._serialize import canonical_json

__all__ = ["add_parser", "run"]

_EXIT_OK, _EXIT_INVALID, _EXIT_USAGE = 0, 1, 2


def add_parser(sub: Any) -> None:
    """Add ``trm fhir export`` and ``trm fhir import`` to the ``trm`` sub-parsers."""
    fhir = sub.add_parser("fhir", help="export a message as a FHIR R4/R5 Bundle, or import one")
    actions = fhir.add_subparsers(dest="fhir_command", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="print the FHIR Bundle of a message")
    export.add_argument("message", type=Path, metavar="MESSAGE.json", help="a TRM message")
    export.add_argument(
        "--fhir-version",
        choices=FHIR_VERSIONS,
        default="R5",
        help="R5 (default) or R4 (4.0.1 elements only)",
    )
    export.add_argument(
        "--bundle-type",
        choices=BUNDLE_TYPES,
        default="collection",
        help="collection (default) or transaction (POSTs with conditional creates)",
    )
    imp = actions.add_parser("import", help="print the message carried by a FHIR Bundle")
    imp.add_argument(
        "bundle", type=Path, metavar="BUNDLE.json", help="a Bundle made by trm fhir export"
    )
    terms = actions.add_parser(
        "terminology", help="write the code lists as FHIR CodeSystem and ValueSet JSON into DIR"
    )
    terms.add_argument("directory", type=Path, metavar="DIR")


def _report(exc: TRMError, err: TextIO, command: str) -> int:
    if exc.code == "TRM-FHIR-001":
        err.write(f"trm fhir {command}: {exc}\n")
        return _EXIT_USAGE
    err.write(f"trm fhir {command}: {exc}\n")
    for issue in getattr(exc, "issues", ()):
        err.write(f"  {issue.code} {issue.pointer or '(root)'}: {issue.message}\n")
    return _EXIT_INVALID


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``trm fhir ACTION`` and return the exit status."""
    command = args.fhir_command
    try:
        if command == "export":
            message = parse(args.message.read_bytes())
            bundle = to_fhir(message, fhir_version=args.fhir_version, bundle_type=args.bundle_type)
            out.write(json.dumps(bundle, ensure_ascii=False, indent=2) + "\n")
            err.write(
                f"exported {message.message_type} as a FHIR {args.fhir_version} "
                f"{args.bundle_type} Bundle of {len(bundle['entry'])} resources\n"
            )
        elif command == "terminology":
            written = write(args.directory)
            out.write("".join(f"{path}\n" for path in written))
            err.write(f"wrote {len(written)} FHIR CodeSystem and ValueSet resources\n")
        else:
            message = from_fhir(args.bundle.read_bytes())
            out.write(canonical_json(message).decode("utf-8") + "\n")
            err.write(f"imported {message.message_type}\n")
    except TRMError as exc:
        return _report(exc, err, command)
    return _EXIT_OK

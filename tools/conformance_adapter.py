"""A trm-conformance/1 adapter over this library: one JSON request on stdin, one response out.

An example of the protocol (docs/conformance.md) and the reference the runner's own tests
use: ``trm conformance run --adapter "python tools/conformance_adapter.py"``. With
``--wrong`` it answers every request with "valid, no errors", so the suite must fail it.
"""

from __future__ import annotations

import json
import sys

from trm_standard._conformance import library_adapter


def main() -> int:
    """Answer one request."""
    request = json.loads(sys.stdin.buffer.read())
    if "--wrong" in sys.argv[1:]:
        response: dict[str, object] = {"valid": True, "errors": []}
    else:
        response = library_adapter(request)
    sys.stdout.write(json.dumps(response, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Python side of the `jose` (npm) interoperability check of TRM-JOSE-1.

`make jose` runs ``prepare``, then ``tools/jose-check.mjs`` (which opens the conformance
vectors with `jose` and seals the prepared messages with `jose`), then ``verify``, which opens
every envelope `jose` produced with :func:`trm_standard.envelope.open_envelope`.

Usage::

    python tools/jose_interop.py prepare OUT.json
    python tools/jose_interop.py verify IN.json TOKENS.json

``prepare`` writes the sender's private signing JWK (SE), the recipient's public encryption
JWK (RO) and a few ``{label, claims, payload}`` where ``payload`` is the exact RFC 8785 text
of ``claims``: `jose` signs those bytes as they are. All keys are the synthetic, published
test keys of the vectors.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from trm_standard._envgen import (
    ANCHORS,
    KEYS,
    RO,
    SE,
    T0,
    TRUST_LIST,
    claims,
    compact_referral,
    referral,
)
from trm_standard._jose import b64d
from trm_standard._serialize import jcs
from trm_standard.envelope import (
    EnvelopeError,
    MemoryReplayStore,
    load_decrypter,
    load_trust_list,
    open_envelope,
)

JSON = dict[str, Any]


def _unicode_referral() -> JSON:
    """The full referral with NFC names from several scripts and a non-BMP character."""
    message = referral()
    message["message_id"] = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
    person = message["person"]
    person["given_names"] = "\u0218tefania \u00d1and\u00fa"
    person["family_names"] = "Exemplu-Mu\u0219at \u05d3\u05d5\u05d2\u05de\u05d4 \U0001f30d"
    return message


def messages() -> list[JSON]:
    """The messages `jose` seals, each with its claims and their exact JCS payload."""
    bodies = {
        "jose/compact-referral": compact_referral(),
        "jose/full-referral": referral(),
        "jose/unicode-referral": _unicode_referral(),
    }
    out: list[JSON] = []
    for label, message in bodies.items():
        body = claims(label, message, iss=SE, aud=RO)
        out.append({"label": label, "claims": body, "payload": jcs(body).decode("utf-8")})
    return out


def prepare(path: Path) -> int:
    """Write the request file for ``tools/jose-check.mjs``."""
    request = {
        "sender": KEYS["se-sig"].private,
        "recipient": KEYS["ro-enc"].public,
        "messages": messages(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(request, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"prepared {len(request['messages'])} messages for jose -> {path}")
    return 0


def _problems(token: str, wanted: JSON, store: MemoryReplayStore) -> list[str]:
    """Open one `jose` envelope with the library and compare it with what was asked."""
    trust = load_trust_list(TRUST_LIST, ANCHORS, now=T0)
    decrypter = load_decrypter(KEYS["ro-enc"].private)
    try:
        opened = open_envelope(token, [decrypter], trust, store, now=T0)
    except EnvelopeError as err:
        return [f"open_envelope rejects it: {err}"]
    body: JSON = wanted["claims"]
    problems: list[str] = []
    message = opened.message.to_json_dict()
    if message != body["trm"]:
        problems.append("the opened message differs from the claims' trm")
    got = {k: getattr(opened.claims, k) for k in body if k != "trm"}
    if got != {k: v for k, v in body.items() if k != "trm"}:
        problems.append(f"the opened claims differ: {got}")
    if opened.sender_kid != KEYS["se-sig"].kid:
        problems.append(f"sender kid {opened.sender_kid}")
    if opened.recipient_kid != KEYS["ro-enc"].kid:
        problems.append(f"recipient kid {opened.recipient_kid}")
    if b64d(opened.jws.split(".")[1]) != str(wanted["payload"]).encode("utf-8"):
        problems.append("the signed payload is not the requested JCS bytes")
    if opened.record_digest != hashlib.sha256(jcs(body["trm"])).hexdigest():
        problems.append("record digest differs")
    return problems


def verify(request_path: Path, tokens_path: Path) -> int:
    """Open every envelope `jose` produced; return 1 if any fails."""
    request: JSON = json.loads(request_path.read_text(encoding="utf-8"))
    tokens: list[JSON] = json.loads(tokens_path.read_text(encoding="utf-8"))["tokens"]
    wanted = {str(m["label"]): m for m in request["messages"]}
    store = MemoryReplayStore()
    passed = failed = 0
    if {str(t["label"]) for t in tokens} != set(wanted) or len(tokens) != len(wanted):
        print(f"FAIL: jose produced {len(tokens)} envelopes for {len(wanted)} messages")
        failed += 1
    for entry in tokens:
        label = str(entry["label"])
        problems = (
            _problems(str(entry["envelope"]), wanted[label], store)
            if label in wanted
            else ["not a requested label"]
        )
        if problems:
            failed += 1
            print(f"FAIL {label}: {'; '.join(problems)}")
        else:
            passed += 1
    print(f"trm_standard opens jose envelopes: {passed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="write the messages for jose to seal")
    p.add_argument("out", type=Path)
    v = sub.add_parser("verify", help="open the envelopes jose sealed")
    v.add_argument("request", type=Path)
    v.add_argument("tokens", type=Path)
    args = parser.parse_args(argv)
    if args.command == "prepare":
        return prepare(args.out)
    return verify(args.request, args.tokens)


if __name__ == "__main__":
    sys.exit(main())

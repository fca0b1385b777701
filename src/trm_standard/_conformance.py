"""The conformance suite: language-neutral vectors, a runner and the adapter protocol.

A vector (``vectors/<spec-version>/<area>/<id>.json``, shape in ``vector.schema.json``)
names an ``operation``, its ``context`` and ``input``, and the ``expected`` verdict with
error codes. :func:`run_suite` sends each case to an adapter (this library in-process, or an
external command speaking ``trm-conformance/1`` on stdin/stdout, see
``docs/conformance.md``) and compares the response with the expectation.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import json
import os
import shlex
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Final

import jsonschema

from trm_standard._errors import TRMError

__all__ = [
    "AREAS",
    "PROTOCOL",
    "Case",
    "CaseResult",
    "Handler",
    "command_adapter",
    "compare",
    "library_adapter",
    "load_cases",
    "register",
    "request_for",
    "run_suite",
]

PROTOCOL: Final = "trm-conformance/1"
AREAS: Final = (
    "schema",
    "rules",
    "consent",
    "minimisation",
    "anonymisation",
    "envelope",
    "trustlist",
    "fhir",
)
_PACKAGE: Final = "trm_standard.vectors"

Adapter = Callable[[dict[str, Any]], dict[str, Any]]
Handler = Callable[[Mapping[str, Any], Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Case:
    """One vector: its area, file name and content."""

    version: str
    area: str
    name: str
    data: Mapping[str, Any] = field(repr=False)

    @property
    def id(self) -> str:
        """Return the vector's id."""
        return str(self.data["id"])

    @property
    def request(self) -> dict[str, Any]:
        """Return the adapter request for this case."""
        return request_for(self.data)

    def check(self, response: Mapping[str, Any]) -> None:
        """Raise AssertionError listing the differences if ``response`` does not conform."""
        problems = compare(self.data, response)
        if problems:
            raise AssertionError(f"{self.id}: " + "; ".join(problems))


@dataclass(frozen=True, slots=True)
class CaseResult:
    """The outcome of one case."""

    case: Case
    passed: bool
    problems: tuple[str, ...]
    seconds: float
    stderr: str = ""


def _root() -> Any:
    return resources.files(_PACKAGE)


@cache
def _schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_root().joinpath(name).read_bytes())
    return data


def load_cases(version: str = "1.0.0", areas: Iterable[str] | None = None) -> list[Case]:
    """Return the vectors of ``version`` (optionally of some areas), sorted by area and id."""
    wanted = set(areas) if areas is not None else set(AREAS)
    base = _root().joinpath(version)
    cases = []
    for area in AREAS:
        if area not in wanted:
            continue
        folder = base.joinpath(area)
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            if entry.name.endswith(".json"):
                data = json.loads(entry.read_bytes())
                cases.append(Case(version, area, entry.name, data))
    return cases


# --------------------------------------------------------------------------------------
# Requests and comparison
# --------------------------------------------------------------------------------------


@cache
def _default_policy() -> dict[str, Any]:
    raw = resources.files("trm_standard.policies").joinpath("consent-policy.json").read_bytes()
    data: dict[str, Any] = json.loads(raw)
    return data


@cache
def _tier_policy(tier: str) -> dict[str, Any]:
    raw = resources.files("trm_standard").joinpath(f"anonymisation/policies/{tier}.json")
    data: dict[str, Any] = json.loads(raw.read_bytes())
    return data


def request_for(vector: Mapping[str, Any]) -> dict[str, Any]:
    """Return the adapter request of ``vector``, shorthand resolved.

    ``"policy": "default"`` (or no policy, for anonymisation) becomes the shipped policy
    object, so an adapter receives everything it needs in the request.
    """
    context = copy.deepcopy(dict(vector["context"]))
    operation = str(vector["operation"])
    if context.get("policy") == "default" and operation.startswith("consent."):
        context["policy"] = _default_policy()
    if operation in ("anonymise.release", "anonymise.stats") and context.get("policy") in (
        None,
        "default",
    ):
        context["policy"] = _tier_policy(str(context.get("tier", "anonymised")))
    return {
        "protocol": PROTOCOL,
        "id": vector["id"],
        "operation": vector["operation"],
        "context": context,
        "input": copy.deepcopy(dict(vector["input"])),
    }


_COMPARED_DECISION: Final = (
    "outcome",
    "basis",
    "consent_id",
    "categories",
    "privacy_classes",
    "valid_until",
)


def same(a: Any, b: Any) -> bool:
    """JSON equality that tells ``true`` from ``1`` (Python's ``==`` does not)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and bool(a == b)


def _bundle_entries_by_url(output: Any) -> Any:
    """A Bundle's entries keyed by fullUrl: FHIR gives entry order no meaning."""
    if not isinstance(output, dict) or not isinstance(output.get("bundle"), dict):
        return output
    bundle = dict(output["bundle"])
    entries = bundle.get("entry")
    if isinstance(entries, list) and all(isinstance(e, dict) for e in entries):
        bundle["entry"] = {str(e.get("fullUrl")): e for e in entries}
    return {**output, "bundle": bundle}


def _cut(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def compare(vector: Mapping[str, Any], response: Mapping[str, Any]) -> list[str]:
    """Return the differences between a response and the vector's expectation.

    Codes are compared as sorted distinct lists; ``decision`` on its compared members (no
    others allowed); ``output`` exactly (a refusal must carry no output); ``valid`` when
    the vector states it. Bundle entries are compared by ``fullUrl``, in any order.
    """
    problems = [_cut(f"malformed response: {e}") for e in _response_errors(response)]
    if problems:
        return problems
    if response.get("unsupported"):
        return ["the adapter does not support this operation"]
    expected = vector["expected"]
    operation = vector["operation"]
    got_errors = sorted(set(response.get("errors", [])))
    if got_errors != sorted(expected["errors"]):
        problems.append(_cut(f"errors {got_errors} != expected {sorted(expected['errors'])}"))
    if "valid" in expected and not same(response.get("valid"), expected["valid"]):
        problems.append(f"valid {response.get('valid')!r} != expected {expected['valid']!r}")
    problems.extend(_decision_problems(expected, response))
    if operation == "envelope.seal":
        if expected.get("valid"):
            problems.extend(_check_sealed(vector, response))
        elif response.get("output") is not None:
            problems.append("output where the operation must fail")
        return problems
    problems.extend(_output_problems(operation, expected.get("output"), response.get("output")))
    return problems


def _decision_problems(expected: Mapping[str, Any], response: Mapping[str, Any]) -> list[str]:
    if "decision" not in expected:
        return [] if response.get("decision") is None else ["a decision where none is expected"]
    got = response.get("decision")
    if not isinstance(got, dict) or set(got) - set(_COMPARED_DECISION):
        return ["decision missing or with members beyond the compared ones"]
    return [
        f"decision.{key} differs"
        for key in _COMPARED_DECISION
        if not same(got.get(key), expected["decision"].get(key))
    ]


def _output_problems(operation: str, want: Any, got: Any) -> list[str]:
    if want is None:
        return [] if got is None else ["output where none is expected (a refusal carries no data)"]
    if not isinstance(got, dict):
        return ["output missing"]
    if operation == "fhir.export":
        want, got = _bundle_entries_by_url(want), _bundle_entries_by_url(got)
    problems = []
    extra = sorted(set(got) - set(want))
    if extra:
        problems.append(_cut(f"output members beyond the expected ones: {extra}"))
    problems.extend(f"output.{key} differs" for key in want if not same(got.get(key), want[key]))
    return problems


def _response_errors(response: Mapping[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(_schema("response.schema.json"))
    return [e.message for e in validator.iter_errors(response)][:3]


def _check_sealed(vector: Mapping[str, Any], response: Mapping[str, Any]) -> list[str]:
    """Open the envelope an adapter produced, with the receiver's keys of ``context.check``."""
    output = response.get("output") or {}
    token = output.get("envelope")
    if not isinstance(token, str):
        return ["output.envelope missing"]
    check = vector["context"]["check"]
    opened = handle(
        "envelope.open",
        {**check, "trust_list": vector["context"]["trust_list"]},
        {"envelope": token},
    )
    if opened.get("errors"):
        return [f"our library refuses the envelope: {opened['errors']}"]
    if opened["output"]["message"] != vector["input"]["message"]:
        return ["the envelope carries another message"]
    return []


# --------------------------------------------------------------------------------------
# Adapters
# --------------------------------------------------------------------------------------

_HANDLERS: dict[str, Handler] = {}


def register(operation: str) -> Callable[[Handler], Handler]:
    """Register this library's implementation of ``operation``."""

    def add(handler: Handler) -> Handler:
        _HANDLERS[operation] = handler
        return handler

    return add


def handle(operation: str, context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """Perform ``operation`` with this library; TRM errors become the response's codes."""
    _load_handlers()
    handler = _HANDLERS.get(operation)
    if handler is None:
        return {"unsupported": True, "errors": []}
    try:
        return handler(context, given)
    except TRMError as exc:
        codes = [i.code for i in getattr(exc, "issues", ())] or [exc.code]
        return {"valid": False, "errors": sorted(set(codes))}


def library_adapter(request: dict[str, Any]) -> dict[str, Any]:
    """The adapter that answers with this library, in-process."""
    return handle(request["operation"], request["context"], request["input"])


MAX_RESPONSE: Final = 16 << 20


def command_adapter(
    command: str, *, timeout: float = 60.0
) -> Callable[[dict[str, Any]], tuple[dict[str, Any], str]]:
    """Return an adapter that runs ``command`` once per request (no shell involved).

    The adapter must answer one UTF-8 JSON object of at most 16 MiB on stdout and exit 0
    within ``timeout`` seconds; its whole process group is killed on timeout.

    Raises:
        ValueError: If ``command`` is empty or not splittable (an unclosed quote).
    """
    argv = shlex.split(command)
    if not argv:
        raise ValueError("empty adapter command")

    def call(request: dict[str, Any]) -> tuple[dict[str, Any], str]:
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(  # noqa: S603 - the user's own adapter command
                argv, stdin=subprocess.PIPE, stdout=out, stderr=err, start_new_session=True
            )
            try:
                proc.communicate(json.dumps(request, ensure_ascii=False).encode(), timeout)
            except subprocess.TimeoutExpired:
                _kill_group(proc)
                return {"_failure": f"no response within {timeout:g} s"}, ""
            finally:
                _kill_group(proc)
            err.seek(0)
            stderr = err.read(1 << 20).decode("utf-8", "replace")[-2000:]
            size = out.seek(0, os.SEEK_END)
            out.seek(0)
            if size > MAX_RESPONSE:
                return {"_failure": "the response is larger than 16 MiB"}, stderr
            raw = out.read()
        if proc.returncode != 0:
            return {"_failure": f"the adapter exited with status {proc.returncode}"}, stderr
        try:
            response = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return {"_failure": "the response is not UTF-8 JSON"}, stderr
        if not isinstance(response, dict):
            return {"_failure": "the response is not a JSON object"}, stderr
        return response, stderr

    return call


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill what is left of the adapter's process group (grandchildren included)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def _load_handlers() -> None:
    if not _HANDLERS:
        from trm_standard import (  # noqa: F401, PLC0415 - registers handlers
            _conformance_anon,
            _conformance_fhir,
            _conformance_ops,
        )


def run_suite(
    cases: Sequence[Case],
    adapter: Callable[[dict[str, Any]], tuple[dict[str, Any], str]] | None = None,
) -> Iterator[CaseResult]:
    """Run ``cases`` through ``adapter`` (default: this library) and yield each result."""
    for case in cases:
        start = time.perf_counter()
        stderr = ""
        if adapter is None:
            response = library_adapter(case.request)
        else:
            response, stderr = adapter(case.request)
        failure = response.pop("_failure", None)
        problems = [failure] if failure else compare(case.data, response)
        yield CaseResult(case, not problems, tuple(problems), time.perf_counter() - start, stderr)


def decode_document(given: Mapping[str, Any]) -> bytes:
    """Return the bytes of a ``validate`` input (``document`` or ``document_base64``)."""
    if "document_base64" in given:
        return base64.b64decode(given["document_base64"], validate=True)
    text: str = given["document"]
    return text.encode("utf-8", "surrogatepass")


# --------------------------------------------------------------------------------------
# Lint
# --------------------------------------------------------------------------------------

_PERSON_KEYS: Final = frozenset({"given_names", "family_names", "other_names"})


def _person_names(value: Any, parent: str = "") -> Iterator[str]:
    """Yield every person's name in ``value`` (inputs, embedded JSON texts included)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if (
                key in _PERSON_KEYS
                or (key == "name" and parent == "guardian")
                or (key in ("given", "family") and parent == "name")  # FHIR HumanName
            ):
                items = item if isinstance(item, list) else [item]
                yield from (i for i in items if isinstance(i, str))
            else:
                yield from _person_names(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _person_names(item, parent)
    elif isinstance(value, str) and value.lstrip().startswith("{") and "name" in value:
        try:
            parsed = json.loads(value)
        except ValueError:
            return
        yield from _person_names(parsed, parent)


def synthetic_names() -> frozenset[str]:
    """Return the names a vector may give a person (``vectors/synthetic-names.json``)."""
    names: list[str] = json.loads(_root().joinpath("synthetic-names.json").read_bytes())["names"]
    return frozenset(names)


def exempt_codes() -> dict[str, str]:
    """Return the registry codes no vector needs to produce, with the reason for each."""
    data: dict[str, str] = json.loads(_root().joinpath("exempt.json").read_bytes())
    return data


def lint(version: str = "1.0.0") -> list[str]:
    """Return every problem of the vector files of ``version`` (empty when clean)."""
    from trm_standard._errors import CODES  # noqa: PLC0415 - the registry imports widely

    problems: list[str] = []
    validator = jsonschema.Draft202012Validator(_schema("vector.schema.json"))
    cases = load_cases(version)
    ids: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    produced: set[str] = set()
    allowed = synthetic_names()
    for case in cases:
        where = f"{case.area}/{case.name}"
        problems.extend(
            f"{where}: {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in validator.iter_errors(case.data)
        )
        if not isinstance(case.data, dict) or "id" not in case.data:
            continue
        if case.name != f"{case.id}.json":
            problems.append(f"{where}: file not named after its id")
        if case.id in ids:
            problems.append(f"{where}: id also used by {ids[case.id]}")
        ids[case.id] = where
        description = " ".join(str(case.data.get("description", "")).split()).casefold()
        if description in descriptions:
            problems.append(f"{where}: description also used by {descriptions[description]}")
        descriptions[description] = where
        expected = case.data.get("expected", {})
        errors = set(expected.get("errors", []))
        produced |= errors
        unknown = sorted(errors - set(CODES))
        if unknown:
            problems.append(f"{where}: unregistered codes {unknown}")
        extra = sorted(set(case.data.get("exercises", [])) - errors)
        if extra:
            problems.append(f"{where}: exercises {extra} not in expected.errors")
        strangers = sorted(
            {
                name
                for part in ("input", "context", "expected")
                for name in _person_names(case.data.get(part, {}))
            }
            - allowed
        )
        if strangers:
            problems.append(f"{where}: {len(strangers)} person name(s) not in synthetic-names.json")
    problems.extend(_coverage(produced, set(CODES)))
    return problems


def _coverage(produced: set[str], registered: set[str]) -> list[str]:
    """Every registered code produced by a vector, or exempt with a reason."""
    exempt = exempt_codes()
    problems = [
        f"{code}: no vector produces it" for code in sorted(registered - produced - set(exempt))
    ]
    for code, reason in sorted(exempt.items()):
        if code not in registered:
            problems.append(f"exempt.json: {code} is not a registered code")
        elif code in produced:
            problems.append(f"exempt.json: {code} is produced by a vector; remove it")
        elif len(reason.strip()) < 10:
            problems.append(f"exempt.json: {code} needs a reason")
    return problems

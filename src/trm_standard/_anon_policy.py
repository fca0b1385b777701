"""Anonymisation policies and generalisation hierarchies, both data (DESIGN §7).

A policy is a JSON document, validated by its own JSON Schema
(``anonymisation/anonymisation-policy.schema.json``): per field path one rule, ``drop``,
``keep``, ``generalise:<hierarchy>[:<level>]`` or ``pseudonymise``; a field the policy does
not list is dropped (an allow-list, as ARX and sdcMicro practice and WP29 Opinion 05/2014
recommend). The privacy class of each field (``x-trm-privacy`` in the message schema)
decides what a tier may do with it: the anonymised tier must drop every ``DI`` and
``SAFETY`` field and may not pseudonymise (GDPR Recital 26: pseudonymised data stay
personal data), and no tier may keep free text.

Hierarchies (``anonymisation/hierarchies.json``, versioned) map a value to coarser
levels: age to bands (CTDC) to child/adult, dates to month to year, countries to UN M49
sub-regions and regions, exploitation forms and means of control to CTDC groups.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, partial
from pathlib import Path
from typing import Any, Final, Literal

from jsonschema import Draft202012Validator

from trm_standard._errors import Issue, TRMError
from trm_standard._pseudonym import PseudonymKey, pseudonym
from trm_standard._schema import _load_schema
from trm_standard.v1 import SPEC_VERSION

__all__ = [
    "Column",
    "FieldInfo",
    "Hierarchy",
    "Policy",
    "PolicyError",
    "RowMaker",
    "field_catalogue",
    "hierarchies",
    "hierarchies_version",
    "load_policy",
    "policy_from_dict",
    "release_issues",
    "shipped_policy",
    "weakened",
]

DATA_DIR: Final = Path(__file__).parent / "anonymisation"
Tier = Literal["pseudonymised", "anonymised"]
TIERS: Final[tuple[Tier, ...]] = ("pseudonymised", "anonymised")
Kind = Literal["code", "date", "integer", "boolean", "participant", "country", "text"]
ABSENT: Final = ""
SEPARATOR: Final = "|"
_PARTICIPANT: Final = re.compile(r"^https://w3id\.org/trm/org/([A-Z]{2})/")


class PolicyError(TRMError):
    """A policy file is invalid; ``issues`` lists every problem (pointers into the policy).

    Attributes:
        issues: The problems, each with a ``TRM-ANON-*`` code; messages name field paths
            of the standard and rules, never data.
    """

    issues: tuple[Issue, ...]

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = tuple(issues)
        first = self.issues[0]
        more = f" (and {len(self.issues) - 1} more)" if len(self.issues) > 1 else ""
        super().__init__(first.code, f"{first.message} at '{first.pointer}'{more}")


# --------------------------------------------------------------------------------------
# Fields of a message type
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """A leaf field of a message type, as the anonymiser sees it.

    Attributes:
        path: Dotted path; ``[]`` marks an array (``exploitation.events[].country``).
        privacy: Its privacy class (``DI``, ``QI``, ``SC``, ``SAFETY``, ``OPS``).
        kind: What its values are, which decides the rules and hierarchies that fit.
        codes: The allowed codes of a ``code`` field.
    """

    path: str
    privacy: str
    kind: Kind
    codes: frozenset[str] = frozenset()

    @property
    def multi(self) -> bool:
        """True if a record may hold several values (the path crosses an array)."""
        return "[]" in self.path


#: Fields computed from the message: (privacy class, kind, meaning).
DERIVED: Final[Mapping[str, tuple[str, Kind, str]]] = {
    "derived.age_years": (
        "QI",
        "integer",
        "Age in whole years at the message's created_at: person.age.years when recorded, "
        "else from person.date_of_birth (a missing month or day counts as 1 July).",
    ),
    "derived.sender_country": ("OPS", "country", "Country of the sender's participant id."),
    "derived.recipient_country": ("OPS", "country", "Country of the recipient's participant id."),
}


def _resolve(node: dict[str, Any], defs: Mapping[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target = defs[str(node["$ref"]).rsplit("/", 1)[-1]]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _kind(node: dict[str, Any]) -> tuple[Kind, frozenset[str]]:  # noqa: PLR0911 - one per kind
    if "enum" in node:
        codes = frozenset(str(c) for c in node["enum"])
        return ("country" if {"SE", "RO", "XK"} <= codes else "code"), codes
    kind = node.get("type")
    if kind == "integer":
        return "integer", frozenset()
    if kind == "boolean":
        return "boolean", frozenset()
    pattern = str(node.get("pattern", ""))
    if pattern.startswith("^(19|20|21)[0-9]{2}"):
        return "date", frozenset()
    if "w3id" in pattern and "/org/" in pattern:
        return "participant", frozenset()
    if pattern.startswith("^[a-z]{2,3}"):
        return "code", frozenset()  # BCP 47 language tags
    return "text", frozenset()


def _walk(
    node: dict[str, Any], path: str, defs: Mapping[str, Any], privacy: str
) -> Iterator[FieldInfo]:
    node = _resolve(node, defs)
    privacy = str(node.get("x-trm-privacy", privacy))
    if "anyOf" in node:
        for option in node["anyOf"]:
            if option.get("type") != "null":
                yield from _walk(option, path, defs, privacy)
        return
    if node.get("type") == "object" and "properties" in node:
        for name, sub in node["properties"].items():
            yield from _walk(sub, f"{path}.{name}" if path else name, defs, privacy)
    elif node.get("type") == "array":
        yield from _walk(node["items"], path + "[]", defs, privacy)
    else:
        kind, codes = _kind(node)
        yield FieldInfo(path, privacy, kind, codes)


@cache
def field_catalogue(message_type: str, version: str = SPEC_VERSION) -> Mapping[str, FieldInfo]:
    """Return every leaf field of a message type, plus the derived fields, by path."""
    schema = _load_schema(version, message_type)
    fields = {f.path: f for f in _walk(schema, "", schema.get("$defs", {}), "OPS")}
    if message_type == "referral":
        for path, (privacy, kind, _) in DERIVED.items():
            codes = fields["person.country_of_birth"].codes if kind == "country" else frozenset()
            fields[path] = FieldInfo(path, privacy, kind, codes)
    return fields


# --------------------------------------------------------------------------------------
# Hierarchies
# --------------------------------------------------------------------------------------


@cache
def _hierarchy_doc() -> dict[str, Any]:
    with (DATA_DIR / "hierarchies.json").open(encoding="utf-8") as handle:
        doc: dict[str, Any] = json.load(handle)
    return doc


def hierarchies_version() -> str:
    """Return the version of the packaged hierarchies."""
    return str(_hierarchy_doc()["version"])


@dataclass(frozen=True, slots=True)
class Hierarchy:
    """One level of one generalisation hierarchy, applied to single values.

    Attributes:
        name: The hierarchy (``age``, ``date``, ``country``, ...).
        level: The level values are generalised to (``ctdc``, ``year``, ``rollup``, ...).
    """

    name: str
    level: str

    @property
    def spec(self) -> dict[str, Any]:
        """The hierarchy's entry in hierarchies.json."""
        spec: dict[str, Any] = _hierarchy_doc()["hierarchies"][self.name]
        return spec

    def apply(self, value: Any) -> str:
        """Generalise one value to this level."""
        return _apply(self.name, self.level, value)

    def parent(self, value: str, level: str) -> str:
        """Return the value one level above ``level`` (country roll-up)."""
        tables = self.spec["tables"]
        order: list[str] = self.spec["order"]
        nxt = order[order.index(level) + 1]
        return str(tables[nxt].get(value, value))


@cache
def _band_table(level: str) -> tuple[tuple[int, int | None, str], ...]:
    bands = _hierarchy_doc()["hierarchies"]["age"]["levels"][level]
    return tuple((int(lo), None if hi is None else int(hi), str(lab)) for lo, hi, lab in bands)


def _apply(name: str, level: str, value: Any) -> str:
    if name == "age":
        years = int(value)
        if level == "years":
            return str(years)
        for lo, hi, label in _band_table(level):
            if years >= lo and (hi is None or years <= hi):
                return label
        return ABSENT  # a negative age cannot pass validation
    if name == "date":
        text = str(value)
        return text[: {"day": 10, "month": 7, "year": 4}[level]]
    if name == "participant":
        match = _PARTICIPANT.match(str(value))
        return match.group(1) if match else ABSENT
    spec = _hierarchy_doc()["hierarchies"][name]
    out = str(value)
    order: list[str] = spec["order"]
    stop = order.index("country") if level == "rollup" else order.index(level)
    for step in order[1 : stop + 1]:
        out = str(spec["tables"][step].get(out, out))
    return out


#: Which hierarchies fit which kinds of field.
_FITS: Final[Mapping[str, tuple[Kind, ...]]] = {
    "age": ("integer",),
    "date": ("date",),
    "country": ("country",),
    "exploitation": ("code",),
    "means_of_control": ("code",),
    "participant": ("participant",),
}


def hierarchies() -> Mapping[str, tuple[str, ...]]:
    """Return each hierarchy's levels, finest first (``rollup`` for countries)."""
    out: dict[str, tuple[str, ...]] = {}
    for name, spec in _hierarchy_doc()["hierarchies"].items():
        levels = tuple(spec["order"])
        out[name] = (*levels, "rollup") if name == "country" else levels
    return out


def _hierarchy_for(info: FieldInfo, name: str, level: str | None) -> Hierarchy:
    """Return the hierarchy a rule names for a field, or raise KeyError with the reason."""
    levels = hierarchies().get(name)
    if levels is None:
        raise KeyError(f"unknown hierarchy {name!r}")
    chosen = level if level is not None else (levels[1] if len(levels) > 1 else levels[0])
    if chosen not in levels:
        raise KeyError(f"hierarchy {name!r} has no level {chosen!r}")
    if info.kind not in _FITS[name]:
        raise KeyError(f"hierarchy {name!r} does not fit a {info.kind} field")
    spec = _hierarchy_doc()["hierarchies"][name]
    covered = set(spec["tables"][spec["order"][1]]) if "tables" in spec else set()
    if info.codes and name in ("exploitation", "means_of_control") and not info.codes <= covered:
        raise KeyError(f"hierarchy {name!r} does not cover the codes of this field")
    return Hierarchy(name, chosen)


# --------------------------------------------------------------------------------------
# Policies
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Release:
    """Release-check parameters of a policy (defaults: CTDC k = 11, l = 2, 5 %, 10).

    Attributes:
        k: Smallest class size over all released columns.
        l: Distinct values of the sensitive column within each class of the others.
        sensitive: Path of the sensitive column (the exploitation form).
        suppression_budget: Largest share of records that may be suppressed.
        min_cell: Aggregate cells below this are suppressed.
        rounding: ``suppress`` (cells below ``min_cell`` hidden) or ``floor`` (also every
            published count rounded down to a multiple of ``min_cell``, as CTDC/SDS).
    """

    k: int = 11
    l: int = 2  # noqa: E741 - the letter of l-diversity
    sensitive: str = "exploitation.forms[]"
    suppression_budget: Decimal = Decimal("0.05")
    min_cell: int = 10
    rounding: Literal["suppress", "floor"] = "suppress"


@dataclass(frozen=True, slots=True)
class Column:
    """One released column: a field path and what the policy does with it.

    Attributes:
        path: The field path, also the column's name.
        action: ``keep``, ``generalise`` or ``pseudonymise``.
        info: The field.
        hierarchy: The hierarchy of a ``generalise`` rule.
    """

    path: str
    action: Literal["keep", "generalise", "pseudonymise"]
    info: FieldInfo
    hierarchy: Hierarchy | None = None

    @property
    def rollup(self) -> bool:
        """True if rare values roll up level by level at release time."""
        return self.hierarchy is not None and self.hierarchy.level == "rollup"


@dataclass(frozen=True, slots=True)
class Policy:
    """A validated anonymisation policy.

    Attributes:
        name: The policy's name.
        version: The policy's own version.
        tier: ``pseudonymised`` or ``anonymised``.
        message_type: The message type it applies to.
        columns: The released columns in policy order (every other field is dropped).
        release: Release-check parameters.
        domain: Domain label of the pseudonyms.
        source: The JSON document (for the report).
    """

    name: str
    version: str
    tier: Tier
    message_type: str
    columns: tuple[Column, ...]
    release: Release
    domain: str
    source: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def needs_key(self) -> bool:
        """True if a column is pseudonymised."""
        return any(c.action == "pseudonymise" for c in self.columns)

    def with_columns(self, indexes: Sequence[int]) -> Policy:
        """Return the policy releasing only the columns at ``indexes``, in that order."""
        return Policy(
            self.name,
            self.version,
            self.tier,
            self.message_type,
            tuple(self.columns[i] for i in indexes),
            self.release,
            self.domain,
            self.source,
        )

    def with_release(self, **changes: Any) -> Policy:
        """Return the policy with release parameters overridden (CLI options)."""
        values = {k: getattr(self.release, k) for k in Release.__slots__}
        values.update({k: v for k, v in changes.items() if v is not None})
        return Policy(
            self.name,
            self.version,
            self.tier,
            self.message_type,
            self.columns,
            Release(**values),
            self.domain,
            self.source,
        )


@cache
def _policy_validator() -> Draft202012Validator:
    with (DATA_DIR / "anonymisation-policy.schema.json").open(encoding="utf-8") as handle:
        schema = json.load(handle)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


#: The finest date level each tier may release.
_DATE_LEVELS: Final[Mapping[str, tuple[str, ...]]] = {
    "pseudonymised": ("month", "year"),
    "anonymised": ("year",),
}


def _rule_issues(tier: Tier, path: str, rule: str, info: FieldInfo) -> Iterator[Issue]:
    """The tier rules (docs/anonymisation.md, "What each tier may do")."""
    where = "/fields/" + path.replace("~", "~0").replace("/", "~1")
    action, _, rest = rule.partition(":")
    if action == "drop":
        return
    if info.privacy == "SAFETY":
        yield Issue(where, "TRM-ANON-005", "a SAFETY field may only be dropped")
    elif info.privacy == "DI" and (tier == "anonymised" or action != "pseudonymise"):
        allowed = "dropped" if tier == "anonymised" else "dropped or pseudonymised"
        yield Issue(where, "TRM-ANON-005", f"a DI field may only be {allowed} in this tier")
    if tier == "anonymised" and action == "pseudonymise":
        yield Issue(where, "TRM-ANON-006", "the anonymised tier cannot pseudonymise")
    if action == "keep" and info.kind == "text":
        yield Issue(where, "TRM-ANON-004", "free text or an identifier cannot be kept")
    if action == "pseudonymise" or info.privacy in ("DI", "SAFETY"):
        return
    levels = _DATE_LEVELS[tier]
    if info.kind == "date" and not (
        action == "generalise" and rest.startswith("date") and _level(rest) in levels
    ):
        yield Issue(
            where,
            "TRM-ANON-008",
            f"dates in the {tier} tier: generalise:date:{levels[0]} or coarser",
        )
    if (
        info.kind == "participant"
        and tier == "anonymised"
        and not (
            action == "generalise" and rest.startswith("participant") and _level(rest) == "country"
        )
    ):
        yield Issue(
            where,
            "TRM-ANON-008",
            "participant ids in the anonymised tier: generalise:participant:country",
        )


def _level(rest: str) -> str:
    """The level a ``<hierarchy>[:<level>]`` names (the second level when left out)."""
    name, _, level = rest.partition(":")
    levels = hierarchies().get(name, ())
    return level or (levels[1] if len(levels) > 1 else levels[0] if levels else "")


#: The sensitive column the anonymised tier protects whenever it releases it.
EXPLOITATION: Final = "exploitation.forms[]"
#: Hard floors: a policy or command line below them is refused (TRM-ANON-009).
FLOORS: Final[Mapping[str, Any]] = {
    "k": 5,
    "l": 2,
    "min_cell": 5,
    "suppression_budget": Decimal("0.10"),
}


def release_issues(tier: str, columns: Sequence[Column], release: Release) -> list[Issue]:
    """Check release parameters against the hard floors (policy file or command line).

    Refused: k below 5, min_cell below 5, a suppression budget above 0.10, and in the
    anonymised tier, when the exploitation form is released, a sensitive column other
    than it or l below 2.
    """
    issues: list[Issue] = []
    if release.k < FLOORS["k"]:
        issues.append(Issue("/release/k", "TRM-ANON-009", f"k below the floor {FLOORS['k']}"))
    if release.min_cell < FLOORS["min_cell"]:
        issues.append(
            Issue("/release/min_cell", "TRM-ANON-009", f"min_cell below {FLOORS['min_cell']}")
        )
    if release.suppression_budget > FLOORS["suppression_budget"]:
        issues.append(
            Issue(
                "/release/suppression_budget",
                "TRM-ANON-009",
                f"a suppression budget above {FLOORS['suppression_budget']}",
            )
        )
    if tier == "anonymised" and any(c.path == EXPLOITATION for c in columns):
        if release.sensitive != EXPLOITATION:
            issues.append(
                Issue(
                    "/release/sensitive",
                    "TRM-ANON-009",
                    f"the anonymised tier releases {EXPLOITATION}: it must be the sensitive column",
                )
            )
        if release.l < FLOORS["l"]:
            issues.append(
                Issue("/release/l", "TRM-ANON-009", f"l below {FLOORS['l']} on {EXPLOITATION}")
            )
    return issues


def weakened(policy: Policy) -> list[str]:
    """Say which release parameters are weaker than the defaults (CTDC k = 11, ...)."""
    r, d = policy.release, Release()
    out = []
    if r.k < d.k:
        out.append(f"k = {r.k} below {d.k}")
    if r.l < d.l:
        out.append(f"l = {r.l} below {d.l}")
    if r.min_cell < d.min_cell:
        out.append(f"min_cell = {r.min_cell} below {d.min_cell}")
    if r.suppression_budget > d.suppression_budget:
        out.append(f"suppression budget {r.suppression_budget} above {d.suppression_budget}")
    if r.sensitive != d.sensitive:
        out.append(f"sensitive column {r.sensitive}, not {d.sensitive}")
    return out


def policy_from_dict(doc: Any) -> Policy:
    """Validate a policy document and compile it.

    Raises:
        PolicyError: With every problem found (``TRM-ANON-001`` to ``-006``).
    """
    errors = sorted(_policy_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        schema_issues = [
            Issue(
                "".join(f"/{p}" for p in e.absolute_path),
                "TRM-ANON-001",
                f"does not match the policy schema ({e.validator})",
            )
            for e in errors[:20]
        ]
        raise PolicyError(schema_issues)
    tier: Tier = doc["tier"]
    message_type = str(doc["message_type"])
    catalogue = field_catalogue(message_type)
    issues: list[Issue] = []
    columns: list[Column] = []
    for path, rule in doc["fields"].items():
        where = "/fields/" + path.replace("~", "~0").replace("/", "~1")
        info = catalogue.get(path)
        if info is None:
            issues.append(Issue(where, "TRM-ANON-002", "no such field in this message type"))
            continue
        issues.extend(_rule_issues(tier, path, rule, info))
        action = rule.split(":", 1)[0]
        if action == "generalise":
            _, name, *rest = rule.split(":")
            try:
                hierarchy = _hierarchy_for(info, name, rest[0] if rest else None)
            except KeyError as exc:
                issues.append(Issue(where, "TRM-ANON-003", str(exc.args[0])))
                continue
            columns.append(Column(path, "generalise", info, hierarchy))
        elif action in ("keep", "pseudonymise"):
            columns.append(Column(path, action, info))
    spec = doc.get("release", {})
    if "sensitive" in spec and spec["sensitive"] not in catalogue:
        issues.append(
            Issue("/release/sensitive", "TRM-ANON-002", "no such field in this message type")
        )
    if issues:
        raise PolicyError(issues)
    try:
        budget = Decimal(spec.get("suppression_budget", "0.05"))
    except InvalidOperation:  # pragma: no cover - the schema's pattern excludes it
        budget = Decimal("0.05")
    release = Release(
        k=int(spec.get("k", 11)),
        l=int(spec.get("l", 2)),
        sensitive=str(spec.get("sensitive", "exploitation.forms[]")),
        suppression_budget=budget,
        min_cell=int(spec.get("min_cell", 10)),
        rounding=spec.get("rounding", "suppress"),
    )
    floor_issues = release_issues(tier, columns, release)
    if floor_issues:
        raise PolicyError(floor_issues)
    return Policy(
        str(doc["policy"]),
        str(doc["version"]),
        tier,
        message_type,
        tuple(columns),
        release,
        str(doc.get("pseudonym_domain", "trm:link:v1")),
        doc,
    )


def load_policy(path: Path) -> Policy:
    """Read and validate a policy file (see :func:`policy_from_dict`)."""
    try:
        doc = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PolicyError(
            [Issue("", "TRM-ANON-001", "the policy is not a JSON document")]
        ) from None
    return policy_from_dict(doc)


def shipped_policy(tier: Tier) -> Policy:
    """Return the packaged policy of a tier (``policies/<tier>.json``)."""
    with (DATA_DIR / "policies" / f"{tier}.json").open(encoding="utf-8") as handle:
        return policy_from_dict(json.load(handle))


# --------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------


def _values(doc: Any, *, steps: tuple[tuple[str, bool], ...]) -> list[Any]:
    current = [doc]
    for name, is_array in steps:
        nxt: list[Any] = []
        for node in current:
            if not isinstance(node, dict) or name not in node:
                continue
            value = node[name]
            if is_array and isinstance(value, list):
                nxt.extend(value)
            else:
                nxt.append(value)
        current = nxt
        if not current:
            break
    return current


def _age(doc: dict[str, Any]) -> list[Any]:
    person = doc.get("person") or {}
    age = person.get("age")
    if isinstance(age, dict) and isinstance(age.get("years"), int):
        return [age["years"]]
    born = person.get("date_of_birth")
    created = doc.get("created_at")
    if not isinstance(born, str) or not isinstance(created, str):
        return []
    year, month, day = int(born[:4]), int(born[5:7] or 7), int(born[8:10] or 1)
    ref_year, ref_month, ref_day = int(created[:4]), int(created[5:7]), int(created[8:10])
    years = ref_year - year - ((ref_month, ref_day) < (month, day))
    return [max(years, 0)]


def _country_of(member: str) -> Callable[[dict[str, Any]], list[Any]]:
    def get(doc: dict[str, Any]) -> list[Any]:
        match = _PARTICIPANT.match(str(doc.get(member, "")))
        return [match.group(1)] if match else []

    return get


_DERIVED_GETTERS: Final[Mapping[str, Callable[[dict[str, Any]], list[Any]]]] = {
    "derived.age_years": _age,
    "derived.sender_country": _country_of("sender"),
    "derived.recipient_country": _country_of("recipient"),
}


def _text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _scalar_getter(names: tuple[str, ...]) -> Callable[[dict[str, Any]], Any]:
    def get(doc: dict[str, Any]) -> Any:
        node: Any = doc
        for name in names:
            if type(node) is not dict:
                return None
            node = node.get(name)
        return node

    return get


class RowMaker:
    """Turns a validated message (as a JSON value) into one row of released cells.

    Cells are strings: ``""`` when the field is absent, several values of an array
    field sorted, de-duplicated and joined with ``|``. Used in worker processes; identical
    cells share one string object (memo), which keeps the whole output table small in
    memory.
    """

    def __init__(self, policy: Policy, key: PseudonymKey | None) -> None:
        self.policy = policy
        self.key = key
        self._plan: list[tuple[Column, Callable[[dict[str, Any]], Any], bool]] = []
        for column in policy.columns:
            derived = _DERIVED_GETTERS.get(column.path)
            if derived is not None:
                self._plan.append((column, derived, True))
            elif column.info.multi:
                steps = tuple(
                    (s.removesuffix("[]"), s.endswith("[]")) for s in column.path.split(".")
                )
                self._plan.append((column, partial(_values, steps=steps), True))
            else:
                self._plan.append((column, _scalar_getter(tuple(column.path.split("."))), False))
        self._memo: list[dict[Any, str]] = [{} for _ in policy.columns]

    def _compute(self, column: Column, values: list[Any]) -> str:
        if column.action == "pseudonymise":
            if self.key is None:  # pragma: no cover - the runner checks first
                raise TRMError("TRM-ANON-011", "this policy pseudonymises: a key is needed")
            out = {pseudonym(self.key, self.policy.domain, _text(v)) for v in values}
            return SEPARATOR.join(sorted(out))
        hierarchy = column.hierarchy
        parts = (
            {_text(v) for v in values}
            if hierarchy is None
            else {hierarchy.apply(v) for v in values}
        )
        return SEPARATOR.join(sorted(parts))

    def row(self, doc: dict[str, Any]) -> tuple[str, ...]:
        """Return the released cells of one message."""
        cells: list[str] = []
        for (column, getter, multi), memo in zip(self._plan, self._memo, strict=True):
            found = getter(doc)
            if multi:
                if not found:
                    cells.append(ABSENT)
                    continue
                memo_key: Any = tuple(found) if len(found) > 1 else found[0]
                values = found
            else:
                if found is None:
                    cells.append(ABSENT)
                    continue
                memo_key, values = found, [found]
            if column.action == "pseudonymise":
                cells.append(self._compute(column, values))
                continue
            cell = memo.get(memo_key)
            if cell is None:
                cell = self._compute(column, values)
                if len(memo) < 65536:
                    memo[memo_key] = cell
            cells.append(cell)
        return tuple(cells)

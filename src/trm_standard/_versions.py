"""Spec versions: detection, the migration registry, and upgrading older documents.

The library reads every supported spec version and writes only the latest (STYLE §5):
a document of an older version is upgraded by pure ``dict -> dict`` steps, one version
at a time, then validated as the latest. Spec 1.0.0 is the first version, so the
library's own registry is empty; a later version registers the step from 1.0.0 when it
is released, and tests prove the mechanism with a fixture version.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from trm_standard._errors import TRMError
from trm_standard.v1 import MESSAGE_CLASSES, SPEC_VERSION

__all__ = [
    "MIGRATIONS",
    "DetectedVersion",
    "Migration",
    "MigrationRegistry",
    "UnsupportedVersionError",
    "detect_version",
    "upgrade",
]

Step = Callable[[dict[str, Any]], dict[str, Any]]


class UnsupportedVersionError(TRMError):
    """The document declares a spec version this library cannot read (``TRM-VERSION-002``).

    Attributes:
        version: The declared version, when it looks like one (never an arbitrary value).
    """

    def __init__(self, version: object) -> None:
        shown = version if _looks_like_version(version) else None
        self.version = shown
        super().__init__("TRM-VERSION-002", f"unsupported spec_version {shown or '(not shown)'}")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else -1 for p in version.split("."))


def _looks_like_version(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = value.split(".")
    return len(parts) == 3 and all(p.isdigit() and 0 < len(p) <= 4 for p in parts)


@dataclass(frozen=True, slots=True)
class DetectedVersion:
    """What a document says about itself.

    Attributes:
        spec_version: The declared ``spec_version``.
        message_type: The declared ``message_type``.
    """

    spec_version: str
    message_type: str


def detect_version(document: Mapping[str, Any]) -> DetectedVersion:
    """Return the declared spec version and message type of a parsed document.

    Raises:
        TRMError: ``TRM-VERSION-001`` (no ``spec_version``) or ``TRM-VERSION-003`` (no
            ``message_type``); the values themselves are never echoed.
    """
    version = document.get("spec_version")
    message_type = document.get("message_type")
    if not isinstance(version, str):
        raise TRMError("TRM-VERSION-001", "spec_version is missing")
    if not isinstance(message_type, str):
        raise TRMError("TRM-VERSION-003", "message_type is missing")
    return DetectedVersion(version, message_type)


@dataclass(frozen=True, slots=True)
class Migration:
    """One upgrade step between two adjacent spec versions.

    Attributes:
        source: The version the step reads.
        target: The version it writes.
        step: A pure function: it returns a new document and never changes its input.
        description: What the step changes, for the changelog.
    """

    source: str
    target: str
    step: Step
    description: str


class MigrationRegistry:
    """Upgrade steps by source version; a chain must end at the latest version."""

    def __init__(self, latest: str = SPEC_VERSION) -> None:
        """Create an empty registry whose chains end at ``latest``."""
        self.latest = latest
        self._steps: dict[str, Migration] = {}

    def register(self, source: str, target: str, description: str) -> Callable[[Step], Step]:
        """Register the decorated function as the step from ``source`` to ``target``.

        Raises:
            ValueError: If ``source`` already has a step, or if ``source`` is the latest.
        """

        def add(step: Step) -> Step:
            if source in self._steps or source == self.latest:
                raise ValueError(f"a migration from {source} exists or is not needed")
            self._steps[source] = Migration(source, target, step, description)
            return step

        return add

    def steps(self) -> tuple[Migration, ...]:
        """Return every registered step, sorted by source version (numerically)."""
        return tuple(self._steps[v] for v in sorted(self._steps, key=_version_key))

    def readable(self) -> frozenset[str]:
        """Return every version this registry can bring to the latest (the latest included)."""
        return frozenset(v for v in {*self._steps, self.latest} if self._chain(v) is not None)

    def chain(self, version: str) -> tuple[Migration, ...]:
        """Return the steps from ``version`` to the latest.

        Raises:
            UnsupportedVersionError: If no chain leads from ``version`` to the latest.
        """
        steps = self._chain(version)
        if steps is None:
            raise UnsupportedVersionError(version)
        return steps

    def _chain(self, version: str) -> tuple[Migration, ...] | None:
        steps: list[Migration] = []
        seen = {version}
        while version != self.latest:
            migration = self._steps.get(version)
            if migration is None or migration.target in seen:
                return None
            steps.append(migration)
            version = migration.target
            seen.add(version)
        return tuple(steps)

    def upgrade(self, document: Mapping[str, Any]) -> dict[str, Any]:
        """Return ``document`` brought to the latest version (a new dict; input untouched).

        Raises:
            TRMError: If the version or type is missing; ``TRM-VERSION-005`` if a step
                fails or returns no object; ``TRM-VERSION-004`` if the upgraded message
                type does not exist in the latest version.
            UnsupportedVersionError: If the version cannot be read.
        """
        detected = detect_version(document)
        current: dict[str, Any] = copy.deepcopy(dict(document))
        for migration in self.chain(detected.spec_version):
            try:
                result = migration.step(current)
            except Exception as exc:  # a step never crashes the caller: it fails with a code
                raise TRMError(
                    "TRM-VERSION-005",
                    f"the step from {migration.source} to {migration.target} failed",
                ) from exc
            if not isinstance(result, dict):
                raise TRMError(
                    "TRM-VERSION-005",
                    f"the step from {migration.source} to {migration.target} returned no object",
                )
            current = result
            current["spec_version"] = migration.target
        if current.get("message_type") not in MESSAGE_CLASSES:
            raise TRMError("TRM-VERSION-004", "unknown message type")
        return current


#: The library's registry. Empty while 1.0.0 is the only version.
MIGRATIONS: Final = MigrationRegistry()


def upgrade(
    document: Mapping[str, Any], *, migrations: MigrationRegistry = MIGRATIONS
) -> dict[str, Any]:
    """Return ``document`` upgraded to the latest spec version (see :class:`MigrationRegistry`)."""
    return migrations.upgrade(document)

"""pytest plugin: run the TRM conformance suite against your own implementation.

Registered automatically (entry point ``pytest11``) when ``trm_standard`` is installed.
Ask for the ``trm_conformance_case`` fixture and the test runs once per vector::

    def test_conformance(trm_conformance_case):
        response = my_implementation(trm_conformance_case.request)
        trm_conformance_case.check(response)

``request`` is the ``trm-conformance/1`` request (``docs/conformance.md``) and ``check``
fails with the differences when the response does not conform. ``--trm-area AREA``
(repeatable) restricts the vectors; ``--trm-spec-version`` picks the spec version.
"""

from __future__ import annotations

import pytest

from trm_standard._conformance import AREAS, Case, load_cases

__all__ = ["pytest_addoption", "pytest_generate_tests"]

FIXTURE = "trm_conformance_case"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--trm-area`` and ``--trm-spec-version``."""
    group = parser.getgroup("trm", "TRM conformance suite")
    group.addoption(
        "--trm-area",
        action="append",
        choices=AREAS,
        default=None,
        help="run the conformance vectors of this area only (repeatable)",
    )
    group.addoption(
        "--trm-spec-version",
        default="1.0.0",
        help="spec version of the conformance vectors (default 1.0.0)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise ``trm_conformance_case`` over the selected vectors."""
    if FIXTURE not in metafunc.fixturenames:
        return
    config = metafunc.config
    cases: list[Case] = load_cases(
        config.getoption("--trm-spec-version"), config.getoption("--trm-area")
    )
    metafunc.parametrize(FIXTURE, cases, ids=[f"{c.area}/{c.id}" for c in cases])

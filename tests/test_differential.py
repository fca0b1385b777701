"""Schema and model agree: on valid messages and on mutants with one fault each.

The only documented disagreement is TRM-MODEL-001 (an impossible day in a partial date,
which a pattern cannot exclude). Every mutant is also validated end to end, which must
never raise.
"""

from __future__ import annotations

import json

import pydantic
from conftest import Doc, dump
from hypothesis import given

import trm_standard as trm
from trm_standard._schema import validator_for
from trm_standard.testing import mutants
from trm_standard.v1 import MESSAGE_CLASSES


def _verdicts(doc: Doc) -> tuple[bool, bool, set[str]] | None:
    """Return (schema valid, model valid, model error kinds), or None if not dispatchable."""
    report = trm.validate(dump(doc))
    if report.message_type is None or report.codes & {
        c for c in trm.CODES if c.startswith(("TRM-JSON-", "TRM-VERSION-"))
    }:
        return None
    schema_ok = validator_for("1.0.0", report.message_type).is_valid(doc)
    try:
        MESSAGE_CLASSES[report.message_type].model_validate_json(dump(doc), strict=True)
    except pydantic.ValidationError as exc:
        return schema_ok, False, {str(e["type"]) for e in exc.errors()}
    return schema_ok, True, set()


@given(mutants())
def test_schema_and_model_agree_on_mutants(doc: Doc) -> None:
    verdicts = _verdicts(doc)
    if verdicts is None:
        return
    schema_ok, model_ok, kinds = verdicts
    if model_ok:
        assert schema_ok, json.dumps(doc)[:500]
    elif schema_ok:
        assert kinds == {"trm_partial_date"}, kinds


@given(mutants())
def test_every_mutant_gets_a_coded_report(doc: Doc) -> None:
    report = trm.validate(dump(doc))
    for issue in report.issues:
        assert issue.code in trm.CODES
        assert issue.pointer == "" or issue.pointer.startswith("/")
    if report.valid:
        assert report.message is not None

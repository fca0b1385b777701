"""This library's answers to the conformance operations of the FHIR area.

``fhir.export`` (a message to a Bundle) and ``fhir.import`` (a Bundle's JSON text to the
message it carries); exact shapes in ``docs/conformance.md`` ("Anonymisation and FHIR
operations"). Both need the ``fhir`` extra.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trm_standard._api import validate_value
from trm_standard._conformance import register
from trm_standard._errors import ValidationError
from trm_standard._fhirexport import to_fhir
from trm_standard._fhirimport import from_fhir

__all__: list[str] = []


@register("fhir.export")
def _export(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    report = validate_value(given["message"])
    if report.message is None:
        raise ValidationError(report.issues)
    bundle = to_fhir(
        report.message,
        fhir_version=context.get("fhir_version", "R5"),
        bundle_type=context.get("bundle_type", "collection"),
    )
    return {"valid": True, "errors": [], "output": {"bundle": bundle}}


@register("fhir.import")
def _import(context: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    del context
    message = from_fhir(str(given["text"]).encode("utf-8", "surrogatepass"))
    return {"valid": True, "errors": [], "output": {"message": message.to_json_dict()}}

"""HL7 FHIR R4 and R5 mapping of TRM messages, lossless both ways (DESIGN §9).

Needs the optional ``fhir`` extra (``pip install 'trm_standard[fhir]'``), which brings
``fhir.resources``; it is imported only when a function here runs, so the core package
works without it, and a missing extra raises :class:`~trm_standard.TRMError` with code
``TRM-FHIR-001`` naming the install command.

Example::

    from trm_standard import parse
    from trm_standard.fhir import from_fhir, to_fhir

    message = parse(open("referral.json", "rb").read())
    bundle = to_fhir(message, fhir_version="R4", bundle_type="transaction")
    assert from_fhir(bundle) == message

The mapping (record member → FHIR element for R4 and R5), the TRM extensions and the
import checks are described in ``docs/fhir.md``. The code lists are published as FHIR
CodeSystem and ValueSet resources by :func:`terminology` (also shipped as JSON files in
``trm_standard/terminology/``).
"""

from __future__ import annotations

from trm_standard._fhir import (
    BUNDLE_TYPES,
    FHIR_VERSIONS,
    MESSAGE_TYPE_SYSTEM,
    PATH_EXTENSION,
    PERMIT_SCOPE_EXTENSION,
    PROFILES,
    BundleType,
    FhirVersion,
    extension_url,
)
from trm_standard._fhirexport import to_fhir
from trm_standard._fhirgen import VALUE_SET_BASE, terminology
from trm_standard._fhirimport import FHIR_LIMITS, from_fhir
from trm_standard._fhirmodel import EXT_BASE

__all__ = [
    "BUNDLE_TYPES",
    "EXT_BASE",
    "FHIR_LIMITS",
    "FHIR_VERSIONS",
    "MESSAGE_TYPE_SYSTEM",
    "PATH_EXTENSION",
    "PERMIT_SCOPE_EXTENSION",
    "PROFILES",
    "VALUE_SET_BASE",
    "BundleType",
    "FhirVersion",
    "extension_url",
    "from_fhir",
    "terminology",
    "to_fhir",
]

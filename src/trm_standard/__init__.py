"""trm_standard: the data standard and Python SDK of the Transnational Referral Mechanism.

The top level re-exports the current spec version's models (``trm_standard.v1``), the
validator and the error tree. ``__version__`` is the library's version; ``SPEC_VERSION``
is the data standard's.

Example:
    >>> import trm_standard as trm
    >>> report = trm.validate(open("examples/referral-se-ro-adult-labour.json", "rb").read())
    >>> report.valid
    True
"""

from trm_standard._api import Engine, parse, validate, validate_value
from trm_standard._codelists import Code, CodeList, codelist, codelist_names, codelists
from trm_standard._errors import (
    CODES,
    ErrorCode,
    Issue,
    Layer,
    SchemaDriftError,
    TRMError,
    ValidationError,
)
from trm_standard._jsonparse import Limits
from trm_standard._labels import Label, label
from trm_standard._serialize import canonical_json
from trm_standard._validate import Report, validate_reference
from trm_standard._version import __version__
from trm_standard._versions import (
    MIGRATIONS,
    MigrationRegistry,
    UnsupportedVersionError,
    detect_version,
    upgrade,
)
from trm_standard.v1 import (
    MESSAGE_CLASSES,
    SPEC_VERSION,
    CaseClosure,
    CaseUpdate,
    ConsentWithdrawal,
    ErasureConfirmation,
    ErasureRequest,
    Message,
    MessageBase,
    PartialDate,
    PreReferralConsultation,
    Referral,
    vocab,
)

__all__ = [
    "CODES",
    "MESSAGE_CLASSES",
    "MIGRATIONS",
    "SPEC_VERSION",
    "CaseClosure",
    "CaseUpdate",
    "Code",
    "CodeList",
    "ConsentWithdrawal",
    "Engine",
    "ErasureConfirmation",
    "ErasureRequest",
    "ErrorCode",
    "Issue",
    "Label",
    "Layer",
    "Limits",
    "Message",
    "MessageBase",
    "MigrationRegistry",
    "PartialDate",
    "PreReferralConsultation",
    "Referral",
    "Report",
    "SchemaDriftError",
    "TRMError",
    "UnsupportedVersionError",
    "ValidationError",
    "__version__",
    "canonical_json",
    "codelist",
    "codelist_names",
    "codelists",
    "detect_version",
    "label",
    "parse",
    "upgrade",
    "validate",
    "validate_reference",
    "validate_value",
    "vocab",
]

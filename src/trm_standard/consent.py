"""Consent, legal basis and data minimisation (DESIGN §6): who may receive what, and why.

Example:
    >>> from datetime import datetime, UTC
    >>> import trm_standard as trm
    >>> from trm_standard.consent import may_share, minimise
    >>> message = trm.parse(open("examples/referral-se-ro-adult-labour.json", "rb").read())
    >>> decision = may_share(message, "REFERRAL_ASSISTANCE",
    ...                      "https://w3id.org/trm/org/RO/ANITP",
    ...                      at=datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    >>> decision.outcome.value
    'PERMIT'
    >>> smaller = minimise(message, decision)
"""

from trm_standard._consent import may_share
from trm_standard._decision import Basis, Decision, Effect, Outcome, Reason, Recipient
from trm_standard._disclosure import (
    Disclosure,
    DisclosureLog,
    MemoryDisclosureLog,
    SQLiteDisclosureLog,
    confirm_erasure,
    erasure_requests,
    record_disclosure,
    withdrawal_notices,
)
from trm_standard._minimise import minimise
from trm_standard._policy import (
    AgeRules,
    ConsentPolicy,
    Directory,
    Mode,
    PurposeProfile,
    default_policy,
    load_directory,
    load_policy,
)

__all__ = [
    "AgeRules",
    "Basis",
    "ConsentPolicy",
    "Decision",
    "Directory",
    "Disclosure",
    "DisclosureLog",
    "Effect",
    "MemoryDisclosureLog",
    "Mode",
    "Outcome",
    "PurposeProfile",
    "Reason",
    "Recipient",
    "SQLiteDisclosureLog",
    "confirm_erasure",
    "default_policy",
    "erasure_requests",
    "load_directory",
    "load_policy",
    "may_share",
    "minimise",
    "record_disclosure",
    "withdrawal_notices",
]

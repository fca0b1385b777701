"""Hypothesis strategies that generate valid TRM messages, for your own test suites.

Every generated message passes all four validation layers (JSON, schema, model, business
rules), so it can drive property tests of code that consumes TRM messages::

    from hypothesis import given
    from trm_standard.testing import messages

    @given(messages())
    def test_my_importer_accepts_every_valid_message(message):
        my_importer.load(message.to_json_dict())

Install with the ``testing`` extra (``pip install 'trm_standard[testing]'``). Generated
persons are synthetic: names come from a list of words meaning "example" or from random
letters, never from real people.
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "trm_standard.testing needs Hypothesis: pip install 'trm_standard[testing]'"
    ) from exc

from trm_standard.testing._strategies import (
    documents,
    message_types,
    messages,
    mutants,
    participant_ids,
    raw_mutants,
    referrals,
)
from trm_standard.testing._synthetic import synthetic_referral, synthetic_referrals

__all__ = [
    "documents",
    "message_types",
    "messages",
    "mutants",
    "participant_ids",
    "raw_mutants",
    "referrals",
    "synthetic_referral",
    "synthetic_referrals",
]

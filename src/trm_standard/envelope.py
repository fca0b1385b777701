"""Signed and encrypted envelopes, profile TRM-JOSE-1 (DESIGN §8; docs/envelope.md).

Typical use::

    from trm_standard import envelope

    trust = envelope.load_trust_list(token, anchors, now=now)
    sealed = envelope.seal(message, signer, recipient_id, trust, now=now)
    opened = envelope.open(sealed, [decrypter], trust, envelope.SQLiteReplayStore(path), now=now)
    opened.message  # the verified, validated message

Every failure raises :class:`EnvelopeError` (a :class:`~trm_standard.TRMError`) with its own
``TRM-ENV-…``, ``TRM-TRUST-…`` or ``TRM-KEY-…`` code.
"""

from trm_standard._envelope import (
    INNER_TYP,
    Claims,
    EnvelopeError,
    EnvelopePolicy,
    MemoryReplayStore,
    Opened,
    ReplayStore,
    SQLiteReplayStore,
    default_replay_path,
    open_envelope,
    seal,
)
from trm_standard._jose import jwk_thumbprint
from trm_standard._keys import (
    Decrypter,
    KeyPair,
    LocalDecrypter,
    LocalSigner,
    Signer,
    generate_keys,
    load_decrypter,
    load_jwk,
    load_private,
    load_signer,
    write_keys,
)
from trm_standard._trustlist import (
    TRUSTLIST_TYP,
    TrustedKey,
    TrustList,
    build_trust_list,
    load_trust_list,
)

#: ``open`` as the issue and the profile name it; ``open_envelope`` avoids the builtin.
open = open_envelope  # noqa: A001

__all__ = [
    "INNER_TYP",
    "TRUSTLIST_TYP",
    "Claims",
    "Decrypter",
    "EnvelopeError",
    "EnvelopePolicy",
    "KeyPair",
    "LocalDecrypter",
    "LocalSigner",
    "MemoryReplayStore",
    "Opened",
    "ReplayStore",
    "SQLiteReplayStore",
    "Signer",
    "TrustList",
    "TrustedKey",
    "build_trust_list",
    "default_replay_path",
    "generate_keys",
    "jwk_thumbprint",
    "load_decrypter",
    "load_jwk",
    "load_private",
    "load_signer",
    "load_trust_list",
    "open",
    "open_envelope",
    "seal",
    "write_keys",
]

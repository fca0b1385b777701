"""Controlled vocabularies of spec 1.0.0 (Python enums generated from the code lists).

Every enum names its code list in ``__codelist__``; see :func:`trm_standard.codelist` for
labels, definitions, sources and mappings.
"""

from trm_standard.v1 import _vocab
from trm_standard.v1._vocab import *  # noqa: F403

__all__ = list(_vocab.__all__)

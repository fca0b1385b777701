"""``python -m trm_standard`` runs the ``trm`` command line."""

from trm_standard.cli import main

raise SystemExit(main())

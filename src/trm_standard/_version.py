"""Library version (not the data standard's version, see ``SPEC_VERSION``)."""

__version__ = "0.1.0"

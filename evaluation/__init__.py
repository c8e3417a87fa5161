"""spt-evaluation: the annual, audited monitor of the Servicepunten Techniek survey."""

__version__ = "0.1.0"

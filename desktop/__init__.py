"""GovLab Desk: offline records, official Thai papers and file-based sync."""

__version__ = "0.1.0"

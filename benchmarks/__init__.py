"""Timing benchmarks for GovLab Desk (run with ``benchmarks/run``; see README.md)."""

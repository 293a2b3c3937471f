"""Benchmarks: scripts that print figures and record them in docs/BENCHMARKS.md."""

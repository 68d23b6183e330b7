"""Reads, one module per part of the practice (log, points, pledges, grading, …)."""

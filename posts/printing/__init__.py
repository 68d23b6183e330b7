"""Printable papers (A4 PDFs through WeasyPrint and their HTML views)."""

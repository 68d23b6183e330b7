"""Demo data of serving on post, one module per part: make(branch, year, today) each, made through the services."""

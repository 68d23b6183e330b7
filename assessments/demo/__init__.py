"""Demo data for serving on post, one module per part, each made through the services."""

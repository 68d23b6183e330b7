"""Pages, one module per part of the practice."""

from . import admin_lifecycle  # noqa: F401

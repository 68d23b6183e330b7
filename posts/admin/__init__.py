"""Back office for posts, one module per stage as in posts.views and posts.services.

Branch posts, claim rounds, claims, notices, letters and assignments change only on the
officers' pages, through posts.services (locked, checked, recorded in the audit log), so
here they are read-only; catalogue posts and rules are saved through the same services.
Django's autodiscover imports this package alone: importing the stage modules registers them.
"""

from . import catalogue, claims, lifecycle, notices, policy  # noqa: F401  (registers the admins)

"""Writes for the post workflow. Every state change is one function here that runs in
one transaction, locks the rows it changes, checks the current state, and appends an
AssignmentEvent (who, when, why) for anything that touches an assignment.

Split by stage: catalogue.py (设岗), claims.py (认岗, 议岗, 定岗), notices.py (公示,
objections), lifecycle.py (责任书, 上岗 and changes over time).
"""

from django.utils.translation import gettext_lazy as _  # noqa: F401  (re-exported for stage modules)

from audit import not_a_service

from ..models import AssignmentEvent


class PostError(Exception):
    """A refused state change. The message is for the user, in their language."""

    def __init__(self, message, code=None, field=None):
        super().__init__(message)
        self.message = message
        self.code = code
        # The form field the refusal is about, so a page can show it beside that field.
        self.field = field

    def __str__(self):
        return str(self.message)


@not_a_service("a step of the services below, which write the audit entry")
def record(assignment, action, *, actor, reason="", from_status=None):
    """Append one line of history for an assignment (after its new status is saved)."""
    return AssignmentEvent.objects.create(
        assignment=assignment,
        action=action,
        from_status=from_status or "",
        to_status=assignment.status,
        actor=actor,
        reason=reason,
    )

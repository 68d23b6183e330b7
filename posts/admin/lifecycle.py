"""Back-office lists of letters, assignments and their history.

Read-only: every change of these rows goes through posts.services (locked, checked,
recorded in the history and the audit log), reached from the officers' pages that each
row links to.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.admin_scope import ReadOnlyAdmin

from ..models import Assignment, AssignmentEvent, ResponsibilityLetter


@admin.register(ResponsibilityLetter)
class ResponsibilityLetterAdmin(ReadOnlyAdmin):
    scope_org_field = "assignment__post__branch"
    page_url = ("posts:assignment_detail", "assignment_id")
    list_display = [
        "assignment",
        "term_starts_on",
        "term_ends_on",
        "member_signed_on",
        "branch_signed_on",
        "trained_on",
        "page_link",
    ]
    list_filter = ["assignment__post__year", "assignment__status"]
    search_fields = ["assignment__member__name"]
    list_select_related = ["assignment__member", "assignment__post__post_type"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    scope_org_field = "post__branch"
    page_url = ("posts:assignment_detail", "pk")
    list_display = ["member", "post", "branch", "status", "starts_on", "ends_on", "suspended_until", "page_link"]
    list_filter = ["status", "post__year", "post__post_type__post_class"]
    search_fields = ["member__name", "post__post_type__name"]
    list_select_related = ["member", "post__post_type", "post__branch"]

    @admin.display(description=_("branch"), ordering="post__branch__path")
    def branch(self, obj):
        return obj.post.branch


@admin.register(AssignmentEvent)
class AssignmentEventAdmin(ReadOnlyAdmin):
    scope_org_field = "assignment__post__branch"
    page_url = ("posts:assignment_detail", "assignment_id")
    list_display = ["at", "assignment", "action", "before", "after", "actor", "reason", "page_link"]
    list_filter = ["action"]
    search_fields = ["assignment__member__name"]
    list_select_related = ["assignment__member", "assignment__post__post_type", "actor"]

    @admin.display(description=_("from status"))
    def before(self, obj):
        return _status_label(obj.from_status)

    @admin.display(description=_("to status"))
    def after(self, obj):
        return _status_label(obj.to_status)


def _status_label(value):
    return Assignment.Status(value).label if value in Assignment.Status.values else value

"""Back office for pledges, the duty log and assessments, scoped by the member they concern.

Read-only: a grade typed in here would defer a member from posts with no history and no
audit entry. These rows change on service-backed pages (a later issue adds them).
"""

from django.contrib import admin

from members.admin_scope import ReadOnlyAdmin
from posts.models import Assignment

from .models import Assessment, DutyLogEntry, Pledge


class MemberScopedAdmin(ReadOnlyAdmin):
    scope_member_field = "member"


@admin.register(Assessment)
class AssessmentAdmin(MemberScopedAdmin):
    list_display = ["member", "year", "period", "grade", "score", "assessed_by", "assessed_at"]
    list_filter = ["year", "period", "grade"]
    search_fields = ["member__name"]
    list_select_related = ["member", "assessed_by"]
    fields = ["member", "year", "period", "grade", "score", "remarks", "assessed_by", "assessed_at"]
    readonly_fields = ["assessed_by", "assessed_at"]


@admin.register(Pledge)
class PledgeAdmin(MemberScopedAdmin):
    list_display = ["member", "year", "text", "status"]
    list_filter = ["year", "status"]
    search_fields = ["member__name", "text"]
    list_select_related = ["member"]
    fields = ["member", "assignment", "year", "text", "status"]


@admin.register(DutyLogEntry)
class DutyLogEntryAdmin(MemberScopedAdmin):
    scope_member_field = "assignment__member"
    list_display = ["done_on", "member", "what", "kind", "status", "points", "checked_by", "checked_at"]
    list_filter = ["status", "kind", "done_on", "checked_at"]
    search_fields = ["assignment__member__name", "what"]
    list_select_related = ["assignment__member", "checked_by"]
    fields = ["assignment", "done_on", "what", "points", "checked_by", "checked_at"]
    readonly_fields = ["checked_by", "checked_at"]

    @admin.display(description=Assignment._meta.get_field("member").verbose_name)
    def member(self, obj):
        return obj.assignment.member

"""Back-office lists of notices and objections.

Read-only: every change of these rows goes through posts.services (locked, checked,
recorded in the history and the audit log), reached from the officers' pages that each
row links to.
"""

from django.contrib import admin

from members.admin_scope import ReadOnlyAdmin

from ..models import Notice, Objection


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    scope_org_field = "branch"
    page_url = ("posts:notice_detail", "pk")
    list_display = ["title", "branch", "starts_on", "ends_on", "status", "page_link"]
    list_filter = ["status"]
    search_fields = ["title", "branch__name"]
    list_select_related = ["branch"]
    exclude = ["assignments"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    scope_org_field = "notice__branch"
    page_url = ("posts:notice_detail", "notice_id")
    list_display = ["__str__", "notice", "assignment", "status", "created_at", "handled_at", "page_link"]
    list_filter = ["status"]
    list_select_related = ["notice", "assignment__member", "assignment__post__post_type"]

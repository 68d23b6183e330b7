"""Back office for claims: read-only, they are made and decided on the officers' pages
through posts.services.claims."""

from django.contrib import admin

from members.admin_scope import ReadOnlyAdmin

from ..models import Claim


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    scope_org_field = "post__branch"
    list_display = ["member", "post", "source", "status", "votes", "created_at", "decided_by", "decided_at"]
    list_filter = ["status", "source", "post__year"]
    search_fields = ["member__name", "post__post_type__name"]
    list_select_related = ["member", "post__post_type", "decided_by"]
    # Claims are made by members and the branch on the post pages, and decided on the review
    # page, within the rules.
    fields = [
        "post",
        "member",
        "claim_round",
        "source",
        "nominated_by",
        "statement",
        "status",
        "votes",
        "votes_recorded_by",
        "votes_recorded_at",
        "decided_by",
        "decided_at",
        "decision_reason",
        "created_at",
    ]

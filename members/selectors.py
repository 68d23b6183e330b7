"""Reads of organisations and the roster, always through a Scope."""

from django.db.models import Count, Q

from .models import Member, Organisation


def home_context(scope):
    context = {
        "scope": scope,
        "member": scope.member,
        "managed_branches": [],
        "overseen": [],
    }
    if scope.holds("roster.change"):
        context["managed_branches"] = list(branch_summaries(scope.branches("roster.change")))
    # Townships and counties the user oversees: officials there publish common posts (a
    # superuser's home lists the branches instead).
    if not scope.is_superuser and scope.holds("catalogue.publish_common"):
        overseen = scope.organisations("summaries.read").filter(level__in=["county", "township"])
        context["overseen"] = list(overseen)
    return context


def branch_summaries(branches):
    """Branches with roster counts, in one query whatever the number of branches."""
    return branches.annotate(
        member_count=Count("members", distinct=True),
        without_office_count=Count("members", filter=Q(members__office=""), distinct=True),
        exempt_count=Count("members", filter=Q(members__exempt=True), distinct=True),
    ).order_by("path")


def roster(scope, branch=None):
    qs = scope.members("roster.read").select_related("branch", "group")
    if branch is not None:
        qs = qs.filter(branch=branch)
    return qs


def members_without_account(branch):
    return branch.members.filter(user__isnull=True).select_related("group").order_by("group__name", "name")


def members_with_account(branch):
    """The branch's members who have a login, with whether it still has a password to change."""
    return (
        branch.members.filter(user__isnull=False)
        .select_related("user", "user__password_state", "group")
        .order_by("group__name", "name")
    )


__all__ = [
    "home_context",
    "branch_summaries",
    "roster",
    "members_without_account",
    "members_with_account",
    "Member",
    "Organisation",
]

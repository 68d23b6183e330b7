"""Reads for letters and post histories (the lifecycle after the notice). Each list is a fixed
number of queries, whatever the number of rows."""

from ..models import Assignment, AssignmentEvent, ResponsibilityLetter

Status = Assignment.Status

Status = Assignment.Status


def letters(scope, awaiting_only=True):
    qs = scope.filter_members(ResponsibilityLetter.objects.all(), "letters.read", via="assignment__member")
    if awaiting_only:
        qs = qs.filter(assignment__status=Status.EFFECTIVE)
    return qs.select_related("assignment__member", "assignment__post__post_type", "assignment__post__branch").order_by(
        "assignment__post__branch__path", "assignment__member__name", "pk"
    )


def assignments(scope, capability="roster.read"):
    return scope.filter_members(Assignment.objects.all(), capability).select_related(
        "member", "post__post_type__post_class", "post__branch"
    )


def assignment_events(assignment):
    return assignment.events.select_related("actor").order_by("-at", "-pk")


def member_assignments(member):
    return member.assignments.select_related("post__post_type", "letter").order_by(
        "-post__year", "post__post_type__name", "-pk"
    )


def member_events(member):
    """Everything that happened to the member's posts, newest first."""
    return (
        AssignmentEvent.objects.filter(assignment__member=member)
        .select_related("assignment__post__post_type", "actor")
        .order_by("-at", "-pk")
    )


def holding_for_new_term(branch, year):
    return (
        Assignment.objects.filter(post__branch=branch, post__year=year, status__in=Assignment.SERVING)
        .select_related("member", "post__post_type")
        .order_by("post__post_type__name", "member__name")
    )


def transfer_targets(assignment):
    return (
        assignment.post.branch.branch_posts.filter(year=assignment.post.year)
        .exclude(pk=assignment.post_id)
        .select_related("post_type")
        .order_by("post_type__name")
    )

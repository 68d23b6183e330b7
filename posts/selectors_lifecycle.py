"""Reads for notices, letters and post histories. Each list is a fixed number of queries,
whatever the number of rows."""

from django.db.models import Count, Q

from . import extensions
from .models import Assignment, AssignmentEvent, Notice, Objection, ResponsibilityLetter

Status = Assignment.Status


def notices(scope, capability="notices.read"):
    return (
        scope.filter(Notice.objects.all(), capability, via="branch")
        .select_related("branch")
        .annotate(
            assignment_count=Count("assignments", distinct=True),
            pending_count=Count("objections", filter=Q(objections__status=Objection.Status.PENDING), distinct=True),
        )
        .order_by("-starts_on", "-pk")
    )


def sees_objections(scope, branch):
    """Objectors leave names and contacts: only the branch's officers and its overseers read them."""
    return scope.can("objections.read", branch)


def notice_assignments(notice, public=False):
    """The people on a notice; the public never sees those withdrawn after an objection."""
    qs = notice.assignments.select_related("member", "post__post_type__post_class").order_by(
        "post__post_type__post_class__order", "post__post_type__name", "member__name"
    )
    return qs.exclude(status=Status.WITHDRAWN) if public else qs


def notice_entries(notice, public=False):
    """notice_assignments with their pledges attached (read by assessments, see posts.extensions)."""
    return extensions.attach_pledges(list(notice_assignments(notice, public=public)))


def objections(notice):
    return notice.objections.select_related("assignment__member", "handled_by").order_by("-created_at", "-pk")


def approved_for_notice(branch):
    return (
        Assignment.objects.filter(post__branch=branch, status=Status.APPROVED)
        .select_related("member", "post__post_type")
        .order_by("post__post_type__name", "member__name")
    )


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

"""Reads for notices (公示) and objections. Each list is a fixed number of queries, whatever
the number of rows."""

from django.db.models import Count, Q

from .. import extensions
from ..models import Assignment, Notice, Objection

Status = Assignment.Status

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


def due_notices(notices, today):
    """Notices whose period has ended and that have no objection left to handle: ready to close."""
    return notices.filter(status=Notice.Status.OPEN, ends_on__lt=today).exclude(
        objections__status=Objection.Status.PENDING
    )

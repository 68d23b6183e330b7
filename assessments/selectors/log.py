"""Reads of the duty log: a member's own log, a branch's log for its verifiers, and the counts
an overseer compares branches by. Each runs a fixed number of queries for any amount of data."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from posts.models import Assignment

from ..models import DutyLogEntry

Status = DutyLogEntry.Status
WAITING_DAYS = 7


def _listed(queryset):
    return queryset.select_related("member__group", "assignment__post__post_type", "checked_by", "activity").annotate(
        photo_count=Count("photos")
    )


def member_entries(member):
    return _listed(DutyLogEntry.objects.filter(member=member)).order_by("-done_on", "-pk")


def serving_assignments(member):
    """The posts a member may log work for now."""
    return (
        Assignment.objects.filter(member=member, status__in=Assignment.SERVING)
        .select_related("post__post_type", "post__branch")
        .order_by("-post__year", "post__post_type__name")
    )


def parse_month(value):
    """The first day of a "YYYY-MM" month, or None."""
    try:
        return datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return None


def month_range(first):
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return first, following


def branch_entries(entries, *, month=None, post=None, group=None, status=None):
    """`entries` (already restricted to the user's reach and the branch) with the list's filters."""
    if month:
        start, end = month_range(month)
        entries = entries.filter(done_on__gte=start, done_on__lt=end)
    if post:
        entries = entries.filter(assignment__post=post)
    if group:
        entries = entries.filter(member__group=group)
    if status:
        entries = entries.filter(status=status)
    return _listed(entries).order_by("-done_on", "-pk")


def branch_counts(branches, entries, assignments, today=None):
    """{branch pk: counts} for this month: entries submitted, verified, waiting over seven days
    (any month), and members on post with no entry this month. `entries` and `assignments` are
    already restricted to the user's reach; two queries for any number of branches."""
    today = today or timezone.localdate()
    start, end = month_range(today.replace(day=1))
    pks = [b.pk for b in branches]
    this_month = Q(done_on__gte=start, done_on__lt=end)
    overdue = timezone.now() - datetime.timedelta(days=WAITING_DAYS)
    counts = {pk: {"submitted": 0, "verified": 0, "waiting": 0, "silent": 0} for pk in pks}
    rows = (
        entries.filter(branch__in=pks)
        .values("branch")
        .annotate(
            submitted=Count("pk", filter=this_month),
            verified=Count("pk", filter=this_month & Q(status=Status.VERIFIED)),
            waiting=Count("pk", filter=Q(status=Status.SUBMITTED, created_at__lt=overdue)),
        )
        .order_by()
    )
    for row in rows:
        counts[row["branch"]].update(submitted=row["submitted"], verified=row["verified"], waiting=row["waiting"])
    logged = DutyLogEntry.objects.filter(member=OuterRef("member"), done_on__gte=start, done_on__lt=end)
    silent = (
        assignments.filter(post__branch__in=pks, status=Assignment.Status.ON_POST)
        .exclude(Exists(logged))
        .values("post__branch")
        .annotate(n=Count("member", distinct=True))
        .order_by()
    )
    for row in silent:
        counts[row["post__branch"]]["silent"] = row["n"]
    return counts

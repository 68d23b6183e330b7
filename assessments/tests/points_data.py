"""Log entries and members on post for the points tests, made straight in the database (the
log's services are tested with the log)."""

import datetime

from django.utils import timezone

from assessments.models import DutyLogEntry
from assessments.selectors.points import month_start
from posts.models import Assignment
from posts.tests.factories import AssignmentFactory, BranchPostFactory

Kind, Status = DutyLogEntry.Kind, DutyLogEntry.Status


def this_month():
    return month_start(timezone.localdate())


def last_month():
    return month_start(this_month() - datetime.timedelta(days=1))


def on_post(member, year):
    """The member's assignment to a post of their branch in `year` (made once)."""
    found = Assignment.objects.filter(member=member, post__year=year).first()
    return found or AssignmentFactory(
        post=BranchPostFactory(branch=member.branch, year=year), member=member, status=Assignment.Status.ON_POST
    )


def entry(member, day, kind=Kind.INDIVIDUAL, status=Status.VERIFIED, points=None, what="入户走访"):
    """An entry of `member` dated `day`; a verified one earns `points` (default: seed 002's)."""
    if points is None:
        points = {Kind.INDIVIDUAL: 3, Kind.COLLECTIVE: 2, Kind.OTHER: 0}[kind] if status == Status.VERIFIED else 0
    return DutyLogEntry.objects.create(
        assignment=on_post(member, day.year),
        member=member,
        branch=member.branch,
        done_on=day,
        kind=kind,
        what=what,
        status=status,
        points=points,
    )

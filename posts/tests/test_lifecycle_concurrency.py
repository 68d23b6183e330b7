"""Races that the row locks of posts.services.notices and .lifecycle must win. Needs
PostgreSQL, which runs the transactions side by side; SQLite lets one writer in at a time."""

import datetime

import pytest

from posts.models import Assignment, Notice, Objection
from posts.services import lifecycle
from posts.services import notices as service
from posts.tests.concurrency import POSTGRES_RACE, together
from posts.tests.factories import AssignmentFactory, BranchPostFactory

pytestmark = POSTGRES_RACE


def test_simultaneous_transfers_never_exceed_the_target_headcount(world):
    target = BranchPostFactory(branch=world.branch, headcount=1, post_type__name="河塘管护岗")
    movers = [
        AssignmentFactory(post__branch=world.branch, post__year=target.year, status=Assignment.Status.ON_POST)
        for _ in range(8)
    ]
    results, refusals, failures = together(
        [
            lambda a=a: lifecycle.transfer(assignment=a, to_post=target, reason="就近管护", by=world.secretary)
            for a in movers
        ]
    )
    assert failures == []
    assert len(results) == 1
    assert refusals == ["“河塘管护岗”岗位已满员（职数1人）。"] * 7
    assert Assignment.objects.filter(post=target, status__in=Assignment.LIVE).count() == 1
    assert Assignment.objects.filter(pk__in=[a.pk for a in movers], status=Assignment.Status.ON_POST).count() == 7


@pytest.mark.parametrize("attempt", range(5))
def test_a_notice_never_closes_with_an_objection_lodged_at_the_same_moment(world, attempt):
    today = datetime.date.today()
    notice = service.publish_notice(
        branch=world.branch,
        assignments=[AssignmentFactory(post__branch=world.branch)],
        starts_on=today - datetime.timedelta(days=6),
        ends_on=today,
        title="公示",
        by=world.secretary,
        today=today - datetime.timedelta(days=6),
    )
    tomorrow = today + datetime.timedelta(days=1)
    # The objection is lodged on the last day; the close runs as if it were already the next.
    results, refusals, failures = together(
        [
            lambda: service.lodge_objection(notice=notice, text="有意见", today=today),
            lambda: service.close_notice(notice=notice, by=world.secretary, today=tomorrow),
        ]
    )
    assert failures == [] and len(results) == 1 and len(refusals) == 1
    notice.refresh_from_db()
    pending = Objection.objects.filter(notice=notice, status=Objection.Status.PENDING).exists()
    # Either the objection came first (and the close was refused) or the close did (and the objection was).
    assert (notice.status, pending) in {(Notice.Status.OPEN, True), (Notice.Status.CLOSED, False)}

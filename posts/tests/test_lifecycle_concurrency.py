"""Races that the row locks of posts.services.notices and .lifecycle must win. Needs
PostgreSQL, which runs the transactions side by side; SQLite lets one writer in at a time."""

import datetime
import threading

import pytest
from django.db import connection, connections

from posts.models import Assignment, Notice, Objection
from posts.services import PostError, lifecycle
from posts.services import notices as service
from posts.tests.factories import AssignmentFactory, BranchPostFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="SQLite serialises writers; run with DATABASE_URL pointing at PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def together(calls):
    """Run the calls in threads released at the same instant; returns (results, refusals, failures)."""
    barrier = threading.Barrier(len(calls))
    results, refusals, failures = [], [], []

    def run(call):
        try:
            # Connect before the barrier so that the transactions really start together.
            connections["default"].ensure_connection()
            barrier.wait(timeout=30)
            results.append(call())
        except PostError as error:
            refusals.append(str(error))
        except Exception as error:  # noqa: BLE001 - reported by the callers' assertions
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, refusals, failures


def test_simultaneous_transfers_never_exceed_the_target_headcount(world):
    target = BranchPostFactory(branch=world.branch, headcount=1, post_type__name="河塘管护岗")
    movers = [AssignmentFactory(post__branch=world.branch, post__year=target.year, status=Assignment.Status.ON_POST)
              for _ in range(8)]
    results, refusals, failures = together([
        lambda a=a: lifecycle.transfer(assignment=a, to_post=target, reason="就近管护", by=world.secretary)
        for a in movers
    ])
    assert failures == []
    assert len(results) == 1
    assert refusals == ["“河塘管护岗”岗位已满员（职数1人）。"] * 7
    assert Assignment.objects.filter(post=target, status__in=Assignment.LIVE).count() == 1
    assert Assignment.objects.filter(pk__in=[a.pk for a in movers], status=Assignment.Status.ON_POST).count() == 7


@pytest.mark.parametrize("attempt", range(5))
def test_a_notice_never_closes_with_an_objection_lodged_at_the_same_moment(world, attempt):
    today = datetime.date.today()
    notice = service.publish_notice(branch=world.branch, assignments=[AssignmentFactory(post__branch=world.branch)],
                                    starts_on=today - datetime.timedelta(days=4), ends_on=today, title="公示",
                                    by=world.secretary)
    tomorrow = today + datetime.timedelta(days=1)
    # The objection is lodged on the last day; the close runs as if it were already the next.
    results, refusals, failures = together([
        lambda: service.lodge_objection(notice=notice, text="有意见", today=today),
        lambda: service.close_notice(notice=notice, by=world.secretary, today=tomorrow),
    ])
    assert failures == [] and len(results) == 1 and len(refusals) == 1
    notice.refresh_from_db()
    pending = Objection.objects.filter(notice=notice, status=Objection.Status.PENDING).exists()
    # Either the objection came first (and the close was refused) or the close did (and the objection was).
    assert (notice.status, pending) in {(Notice.Status.OPEN, True), (Notice.Status.CLOSED, False)}

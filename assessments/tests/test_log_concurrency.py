"""Two verifiers pressing at once, two organisers counting the same attendee: one wins."""

import threading

from django.core.exceptions import ValidationError
from django.db import connections

from assessments.models import Attendance, DutyLogEntry
from assessments.services import activities, log
from audit.models import Entry
from posts.tests.concurrency import POSTGRES_RACE

from .log_data import TODAY, on_post

pytestmark = POSTGRES_RACE


def together(calls):
    barrier = threading.Barrier(len(calls))
    results, refusals, failures = [], [], []

    def run(call):
        try:
            connections["default"].ensure_connection()
            barrier.wait(timeout=30)
            results.append(call())
        except ValidationError as error:
            refusals.append(error)
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, refusals, failures


def test_two_verifiers_make_one_verification(world):
    entry = log.add_entry(
        member=world.member, assignment=on_post(world.member), done_on=TODAY, kind="individual", what="走访", by=None
    )
    results, refusals, failures = together(
        [lambda u=u: log.verify(entry=entry, by=u) for u in (world.secretary, world.committee, world.group_leader)]
    )
    assert not failures and len(results) == 1 and len(refusals) == 2
    assert Entry.objects.filter(action="assessments.log.verified").count() == 1


def test_two_organisers_count_an_attendee_once(world):
    assignment = on_post(world.member)
    activity = activities.create_activity(
        branch=world.branch, title="清扫村道", held_on=TODAY, posts=[assignment.post], by=world.secretary
    )
    results, refusals, failures = together(
        [
            lambda u=u: activities.take_attendance(activity=activity, members=[world.member], by=u)
            for u in (world.secretary, world.committee)
        ]
    )
    assert not failures and not refusals
    assert sorted(len(r) for r in results) == [0, 1]
    assert Attendance.objects.count() == 1 and DutyLogEntry.objects.count() == 1

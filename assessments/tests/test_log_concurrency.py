"""Two verifiers pressing at once, two organisers counting the same attendee: one wins."""

from django.core.exceptions import ValidationError

from assessments.models import Attendance, DutyLogEntry
from assessments.services import activities, log
from audit.models import Entry
from posts.tests.concurrency import POSTGRES_RACE, together

from .log_data import TODAY, on_post

pytestmark = POSTGRES_RACE


def test_two_verifiers_make_one_verification(world):
    entry = log.add_entry(
        member=world.member, assignment=on_post(world.member), done_on=TODAY, kind="individual", what="走访", by=None
    )
    results, refusals, failures = together(
        [lambda u=u: log.verify(entry=entry, by=u) for u in (world.secretary, world.committee, world.group_leader)],
        refused=ValidationError,
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
        ],
        refused=ValidationError,
    )
    assert not failures and not refusals
    assert sorted(len(r) for r in results) == [0, 1]
    assert Attendance.objects.count() == 1 and DutyLogEntry.objects.count() == 1

"""The demo maker: a year of log and activities through the services."""

import datetime

from assessments.demo import log as demo
from assessments.models import Activity, Attendance, DutyLogEntry
from audit.models import Entry

from .log_data import on_post

S = DutyLogEntry.Status


def test_a_year_of_realistic_log(world):
    today = datetime.date(2026, 11, 20)
    for member in (world.member, world.neighbour):
        on_post(member, year=2026, starts_on=datetime.date(2026, 1, 5))
    made = demo.make(world.branch, 2026, today)
    entries = DutyLogEntry.objects.filter(activity=None)
    assert made == entries.count() >= 40
    counts = {s: entries.filter(status=s).count() for s in S.values}
    assert counts[S.VERIFIED] > made * 0.7 and counts[S.SUBMITTED] >= 1
    assert entries.exclude(return_reason="").exists() or entries.filter(status=S.RETURNED).exists()
    assert not entries.filter(done_on__gt=today).exists()
    assert entries.filter(done_on__month=1).exists() and entries.filter(done_on__month=11).exists()
    # The group leader verified their group's member; an officer the others.
    assert set(entries.filter(member=world.member, status=S.VERIFIED).values_list("checked_by", flat=True)) == {
        world.group_leader.pk
    }
    assert Activity.objects.filter(status="closed").count() >= 2 and Activity.objects.filter(status="open").exists()
    assert Attendance.objects.exists()
    assert DutyLogEntry.objects.filter(activity__isnull=False, kind="collective", status=S.VERIFIED).exists()
    assert Entry.objects.filter(action="assessments.log.verified").exists()  # through the services

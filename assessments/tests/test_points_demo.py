"""The demo maker of points runs through the services on a year of log entries."""

import datetime

from django.utils import timezone

from assessments.demo import points as demo
from assessments.models import ClosedMonth, MonthlyPoints, PointsAdjustment
from assessments.selectors.points import board
from audit.models import Entry

from .points_data import Status, entry


def test_demo_makes_a_rule_adjustments_and_closes_past_months(world):
    today = timezone.localdate()
    # A year with at least three ended months: this one from April, else the last.
    year = today.year if today.month >= 4 else today.year - 1
    ended = [datetime.date(year, m, 1) for m in range(1, 13) if datetime.date(year, m, 1) < today.replace(day=1)]
    for month in ended:
        entry(world.member, month + datetime.timedelta(days=2))
        entry(world.neighbour, month + datetime.timedelta(days=4))
    entry(world.member, ended[1] + datetime.timedelta(days=9), status=Status.SUBMITTED)  # cannot close
    made = demo.make(world.branch, year, today)
    assert made["adjustments"] == 2 and PointsAdjustment.objects.count() == 2
    assert made["left_open"] == [ended[1], ended[-1]]
    closed = set(ClosedMonth.objects.filter(branch=world.branch).values_list("month", flat=True))
    assert closed == set(ended) - {ended[1], ended[-1]} == set(made["closed"])
    assert MonthlyPoints.objects.filter(branch=world.branch).count() == 2 * len(closed)
    assert Entry.objects.filter(action="assessments.month.closed").count() == len(closed)
    last = board(world.branch, ended[-1])
    assert not last.closed
    assert {r.name: r.month.total for r in last.rows} == {"张三": 3, "李四": 1}

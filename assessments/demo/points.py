"""Demo service points for one branch, made through the points services after the duty log's
demo has made and verified the year's entries: a branch rule for "other" entries with a
monthly cap, an award and a deduction by the committee, and every ended month closed
(月登记) except the last, which the secretary is left to close."""

import datetime

from django.core.exceptions import ValidationError

from members.models import Member, Role

from ..models import DutyLogEntry
from ..selectors.points import next_month
from ..services import points as service

Kind = DutyLogEntry.Kind


def _officer(branch):
    role = (
        Role.objects.filter(organisation=branch, kind__in=[Role.Kind.BRANCH_SECRETARY, Role.Kind.BRANCH_COMMITTEE])
        .select_related("user")
        .order_by("kind", "pk")
        .first()
    )
    if role is None:
        raise ValueError(f"{branch} has no secretary or committee member to act in the demo")
    return role.user


def make(branch, year, today):
    """Returns {"rule": …, "adjustments": n, "closed": [months], "left_open": [months]}."""
    by = _officer(branch)
    rule = service.set_points_rule(
        organisation=branch,
        kind=Kind.OTHER,
        points=1,
        monthly_cap=4,
        starts_on=today,
        by=by,
        reason="支委会研究：其他履岗事项每次计1分，每人每月最多4分",
    )
    ended = []
    month = datetime.date(year, 1, 1)
    while next_month(month) <= today and month.year == year:
        ended.append(month)
        month = next_month(month)
    # The most active members of the year, for the committee's award and deduction.
    active = list(
        DutyLogEntry.objects.filter(branch=branch, status=DutyLogEntry.Status.VERIFIED, done_on__year=year)
        .values_list("member", flat=True)
        .distinct()
        .order_by("member")[:2]
    )
    adjustments = 0
    if active and ended:
        members = {m.pk: m for m in Member.objects.filter(pk__in=active).select_related("branch")}
        first = members[active[0]]
        service.adjust_points(
            member=first,
            month=ended[len(ended) // 2],
            points=5,
            reason="汛期带头参加防汛值守，支委会研究给予奖励",
            by=by,
        )
        adjustments += 1
        second = members[active[-1]]
        service.adjust_points(
            member=second,
            month=ended[-1],
            points=-2,
            reason="无故缺席本月主题党日活动",
            by=by,
        )
        adjustments += 1
    closed, left_open = [], []
    for month in ended[:-1]:
        try:
            service.close_month(branch=branch, month=month, by=by)
        except ValidationError:
            # Entries of the month still wait for verification: it stays open, as in life.
            left_open.append(month)
        else:
            closed.append(month)
    left_open += ended[-1:]
    return {"rule": rule, "adjustments": adjustments, "closed": closed, "left_open": left_open}

"""Adjustments, closing and reopening months (月登记): only verified entries earn points,
closed months never change, and the snapshot equals the month computed from the log."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import ClosedMonth, MonthCloseJob, MonthlyPoints, PointsAdjustment
from assessments.selectors import points as selectors
from assessments.services.points import (
    adjust_points,
    close_month,
    reopen_month,
    set_points_rule,
    start_month_close,
)
from audit.models import Entry

from .points_data import Kind, Status, entry, last_month, this_month


def month_entries(world, month):
    entry(world.member, month)  # 3
    entry(world.member, month + datetime.timedelta(days=2), Kind.COLLECTIVE)  # 2
    entry(world.neighbour, month, Kind.COLLECTIVE)  # 2
    entry(world.member, month, status=Status.RETURNED)  # nothing
    entry(world.neighbour, month, status=Status.RETURNED)  # nothing


def test_only_verified_entries_earn_points(world):
    month = last_month()
    month_entries(world, month)
    totals = selectors.live_month(world.branch, month)
    assert (totals[world.member.pk].entry_points, totals[world.member.pk].entries) == (5, 2)
    assert (totals[world.neighbour.pk].entry_points, totals[world.neighbour.pk].entries) == (2, 1)
    entry(world.member, month, status=Status.SUBMITTED)
    assert selectors.live_month(world.branch, month)[world.member.pk].entry_points == 5


def test_an_adjustment_counts_in_its_month(world):
    month = last_month()
    month_entries(world, month)
    a = adjust_points(
        member=world.member,
        month=month + datetime.timedelta(days=5),
        points=-2,
        reason="缺席必到活动",
        by=world.committee,
    )
    assert a.month == month and a.branch == world.branch
    adjust_points(member=world.neighbour, month=month, points=5, reason="表现突出", by=world.secretary)
    totals = selectors.live_month(world.branch, month)
    assert totals[world.member.pk].total == 3 and totals[world.neighbour.pk].total == 7


@pytest.mark.parametrize(
    ("change", "field"),
    [({"points": 0}, "points"), ({"points": 101}, "points"), ({"reason": ""}, "reason"), ({"month": "next"}, "month")],
)
def test_a_bad_adjustment_is_refused(world, change, field):
    args = {"member": world.member, "month": this_month(), "points": 2, "reason": "奖励", "by": world.secretary}
    if change.get("month") == "next":
        change["month"] = selectors.next_month(this_month())
    with pytest.raises(ValidationError) as refused:
        adjust_points(**(args | change))
    assert field in refused.value.error_dict
    assert not PointsAdjustment.objects.exists()


@pytest.mark.parametrize("who", ["member_user", "group_leader", "township", "outsider"])
def test_only_the_branch_committee_adjusts(world, who):
    with pytest.raises(ValidationError) as refused:
        adjust_points(member=world.member, month=this_month(), points=2, reason="奖励", by=getattr(world, who))
    assert refused.value.code == "not_allowed"


def test_closing_keeps_a_snapshot_equal_to_the_live_month(world):
    month = last_month()
    month_entries(world, month)
    adjust_points(member=world.member, month=month, points=4, reason="奖励", by=world.secretary)
    live = selectors.live_month(world.branch, month)
    close_month(branch=world.branch, month=month, by=world.secretary)
    assert selectors.is_closed(world.branch, month + datetime.timedelta(days=10))
    snap = {s.member_id: s for s in MonthlyPoints.objects.filter(branch=world.branch, month=month)}
    assert set(snap) == set(live)
    for pk, t in live.items():
        assert (snap[pk].entry_points, snap[pk].adjustment_points, snap[pk].total, snap[pk].entries) == (
            t.entry_points,
            t.adjustment_points,
            t.total,
            t.entries,
        )
    # The board of a closed month reads the snapshot and shows the same.
    board = selectors.board(world.branch, month)
    assert board.closed and {r.member_id: r.month.total for r in board.rows} == {
        world.member.pk: 9,
        world.neighbour.pk: 2,
    }


def test_a_month_waiting_for_verification_does_not_close(world):
    month = last_month()
    entry(world.member, month, status=Status.SUBMITTED)
    entry(world.neighbour, month, status=Status.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        close_month(branch=world.branch, month=month, by=world.secretary)
    assert refused.value.code == "entries_waiting" and "2" in refused.value.messages[0]
    assert not ClosedMonth.objects.exists()


def test_a_month_closes_once_it_has_ended_and_only_once(world):
    with pytest.raises(ValidationError) as refused:
        close_month(branch=world.branch, month=this_month(), by=world.secretary)
    assert refused.value.code == "not_ended"
    close_month(branch=world.branch, month=last_month(), by=world.secretary)
    with pytest.raises(ValidationError) as refused:
        close_month(branch=world.branch, month=last_month(), by=world.committee)
    assert refused.value.code == "already_closed"


@pytest.mark.parametrize("who", ["member_user", "group_leader", "outsider"])
def test_who_may_not_close(world, who):
    with pytest.raises(ValidationError) as refused:
        close_month(branch=world.branch, month=last_month(), by=getattr(world, who))
    assert refused.value.code == "not_allowed"


def test_a_closed_month_never_changes(world):
    month = last_month()
    month_entries(world, month)
    close_month(branch=world.branch, month=month, by=world.secretary)
    with pytest.raises(ValidationError) as refused:
        adjust_points(member=world.member, month=month, points=2, reason="补记", by=world.secretary)
    assert refused.value.error_dict["month"][0].code == "month_closed"
    # A rule cannot reach back into it: rules start today or later.
    with pytest.raises(ValidationError):
        set_points_rule(
            organisation=world.branch,
            kind=Kind.INDIVIDUAL,
            points=9,
            monthly_cap=None,
            starts_on=month,
            by=world.secretary,
            reason="追溯",
        )
    # Whatever is set from today on, the closed month's board stays as it was.
    set_points_rule(
        organisation=world.branch,
        kind=Kind.INDIVIDUAL,
        points=9,
        monthly_cap=None,
        starts_on=timezone.localdate(),
        by=world.secretary,
        reason="提高",
    )
    assert {r.member_id: r.month.total for r in selectors.board(world.branch, month).rows}[world.member.pk] == 5
    # The log's services ask is_closed before adding, verifying or returning an entry.
    assert selectors.is_closed(world.branch, month) and not selectors.is_closed(world.sibling, month)


def test_reopening_needs_a_reason_and_is_logged(world):
    month = last_month()
    month_entries(world, month)
    close_month(branch=world.branch, month=month, by=world.secretary)
    with pytest.raises(ValidationError) as refused:
        reopen_month(branch=world.branch, month=month, by=world.secretary, reason=" ")
    assert "reason" in refused.value.error_dict
    reopen_month(branch=world.branch, month=month, by=world.secretary, reason="补录漏记的活动")
    assert not selectors.is_closed(world.branch, month)
    assert not MonthlyPoints.objects.filter(branch=world.branch, month=month).exists()
    logged = Entry.objects.get(action="assessments.month.reopened")
    assert logged.reason == "补录漏记的活动" and logged.actor == world.secretary
    assert logged.payload["month"] == f"{month:%Y-%m}"
    # Open again: an adjustment is allowed, and closing again takes it in.
    adjust_points(member=world.member, month=month, points=1, reason="补记", by=world.secretary)
    close_month(branch=world.branch, month=month, by=world.secretary)
    assert MonthlyPoints.objects.get(branch=world.branch, month=month, member=world.member).total == 6
    with pytest.raises(ValidationError) as refused:
        reopen_month(branch=world.sibling, month=month, by=world.township, reason="误操作")
    assert refused.value.code == "not_closed"


def test_a_township_closes_all_its_branches_in_the_background(world, django_capture_on_commit_callbacks):
    month = last_month()
    month_entries(world, month)
    entry(world.sibling_member, month, status=Status.SUBMITTED)  # the sibling cannot close
    ClosedMonth.objects.create(branch=world.far, month=month)  # another township: not touched
    with django_capture_on_commit_callbacks(execute=True):
        job = start_month_close(organisation=world.town_a, month=month, by=world.township)
    job.refresh_from_db()
    assert job.status == MonthCloseJob.Status.DONE and job.progress == 100
    assert (job.branches, job.closed, job.already_closed) == (2, 1, 0)
    assert job.refused[0]["code"] == "B2" and "1" in job.refused[0]["reason"]
    assert selectors.is_closed(world.branch, month) and not selectors.is_closed(world.sibling, month)
    # Each branch closed is its own audit entry, by the township official.
    closed = Entry.objects.get(action="assessments.month.closed")
    assert closed.organisation == world.branch and closed.actor == world.township
    assert Entry.objects.filter(action="assessments.month_close.started", organisation=world.town_a).exists()
    # Run again: the closed branch counts as closed before.
    with django_capture_on_commit_callbacks(execute=True):
        again = start_month_close(organisation=world.town_a, month=month, by=world.township)
    again.refresh_from_db()
    assert (again.closed, again.already_closed, len(again.refused)) == (0, 1, 1)


def test_a_month_close_run_is_for_overseers_of_ended_months(world):
    with pytest.raises(ValidationError) as refused:
        start_month_close(organisation=world.town_a, month=this_month(), by=world.township)
    assert "month" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        start_month_close(organisation=world.town_b, month=last_month(), by=world.township)
    assert refused.value.code == "not_allowed"
    with pytest.raises(ValidationError) as refused:
        start_month_close(organisation=world.branch, month=last_month(), by=world.secretary)
    assert refused.value.code == "bad_level"


def test_a_run_no_worker_picked_up_is_given_up(world):
    from assessments import month_close
    from members.scope import get_scope

    job = MonthCloseJob.objects.create(organisation=world.town_a, month=last_month(), started_by=world.township)
    MonthCloseJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - month_close.WAIT_FOR_WORKER * 2)
    assert month_close.job_or_404(get_scope(world.township), job.pk).status == MonthCloseJob.Status.FAILED
    # A task delivered after it was given up does nothing.
    month_close.run.call(str(job.pk))
    assert not ClosedMonth.objects.exists()


# -- with the duty log's services ---------------------------------------------------------------


def test_verifying_an_entry_scores_it_by_the_rules_and_the_cap(world):
    from assessments.models import PointsRule
    from assessments.services import log

    month = last_month()
    PointsRule.objects.create(
        organisation=world.town_a, kind=Kind.COLLECTIVE, points=4, monthly_cap=6, starts_on=month, reason="镇统一"
    )
    first = entry(world.member, month, Kind.COLLECTIVE, Status.SUBMITTED)
    second = entry(world.member, month + datetime.timedelta(days=1), Kind.COLLECTIVE, Status.SUBMITTED)
    assert log.verify(entry=first, by=world.group_leader).points == 4
    assert log.verify(entry=second, by=world.group_leader).points == 2  # 6 - 4
    # In one step, the cap counts the entries verified before in the same step.
    many = [entry(world.neighbour, month, Kind.COLLECTIVE, Status.SUBMITTED) for _i in range(3)]
    log.verify_many(branch=world.branch, entries=many, by=world.secretary)
    assert sorted(e.points for e in type(many[0]).objects.filter(pk__in=[e.pk for e in many])) == [0, 2, 4]


def test_a_closed_month_refuses_verification_and_returning(world):
    from assessments.services import log

    month = last_month()
    waiting = entry(world.member, month, status=Status.SUBMITTED)
    with pytest.raises(ValidationError):
        close_month(branch=world.branch, month=month, by=world.secretary)
    waiting.status, waiting.points = Status.VERIFIED, 3
    waiting.save()
    close_month(branch=world.branch, month=month, by=world.secretary)
    # An entry slipped into the closed month (as if from before the close) stays unverified.
    late = entry(world.neighbour, month, status=Status.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        log.verify(entry=late, by=world.secretary)
    assert refused.value.code == "closed_month"
    with pytest.raises(ValidationError):
        log.return_entry(entry=late, by=world.secretary, reason="补充照片")
    late.refresh_from_db()
    assert late.status == Status.SUBMITTED and late.points == 0
    # The snapshot stands as it was.
    assert MonthlyPoints.objects.get(branch=world.branch, month=month, member=world.member).total == 3

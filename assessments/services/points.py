"""Service points (服务积分): setting the rules, adjusting a member's points by hand, and
closing and reopening a branch's month (月登记).

A closed month never changes: no rule starts inside it, no adjustment lands in it, and (in
the log's services) no entry dated in it is added, verified or returned. Closing writes a
snapshot of each member's points (MonthlyPoints) for the boards; reopening removes it.

Closing, reopening and adjusting lock the branch's row first, so two officers closing the
same month at once, or an adjustment racing a close, happen one after the other.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit_log
from audit import service
from members.models import Organisation
from members.scope import get_scope

from ..models import ClosedMonth, DutyLogEntry, MonthCloseJob, MonthlyPoints, PointsAdjustment, PointsRule
from ..selectors import points as selectors

MAX_ADJUSTMENT = 100


def _refuse(message, code, field=None):
    if field:
        raise ValidationError({field: ValidationError(message, code=code)})
    raise ValidationError(message, code=code)


def _reason(reason, what):
    reason = (reason or "").strip()
    if not reason:
        _refuse(what, "no_reason", "reason")
    return reason


def _locked_branch(branch):
    return Organisation.objects.select_for_update().get(pk=branch.pk)


def _month_label(month):
    return f"{month:%Y-%m}"


@service
def set_points_rule(*, organisation, kind, points, monthly_cap, starts_on, by, reason):
    """A new rule for `kind` of entries in `organisation` and below it, from `starts_on` on.
    Set by whoever holds policy.set over the organisation; it starts today or later (so no
    verified entry is ever re-scored) and never inside a month a branch below has closed."""
    if organisation.level not in PointsRule.LEVELS:
        _refuse(_("Points rules are set by a county, a township or a branch."), "bad_level")
    if not get_scope(by).can("policy.set", organisation):
        _refuse(
            _("You may not set the points rules of %(organisation)s.") % {"organisation": organisation.name},
            "not_allowed",
        )
    if kind not in DutyLogEntry.Kind.values:
        _refuse(_("Kind: choose the kind of entry the rule is for."), "bad_kind", "kind")
    if points is None or not 0 <= points <= PointsRule.MAX_POINTS:
        _refuse(
            _("Points per entry: give a whole number from 0 to %(max)d.") % {"max": PointsRule.MAX_POINTS},
            "bad_points",
            "points",
        )
    if monthly_cap is not None and not 0 <= monthly_cap <= PointsRule.MAX_CAP:
        _refuse(
            _("Monthly cap: give a whole number from 0 to %(max)d, or leave it empty for no cap.")
            % {"max": PointsRule.MAX_CAP},
            "bad_cap",
            "monthly_cap",
        )
    today = timezone.localdate()
    if starts_on is None or starts_on < today:
        _refuse(
            _("In force from: a rule starts today or later; entries already verified keep their points."),
            "starts_in_past",
            "starts_on",
        )
    month = selectors.month_start(starts_on)
    below = Organisation.objects.filter(path__startswith=organisation.path, level=Organisation.Level.BRANCH)
    if ClosedMonth.objects.filter(branch__in=below, month=month).exists():
        _refuse(
            _("In force from: %(month)s is closed; a rule may not change a closed month.")
            % {"month": _month_label(month)},
            "month_closed",
            "starts_on",
        )
    reason = _reason(reason, _("Reason: say why the rule changes."))
    rule = PointsRule.objects.create(
        organisation=organisation,
        kind=kind,
        points=points,
        monthly_cap=monthly_cap,
        starts_on=starts_on,
        reason=reason,
        set_by=by,
    )
    audit_log(
        "assessments.points_rule.set",
        actor=by,
        organisation=organisation,
        obj=rule,
        reason=reason,
        payload={"entry_kind": kind, "points": points, "monthly_cap": monthly_cap, "starts_on": starts_on.isoformat()},
    )
    return rule


@service
def adjust_points(*, member, month, points, reason, by):
    """Award (points > 0) or deduct (points < 0) a member's points in `month` by hand, with a
    reason: the committee's extra points, or a deduction for a missed required activity.
    Refused in a closed month and in a month not begun."""
    branch = member.branch
    if not get_scope(by).can("points.adjust", branch):
        _refuse(_("You may not adjust the points of %(name)s.") % {"name": member.name}, "not_allowed")
    month = selectors.month_start(month)
    if points is None or points == 0 or abs(points) > MAX_ADJUSTMENT:
        _refuse(
            _("Points: a whole number from -%(max)d to %(max)d, not 0 (negative for a deduction).")
            % {"max": MAX_ADJUSTMENT},
            "bad_points",
            "points",
        )
    if month > selectors.month_start(timezone.localdate()):
        _refuse(_("Month: points are adjusted in this month or a past one."), "future_month", "month")
    reason = _reason(reason, _("Reason: say why the points are awarded or deducted."))
    _locked_branch(branch)
    if ClosedMonth.objects.filter(branch=branch, month=month).exists():
        _refuse(
            _("Month: %(month)s is closed; reopen it before adjusting points in it.") % {"month": _month_label(month)},
            "month_closed",
            "month",
        )
    adjustment = PointsAdjustment.objects.create(
        member=member, branch=branch, month=month, points=points, reason=reason, by=by
    )
    audit_log(
        "assessments.points.adjusted",
        actor=by,
        organisation=branch,
        obj=adjustment,
        label=member.name,
        reason=reason,
        payload={"month": _month_label(month), "points": points},
    )
    return adjustment


@service
def close_month(*, branch, month, by):
    """Close a month of the branch (月登记) once it has ended and no entry of it waits for
    verification; each member's points of the month are kept as a MonthlyPoints row."""
    month = selectors.month_start(month)
    if not get_scope(by).can("log.close_month", branch):
        _refuse(_("You may not close the months of %(branch)s.") % {"branch": branch.name}, "not_allowed")
    if selectors.next_month(month) > timezone.localdate():
        _refuse(
            _("%(month)s has not ended yet; it can be closed from the first day of the next month.")
            % {"month": _month_label(month)},
            "not_ended",
        )
    _locked_branch(branch)
    if ClosedMonth.objects.filter(branch=branch, month=month).exists():
        _refuse(_("%(month)s is already closed.") % {"month": _month_label(month)}, "already_closed")
    waiting = selectors.waiting_count(branch, month)
    if waiting:
        _refuse(
            _("%(count)d entries of %(month)s still wait for verification; verify or return them first.")
            % {"count": waiting, "month": _month_label(month)},
            "entries_waiting",
        )
    closed = ClosedMonth.objects.create(branch=branch, month=month, closed_by=by)
    totals = selectors.live_month(branch, month)
    MonthlyPoints.objects.bulk_create(
        MonthlyPoints(
            branch=branch,
            member_id=member_id,
            month=month,
            entry_points=t.entry_points,
            adjustment_points=t.adjustment_points,
            total=t.total,
            entries=t.entries,
        )
        for member_id, t in totals.items()
    )
    audit_log(
        "assessments.month.closed",
        actor=by,
        organisation=branch,
        obj=closed,
        payload={
            "month": _month_label(month),
            "count": len(totals),
            "points": sum(t.total for t in totals.values()),
        },
    )
    return closed


@service
def reopen_month(*, branch, month, by, reason):
    """Reopen a closed month, with a reason: its entries can then be changed and verified again,
    and its snapshot is removed until it is closed again."""
    month = selectors.month_start(month)
    if not get_scope(by).can("log.close_month", branch):
        _refuse(_("You may not reopen the months of %(branch)s.") % {"branch": branch.name}, "not_allowed")
    reason = _reason(reason, _("Reason: say why the month is reopened."))
    _locked_branch(branch)
    closed = ClosedMonth.objects.filter(branch=branch, month=month).first()
    if closed is None:
        _refuse(_("%(month)s is not closed.") % {"month": _month_label(month)}, "not_closed")
    MonthlyPoints.objects.filter(branch=branch, month=month).delete()
    closed.delete()
    audit_log(
        "assessments.month.reopened",
        actor=by,
        organisation=branch,
        obj=branch,
        reason=reason,
        payload={"month": _month_label(month)},
    )
    return branch


@service
def start_month_close(*, organisation, month, by):
    """Queue closing `month` for every branch of a township or county (月登记); returns the
    MonthCloseJob whose progress the starter's page shows. Each branch is closed by
    close_month in the background (assessments/month_close.py), with its own audit entry;
    branches that cannot close are listed on the job, not failed silently."""
    from .. import month_close

    month = selectors.month_start(month)
    if organisation.level not in (Organisation.Level.COUNTY, Organisation.Level.TOWNSHIP):
        _refuse(_("Months are closed for all branches by a township or a county."), "bad_level")
    if not get_scope(by).can("log.close_month", organisation):
        _refuse(
            _("You may not close the months of %(organisation)s.") % {"organisation": organisation.name},
            "not_allowed",
        )
    if selectors.next_month(month) > timezone.localdate():
        _refuse(
            _("%(month)s has not ended yet; it can be closed from the first day of the next month.")
            % {"month": _month_label(month)},
            "not_ended",
            "month",
        )
    job = MonthCloseJob.objects.create(organisation=organisation, month=month, started_by=by)
    # Queued once the job is saved: a worker (or, in tests, the immediate backend) then closes
    # each branch in a transaction and an audit entry of its own.
    transaction.on_commit(lambda: month_close.run.enqueue(str(job.pk)))
    audit_log(
        "assessments.month_close.started",
        actor=by,
        organisation=organisation,
        obj=organisation,
        payload={"month": _month_label(month), "job": str(job.pk)},
    )
    return job

"""Reads for the branch's checks: meetings, quarterly reports, inspections, and the reminders
the home pages show (reports not handed in)."""

from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import Member

from ..models import BranchMeeting, Inspection, QuarterlyReport
from ..models.checks import quarter_of, quarter_start, report_deadline
from .areas import serving_members


def branch_meetings(branch):
    """The branch's monthly meetings, newest first, with who came: 2 queries."""
    return (
        BranchMeeting.objects.filter(branch=branch)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("attendees", queryset=Member.objects.order_by("name")))
        .order_by("-held_on", "-pk")
    )


def quarter_reports(branch, year, quarter):
    return (
        QuarterlyReport.objects.filter(branch=branch, year=year, quarter=quarter)
        .select_related("member")
        .order_by("member__name", "pk")
    )


def reports_missing(branch, year, quarter):
    """Members on post in the year who have not handed in the quarter's report: 1 query."""
    handed_in = QuarterlyReport.objects.filter(year=year, quarter=quarter).values("member_id")
    return serving_members(branch, year).exclude(pk__in=handed_in)


def last_quarter(today):
    """(year, quarter) of the quarter before today's."""
    quarter = quarter_of(today)
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


@dataclass(frozen=True)
class QuarterRow:
    year: int
    quarter: int
    deadline: object
    report: object
    open: bool


def my_quarters(member, year, today):
    """The year's quarters that have begun, each with the member's report and whether it can
    still be handed in or changed: 1 query."""
    reports = {r.quarter: r for r in QuarterlyReport.objects.filter(member=member, year=year)}
    rows = []
    for quarter in (1, 2, 3, 4):
        if quarter_start(year, quarter) > today:
            break
        deadline = report_deadline(year, quarter)
        rows.append(QuarterRow(year, quarter, deadline, reports.get(quarter), today <= deadline))
    return rows


@dataclass(frozen=True)
class Reminder:
    """A line for the home page: what, until when, and the page to do it on."""

    kind: str
    text: str
    due_on: object
    url: str


def my_reminders_checks(member, today):
    """The report of the last quarter, while it is not handed in and its deadline has not
    passed, for members on post that year: 2 queries at most."""
    year, quarter = last_quarter(today)
    deadline = report_deadline(year, quarter)
    if today > deadline:
        return []
    if not serving_members(member.branch, year).filter(pk=member.pk).exists():
        return []
    if QuarterlyReport.objects.filter(member=member, year=year, quarter=quarter).exists():
        return []
    return [
        Reminder(
            kind="quarterly_report",
            text=_("Hand in your report for Q%(quarter)d %(year)d by %(day)s.")
            % {"quarter": quarter, "year": year, "day": deadline.isoformat()},
            due_on=deadline,
            url=reverse("assessments:my_report", kwargs={"year": year, "quarter": quarter}),
        )
    ]


def branch_inspections(branch):
    return (
        Inspection.objects.filter(branch=branch)
        .select_related("organisation", "inspected_by", "responded_by")
        .order_by("-held_on", "-pk")
    )


def inspected_branches(scope):
    """The branches an overseer (or officer) reads inspections of, with the date of the last
    inspection and the follow-ups still open: 1 query for the page."""
    return (
        scope.branches("inspections.read")
        .annotate(
            last_inspected_on=Max("inspections__held_on"),
            open_follow_ups=Count("inspections", filter=Q(inspections__follow_up_status=Inspection.FollowUp.OPEN)),
        )
        .order_by("path")
    )


def branch_reminders_checks(branch, today):
    """Lines for the officers' home page: the quarter's reports not handed in while they are
    still due, and inspection follow-ups the branch has not closed: 2 queries."""
    rows = []
    year, quarter = last_quarter(today)
    deadline = report_deadline(year, quarter)
    if today <= deadline:
        missing = reports_missing(branch, year, quarter).count()
        if missing:
            rows.append(
                Reminder(
                    kind="reports_missing",
                    text=_("%(n)d members have not handed in their report for Q%(quarter)d %(year)d (due %(day)s).")
                    % {"n": missing, "quarter": quarter, "year": year, "day": deadline.isoformat()},
                    due_on=deadline,
                    url=reverse("assessments:reports", kwargs={"code": branch.code})
                    + f"?year={year}&quarter={quarter}",
                )
            )
    open_count = Inspection.objects.filter(branch=branch, follow_up_status=Inspection.FollowUp.OPEN).count()
    if open_count:
        rows.append(
            Reminder(
                kind="inspection_follow_ups",
                text=_("%(n)d inspection follow-ups wait for the branch's answer.") % {"n": open_count},
                due_on=None,
                url=reverse("assessments:inspections", kwargs={"code": branch.code}),
            )
        )
    return rows

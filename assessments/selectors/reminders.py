"""What the home page reminds people of, for every part of serving on post.

A member: nothing logged this month while on post, entries returned to fix, the quarter's
report, pledges near their deadline. Officers and group leaders, per branch they look after:
entries waiting for verification over seven days, members on post who logged nothing this
month, last month not yet closed, pledges waiting for review, reports missing, inspection
follow-ups to answer. Each list takes a fixed number of queries whatever the number of
branches or rows.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from posts.models import Assignment

from ..models import ClosedMonth, DutyLogEntry, Inspection, Pledge, QuarterlyReport
from ..models.checks import report_deadline
from .checks import Reminder, last_quarter, my_reminders_checks
from .log import WAITING_DAYS, month_range

Status = DutyLogEntry.Status
# Accepted pledges whose target date is this close are brought up on the member's home page.
PLEDGE_NOTICE_DAYS = 14


def for_member(member, today=None):
    """The member's own reminders, most pressing first."""
    today = today or timezone.localdate()
    start, end = month_range(today.replace(day=1))
    rows = []
    serving = Assignment.objects.filter(member=member, status__in=Assignment.SERVING)
    mine = DutyLogEntry.objects.filter(member=member)
    found = mine.aggregate(
        this_month=Count("pk", filter=Q(done_on__gte=start, done_on__lt=end)),
        returned=Count("pk", filter=Q(status=Status.RETURNED)),
    )
    if found["returned"]:
        rows.append(
            Reminder(
                kind="log_returned",
                text=ngettext(
                    "%(n)d log entry was returned: correct it and hand it in again.",
                    "%(n)d log entries were returned: correct them and hand them in again.",
                    found["returned"],
                )
                % {"n": found["returned"]},
                due_on=None,
                url=reverse("assessments:my_log"),
            )
        )
    if not found["this_month"] and serving.filter(status=Assignment.Status.ON_POST).exists():
        rows.append(
            Reminder(
                kind="log_silent",
                text=_("You have logged nothing this month. What have you done on your post?"),
                due_on=None,
                url=reverse("assessments:log_new"),
            )
        )
    due = Pledge.objects.filter(
        member=member,
        status=Pledge.Status.ACCEPTED,
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=PLEDGE_NOTICE_DAYS),
    ).order_by("due_on", "pk")
    for pledge in due[:5]:
        rows.append(
            Reminder(
                kind="pledge_due",
                text=_("Your pledge “%(text)s” is due on %(day)s: record how it went.")
                % {"text": pledge.text[:30], "day": pledge.due_on.isoformat()},
                due_on=pledge.due_on,
                url=reverse("assessments:my_pledge", kwargs={"pk": pledge.pk}),
            )
        )
    returned = Pledge.objects.filter(member=member, status=Pledge.Status.RETURNED).count()
    if returned:
        rows.append(
            Reminder(
                kind="pledge_returned",
                text=ngettext(
                    "%(n)d pledge was returned: change it and hand it in again.",
                    "%(n)d pledges were returned: change them and hand them in again.",
                    returned,
                )
                % {"n": returned},
                due_on=None,
                url=reverse("assessments:my_pledges"),
            )
        )
    rows += my_reminders_checks(member, today)
    return rows


def for_branches(branches, today=None):
    """{branch pk: [Reminder, …]} for the officers of `branches` (a list)."""
    today = today or timezone.localdate()
    pks = [b.pk for b in branches]
    rows = {pk: [] for pk in pks}
    if not pks:
        return rows
    codes = {b.pk: b.code for b in branches}
    start, end = month_range(today.replace(day=1))
    overdue = timezone.now() - datetime.timedelta(days=WAITING_DAYS)

    waiting = dict(
        DutyLogEntry.objects.filter(branch__in=pks, status=Status.SUBMITTED, created_at__lt=overdue)
        .values("branch")
        .annotate(n=Count("pk"))
        .values_list("branch", "n")
    )
    logged = DutyLogEntry.objects.filter(member=OuterRef("member"), done_on__gte=start, done_on__lt=end)
    silent = dict(
        Assignment.objects.filter(post__branch__in=pks, status=Assignment.Status.ON_POST)
        .exclude(Exists(logged))
        .values("post__branch")
        .annotate(n=Count("member", distinct=True))
        .values_list("post__branch", "n")
    )
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    with_entries = set(
        DutyLogEntry.objects.filter(branch__in=pks, done_on__gte=last_month, done_on__lt=today.replace(day=1))
        .values_list("branch", flat=True)
        .distinct()
    )
    closed = set(ClosedMonth.objects.filter(branch__in=pks, month=last_month).values_list("branch", flat=True))
    year, quarter = last_quarter(today)
    deadline = report_deadline(year, quarter)
    missing = {}
    if today <= deadline:
        handed_in = QuarterlyReport.objects.filter(member=OuterRef("member"), year=year, quarter=quarter)
        missing = dict(
            Assignment.objects.filter(post__branch__in=pks, post__year=year, status__in=Assignment.SERVING)
            .exclude(Exists(handed_in))
            .values("post__branch")
            .annotate(n=Count("member", distinct=True))
            .values_list("post__branch", "n")
        )
    to_review = dict(
        Pledge.objects.filter(branch__in=pks, status=Pledge.Status.SUBMITTED)
        .values("branch")
        .annotate(n=Count("pk"))
        .values_list("branch", "n")
    )
    follow_ups = dict(
        Inspection.objects.filter(branch__in=pks, follow_up_status=Inspection.FollowUp.OPEN)
        .values("branch")
        .annotate(n=Count("pk"))
        .values_list("branch", "n")
    )

    for pk in pks:
        log_url = reverse("assessments:branch_log", kwargs={"code": codes[pk]})
        if waiting.get(pk):
            rows[pk].append(
                Reminder(
                    "log_waiting",
                    ngettext(
                        "%(n)d log entry has waited over %(days)d days for verification.",
                        "%(n)d log entries have waited over %(days)d days for verification.",
                        waiting[pk],
                    )
                    % {"n": waiting[pk], "days": WAITING_DAYS},
                    None,
                    log_url + "?status=submitted",
                )
            )
        if silent.get(pk):
            rows[pk].append(
                Reminder(
                    "log_silent",
                    ngettext(
                        "%(n)d member on post has logged nothing this month.",
                        "%(n)d members on post have logged nothing this month.",
                        silent[pk],
                    )
                    % {"n": silent[pk]},
                    None,
                    log_url,
                )
            )
        if pk in with_entries and pk not in closed:
            rows[pk].append(
                Reminder(
                    "month_open",
                    _("%(month)s is over but not closed yet (monthly register).") % {"month": f"{last_month:%Y-%m}"},
                    None,
                    _month_url(codes[pk], last_month),
                )
            )
        if to_review.get(pk):
            rows[pk].append(
                Reminder(
                    "pledges_to_review",
                    ngettext(
                        "%(n)d pledge waits for the committee's review.",
                        "%(n)d pledges wait for the committee's review.",
                        to_review[pk],
                    )
                    % {"n": to_review[pk]},
                    None,
                    reverse("assessments:branch_pledges", kwargs={"code": codes[pk]}) + "?status=submitted",
                )
            )
        if missing.get(pk):
            rows[pk].append(
                Reminder(
                    "reports_missing",
                    _("%(n)d members have not handed in their report for Q%(quarter)d %(year)d (due %(day)s).")
                    % {"n": missing[pk], "quarter": quarter, "year": year, "day": deadline.isoformat()},
                    deadline,
                    reverse("assessments:reports", kwargs={"code": codes[pk]}) + f"?year={year}&quarter={quarter}",
                )
            )
        if follow_ups.get(pk):
            rows[pk].append(
                Reminder(
                    "inspection_follow_ups",
                    _("%(n)d inspection follow-ups wait for the branch's answer.") % {"n": follow_ups[pk]},
                    None,
                    reverse("assessments:inspections", kwargs={"code": codes[pk]}),
                )
            )
    return rows


def _month_url(code, month):
    return reverse("assessments:points_board", kwargs={"code": code, "month": f"{month:%Y-%m}"})

"""The branch's checks: the monthly meeting (月碰头), quarterly reports (季度述职) and the
township's and county's inspections (乡镇季度检查, 县级半年抽查)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member, Organisation

# A quarter's report may be handed in or changed until this many days after the quarter ends.
REPORT_DAYS_AFTER_QUARTER = 15


def quarter_of(day):
    return (day.month - 1) // 3 + 1


def quarter_start(year, quarter):
    return datetime.date(year, 3 * quarter - 2, 1)


def quarter_end(year, quarter):
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return quarter_start(year, quarter + 1) - datetime.timedelta(days=1)


def report_deadline(year, quarter):
    """The last day a quarter's report is accepted: 15 days after the quarter ends."""
    return quarter_end(year, quarter) + datetime.timedelta(days=REPORT_DAYS_AFTER_QUARTER)


class BranchMeeting(models.Model):
    """The branch's monthly meeting (月碰头): who came, what was discussed and decided."""

    branch = models.ForeignKey(
        Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="branch_meetings"
    )
    held_on = models.DateField(_("date held"))
    attendees = models.ManyToManyField(Member, verbose_name=_("attendees"), related_name="meetings_attended")
    topics = models.TextField(_("topics"))
    decisions = models.TextField(_("decisions"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("monthly meeting")
        verbose_name_plural = _("monthly meetings")
        ordering = ["branch", "-held_on", "-pk"]

    def __str__(self):
        return f"{self.branch} {self.held_on}"


class QuarterlyReport(models.Model):
    """A member's short report on the quarter (季度述职), written on the phone. One per member
    and quarter; it can be changed until the quarter's deadline, then it is locked."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="quarterly_reports"
    )
    # Copied from the member when the report is handed in: the officers' list reads by branch.
    branch = models.ForeignKey(
        Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="quarterly_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    text = models.TextField(_("report"))
    submitted_at = models.DateTimeField(_("handed in at"))
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["-year", "-quarter", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year", "quarter"], name="assessments_report_once_a_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="assessments_report_quarter_1_to_4"
            ),
        ]
        indexes = [
            # The officers' list: a branch's reports of one quarter.
            models.Index(fields=["branch", "year", "quarter"], name="report_branch_quarter"),
        ]

    def __str__(self):
        return f"{self.member} {self.year}Q{self.quarter}"

    @property
    def deadline(self):
        return report_deadline(self.year, self.quarter)


class Inspection(models.Model):
    """A township's quarterly inspection or a county's half-year spot check of one branch, with
    its findings, the follow-ups asked for and the branch's answer."""

    class Kind(models.TextChoices):
        TOWNSHIP_QUARTERLY = "township_quarterly", _("Township quarterly inspection")
        COUNTY_SPOT_CHECK = "county_spot_check", _("County half-year spot check")

    class FollowUp(models.TextChoices):
        NONE = "none", _("No follow-up needed")
        OPEN = "open", _("Follow-up open")
        DONE = "done", _("Follow-up done")

    branch = models.ForeignKey(
        Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="inspections"
    )
    kind = models.CharField(_("kind of inspection"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date held"))
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspected by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The township or county committee that did it.
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("inspecting organisation"), on_delete=models.PROTECT, related_name="+"
    )
    findings = models.TextField(_("findings"))
    follow_ups = models.TextField(_("follow-ups asked for"), blank=True)
    follow_up_status = models.CharField(_("follow-up"), max_length=8, choices=FollowUp.choices, default=FollowUp.NONE)
    response = models.TextField(_("branch's response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["branch", "-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(follow_up_status="open") | ~Q(follow_ups=""),
                name="assessments_inspection_open_has_follow_ups",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"

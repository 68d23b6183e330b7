"""Service points (服务积分): the rules that price a verified log entry, the points the
committee awards or deducts by hand, the snapshot of a closed month (月登记), and the
background run that closes a month for every branch of a township or county."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member, Organisation

from .log import DutyLogEntry


class PointsRule(models.Model):
    """What one kind of verified log entry earns, from a day on, as set by a county, a township
    or a branch (积分规则). For an entry the rule of the nearest organisation up the tree that
    has one in force on the entry's date wins (its branch's, else its township's, else its
    county's, else seed 002's defaults), and of that organisation's rules the one with the
    latest start not after the date (assessments.selectors.points.rule_for). A rule carries the
    points and the monthly cap together. Rows are never changed: a new rule is a new row, so
    the history stays, and a rule starts today or later, so closed months never change."""

    LEVELS = (Organisation.Level.COUNTY, Organisation.Level.TOWNSHIP, Organisation.Level.BRANCH)
    MAX_POINTS = 50
    MAX_CAP = 500

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="points_rules",
        limit_choices_to={"level__in": LEVELS},
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DutyLogEntry.Kind.choices)
    points = models.PositiveSmallIntegerField(
        _("points per entry"), validators=[MinValueValidator(0), MaxValueValidator(MAX_POINTS)]
    )
    monthly_cap = models.PositiveSmallIntegerField(
        _("monthly cap per member"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_CAP)],
        help_text=_("The most points of this kind a member earns in a month. Empty: no cap."),
    )
    starts_on = models.DateField(_("in force from"))
    reason = models.CharField(_("reason"), max_length=300)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        ordering = ["organisation", "kind", "-starts_on", "-pk"]
        indexes = [
            # rule_for: the rules of a branch's few ancestors for one kind.
            models.Index(fields=["organisation", "kind", "starts_on"], name="points_rule_org_kind_start"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.get_kind_display()} {self.points}"


class PointsAdjustment(models.Model):
    """Points the committee awards (positive) or deducts (negative) by hand, with a reason: e.g.
    extra points for an outstanding service, a deduction for missing a required activity."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="points_adjustments"
    )
    branch = models.ForeignKey(
        Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="points_adjustments"
    )
    # The first day of the month the points count in.
    month = models.DateField(_("month"))
    points = models.SmallIntegerField(_("points"), validators=[MinValueValidator(-100), MaxValueValidator(100)])
    reason = models.CharField(_("reason"), max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("points adjustment")
        verbose_name_plural = _("points adjustments")
        ordering = ["-month", "-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="assessments_pointsadjustment_first_day"),
            models.CheckConstraint(condition=~Q(points=0), name="assessments_pointsadjustment_not_zero"),
        ]
        indexes = [
            # The board: a branch's adjustments of a month or a year, summed per member.
            models.Index(fields=["branch", "month"], name="points_adjust_branch_month"),
            # The card: one member's adjustments of a year.
            models.Index(fields=["member", "month"], name="points_adjust_member_month"),
        ]

    def __str__(self):
        return f"{self.member} {self.month:%Y-%m} {self.points:+d}"


class MonthlyPoints(models.Model):
    """A member's points of a closed month, written when the branch closes it (月登记) and
    removed when it is reopened. Boards of closed months read these few rows instead of the
    month's log; the open month is computed from the log itself."""

    branch = models.ForeignKey(
        Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="monthly_points"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="monthly_points"
    )
    month = models.DateField(_("month"))
    entry_points = models.IntegerField(_("points from the log"))
    adjustment_points = models.IntegerField(_("adjustments"))
    total = models.IntegerField(_("total"))
    entries = models.PositiveIntegerField(_("verified entries"))

    class Meta:
        verbose_name = _("monthly points")
        verbose_name_plural = _("monthly points")
        ordering = ["branch", "month", "-total"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "member", "month"], name="assessments_monthlypoints_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="assessments_monthlypoints_first_day"),
        ]
        indexes = [
            # The card: one member's closed months of a year.
            models.Index(fields=["member", "month"], name="points_monthly_member"),
        ]

    def __str__(self):
        return f"{self.member} {self.month:%Y-%m} {self.total}"


class MonthCloseJob(models.Model):
    """A township or county closing a month for all its branches (月登记), run by the background
    worker (assessments/points_jobs.py), which reports its progress here for the starter's page.
    Branches that cannot close (entries still waiting for verification) are listed in
    `refused`, with the reason, rather than failing the run."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the background worker")
        RUNNING = "running", _("closing")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    # In the job's URL: unguessable.
    id = models.UUIDField(_("job number"), primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("month"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    branches = models.PositiveIntegerField(_("branches"), default=0)
    closed = models.PositiveIntegerField(_("branches closed"), default=0)
    already_closed = models.PositiveIntegerField(_("branches already closed"), default=0)
    # [{"code": ..., "name": ..., "reason": ...}] for each branch that could not close.
    refused = models.JSONField(_("branches not closed"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last heard from the worker"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("month close run")
        verbose_name_plural = _("month close runs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="assessments_monthclosejob_progress_percent"),
            models.CheckConstraint(condition=Q(month__day=1), name="assessments_monthclosejob_first_day"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.month:%Y-%m}"

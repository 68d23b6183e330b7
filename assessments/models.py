"""Doing the work and judging it: pledges, the duty log and assessments.

Only the shapes other parts depend on live here so far; their screens come later.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member
from posts.models import Assignment


class Pledge(models.Model):
    """A concrete pledge a member makes for the year (承诺), tracked to fulfilment (践诺)."""

    class Status(models.TextChoices):
        MADE = "made", _("Made")
        FULFILLED = "fulfilled", _("Fulfilled")
        UNFULFILLED = "unfulfilled", _("Not fulfilled")

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="pledges")
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("post"), null=True, blank=True, on_delete=models.SET_NULL, related_name="pledges"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.CharField(_("pledge"), max_length=300)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.MADE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["year", "pk"]

    def __str__(self):
        return self.text


class DutyLogEntry(models.Model):
    """A dated entry of what a member did on post (履岗纪实), checked by an officer."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("post"), on_delete=models.CASCADE, related_name="log_entries"
    )
    done_on = models.DateField(_("date"))
    what = models.TextField(_("what was done"))
    points = models.PositiveSmallIntegerField(_("service points"), default=0)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("duty log entry")
        verbose_name_plural = _("duty log")
        ordering = ["-done_on", "-pk"]

    def __str__(self):
        return f"{self.done_on} {self.what[:20]}"


class Assessment(models.Model):
    """A period's verdict on a member's service (考核评岗)."""

    class Period(models.TextChoices):
        QUARTER = "quarter", _("Quarterly")
        HALF_YEAR = "half_year", _("Half-year review")
        ANNUAL = "annual", _("Annual review")

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        QUALIFIED = "qualified", _("Qualified")
        BASIC = "basic", _("Basically qualified")
        UNQUALIFIED = "unqualified", _("Unqualified")

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.ANNUAL)
    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-year", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "period"],
                condition=Q(period="annual"),
                name="assessments_assessment_one_annual_per_year",
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.year} {self.get_grade_display()}"

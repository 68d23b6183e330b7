"""The duty log (履岗纪实) and the months a branch has closed (月登记)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Member, Organisation
from posts.models import Assignment


class DutyLogEntry(models.Model):
    """A dated entry of what a member did on post, verified or returned by a group leader or
    an officer. A verified entry is locked: a correction is a new entry. Its points are set
    when it is verified, from the rules in force on its date, and never change after."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual service")
        COLLECTIVE = "collective", _("Collective activity")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("post"), on_delete=models.CASCADE, related_name="log_entries"
    )
    # Copied from the assignment when the entry is made: the monthly board and the counts of a
    # township read entries by branch and member over hundreds of thousands of rows.
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="log_entries")
    branch = models.ForeignKey(
        Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="log_entries"
    )
    done_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INDIVIDUAL)
    what = models.TextField(_("what was done"))
    people_served = models.PositiveIntegerField(_("people served"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    points = models.PositiveSmallIntegerField(_("service points"), default=0)
    return_reason = models.CharField(_("reason for returning"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The collective activity this entry records attendance at (made by the activities' services).
    activity = models.ForeignKey(
        "assessments.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )

    class Meta:
        verbose_name = _("duty log entry")
        verbose_name_plural = _("duty log")
        ordering = ["-done_on", "-pk"]
        indexes = [
            models.Index(fields=["branch", "done_on"], name="log_branch_date"),
            models.Index(fields=["member", "done_on"], name="log_member_date"),
            models.Index(fields=["branch", "status", "created_at"], name="log_branch_waiting"),
        ]

    def __str__(self):
        return f"{self.done_on} {self.what[:20]}"


class LogPhoto(models.Model):
    """A photo of a log entry, resized and re-encoded without EXIF (no GPS location) when it is
    uploaded. Served only through the log's own view, to those who may read the entry."""

    entry = models.ForeignKey(
        DutyLogEntry, verbose_name=_("duty log entry"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to="log_photos/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("log photo")
        verbose_name_plural = _("log photos")
        ordering = ["entry", "pk"]

    def __str__(self):
        return self.image.name


class ClosedMonth(models.Model):
    """A month of a branch's log registered and closed (月登记): no entry dated in it is added,
    changed, verified or returned until an officer reopens it (which removes the row and is
    written to the audit log with the reason)."""

    branch = models.ForeignKey(
        Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="closed_months"
    )
    # The first day of the month.
    month = models.DateField(_("month"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        ordering = ["branch", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "month"], name="assessments_closedmonth_once"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="assessments_closedmonth_first_day"),
        ]

    def __str__(self):
        return f"{self.branch} {self.month:%Y-%m}"

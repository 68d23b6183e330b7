"""Collective activities (集体活动) and who attended them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Member, Organisation
from posts.models import BranchPost


class Activity(models.Model):
    """An activity a branch officer or group leader organises for some posts or groups. Each
    attendee gets one verified collective entry in the duty log; members who were there may
    confirm with the six-digit code shown at the activity while it is open."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    branch = models.ForeignKey(
        Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=100)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    posts = models.ManyToManyField(BranchPost, verbose_name=_("invited posts"), blank=True, related_name="+")
    groups = models.ManyToManyField(
        Organisation, verbose_name=_("invited groups"), blank=True, related_name="invited_to_activities"
    )
    code = models.CharField(_("attendance code"), max_length=6)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("collective activity")
        verbose_name_plural = _("collective activities")
        ordering = ["-held_on", "-pk"]
        constraints = [
            # A member types only the code: it must name one open activity of their branch.
            models.UniqueConstraint(
                fields=["branch", "code"],
                condition=models.Q(status="open"),
                name="assessments_activity_open_code_once",
            ),
        ]

    def __str__(self):
        return f"{self.held_on} {self.title}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class Attendance(models.Model):
    class ConfirmedBy(models.TextChoices):
        OFFICER = "officer", _("Ticked by the organiser")
        CODE = "code", _("Confirmed with the code")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="attendances")
    confirmed_by = models.CharField(_("confirmed by"), max_length=8, choices=ConfirmedBy.choices)
    entry = models.OneToOneField(
        "assessments.DutyLogEntry",
        verbose_name=_("duty log entry"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="attendance",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["activity", "member__name"]
        constraints = [
            # An attendee is counted (and earns points) once, whether ticked or by code.
            models.UniqueConstraint(fields=["activity", "member"], name="assessments_attendance_once"),
        ]

    def __str__(self):
        return f"{self.activity} · {self.member}"

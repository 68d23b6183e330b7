"""Mentoring pairs (帮带): one or two full members help an activist towards membership."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member, Organisation


class MentoringPair(models.Model):
    """Full members of the branch paired with an activist for a time. Ended pairs stay, with
    the date and reason, so the activist's history reads in order."""

    branch = models.ForeignKey(
        Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="mentoring_pairs"
    )
    mentee = models.ForeignKey(Member, verbose_name=_("activist"), on_delete=models.CASCADE, related_name="mentored_in")
    mentors = models.ManyToManyField(Member, verbose_name=_("mentors"), related_name="mentoring")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set up by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")
        ordering = ["branch", "-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="assessments_mentoringpair_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.mentee} · {self.starts_on}"

    @property
    def is_active(self):
        return self.ends_on is None


class MentoringNote(models.Model):
    """A meeting of mentors and activist: when, and what was talked about."""

    pair = models.ForeignKey(
        MentoringPair, verbose_name=_("mentoring pair"), on_delete=models.CASCADE, related_name="notes"
    )
    met_on = models.DateField(_("met on"))
    notes = models.TextField(_("notes"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring note")
        verbose_name_plural = _("mentoring notes")
        ordering = ["-met_on", "-pk"]

    def __str__(self):
        return f"{self.met_on} {self.notes[:20]}"

"""Pledges (承诺 → 践诺 → 评诺)."""

from django.db import models
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

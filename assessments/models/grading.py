"""A period's verdict on a member's service (考核评岗)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member


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

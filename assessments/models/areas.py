"""Responsibility areas (党员责任区) and what members do in them (活动台账)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member, Organisation


class ResponsibilityArea(models.Model):
    """A part of the branch's ground a few members answer for in a year: a lane, a block, a
    set of households or a team, with its scope and duties. Every member on post should have
    one (the seed asks for 100% coverage)."""

    class Kind(models.TextChoices):
        LANE = "lane", _("Lane or street")
        BLOCK = "block", _("Block or building")
        HOUSEHOLDS = "households", _("Set of households")
        TEAM = "team", _("Team or work group")
        OTHER = "other", _("Other")

    branch = models.ForeignKey(
        Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="responsibility_areas"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("area"), max_length=60)
    kind = models.CharField(_("kind of area"), max_length=12, choices=Kind.choices, default=Kind.LANE)
    scope = models.CharField(_("scope"), max_length=200, blank=True, help_text=_("Which lanes, houses or people."))
    duties = models.TextField(_("duties in the area"))
    members = models.ManyToManyField(
        Member, verbose_name=_("members"), through="AreaMember", related_name="responsibility_areas"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("responsibility area")
        verbose_name_plural = _("responsibility areas")
        ordering = ["branch", "year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year", "name"], name="assessments_area_name_once"),
        ]

    def __str__(self):
        return self.name


class AreaMember(models.Model):
    """A member answering for an area; one of them may lead it (and records its activities)."""

    area = models.ForeignKey(
        ResponsibilityArea, verbose_name=_("responsibility area"), on_delete=models.CASCADE, related_name="area_members"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+")
    is_lead = models.BooleanField(_("leads the area"), default=False)

    class Meta:
        verbose_name = _("area member")
        verbose_name_plural = _("area members")
        ordering = ["-is_lead", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "member"], name="assessments_areamember_once"),
            models.UniqueConstraint(fields=["area"], condition=Q(is_lead=True), name="assessments_areamember_one_lead"),
        ]

    def __str__(self):
        return f"{self.area} · {self.member}"


class AreaActivity(models.Model):
    """One line of an area's activity ledger (样例4): what was done there, when, by whom."""

    area = models.ForeignKey(
        ResponsibilityArea, verbose_name=_("responsibility area"), on_delete=models.CASCADE, related_name="activities"
    )
    held_on = models.DateField(_("date"))
    what = models.CharField(_("name of the activity"), max_length=100)
    result = models.TextField(_("what was done and its result"))
    notes = models.CharField(_("remarks"), max_length=200, blank=True)
    participants = models.ManyToManyField(Member, verbose_name=_("who took part"), related_name="area_activities")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("area activity")
        verbose_name_plural = _("area activities")
        ordering = ["-held_on", "-pk"]
        indexes = [
            # An area's ledger, newest first.
            models.Index(fields=["area", "held_on"], name="areaactivity_area_date"),
        ]

    def __str__(self):
        return f"{self.held_on} {self.what}"

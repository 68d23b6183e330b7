"""Pledges (承诺 → 践诺 → 评诺).

A member on post makes a few concrete pledges for the year, tied to the post (承诺); the
branch makes its own. The committee accepts each one or returns it with a reason; accepted
pledges are published. Through the year the member notes progress, with duty-log entries as
evidence (践诺); at the target date the committee sets the outcome with a reason, and the
branch may record self, peer, public and leader comments (评诺).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member, Organisation
from posts.models import Assignment

from .log import DutyLogEntry


class Pledge(models.Model):
    """One pledge for a year: a member's (`member` set) or the branch's own (`member` empty)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for review")
        RETURNED = "returned", _("Returned for changes")
        ACCEPTED = "accepted", _("Accepted")
        FULFILLED = "fulfilled", _("Fulfilled")
        PARTLY = "partly", _("Partly fulfilled")
        NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")

    # The maker may change these; the committee has not accepted them yet.
    OPEN = (Status.DRAFT, Status.RETURNED)
    # The outcome the committee sets at or after the target date (践诺情况).
    OUTCOMES = (Status.FULFILLED, Status.PARTLY, Status.NOT_FULFILLED)
    # Accepted, with or without an outcome: published on notices, boards and papers.
    PUBLISHED = (Status.ACCEPTED, *OUTCOMES)

    branch = models.ForeignKey(Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="pledges")
    member = models.ForeignKey(
        Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.CASCADE, related_name="pledges"
    )
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("post"), null=True, blank=True, on_delete=models.SET_NULL, related_name="pledges"
    )
    # For the branch's own pledges (明确责任人): who sees to it.
    responsible = models.ForeignKey(
        Member,
        verbose_name=_("person responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.CharField(_("pledge"), max_length=300)
    # The line of the post's duties the pledge was picked from; empty when written freely.
    from_duty = models.CharField(_("from the duty"), max_length=300, blank=True)
    due_on = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.DRAFT)
    # Why the member makes fewer than the rules ask (age, health), given when submitting.
    fewer_note = models.CharField(_("why fewer pledges"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.CharField(_("reason for returning"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("outcome set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome_at = models.DateTimeField(_("outcome set at"), null=True, blank=True)
    outcome_reason = models.CharField(_("reason for the outcome"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="assessments_pledge_returned_says_why"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["fulfilled", "partly", "not_fulfilled"]) | ~Q(outcome_reason=""),
                name="assessments_pledge_outcome_says_why",
            ),
        ]
        indexes = [
            # The committee's list and the published pledges: a branch's pledges of a year by status.
            models.Index(fields=["branch", "year", "status"], name="pledge_branch_year_status"),
            # A member's pledges of a year (their page, the limits).
            models.Index(fields=["member", "year"], name="pledge_member_year"),
        ]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        # Rows made outside the services (fixtures of other parts) name only the member.
        if self.branch_id is None and self.member_id is not None:
            self.branch_id = Member.objects.values_list("branch_id", flat=True).get(pk=self.member_id)
        super().save(*args, **kwargs)

    @property
    def is_branchs(self):
        return self.member_id is None

    @property
    def is_published(self):
        return self.status in self.PUBLISHED


class PledgeProgress(models.Model):
    """A note of what has been done towards a pledge (践诺), with duty-log entries as evidence."""

    pledge = models.ForeignKey(Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="progress")
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    entries = models.ManyToManyField(
        DutyLogEntry, verbose_name=_("duty log entries"), blank=True, related_name="pledge_progress"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge progress")
        verbose_name_plural = _("pledge progress")
        ordering = ["noted_on", "pk"]

    def __str__(self):
        return f"{self.noted_on} {self.text[:20]}"


class PledgeEvaluation(models.Model):
    """A comment on how a pledge was kept (评诺): the member's own, a fellow member's, the
    public's or a leader's, as the branch gathers them."""

    class Source(models.TextChoices):
        SELF = "self", _("Self-evaluation")
        PEER = "peer", _("Fellow members")
        PUBLIC = "public", _("The public")
        LEADER = "leader", _("Leader's comment")

    pledge = models.ForeignKey(Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="evaluations")
    source = models.CharField(_("from"), max_length=8, choices=Source.choices)
    comment = models.TextField(_("comment"))
    # Who entered it; a comment from the public is entered by an officer.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge evaluation")
        verbose_name_plural = _("pledge evaluations")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_source_display()}: {self.comment[:20]}"

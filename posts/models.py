"""The post catalogue and the life of a post: 设岗 → 认岗 → 议岗/定岗 → 公示 → 责任书 → 上岗.

State lives in rows and every change is appended as an AssignmentEvent, so a
member's history is read, never reconstructed. Writes go through posts.services.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Member, Organisation
from papers import links


class PostClass(models.Model):
    """A class of posts (思想政治类, 民主监督类, …). Shared by everyone; ordered for display."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("post class")
        verbose_name_plural = _("post classes")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class PostType(models.Model):
    """A post in the catalogue, with its duties.

    owner empty: a preset shipped with the product (for the branch kinds listed);
    owner a county or township: a common post (共性岗位) its branches may adopt;
    owner a branch: that branch's own post (个性岗位).
    """

    post_class = models.ForeignKey(
        PostClass, verbose_name=_("post class"), on_delete=models.PROTECT, related_name="post_types"
    )
    name = models.CharField(_("name"), max_length=50)
    duties = models.TextField(_("duties"))
    # One concrete service item per line (履岗菜单), e.g. "每月开展一次夜间巡逻".
    service_menu = models.TextField(_("duty menu"), blank=True, help_text=_("One concrete service item per line."))
    targets = models.TextField(_("quantified targets"), blank=True)
    branch_kinds = models.JSONField(
        _("suits branch kinds"), default=list, blank=True, help_text=_("Branch kinds this preset suits; empty for all.")
    )
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="post_types",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("post type")
        verbose_name_plural = _("post catalogue")
        ordering = ["post_class__order", "name"]
        constraints = [
            # Two constraints, not nulls_distinct=False, which SQLite cannot enforce.
            models.UniqueConstraint(
                fields=["owner", "name"], condition=Q(owner__isnull=False), name="posts_posttype_unique_name_per_owner"
            ),
            models.UniqueConstraint(
                fields=["name"], condition=Q(owner__isnull=True), name="posts_posttype_unique_preset_name"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def service_items(self):
        return [line.strip() for line in self.service_menu.splitlines() if line.strip()]


class BranchPost(models.Model):
    """A post a branch has set for one year (term), with its headcount (职数)."""

    branch = models.ForeignKey(
        Organisation,
        verbose_name=_("branch"),
        on_delete=models.CASCADE,
        related_name="branch_posts",
        limit_choices_to={"level": "branch"},
    )
    post_type = models.ForeignKey(
        PostType, verbose_name=_("post type"), on_delete=models.PROTECT, related_name="branch_posts"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    headcount = models.PositiveSmallIntegerField(_("headcount"), default=1)
    lead = models.ForeignKey(
        Member, verbose_name=_("class lead"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_cadre = models.ForeignKey(
        Member, verbose_name=_("cadre contact"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_open = models.BooleanField(_("open for claims"), default=True)
    extra_duties = models.TextField(
        _("additional duties"), blank=True, help_text=_("What this branch adds to the catalogue duties.")
    )

    class Meta:
        verbose_name = _("branch post")
        verbose_name_plural = _("branch posts")
        ordering = ["branch", "year", "post_type__post_class__order", "post_type__name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "post_type", "year"], name="posts_branchpost_unique_per_year"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="posts_branchpost_headcount_positive"),
        ]

    def __str__(self):
        return f"{self.post_type.name}（{self.year}）"

    @property
    def duties(self):
        return "\n".join(filter(None, [self.post_type.duties, self.extra_duties]))


class ClaimRound(models.Model):
    """The window in which a branch's members may claim posts (认岗)."""

    branch = models.ForeignKey(
        Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="claim_rounds"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim round")
        verbose_name_plural = _("claim rounds")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="posts_claimround_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.branch} {self.starts_on}–{self.ends_on}"


class Claim(models.Model):
    """An application for a post: by the member, or a nomination by someone else."""

    class Source(models.TextChoices):
        SELF = "self", _("Own application")
        MEMBER = "member", _("Nominated by a member")
        PUBLIC = "public", _("Recommended by the public")
        BRANCH = "branch", _("Nominated by the branch")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        MOVED = "moved", _("Moved to another post")

    post = models.ForeignKey(BranchPost, verbose_name=_("post"), on_delete=models.CASCADE, related_name="claims")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="claims")
    claim_round = models.ForeignKey(
        ClaimRound,
        verbose_name=_("claim round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SELF)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    statement = models.TextField(_("why I fit this post"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    votes = models.PositiveIntegerField(_("recommendation votes"), null=True, blank=True)
    votes_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("votes recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    votes_recorded_at = models.DateTimeField(_("votes recorded at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at"]
        constraints = [
            # One live claim per member and post; a withdrawn or rejected one may be followed by another.
            models.UniqueConstraint(
                fields=["post", "member"], condition=Q(status="pending"), name="posts_claim_one_pending_per_post"
            ),
        ]
        indexes = [
            # The review page and the overview count and list a post's claims by status.
            models.Index(fields=["post", "status"], name="posts_claim_post_status"),
        ]

    def __str__(self):
        return f"{self.member} → {self.post}"


class Assignment(models.Model):
    """A member holding (or about to hold) a post. Counts against the headcount while live."""

    class Status(models.TextChoices):
        APPROVED = "approved", _("Approved, awaiting notice")
        ON_NOTICE = "on_notice", _("On public notice")
        EFFECTIVE = "effective", _("Effective, awaiting letter")
        ON_POST = "on_post", _("On post")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn after objection")
        REMOVED = "removed", _("Removed from post")
        TRANSFERRED = "transferred", _("Transferred")
        ENDED = "ended", _("Term ended")

    # What "holding a post" means, in one place. LIVE: holds a place of the post's headcount.
    LIVE = (Status.APPROVED, Status.ON_NOTICE, Status.EFFECTIVE, Status.ON_POST, Status.SUSPENDED)
    # HOLDING: past the notice and still holding the post (has a letter; the term can end).
    HOLDING = (Status.EFFECTIVE, Status.ON_POST, Status.SUSPENDED)
    # SERVING: holding it and not suspended (待岗): may be transferred or carried into a new
    # term, and shows a certificate. Coverage counts ON_POST alone (posts.selectors.coverage).
    SERVING = (Status.EFFECTIVE, Status.ON_POST)

    post = models.ForeignKey(BranchPost, verbose_name=_("post"), on_delete=models.PROTECT, related_name="assignments")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="assignments")
    claim = models.OneToOneField(
        Claim, verbose_name=_("claim"), null=True, blank=True, on_delete=models.SET_NULL, related_name="assignment"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.APPROVED)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["post", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member"],
                condition=Q(status__in=["approved", "on_notice", "effective", "on_post", "suspended"]),
                name="posts_assignment_one_live_per_post_member",
            ),
        ]
        indexes = [
            # Headcount checks and the overview count live assignments per post.
            models.Index(fields=["post", "status"], name="posts_assignment_post_status"),
        ]

    def __str__(self):
        return f"{self.member} · {self.post}"

    @property
    def is_live(self):
        return self.status in self.LIVE


class AssignmentEvent(models.Model):
    """One change in a member's post history: who did what, when and why."""

    class Action(models.TextChoices):
        APPROVED = "approved", _("Approved")
        NOTICED = "noticed", _("Put on public notice")
        WITHDRAWN = "withdrawn", _("Withdrawn after objection")
        EFFECTIVE = "effective", _("Took effect")
        SIGNED = "signed", _("Letter signed")
        TRAINED = "trained", _("Training recorded")
        ON_POST = "on_post", _("Went on post")
        TRANSFERRED = "transferred", _("Transferred")
        SUSPENDED = "suspended", _("Suspended")
        REINSTATED = "reinstated", _("Reinstated")
        REMOVED = "removed", _("Removed")
        ENDED = "ended", _("Term ended")
        RENEWED = "renewed", _("Carried over to a new term")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    from_status = models.CharField(_("from status"), max_length=12, blank=True)
    to_status = models.CharField(_("to status"), max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assignment event")
        verbose_name_plural = _("assignment history")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.assignment}"


def _new_token():
    return secrets.token_urlsafe(6)


class Notice(models.Model):
    """A public notice (公示) of a batch of approved assignments."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for objections")
        CLOSED = "closed", _("Closed")

    branch = models.ForeignKey(Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="notices")
    title = models.CharField(_("title"), max_length=100)
    # The short link printed on paper and in the QR code: unguessable, no personal data.
    token = models.CharField(_("short link code"), max_length=16, unique=True, default=_new_token, editable=False)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    assignments = models.ManyToManyField(Assignment, verbose_name=_("assignments"), related_name="notices")
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="posts_notice_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    def public_url(self, base_url=None):
        """The absolute short link printed on paper and encoded in the QR code; `base_url`
        is `links.base_url(request)` wherever there is a request."""
        return (base_url or links.base_url()).rstrip("/") + reverse("public_notice", args=[self.token])


class Objection(models.Model):
    """An objection or feedback from anyone reading a notice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting handling")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")
        NOTED = "noted", _("Noted as feedback")

    notice = models.ForeignKey(Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="objections")
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("about"), null=True, blank=True, on_delete=models.SET_NULL, related_name="objections"
    )
    text = models.TextField(_("objection or feedback"))
    name = models.CharField(_("name"), max_length=50, blank=True)
    contact = models.CharField(_("contact"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    resolution = models.TextField(_("how it was handled"), blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-created_at"]

    def __str__(self):
        return self.text[:30]


class ResponsibilityLetter(models.Model):
    """The target responsibility letter (目标责任状) for one effective assignment.

    Duties and obligations are copied in when the letter is made, so a later edit of
    the catalogue never changes what was signed.
    """

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="letter"
    )
    duties = models.TextField(_("duties"))
    member_obligations = models.TextField(_("member's obligations"))
    branch_obligations = models.TextField(_("branch's obligations"))
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"))
    member_signed_on = models.DateField(_("member signed on"), null=True, blank=True)
    branch_signed_on = models.DateField(_("branch signed on"), null=True, blank=True)
    trained_on = models.DateField(_("pre-post training on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("responsibility letter")
        verbose_name_plural = _("responsibility letters")

    def __str__(self):
        return str(self.assignment)


class Policy(models.Model):
    """The 设岗定责 rules an organisation sets (设岗定责规则): a county for its townships and
    branches, a township for its branches, a branch for itself. One row per organisation;
    every rule is a nullable field, empty meaning "as the organisation above says", resolved
    per rule by the nearest ancestor that sets it and, when none does, by DEFAULTS
    (posts.selectors.policies_for). Written only through posts.services.policy.set_policy,
    which keeps each change as a PolicyChange row.

    To add a rule: a nullable field here with its validators, its default in DEFAULTS, and a
    migration; nothing else changes (resolution, the admin and the overview box read RULES).
    Versioning (ROADMAP: assessment rules per period) will add `effective_from` with a unique
    (organisation, effective_from): resolution then reads, per organisation, the newest row in
    effect on the day asked about, and today's rows become the ones in effect from the start.
    """

    # The built-in rules, in force wherever no organisation above sets one.
    DEFAULTS = {
        "min_notice_working_days": 5,
        # Per cent of members expected to serve who are on post; below it a branch "lags"
        # (落后) on the township and county lists. 60% is a common floor in practice.
        "coverage_floor_percent": 60,
        # Days after it opens that a new claim round is proposed to close (the branch may change
        # the dates when it opens the round).
        "claim_round_days": 14,
    }
    RULES = tuple(DEFAULTS)
    # The values a rule may take, for the validators below and for set_policy's messages.
    BOUNDS = {"min_notice_working_days": (1, 30), "coverage_floor_percent": (0, 100), "claim_round_days": (1, 90)}
    LEVELS = ("county", "township", "branch")

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="policy",
        limit_choices_to={"level__in": LEVELS},
    )
    min_notice_working_days = models.PositiveSmallIntegerField(
        _("minimum notice period (working days)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(BOUNDS["min_notice_working_days"][0]),
            MaxValueValidator(BOUNDS["min_notice_working_days"][1]),
        ],
        help_text=_(
            "Working days (Monday to Friday) a public notice must last, counting the first. "
            "Empty: as the organisation above sets, or 5."
        ),
    )
    coverage_floor_percent = models.PositiveSmallIntegerField(
        _("coverage floor (%)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(BOUNDS["coverage_floor_percent"][0]),
            MaxValueValidator(BOUNDS["coverage_floor_percent"][1]),
        ],
        help_text=_(
            "Branches with posts set whose coverage is below this share are marked as lagging. "
            "Empty: as the organisation above sets, or 60."
        ),
    )
    claim_round_days = models.PositiveSmallIntegerField(
        _("claim round length (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(BOUNDS["claim_round_days"][0]), MaxValueValidator(BOUNDS["claim_round_days"][1])],
        help_text=_(
            "How many days after it opens a new claim round is proposed to close. "
            "Empty: as the organisation above sets, or 14."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("post rules")
        verbose_name_plural = _("post rules")
        ordering = ["organisation__path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_notice_working_days__isnull=True)
                | Q(min_notice_working_days__gte=1, min_notice_working_days__lte=30),
                name="posts_policy_notice_days_range",
            ),
            models.CheckConstraint(
                condition=Q(coverage_floor_percent__isnull=True) | Q(coverage_floor_percent__lte=100),
                name="posts_policy_coverage_floor_range",
            ),
            models.CheckConstraint(
                condition=Q(claim_round_days__isnull=True) | Q(claim_round_days__gte=1, claim_round_days__lte=90),
                name="posts_policy_claim_round_days_range",
            ),
        ]

    def __str__(self):
        return str(self.organisation)


class PolicyChange(models.Model):
    """One change of an organisation's rules: who, when, why, and each rule's old and new
    value (None: inherited). Kept as rows so the audit log can take them over."""

    policy = models.ForeignKey(Policy, verbose_name=_("post rules"), on_delete=models.CASCADE, related_name="changes")
    changes = models.JSONField(_("changes"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("change of post rules")
        verbose_name_plural = _("changes of post rules")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.policy} {self.at:%Y-%m-%d}"

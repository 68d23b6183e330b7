"""The organisation tree, the roster of people, and who holds which role where."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import idnumber


class Organisation(models.Model):
    class Level(models.TextChoices):
        COUNTY = "county", _("County / district")
        TOWNSHIP = "township", _("Township / street")
        BRANCH = "branch", _("Party branch")
        GROUP = "group", _("Party group / grid")

    class Kind(models.TextChoices):
        VILLAGE = "village", _("Village")
        COMMUNITY = "community", _("Urban community")
        ENTERPRISE = "enterprise", _("Enterprise")
        INSTITUTION = "institution", _("Institution / school")
        GRID = "grid", _("Grid-based")

    # Which level may sit directly under which: the tree is always county → township → branch → group.
    PARENT_LEVEL = {
        Level.TOWNSHIP: Level.COUNTY,
        Level.BRANCH: Level.TOWNSHIP,
        Level.GROUP: Level.BRANCH,
    }

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("branch kind"), max_length=16, choices=Kind.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of codes ("/C01/T01/B03/"): scoping a query to a subtree is one
    # indexed prefix match instead of a recursive walk.
    path = models.CharField(_("path"), max_length=255, editable=False, db_index=True)
    secretary_name = models.CharField(_("secretary"), max_length=50, blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # Claim rules differ between branches (DOMAIN: "the product makes the rule configurable").
    posts_per_person = models.PositiveSmallIntegerField(
        _("posts per person"),
        default=1,
        help_text=_("How many posts one person may hold in this branch at the same time."),
    )
    office_holders_may_claim = models.BooleanField(
        _("office holders may claim posts"),
        default=False,
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                name="members_organisation_kind_only_for_branches",
                condition=Q(level="branch") | Q(kind=""),
            ),
            # A county and only a county is a root. That the parent sits exactly one level up
            # (township under county, branch under township, group under branch) needs the
            # parent's row, which a CHECK cannot read: a trigger enforces it (migration 0003).
            models.CheckConstraint(
                name="members_organisation_county_iff_root",
                condition=Q(level="county", parent__isnull=True) | (~Q(level="county") & Q(parent__isnull=False)),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = (self.parent.path if self.parent else "/") + f"{self.code}/"
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                # A renamed code or a move carries the whole subtree with it.
                for child in Organisation.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = self.path + child.path[len(old_path) :]
                    child.save(update_fields=["path"])

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.level == self.Level.COUNTY and self.parent_id:
            raise ValidationError({"parent": _("A county is the top of the tree: leave the parent empty.")})
        expected = self.PARENT_LEVEL.get(self.level)
        if expected and (self.parent is None or self.parent.level != expected):
            raise ValidationError(
                {
                    "parent": _("A %(level)s must sit under a %(parent)s.")
                    % {
                        "level": self.get_level_display(),
                        "parent": self.Level(expected).label,
                    }
                }
            )
        if self.level == self.Level.BRANCH and not self.kind:
            raise ValidationError({"kind": _("Choose the kind of branch.")})
        if self.pk and Organisation.objects.filter(parent=self.pk).exclude(level=self.child_level()).exists():
            # The database refuses it too; here it is a message instead of an error page.
            raise ValidationError(
                {"level": _("Organisations below this one would no longer fit under it: move them first.")}
            )

    def child_level(self):
        """The level of the organisations directly below this one (None under a group)."""
        return next((child for child, parent in self.PARENT_LEVEL.items() if parent == self.level), None)

    @property
    def is_branch(self):
        return self.level == self.Level.BRANCH

    def branch(self):
        """The branch this organisation belongs to (itself for a branch, the parent for a group)."""
        if self.level == self.Level.GROUP:
            return self.parent
        return self if self.is_branch else None

    def ancestors_and_self(self):
        codes = [c for c in self.path.strip("/").split("/") if c]
        return Organisation.objects.filter(code__in=codes).order_by("path")


def expected_to_serve(via=""):
    """Who a branch expects to take a post (no office, not exempted): the denominator of
    coverage. `via` reaches members from another model ("member__"), so pages that count in
    one grouped query use the same rule as available_for_posts."""
    return Q(**{f"{via}office": "", f"{via}exempt": False})


class MemberQuerySet(models.QuerySet):
    def without_office(self):
        return self.filter(office="")

    def available_for_posts(self):
        """People a branch expects to take a post: no office, not exempted."""
        return self.filter(expected_to_serve())


class Member(models.Model):
    """A person on a branch's roster: a Party member, probationary member, activist or non-member."""

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Education(models.TextChoices):
        POSTGRADUATE = "postgraduate", _("Postgraduate")
        BACHELOR = "bachelor", _("Bachelor")
        COLLEGE = "college", _("Junior college")
        VOCATIONAL = "vocational", _("Secondary vocational")
        HIGH_SCHOOL = "high_school", _("High school")
        MIDDLE_SCHOOL = "middle_school", _("Middle school")
        PRIMARY = "primary", _("Primary school or below")

    class Category(models.TextChoices):
        FULL = "full", _("Full member")
        PROBATIONARY = "probationary", _("Probationary member")
        ACTIVIST = "activist", _("Activist")
        NON_MEMBER = "non_member", _("Non-member talent")

    class Health(models.TextChoices):
        GOOD = "good", _("Good")
        FAIR = "fair", _("Fair")
        POOR = "poor", _("Poor")
        UNABLE = "unable", _("Unable to serve")

    class Household(models.TextChoices):
        WELL_OFF = "well_off", _("Well-off")
        ORDINARY = "ordinary", _("Ordinary")
        DIFFICULTY = "difficulty", _("In difficulty")

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    # Both may be left empty on forms: clean() derives them from the ID number.
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族", blank=True)
    birth_date = models.DateField(_("birth date"), blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        unique=True,
        validators=[idnumber.validate_id_number],
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    show_phone_publicly = models.BooleanField(
        _("phone may be shown publicly"),
        default=False,
        help_text=_("Only with the member's consent is the phone printed on public notices."),
    )
    joined_party_on = models.DateField(_("joined the Party on"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, default=Category.FULL)
    office = models.CharField(
        _("office held"),
        max_length=50,
        blank=True,
        help_text=_("Leave empty for members without office."),
    )
    branch = models.ForeignKey(
        Organisation,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"level": Organisation.Level.BRANCH},
    )
    group = models.ForeignKey(
        Organisation,
        verbose_name=_("party group / grid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_members",
        limit_choices_to={"level": Organisation.Level.GROUP},
    )
    specialities = models.CharField(_("specialities and skills"), max_length=200, blank=True)
    health = models.CharField(_("health"), max_length=10, choices=Health.choices, default=Health.GOOD)
    works_away = models.BooleanField(_("works away from home"), default=False)
    household = models.CharField(
        _("household situation"),
        max_length=12,
        choices=Household.choices,
        default=Household.ORDINARY,
    )
    exempt = models.BooleanField(_("exempted from posts"), default=False)
    exemption_reason = models.CharField(_("exemption reason"), max_length=200, blank=True)
    exemption_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exemption approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    exempted_at = models.DateTimeField(_("exempted at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("roster member")
        verbose_name_plural = _("roster")
        ordering = ["branch", "name"]
        indexes = [
            # The roster list of one branch, filtered by group and status, sorted by name.
            models.Index(fields=["branch", "name"], name="members_member_branch_name"),
        ]
        constraints = [
            models.CheckConstraint(
                name="members_member_exemption_has_reason",
                condition=Q(exempt=False) | ~Q(exemption_reason=""),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_id_number(self):
        return idnumber.mask(self.id_number)

    @property
    def has_office(self):
        return bool(self.office)

    def clean_fields(self, exclude=None):
        # Normalise before the length check: pasted numbers carry spaces and a lower-case x.
        self.id_number = idnumber.normalise(self.id_number)
        super().clean_fields(exclude=exclude)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.id_number and not idnumber.problem(self.id_number):
            if not self.birth_date:
                self.birth_date = idnumber.birth_date(self.id_number)
            if not self.gender:
                self.gender = idnumber.gender(self.id_number)
        if self.group_id and self.group.parent_id != self.branch_id:
            raise ValidationError({"group": _("This group does not belong to the member's branch.")})
        if self.exempt and not self.exemption_reason:
            raise ValidationError({"exemption_reason": _("Give the reason for the exemption.")})


class Role(models.Model):
    """An officer's role at one organisation. Members need no row: their roster record says it."""

    class Kind(models.TextChoices):
        GROUP_LEADER = "group_leader", _("Group / grid leader")
        BRANCH_COMMITTEE = "branch_committee", _("Branch committee member")
        BRANCH_SECRETARY = "branch_secretary", _("Branch secretary")
        TOWNSHIP_OFFICIAL = "township_official", _("Township official")
        COUNTY_OFFICIAL = "county_official", _("County organisation department")

    # The level each role is held at.
    LEVEL = {
        Kind.GROUP_LEADER: Organisation.Level.GROUP,
        Kind.BRANCH_COMMITTEE: Organisation.Level.BRANCH,
        Kind.BRANCH_SECRETARY: Organisation.Level.BRANCH,
        Kind.TOWNSHIP_OFFICIAL: Organisation.Level.TOWNSHIP,
        Kind.COUNTY_OFFICIAL: Organisation.Level.COUNTY,
    }
    MANAGING = {Kind.BRANCH_COMMITTEE, Kind.BRANCH_SECRETARY}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    kind = models.CharField(_("role"), max_length=24, choices=Kind.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "kind"],
                name="members_role_unique_per_org",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.organisation}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.organisation_id and self.organisation.level != self.LEVEL[self.kind]:
            raise ValidationError(
                {
                    "organisation": _("This role is held at the %(level)s level.")
                    % {
                        "level": Organisation.Level(self.LEVEL[self.kind]).label,
                    }
                }
            )


class RoleEvent(models.Model):
    """A role granted or revoked, by whom and when. Role rows are the roles held now; this is
    their history, kept when a role is revoked or its holder's account is gone."""

    class Action(models.TextChoices):
        GRANTED = "granted", _("Granted")
        REVOKED = "revoked", _("Revoked")

    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("role"), max_length=24, choices=Role.Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.user} · {self.get_kind_display()} · {self.organisation}"


class PasswordState(models.Model):
    """Whether an account still has a password somebody else set (an initial password on a
    printed slip, or a reset by an officer): its holder must choose their own before anything else."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="password_state",
    )
    must_change = models.BooleanField(_("must change password"), default=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("password set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(_("password set at"), null=True, blank=True)

    class Meta:
        verbose_name = _("password state")
        verbose_name_plural = _("password states")

    def __str__(self):
        return str(self.user)

"""Reads for the catalogue and a branch's posts for a year: post types a branch may adopt,
those a user reads or edits, the posts set for a year and the claim rounds."""

from django.db.models import Count, F, Q
from django.utils import timezone

from members.models import Organisation

from ..models import (
    Assignment,
    BranchPost,
    Claim,
    ClaimRound,
    PostType,
)

COMMON_OWNER_LEVELS = (Organisation.Level.COUNTY, Organisation.Level.TOWNSHIP)


# -- the catalogue ---------------------------------------------------------------


def suits(post_type, branch):
    return not post_type.branch_kinds or branch.kind in post_type.branch_kinds


def adoptable_types(branch, year=None):
    """Presets for the branch's kind, common posts of its township and county, and its own posts.

    With a year, the types the branch has set for that year already are left out.
    """
    qs = (
        PostType.objects.filter(is_active=True)
        .filter(Q(owner__isnull=True) | Q(owner__in=branch.ancestors_and_self()))
        .select_related("post_class", "owner")
        .order_by("post_class__order", "owner__path", "name")
    )
    if year is not None:
        qs = qs.exclude(pk__in=BranchPost.objects.filter(branch=branch, year=year).values("post_type"))
    # Kinds are a short JSON list; SQLite cannot search JSON lists, and a catalogue is a
    # few dozen rows, so they are matched here.
    return [t for t in qs if suits(t, branch)]


def visible_post_types(scope):
    """The catalogue a user reads: presets, post types of organisations in their scope, and
    the common posts of the townships and county above those organisations."""
    if scope.is_superuser:
        return PostType.objects.all()
    above = {code for path in scope.paths("posts.read") for code in path.strip("/").split("/")}
    in_scope = scope.filter(PostType.objects.all(), "posts.read", via="owner")
    return PostType.objects.filter(Q(owner__isnull=True) | Q(owner__code__in=above) | Q(pk__in=in_scope.values("pk")))


def common_post_types(scope):
    """Common posts (共性岗位) the user publishes: those of the county or townships they oversee."""
    return (
        scope.filter(
            PostType.objects.filter(owner__level__in=COMMON_OWNER_LEVELS), "catalogue.publish_common", via="owner"
        )
        .select_related("post_class", "owner")
        .order_by("owner__path", "post_class__order", "name")
    )


def editable_post_types(scope):
    """Post types the user may edit: their branch's own posts and the common posts they publish."""
    own = scope.filter(PostType.objects.filter(owner__level=Organisation.Level.BRANCH), "posts.set_up", via="owner")
    return (own | common_post_types(scope)).select_related("post_class", "owner")


def common_owners(scope):
    """The county and townships for which the user may publish common posts."""
    return scope.organisations("catalogue.publish_common").filter(level__in=COMMON_OWNER_LEVELS)


# -- a branch's posts for a year ---------------------------------------------------


def with_counts(posts):
    """Annotate live assignments (places taken), pending claims and all claims per post."""
    return posts.annotate(
        taken=Count("assignments", filter=Q(assignments__status__in=Assignment.LIVE), distinct=True),
        pending=Count("claims", filter=Q(claims__status=Claim.Status.PENDING), distinct=True),
        claim_total=Count("claims", distinct=True),
    ).annotate(places_left=F("headcount") - F("taken"))


def branch_posts(branch, year):
    posts = BranchPost.objects.filter(branch=branch, year=year).select_related(
        "post_type__post_class",
        "post_type__owner",
        "lead",
        "contact_cadre",
    )
    return with_counts(posts).order_by("post_type__post_class__order", "post_type__name")


def open_round(branch, today=None):
    """The claim round running in the branch today, if any."""
    today = today or timezone.localdate()
    return ClaimRound.objects.filter(branch=branch, starts_on__lte=today, ends_on__gte=today).first()


def working_year(branch, today=None):
    """The year the post pages show by default: the running round's, else the calendar year."""
    today = today or timezone.localdate()
    current = open_round(branch, today)
    return current.year if current else today.year


def rounds(branch):
    return ClaimRound.objects.filter(branch=branch).select_related("opened_by").order_by("-starts_on")

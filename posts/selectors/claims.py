"""Reads for claims and their review."""

from django.db.models import Count, F, Prefetch, Q

from members.models import Member

from ..models import (
    Assignment,
    Claim,
    Notice,
)
from .catalogue import branch_posts

# -- claims -------------------------------------------------------------------------


def member_claims(member):
    """The member's claims with what the "next step" line needs: the round, the assignment
    and the notices it is on (newest first)."""
    return (
        Claim.objects.filter(member=member)
        .select_related("post__post_type", "post__branch", "assignment__post__post_type", "claim_round")
        .prefetch_related(
            Prefetch("assignment__notices", queryset=Notice.objects.order_by("-starts_on"), to_attr="notice_list")
        )
        .order_by("-created_at")
    )


def pending_post_ids(member):
    return set(Claim.objects.filter(member=member, status=Claim.Status.PENDING).values_list("post_id", flat=True))


def held_post_ids(member):
    """Posts the member holds a place on (approved up to on post, or suspended)."""
    return set(Assignment.objects.filter(member=member, status__in=Assignment.LIVE).values_list("post_id", flat=True))


def nominees(branch, post=None):
    """Who may be nominated for a post of the branch: its members expected to take a post who
    have room under the branch's posts-per-person limit (live places plus claims awaiting
    review, the count services.claims.submit_claim refuses on) and, for `post`, who neither
    hold it nor have applied for it."""
    live = Q(assignments__post__branch=branch, assignments__status__in=Assignment.LIVE)
    waiting = Q(claims__post__branch=branch, claims__status=Claim.Status.PENDING)
    with_room = (
        Member.objects.filter(branch=branch)
        .alias(
            taken=Count("assignments", filter=live, distinct=True),
            waiting=Count("claims", filter=waiting, distinct=True),
        )
        .filter(taken__lt=branch.posts_per_person - F("waiting"))
        .values("pk")
    )
    qs = Member.objects.available_for_posts().filter(branch=branch, pk__in=with_room)
    if post is not None:
        qs = qs.exclude(pk__in=Assignment.objects.filter(post=post, status__in=Assignment.LIVE).values("member"))
        qs = qs.exclude(pk__in=Claim.objects.filter(post=post, status=Claim.Status.PENDING).values("member"))
    return qs.select_related("group").order_by("name")


def review_board(branch, year):
    """The branch's posts for the year, each with its pending claims ranked by votes."""
    pending = (
        Claim.objects.filter(status=Claim.Status.PENDING)
        .select_related("member__group", "nominated_by")
        .order_by(F("votes").desc(nulls_last=True), "created_at")
    )
    return branch_posts(branch, year).prefetch_related(Prefetch("claims", queryset=pending, to_attr="pending_claims"))


def decided_claims(branch, year):
    """Claims decided for the year, newest first, for the record at the foot of the review page."""
    return (
        Claim.objects.filter(post__branch=branch, post__year=year)
        .exclude(status=Claim.Status.PENDING)
        .select_related("member", "post__post_type", "decided_by", "assignment__post__post_type")
        .order_by("-decided_at")
    )

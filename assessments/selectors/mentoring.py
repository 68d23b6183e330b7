"""Reads for mentoring pairs (帮带) and the cadre contacts (包保) of a member's posts."""

from django.db.models import Count, F, Prefetch, Q

from members.models import Member
from posts.models import Assignment

from ..models import MentoringPair


def _pairs(queryset):
    return (
        queryset.select_related("mentee", "branch")
        .prefetch_related(Prefetch("mentors", queryset=Member.objects.order_by("name")))
        .annotate(note_count=Count("notes"))
    )


def branch_pairs(branch):
    """The branch's pairs, active first then by start: 2 queries for any number."""
    return _pairs(MentoringPair.objects.filter(branch=branch)).order_by(
        F("ends_on").desc(nulls_first=True), "-starts_on", "-pk"
    )


def pair_notes(pair):
    return pair.notes.select_related("by").order_by("-met_on", "-pk")


def member_pairs(member):
    """Active pairs the member is in, as activist or as mentor."""
    return list(
        _pairs(MentoringPair.objects.filter(Q(mentee=member) | Q(mentors=member), ends_on__isnull=True))
        .distinct()
        .order_by("-starts_on")
    )


def activists(branch):
    return Member.objects.filter(branch=branch, category=Member.Category.ACTIVIST).order_by("name")


def full_members(branch):
    return Member.objects.filter(branch=branch, category=Member.Category.FULL).order_by("name")


def my_contacts(member, year):
    """The member's posts on the year's term with their lead and cadre contact (包保)."""
    return list(
        Assignment.objects.filter(member=member, post__year=year, status__in=Assignment.SERVING)
        .select_related("post__post_type", "post__lead", "post__contact_cadre")
        .order_by("post__post_type__name")
    )

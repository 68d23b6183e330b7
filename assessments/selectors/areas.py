"""Reads for responsibility areas (党员责任区): the branch's areas, coverage, a member's own."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from members.models import Member
from posts.models import Assignment

from ..models import AreaActivity, AreaMember, ResponsibilityArea


def serving_members(branch, year):
    """Members of the branch on post (Assignment.SERVING) in the year's term, by name."""
    return (
        Member.objects.filter(
            assignments__post__branch=branch,
            assignments__post__year=year,
            assignments__status__in=Assignment.SERVING,
        )
        .distinct()
        .order_by("name", "pk")
    )


def _with_people(areas):
    return areas.prefetch_related(
        Prefetch(
            "area_members", queryset=AreaMember.objects.select_related("member").order_by("-is_lead", "member__name")
        )
    )


def branch_areas(branch, year):
    """The branch's areas of a year with their people (lead first) and ledger size: 2 queries."""
    areas = ResponsibilityArea.objects.filter(branch=branch, year=year).annotate(activity_count=Count("activities"))
    return _with_people(areas).order_by("name", "pk")


@dataclass
class Coverage:
    serving: int
    covered: int
    without: list = field(default_factory=list)

    @property
    def percent(self):
        """Share of members on post who have an area, to one decimal (None with nobody on post)."""
        if not self.serving:
            return None
        return round(100 * self.covered / self.serving, 1)


def coverage(branch, year):
    """How many of the members on post have an area this year, and who has none: 2 queries."""
    serving = list(serving_members(branch, year))
    with_area = set(AreaMember.objects.filter(area__branch=branch, area__year=year).values_list("member_id", flat=True))
    without = [m for m in serving if m.pk not in with_area]
    return Coverage(serving=len(serving), covered=len(serving) - len(without), without=without)


def member_areas(member, year):
    """The member's areas of a year, with the area's people."""
    areas = ResponsibilityArea.objects.filter(area_members__member=member, year=year)
    return list(_with_people(areas).order_by("name"))


def area_activities(area):
    """An area's ledger, newest first, with who took part: 2 queries for any length."""
    return area.activities.prefetch_related(
        Prefetch("participants", queryset=Member.objects.order_by("name"))
    ).order_by("-held_on", "-pk")


def member_ledger(member, year):
    """The activities of a year the member took part in within their areas (样例4)."""
    return (
        AreaActivity.objects.filter(area__year=year, participants=member, area__area_members__member=member)
        .select_related("area")
        .distinct()
        .order_by("held_on", "pk")
    )

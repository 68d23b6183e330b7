"""Reads of assessments that other parts act on."""

from django.db.models import Q

from ..models import Assessment, Pledge


def last_annual_assessment(member):
    """The member's latest annual review, or None when never assessed for a year."""
    return Assessment.objects.filter(member=member, period=Assessment.Period.ANNUAL).order_by("-year").first()


def deferred_by_review(member):
    """The annual review that defers the member from taking a post (暂缓上岗), if any:
    their latest annual review when its grade is "unqualified"."""
    latest = last_annual_assessment(member)
    if latest is not None and latest.grade == Assessment.Grade.UNQUALIFIED:
        return latest
    return None


def pledges_by_assignment(assignments):
    """{assignment pk: the member's published pledges (accepted, with or without an outcome) for
    that post, or for its year when not tied to a post}, in one query; posts shows them on
    notices (registered in apps.py). Drafts, pledges waiting for review and returned ones are
    never shown to the public."""
    by_member = {}
    if assignments:
        members = {a.member_id for a in assignments}
        years = {a.post.year for a in assignments}
        linked = Q(assignment__in=[a.pk for a in assignments])
        of_the_year = Q(assignment__isnull=True, member__in=members, year__in=years)
        for pledge in Pledge.objects.filter(linked | of_the_year, status__in=Pledge.PUBLISHED).order_by("pk"):
            by_member.setdefault(pledge.member_id, []).append(pledge)
    return {
        a.pk: [
            p
            for p in by_member.get(a.member_id, [])
            if p.assignment_id == a.pk or (p.assignment_id is None and p.year == a.post.year)
        ]
        for a in assignments
    }

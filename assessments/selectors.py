"""Reads of assessments that other parts act on."""

from .models import Assessment


def last_annual_assessment(member):
    """The member's latest annual review, or None when never assessed for a year."""
    return (
        Assessment.objects.filter(member=member, period=Assessment.Period.ANNUAL)
        .order_by("-year")
        .first()
    )


def deferred_by_review(member):
    """The annual review that defers the member from taking a post (暂缓上岗), if any:
    their latest annual review when its grade is "unqualified"."""
    latest = last_annual_assessment(member)
    if latest is not None and latest.grade == Assessment.Grade.UNQUALIFIED:
        return latest
    return None

from assessments.models import Assessment
from assessments.selectors.grading import deferred_by_review, last_annual_assessment


def test_only_the_latest_annual_review_defers(world):
    member = world.member
    assert last_annual_assessment(member) is None and deferred_by_review(member) is None
    Assessment.objects.create(member=member, year=2024, grade=Assessment.Grade.UNQUALIFIED)
    assert deferred_by_review(member).year == 2024
    Assessment.objects.create(
        member=member, year=2025, period=Assessment.Period.HALF_YEAR, grade=Assessment.Grade.EXCELLENT
    )
    assert deferred_by_review(member).year == 2024
    Assessment.objects.create(member=member, year=2025, grade=Assessment.Grade.QUALIFIED)
    assert last_annual_assessment(member).year == 2025 and deferred_by_review(member) is None
    # Another member's verdict is theirs alone.
    Assessment.objects.create(member=world.neighbour, year=2026, grade=Assessment.Grade.UNQUALIFIED)
    assert deferred_by_review(member) is None

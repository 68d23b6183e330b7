"""Races on PostgreSQL: officers pairing the same activist at once make one pair; a double tap
on "hand in" makes one report."""

from django.utils import timezone

from assessments.models import MentoringPair, QuarterlyReport
from assessments.models.checks import quarter_of
from assessments.services import checks, mentoring
from posts.tests.concurrency import POSTGRES_RACE, together

from .factories import activist, full_member

pytestmark = POSTGRES_RACE
TODAY = timezone.localdate()


def refused_by_rule(failures):
    return all("ValidationError" in f for f in failures)


def test_one_pair_for_an_activist_whatever_the_race(world):
    mentee = activist(world.branch)
    mentors = [full_member(world.branch) for _ in range(6)]
    made, _refused, failed = together(
        [
            lambda m=m: mentoring.create_pair(
                branch=world.branch, mentee=mentee, mentors=[m], starts_on=TODAY, by=None, today=TODAY
            )
            for m in mentors
        ]
    )
    assert len(made) == 1 and len(failed) == 5 and refused_by_rule(failed)
    assert MentoringPair.objects.filter(mentee=mentee).count() == 1


def test_a_double_tap_hands_in_one_report(world):
    def hand_in(text):
        return lambda: checks.write_report(
            member=world.member, year=TODAY.year, quarter=quarter_of(TODAY), text=text, by=None, today=TODAY
        )

    made, _refused, failed = together([hand_in(f"述职{i}") for i in range(4)])
    assert failed == [] and len(made) == 4
    assert QuarterlyReport.objects.filter(member=world.member).count() == 1

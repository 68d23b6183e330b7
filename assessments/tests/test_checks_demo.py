"""The demo maker: a year of areas, pairs and checks through the services, with full coverage."""

import datetime

from assessments.demo import checks as demo
from assessments.models import AreaActivity, BranchMeeting, Inspection, MentoringNote, MentoringPair, QuarterlyReport
from assessments.selectors import areas as area_selectors
from assessments.selectors import checks as check_selectors
from audit.models import Entry
from members.tests.factories import MemberFactory
from posts.models import Assignment

from .factories import activist, on_post

YEAR = 2026
TODAY = datetime.date(YEAR, 8, 20)


def test_the_demo_covers_every_member_on_post_and_fills_each_page(world):
    people = [world.member, world.neighbour] + [MemberFactory(branch=world.branch) for _ in range(5)]
    for person in people:
        on_post(person, year=YEAR)
    on_post(MemberFactory(branch=world.branch), year=YEAR, status=Assignment.Status.SUSPENDED)
    activist(world.branch)
    demo.make(world.branch, YEAR, TODAY)
    assert area_selectors.coverage(world.branch, YEAR).percent == 100.0
    assert AreaActivity.objects.filter(area__branch=world.branch).exists()
    assert MentoringPair.objects.count() == 1 and MentoringNote.objects.exists()
    assert BranchMeeting.objects.count() == 8  # January to August
    # Q1 and Q2 are over: most reports handed in, some missing.
    assert (
        QuarterlyReport.objects.filter(quarter=1).count() + len(check_selectors.reports_missing(world.branch, YEAR, 1))
        == 7
    )
    assert check_selectors.reports_missing(world.branch, YEAR, 2).exists()
    assert not QuarterlyReport.objects.filter(quarter=3).exists()
    inspections = list(Inspection.objects.order_by("held_on"))
    assert len(inspections) == 2 and inspections[0].follow_up_status == Inspection.FollowUp.DONE
    assert inspections[0].organisation == world.town_a
    # Everything went through the services: one audit entry per change.
    assert Entry.objects.filter(action="assessments.meeting.recorded").count() == 8

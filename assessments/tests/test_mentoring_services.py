"""Mentoring pairs (帮带): who may mentor whom, how many, and no two pairs at once."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from assessments.models import MentoringPair
from assessments.selectors import mentoring as selectors
from assessments.services import mentoring as services
from audit.models import Entry
from members.models import Member
from members.tests.factories import MemberFactory

from .factories import YEAR, activist, full_member

DAY = datetime.date(YEAR, 3, 1)
LATER = datetime.date(YEAR, 9, 1)


def pair(w, mentee, mentors, starts_on=DAY, today=LATER):
    return services.create_pair(
        branch=w.branch, mentee=mentee, mentors=mentors, starts_on=starts_on, by=w.secretary, today=today
    )


def test_two_full_members_mentor_an_activist(world):
    mentee = activist(world.branch)
    p = pair(world, mentee, [world.member, world.neighbour])
    assert set(p.mentors.values_list("name", flat=True)) == {"张三", "李四"} and p.is_active
    entry = Entry.objects.get(action="assessments.pair.created")
    assert entry.organisation == world.branch and entry.payload["mentee"] == "陈积极"
    assert [x.pk for x in selectors.member_pairs(world.member)] == [p.pk]
    assert [x.pk for x in selectors.member_pairs(mentee)] == [p.pk]


def test_one_mentor_is_enough(world):
    assert pair(world, activist(world.branch), [world.member]).mentors.count() == 1


def test_three_mentors_are_refused(world):
    with pytest.raises(ValidationError) as refused:
        pair(world, activist(world.branch), [world.member, world.neighbour, full_member(world.branch)])
    assert "mentors" in refused.value.error_dict
    assert not MentoringPair.objects.exists()


@pytest.mark.parametrize("category", [Member.Category.PROBATIONARY, Member.Category.ACTIVIST])
def test_a_mentor_must_be_a_full_member(world, category):
    other = MemberFactory(name="钱预备", branch=world.branch, category=category)
    with pytest.raises(ValidationError) as refused:
        pair(world, activist(world.branch), [world.member, other])
    assert "钱预备" in str(refused.value) and "mentors" in refused.value.error_dict


def test_a_mentor_of_another_branch_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        pair(world, activist(world.branch), [world.sibling_member])
    assert "mentors" in refused.value.error_dict


def test_only_activists_of_the_branch_are_mentored(world):
    with pytest.raises(ValidationError) as refused:
        pair(world, world.neighbour, [world.member])
    assert "mentee" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        pair(world, activist(world.sibling), [world.member])
    assert "mentee" in refused.value.error_dict


def test_no_overlapping_pairs_for_one_activist(world):
    mentee = activist(world.branch)
    first = pair(world, mentee, [world.member])
    with pytest.raises(ValidationError) as refused:
        pair(world, mentee, [world.neighbour], starts_on=DAY + datetime.timedelta(days=30))
    assert "mentee" in refused.value.error_dict
    services.end_pair(pair=first, ends_on=datetime.date(YEAR, 5, 31), reason="帮带人外出务工", by=None, today=LATER)
    # Starting on or before the old pair's last day still overlaps it.
    with pytest.raises(ValidationError):
        pair(world, mentee, [world.neighbour], starts_on=datetime.date(YEAR, 5, 31))
    second = pair(world, mentee, [world.neighbour], starts_on=datetime.date(YEAR, 6, 1))
    assert second.is_active
    # Nor may a new pair start before an old one that is still recorded.
    with pytest.raises(ValidationError):
        pair(world, mentee, [world.member], starts_on=datetime.date(YEAR, 1, 1))


def test_ending_a_pair_needs_a_reason_and_sensible_date(world):
    p = pair(world, activist(world.branch), [world.member])
    for kwargs, field in [
        ({"reason": " ", "ends_on": LATER}, "reason"),
        ({"reason": "转入", "ends_on": LATER + datetime.timedelta(days=1)}, "ends_on"),
        ({"reason": "转入", "ends_on": DAY - datetime.timedelta(days=1)}, "ends_on"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.end_pair(pair=p, by=None, today=LATER, **kwargs)
        assert field in refused.value.error_dict
    services.end_pair(pair=p, ends_on=LATER, reason="已发展为预备党员", by=world.secretary, today=LATER)
    p.refresh_from_db()
    assert p.ends_on == LATER and p.end_reason == "已发展为预备党员"
    with pytest.raises(ValidationError):
        services.end_pair(pair=p, ends_on=LATER, reason="再次", by=None, today=LATER)
    assert Entry.objects.get(action="assessments.pair.ended").reason == "已发展为预备党员"


def test_notes_fall_within_the_pair(world):
    p = pair(world, activist(world.branch), [world.member])
    note = services.add_note(pair=p, met_on=LATER, notes="学习党章第一章", by=world.secretary, today=LATER)
    assert list(selectors.pair_notes(p)) == [note]
    for met_on in (DAY - datetime.timedelta(days=1), LATER + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            services.add_note(pair=p, met_on=met_on, notes="谈心", by=None, today=LATER)
        assert "met_on" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.add_note(pair=p, met_on=LATER, notes="", by=None, today=LATER)
    assert "notes" in refused.value.error_dict

"""Collective activities: invitations, the tick list, the code, closing; one entry per attendee."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Activity, Attendance, ClosedMonth, DutyLogEntry
from assessments.services import activities
from members.tests.factories import GroupFactory, MemberFactory

from .log_data import TODAY, on_post


@pytest.fixture
def setup(world):
    holder = on_post(world.member)  # in the group B1G1
    other_post = on_post(world.neighbour)  # not in a group
    activity = activities.create_activity(
        branch=world.branch,
        title="清扫村道",
        held_on=TODAY,
        place="村委会",
        posts=[other_post.post],
        groups=[world.group],
        by=world.secretary,
    )
    return world, holder, other_post, activity


def test_code_is_six_digits_and_unique_among_open_activities(setup):
    world, holder, _other, activity = setup
    assert len(activity.code) == 6 and activity.code.isdigit()
    codes = {activity.code}
    for i in range(20):
        codes.add(
            activities.create_activity(
                branch=world.branch, title=f"活动{i}", held_on=TODAY, groups=[world.group], by=world.secretary
            ).code
        )
    assert len(codes) == 21


def test_invited_are_those_on_invited_posts_or_in_invited_groups(setup):
    world, holder, other, activity = setup
    MemberFactory(branch=world.branch, group=world.group)  # in the group, but not on post
    assert {a.member for a in activities.invited_assignments(activity)} == {world.member, world.neighbour}


def test_nobody_invited_or_another_branchs_group_is_refused(world):
    with pytest.raises(ValidationError):
        activities.create_activity(branch=world.branch, title="学习", held_on=TODAY, by=world.secretary)
    far_group = GroupFactory(parent=world.far)
    with pytest.raises(ValidationError):
        activities.create_activity(
            branch=world.branch, title="学习", held_on=TODAY, groups=[far_group], by=world.secretary
        )


def test_attendance_gives_one_verified_collective_entry_each(setup):
    world, holder, other, activity = setup
    added = activities.take_attendance(activity=activity, members=[world.member, world.neighbour], by=world.secretary)
    assert len(added) == 2
    entries = DutyLogEntry.objects.filter(activity=activity)
    assert {(e.member, e.kind, e.status, e.points, e.done_on) for e in entries} == {
        (world.member, "collective", "verified", 2, TODAY),
        (world.neighbour, "collective", "verified", 2, TODAY),
    }
    assert {e.assignment for e in entries} == {holder, other}
    # Ticked again (or twice on two phones): nobody is counted twice.
    assert activities.take_attendance(activity=activity, members=[world.member], by=world.group_leader) == []
    with pytest.raises(ValidationError) as excinfo:
        activities.attend_with_code(member=world.member, code=activity.code, by=world.member_user)
    assert excinfo.value.error_list[0].code == "already_counted"
    assert Attendance.objects.count() == 2 and entries.count() == 2


def test_only_invited_members_on_post_are_ticked(setup):
    world, *_rest, activity = setup
    stranger = MemberFactory(branch=world.branch)
    with pytest.raises(ValidationError):
        activities.take_attendance(activity=activity, members=[stranger], by=world.secretary)


def test_the_code_counts_a_member_on_post_and_stops_when_closed(setup):
    world, holder, other, activity = setup
    attendance = activities.attend_with_code(member=world.member, code=activity.code, by=world.member_user)
    assert attendance.confirmed_by == "code" and attendance.entry.status == "verified"
    assert attendance.entry.checked_by == world.secretary  # the organiser vouches through the code
    activities.close_activity(activity=activity, by=world.secretary)
    with pytest.raises(ValidationError) as excinfo:
        activities.attend_with_code(member=world.neighbour, code=activity.code, by=world.neighbour)
    assert {e.code for e in excinfo.value.error_dict["code"]} == {"bad_code"}
    with pytest.raises(ValidationError):
        activities.take_attendance(activity=activity, members=[world.neighbour], by=world.secretary)
    with pytest.raises(ValidationError):
        activities.close_activity(activity=activity, by=world.secretary)
    assert Activity.objects.get().status == "closed"


def test_a_wrong_code_or_another_branchs_code(setup):
    world, *_rest, activity = setup
    with pytest.raises(ValidationError):
        activities.attend_with_code(member=world.member, code="abcdef", by=world.member_user)
    with pytest.raises(ValidationError):
        activities.attend_with_code(member=world.sibling_member, code=activity.code, by=None)


def test_not_before_the_day_nor_in_a_closed_month(world):
    holder = on_post(world.member)
    later = activities.create_activity(
        branch=world.branch,
        title="植树",
        held_on=TODAY + datetime.timedelta(days=3),
        posts=[holder.post],
        by=world.secretary,
    )
    with pytest.raises(ValidationError):
        activities.take_attendance(activity=later, members=[world.member], by=world.secretary)
    ClosedMonth.objects.create(branch=world.branch, month=(TODAY + datetime.timedelta(days=3)).replace(day=1))
    with pytest.raises(ValidationError):
        activities.attend_with_code(member=world.member, code=later.code, by=world.member_user, today=later.held_on)
    assert not DutyLogEntry.objects.exists()

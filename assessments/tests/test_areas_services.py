"""Responsibility areas: setting them up, their rules, coverage and the activity ledger."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from assessments.models import AreaMember, ResponsibilityArea
from assessments.selectors import areas as selectors
from assessments.services import areas as services
from audit.models import Entry
from posts.models import Assignment

from .factories import YEAR, full_member, on_post

DAY = datetime.date(YEAR, 6, 10)


def area(w, name="东街", members=None, lead=None, **kwargs):
    members = members if members is not None else [w.member]
    return services.create_area(
        branch=w.branch,
        year=YEAR,
        name=name,
        duties="宣传政策，走访住户",
        members=members,
        lead=lead,
        by=w.secretary,
        **kwargs,
    )


def test_an_area_keeps_its_people_and_lead(world):
    a = area(world, members=[world.member, world.neighbour], lead=world.neighbour, scope="东街1-30号")
    people = {(p.member.name, p.is_lead) for p in a.area_members.select_related("member")}
    assert people == {("张三", False), ("李四", True)}
    entry = Entry.objects.get(action="assessments.area.created")
    assert entry.organisation == world.branch and entry.payload["members"] == "张三、李四"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "  "}, "name"),
        ({"members": []}, "members"),
        ({"duties": ""}, "duties"),
    ],
)
def test_an_area_needs_a_name_duties_and_people(world, kwargs, field):
    data = {"name": "东街", "duties": "走访", "members": [world.member]} | kwargs
    with pytest.raises(ValidationError) as refused:
        services.create_area(branch=world.branch, year=YEAR, by=world.secretary, **data)
    assert field in refused.value.error_dict
    assert not ResponsibilityArea.objects.exists()


def test_members_of_another_branch_and_a_lead_outside_are_refused(world):
    with pytest.raises(ValidationError) as refused:
        area(world, members=[world.member, world.sibling_member])
    assert "王五" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        area(world, members=[world.member], lead=world.neighbour)
    assert "lead" in refused.value.error_dict


def test_one_name_per_branch_and_year(world):
    area(world)
    with pytest.raises(ValidationError) as refused:
        area(world, members=[world.neighbour])
    assert "name" in refused.value.error_dict
    services.create_area(
        branch=world.sibling, year=YEAR, name="东街", duties="走访", members=[world.sibling_member], by=world.secretary
    )


def test_changing_an_area_writes_one_entry_and_nothing_when_unchanged(world):
    a = area(world)
    services.change_area(area=a, name="东街", kind=a.kind, scope="", duties=a.duties, members=[world.member], by=None)
    assert not Entry.objects.filter(action="assessments.area.changed").exists()
    services.change_area(
        area=a,
        name="东大街",
        kind=a.kind,
        duties=a.duties,
        members=[world.member, world.neighbour],
        lead=world.member,
        by=world.secretary,
    )
    a.refresh_from_db()
    assert a.name == "东大街"
    assert AreaMember.objects.get(area=a, is_lead=True).member == world.member
    entry = Entry.objects.get(action="assessments.area.changed")
    assert entry.payload["fields"] == ["name", "members"]


def test_removing_an_area_takes_its_ledger(world):
    a = area(world)
    services.record_activity(
        area=a, held_on=DAY, what="入户走访", result="走访5户", participants=[world.member], by=None, today=DAY
    )
    services.remove_area(area=a, by=world.secretary)
    assert not ResponsibilityArea.objects.exists()
    assert Entry.objects.get(action="assessments.area.removed").payload["activities"] == 1


def test_coverage_counts_members_on_post_with_an_area(world):
    on_post(world.member)
    on_post(world.neighbour)
    third = full_member(world.branch, "孙七")
    on_post(third)
    on_post(full_member(world.branch, "停岗人"), status=Assignment.Status.SUSPENDED)  # not serving
    on_post(world.sibling_member)  # another branch
    before = selectors.coverage(world.branch, YEAR)
    assert (before.serving, before.covered, before.percent) == (3, 0, 0.0)
    area(world, members=[world.member, world.neighbour])
    cover = selectors.coverage(world.branch, YEAR)
    assert cover.percent == 66.7 and [m.name for m in cover.without] == ["孙七"]
    area(world, name="西街", members=[third])
    assert selectors.coverage(world.branch, YEAR).percent == 100.0
    # An area of another year does not count.
    assert selectors.coverage(world.branch, YEAR + 1).percent is None


def test_the_ledger_refuses_future_dates_other_years_and_strangers(world):
    a = area(world, members=[world.member, world.neighbour], lead=world.member)
    ok = {"area": a, "what": "清理楼道", "result": "清理杂物两车", "by": world.member_user, "today": DAY}
    with pytest.raises(ValidationError) as refused:
        services.record_activity(held_on=DAY + datetime.timedelta(days=1), participants=[world.member], **ok)
    assert "held_on" in refused.value.error_dict
    with pytest.raises(ValidationError):
        services.record_activity(held_on=datetime.date(YEAR - 1, 12, 1), participants=[world.member], **ok)
    with pytest.raises(ValidationError) as refused:
        services.record_activity(held_on=DAY, participants=[world.far_member], **ok)
    assert "participants" in refused.value.error_dict
    activity = services.record_activity(held_on=DAY, participants=[world.member, world.neighbour], **ok)
    assert set(activity.participants.values_list("name", flat=True)) == {"张三", "李四"}
    assert list(selectors.member_ledger(world.member, YEAR)) == [activity]
    assert list(selectors.member_ledger(world.member, YEAR + 1)) == []


def test_only_the_lead_may_record(world):
    a = area(world, members=[world.member, world.neighbour], lead=world.member)
    assert services.may_record_activity(a, world.member)
    assert not services.may_record_activity(a, world.neighbour)
    assert not services.may_record_activity(a, None)

"""Activity pages: organisers set up and tick on a phone, members confirm with the code."""

import pytest
from django.urls import reverse

from assessments.models import Activity, Attendance, DutyLogEntry
from assessments.services import activities
from members.tests.factories import GroupFactory, MemberFactory
from posts.tests.roles import by_role, only

from .log_data import TODAY, on_post


@pytest.fixture
def held(world):
    on_post(world.member)  # in the group
    neighbour_post = on_post(world.neighbour)
    return activities.create_activity(
        branch=world.branch,
        title="清扫村道",
        held_on=TODAY,
        place="村委会",
        posts=[neighbour_post.post],
        groups=[world.group],
        by=world.secretary,
    )


def test_pages_per_role(client, world, held):
    detail = reverse("assessments:activity_detail", args=[held.pk])
    assert by_role(client, world, detail) == only(200, "group_leader", "secretary", "committee", "superuser")
    assert by_role(client, world, reverse("assessments:activity_new", args=["B1"])) == only(
        200, "group_leader", "secretary", "committee", "superuser"
    )
    assert by_role(client, world, reverse("assessments:activity_new", args=["B3"])) == only(
        200, "superuser", "outsider"
    )
    assert by_role(client, world, reverse("assessments:attend")) == only(200, "member_user")
    assert by_role(client, world, reverse("assessments:my_activities")) == only(200, "member_user")


def test_a_group_leader_reaches_only_activities_inviting_their_group(client, world, held):
    other_group = GroupFactory(parent=world.branch)
    on_post(MemberFactory(branch=world.branch, group=other_group))
    elsewhere = activities.create_activity(
        branch=world.branch, title="二组学习", held_on=TODAY, groups=[other_group], by=world.secretary
    )
    client.force_login(world.group_leader)
    assert client.get(reverse("assessments:activity_detail", args=[elsewhere.pk])).status_code == 404
    page = client.get(reverse("assessments:activities")).content.decode()
    assert "清扫村道" in page and "二组学习" not in page
    # Their tick list holds only their group's invited people.
    page = client.get(reverse("assessments:activity_detail", args=[held.pk])).content.decode()
    assert "张三" in page and "李四" not in page
    assert held.code in page


def test_group_leader_sets_up_an_activity_for_their_group(client, world):
    on_post(world.member)
    client.force_login(world.group_leader)
    page = client.get(reverse("assessments:activity_new", args=["B1"])).content.decode()
    assert "邀请的党小组" in page and "邀请的岗位" not in page
    response = client.post(
        reverse("assessments:activity_new", args=["B1"]),
        {"title": "主题党日", "held_on": TODAY.isoformat(), "place": "党员活动室", "groups": [world.group.pk]},
    )
    activity = Activity.objects.get()
    assert response["Location"] == reverse("assessments:activity_detail", args=[activity.pk])
    assert list(activity.groups.all()) == [world.group] and activity.created_by == world.group_leader


def test_tick_list_counts_each_attendee_once(client, world, held):
    client.force_login(world.secretary)
    url = reverse("assessments:activity_attendance", args=[held.pk])
    response = client.post(url, {"member": [world.member.pk, world.neighbour.pk]}, follow=True)
    assert "2 人已签到" in response.content.decode()
    client.post(url, {"member": [world.member.pk]})  # a second phone, same tick
    assert Attendance.objects.count() == 2
    assert DutyLogEntry.objects.filter(activity=held, status="verified", kind="collective").count() == 2
    page = client.get(reverse("assessments:activity_detail", args=[held.pk])).content.decode()
    assert page.count("checked disabled") == 2


def test_member_confirms_with_the_code_until_closed(client, world, held):
    client.force_login(world.member_user)
    page = client.get(reverse("assessments:my_activities")).content.decode()
    assert "清扫村道" in page and "邀请" in page
    response = client.post(reverse("assessments:attend"), {"code": held.code}, follow=True)
    assert "已签到：“清扫村道”（2 分）" in response.content.decode()
    assert "已参加" in response.content.decode()
    page = client.post(reverse("assessments:attend"), {"code": held.code}).content.decode()
    assert "你已签到过这次活动" in page
    client.force_login(world.secretary)
    client.post(reverse("assessments:activity_close", args=[held.pk]))
    world.neighbour.user = world.committee
    world.neighbour.save(update_fields=["user"])
    client.force_login(world.committee)
    page = client.post(reverse("assessments:attend"), {"code": held.code}).content.decode()
    assert "没有使用这个签到码的进行中活动" in page
    assert Attendance.objects.count() == 1


def test_activity_list_queries_do_not_grow(client, world, held, django_assert_max_num_queries):
    client.force_login(world.secretary)
    url = reverse("assessments:activities")
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for i in range(8):
        activities.create_activity(branch=world.branch, title=f"学习{i}", held_on=TODAY, groups=[world.group], by=None)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)

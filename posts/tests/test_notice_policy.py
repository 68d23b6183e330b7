"""The notice period: it starts today or later and lasts at least the minimum the branch's
county or township sets (Policy, nearest ancestor wins), counted in working days."""

import datetime

import pytest
from django.urls import reverse

from posts import selectors
from posts.models import Assignment, Notice, Policy
from posts.services import PostError
from posts.services import notices as service
from posts.tests.factories import AssignmentFactory
from posts.workdays import last_working_day, working_days

MONDAY = datetime.date(2026, 3, 2)
WEDNESDAY = datetime.date(2026, 3, 4)


def test_working_days_skip_weekends():
    assert working_days(MONDAY, MONDAY + datetime.timedelta(days=4)) == 5
    assert working_days(WEDNESDAY, WEDNESDAY + datetime.timedelta(days=6)) == 5
    assert working_days(datetime.date(2026, 3, 7), datetime.date(2026, 3, 8)) == 0
    assert working_days(MONDAY, MONDAY - datetime.timedelta(days=1)) == 0
    assert last_working_day(datetime.date(2026, 3, 7), 1) == datetime.date(2026, 3, 9)
    assert last_working_day(WEDNESDAY, 5) == datetime.date(2026, 3, 10)


def test_policy_defaults_to_five_working_days(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.policy_for(world.branch).min_notice_working_days == 5


def test_nearest_ancestor_that_sets_the_rule_wins(world, django_assert_num_queries):
    Policy.objects.create(organisation=world.county, min_notice_working_days=3)
    assert selectors.policy_for(world.branch).min_notice_working_days == 3
    town = Policy.objects.create(organisation=world.town_a, min_notice_working_days=7)
    with django_assert_num_queries(1):
        assert selectors.policy_for(world.branch).min_notice_working_days == 7
    # The other township's branches keep the county's rule.
    assert selectors.policy_for(world.far).min_notice_working_days == 3
    # A township policy that leaves the rule empty defers to the county.
    town.min_notice_working_days = None
    town.save()
    assert selectors.policy_for(world.branch).min_notice_working_days == 3


def publish(world, starts_on, ends_on, today):
    return service.publish_notice(
        branch=world.branch,
        assignments=[AssignmentFactory(post__branch=world.branch)],
        starts_on=starts_on,
        ends_on=ends_on,
        title="公示",
        by=world.secretary,
        today=today,
    )


def test_publish_refuses_a_period_that_started_before_today(world):
    with pytest.raises(PostError, match="公示开始日期：公示期不能早于今天") as caught:
        publish(world, MONDAY - datetime.timedelta(days=7), MONDAY + datetime.timedelta(days=4), today=MONDAY)
    assert caught.value.field == "starts_on"
    assert not Notice.objects.exists()


def test_publish_refuses_a_period_over_before_it_could_be_read(world):
    # The trap: a period already over, so the notice could be closed at once.
    with pytest.raises(PostError, match="公示开始日期"):
        publish(world, MONDAY - datetime.timedelta(days=10), MONDAY - datetime.timedelta(days=6), today=MONDAY)
    assert not Notice.objects.exists()


def test_publish_refuses_fewer_working_days_than_the_minimum(world):
    # Wednesday to Sunday is five days but three working days.
    with pytest.raises(PostError, match="公示结束日期：公示期至少5个工作日.*最早于2026年3月10日结束") as caught:
        publish(world, WEDNESDAY, WEDNESDAY + datetime.timedelta(days=4), today=MONDAY)
    assert caught.value.field == "ends_on"
    notice = publish(world, WEDNESDAY, datetime.date(2026, 3, 10), today=MONDAY)
    assert notice.assignments.get().status == Assignment.Status.ON_NOTICE


def test_publish_follows_the_township_minimum(world):
    Policy.objects.create(organisation=world.town_a, min_notice_working_days=7)
    with pytest.raises(PostError, match="至少7个工作日"):
        publish(world, MONDAY, MONDAY + datetime.timedelta(days=4), today=MONDAY)
    assert publish(world, MONDAY, datetime.date(2026, 3, 10), today=MONDAY)


def test_publish_page_shows_the_refusal_at_the_field(client, world):
    assignment = AssignmentFactory(post__branch=world.branch)
    today = datetime.date.today()
    client.force_login(world.secretary)
    response = client.post(
        reverse("posts:notice_publish"),
        {"title": "公示", "starts_on": today.isoformat(), "ends_on": today.isoformat(), "assignments": [assignment.pk]},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "公示结束日期：公示期至少5个工作日" in errors["ends_on"][0]
    assert not Notice.objects.exists()
    # The form proposes the shortest period the policy allows, starting today.
    page = client.get(reverse("posts:notice_publish"))
    assert page.context["form"].initial["ends_on"] == last_working_day(today, 5)
    assert "至少5个工作日" in page.content.decode()


def _admin_url(action, *args):
    return reverse(f"admin:posts_policy_{action}", args=args)


def test_township_official_sets_the_policy_of_their_township_only(client, world):
    client.force_login(world.township)
    response = client.post(
        _admin_url("add"), {"organisation": world.town_a.pk, "min_notice_working_days": 7, "reason": "镇党委决定"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = Policy.objects.get(organisation=world.town_a)
    assert (policy.min_notice_working_days, policy.updated_by) == (7, world.township)
    # The other township is not theirs to set.
    response = client.post(
        _admin_url("add"), {"organisation": world.town_b.pk, "min_notice_working_days": 2, "reason": "试"}
    )
    assert response.status_code == 200 and not Policy.objects.filter(organisation=world.town_b).exists()
    county_policy = Policy.objects.create(organisation=world.county, min_notice_working_days=5)
    assert client.get(_admin_url("change", county_policy.pk)).status_code == 404


def test_county_official_sets_policies_down_the_tree(client, world):
    client.force_login(world.county_official)
    for org in (world.county, world.town_b):
        assert (
            client.post(
                _admin_url("add"), {"organisation": org.pk, "min_notice_working_days": 6, "reason": "县委组织部通知"}
            ).status_code
            == 302
        )
    assert selectors.policy_for(world.far).min_notice_working_days == 6


@pytest.mark.parametrize("role", ["secretary", "committee", "outsider"])
def test_branch_officers_do_not_set_the_rules_above_them(client, world, role):
    policy = Policy.objects.create(organisation=world.town_a, min_notice_working_days=7)
    client.force_login(getattr(world, role))
    assert client.post(_admin_url("change", policy.pk), {"min_notice_working_days": 1, "reason": "试"}).status_code in (
        403,
        404,
    )
    response = client.post(
        _admin_url("add"), {"organisation": world.town_a.pk, "min_notice_working_days": 1, "reason": "试"}
    )
    assert response.status_code in (200, 403)
    policy.refresh_from_db()
    assert policy.min_notice_working_days == 7

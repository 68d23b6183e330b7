"""The assignment page with its actions, the member's history and the new-term page."""

import datetime

import pytest
from django.urls import reverse

from posts.models import Assignment, AssignmentEvent, BranchPost, Notice
from posts.services import lifecycle
from posts.tests.factories import AssignmentFactory, BranchPostFactory
from posts.tests.roles import MANAGERS, SUPERVISORS, by_role, only
from posts.tests.test_notices_views import READERS

S = Assignment.Status
TODAY = datetime.date.today()


@pytest.fixture
def on_post(world):
    assignment = AssignmentFactory(
        post__branch=world.branch, post__year=TODAY.year, member=world.member, status=S.ON_POST, starts_on=TODAY
    )
    lifecycle.make_letter(assignment=assignment, starts_on=TODAY)
    return assignment


def action_url(assignment, action):
    return reverse("posts:assignment_action", args=[assignment.pk, action])


def test_assignment_page_per_role(client, world, on_post):
    assert by_role(client, world, reverse("posts:assignment_detail", args=[on_post.pk])) == only(200, *READERS)
    other = AssignmentFactory(post__branch=world.branch, member=world.neighbour)
    # A member reads only their own posts; a group leader only those of their group.
    other_url = reverse("posts:assignment_detail", args=[other.pk])
    assert by_role(client, world, other_url) == only(200, *SUPERVISORS)


def test_officers_see_the_actions_that_apply_and_the_letter(client, world, on_post):
    client.force_login(world.secretary)
    page = client.get(reverse("posts:assignment_detail", args=[on_post.pk])).content.decode()
    for label in ("调岗", "待岗", "结束任期", "下岗", "目标责任状", "立足本岗服务群众"):
        assert label in page
    assert "恢复上岗" not in page and "撤出公示" not in page and "生成目标责任状" not in page
    client.force_login(world.township)
    page = client.get(reverse("posts:assignment_detail", args=[on_post.pk])).content.decode()
    assert "目标责任状" in page and 'action="/posts/assignments/' not in page


def test_action_per_role(client, world, on_post):
    data = {"until": (TODAY + datetime.timedelta(days=90)).isoformat(), "reason": "测评不合格"}
    # The secretary suspends; the committee member and the superuser, coming later, are shown the refusal.
    assert by_role(client, world, action_url(on_post, "suspend"), "post", data) == only(302, "secretary") | {
        "committee": 200,
        "superuser": 200,
    }
    on_post.refresh_from_db()
    assert (on_post.status, on_post.suspended_until) == (S.SUSPENDED, TODAY + datetime.timedelta(days=90))
    assert on_post.events.filter(action="suspended", actor=world.secretary).count() == 1


def test_unknown_action_is_not_found(client, world, on_post):
    client.force_login(world.secretary)
    assert client.post(action_url(on_post, "promote"), {}).status_code == 404


def test_refusal_is_shown_on_the_page(client, world, on_post):
    client.force_login(world.secretary)
    response = client.post(action_url(on_post, "reinstate"), {"reason": ""})
    assert response.status_code == 200
    assert "只有待岗人员才能恢复上岗；张三当前为：在岗。" in response.content.decode()


def test_missing_reason_is_a_form_error(client, world, on_post):
    client.force_login(world.secretary)
    response = client.post(action_url(on_post, "remove"), {"reason": ""})
    assert "这个字段是必填项。" in response.content.decode()
    on_post.refresh_from_db()
    assert on_post.status == S.ON_POST


def test_transfer_leads_to_the_new_assignment(client, world, on_post):
    target = BranchPostFactory(branch=world.branch, year=on_post.post.year, post_type__name="河塘管护岗")
    client.force_login(world.committee)
    response = client.post(action_url(on_post, "transfer"), {"to_post": target.pk, "reason": "就近管护"})
    new = Assignment.objects.get(post=target)
    assert response["Location"] == reverse("posts:assignment_detail", args=[new.pk])
    other_year = BranchPostFactory(branch=world.branch, year=on_post.post.year + 1)
    response = client.post(action_url(new, "transfer"), {"to_post": other_year.pk, "reason": "调整"})
    assert response.status_code == 200 and not Assignment.objects.filter(post=other_year).exists()


@pytest.mark.parametrize(
    "action, status, data, after",
    [
        ("end-term", S.ON_POST, {"reason": ""}, S.ENDED),
        ("remove", S.SUSPENDED, {"reason": "待岗期满仍不履岗"}, S.REMOVED),
        ("reinstate", S.SUSPENDED, {"reason": ""}, S.ON_POST),
        ("withdraw", S.ON_NOTICE, {"reason": "本人申请退出"}, S.WITHDRAWN),
    ],
)
def test_each_action_changes_the_status(client, world, action, status, data, after):
    assignment = AssignmentFactory(post__branch=world.branch, status=status)
    client.force_login(world.secretary)
    assert client.post(action_url(assignment, action), data).status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == after


def test_make_letter_for_an_older_row(client, world):
    assignment = AssignmentFactory(post__branch=world.branch, status=S.ON_POST, starts_on=TODAY)
    client.force_login(world.secretary)
    assert "生成目标责任状" in client.get(reverse("posts:assignment_detail", args=[assignment.pk])).content.decode()
    client.post(action_url(assignment, "make-letter"), {})
    assert assignment.letter.term_starts_on == TODAY


def test_member_history_per_role(client, world, on_post):
    def history(member):
        return by_role(client, world, reverse("posts:member_history", args=[member.pk]))

    assert history(world.member) == only(200, *READERS)
    assert history(world.neighbour) == only(200, *SUPERVISORS)
    assert history(world.far_member) == only(200, "county_official", "outsider", "superuser")


def test_member_sees_they_are_on_post_and_their_history_newest_first(client, world, on_post):
    lifecycle.suspend(assignment=on_post, until=TODAY + datetime.timedelta(days=30), reason="测评", by=world.secretary)
    lifecycle.reinstate(assignment=on_post, reason="整改到位", by=world.secretary)
    client.force_login(world.member_user)
    response = client.get(reverse("posts:my_history"), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("posts:member_history", args=[world.member.pk])
    assert "我的岗位" in page and "您已正式上岗。" in page
    assert page.index("整改到位") < page.index("测评（待岗至")
    assert world.member.id_number not in page


def test_my_history_without_a_roster_record_is_not_found(client, world):
    client.force_login(world.township)
    assert client.get(reverse("posts:my_history")).status_code == 404


@pytest.mark.parametrize("size", [1, 8])
def test_member_history_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries, size):
    for _ in range(size):
        assignment = AssignmentFactory(post__branch=world.branch, member=world.member, status=S.ON_POST)
        lifecycle.make_letter(assignment=assignment, starts_on=TODAY)
        lifecycle.suspend(
            assignment=assignment, until=TODAY + datetime.timedelta(days=9), reason="测评", by=world.secretary
        )
        lifecycle.reinstate(assignment=assignment, by=world.committee)
    assert AssignmentEvent.objects.count() == 2 * size
    client.force_login(world.secretary)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("posts:member_history", args=[world.member.pk])).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(reverse("posts:assignment_detail", args=[assignment.pk])).status_code == 200


def test_new_term_page_per_role_and_carry_over(client, world, on_post):
    url = reverse("posts:new_term", args=[world.branch.code])
    assert by_role(client, world, url) == only(200, *MANAGERS)
    client.force_login(world.secretary)
    page = client.get(url).content.decode()
    assert f"{TODAY.year + 1}年新任期" in page and "张三" in page
    response = client.post(url, {"carry_over": [on_post.pk]})
    assert response["Location"] == reverse("posts:letters")
    renewed = Assignment.objects.get(member=world.member, post__year=TODAY.year + 1)
    assert renewed.status == S.EFFECTIVE and renewed.letter is not None
    assert BranchPost.objects.filter(branch=world.branch, year=TODAY.year + 1).count() == 1


def test_new_term_without_posts_says_so(client, world):
    client.force_login(world.secretary)
    response = client.get(reverse("posts:new_term", args=[world.branch.code]), follow=True)
    assert "本支部还没有设岗。" in response.content.decode()


def test_notice_link_leads_to_assignment_pages(client, world):
    a = AssignmentFactory(post__branch=world.branch, status=S.ON_NOTICE)
    notice = Notice.objects.create(branch=world.branch, title="公示", starts_on=TODAY, ends_on=TODAY)
    notice.assignments.add(a)
    client.force_login(world.secretary)
    page = client.get(reverse("posts:notice_detail", args=[notice.pk])).content.decode()
    assert reverse("posts:assignment_detail", args=[a.pk]) in page

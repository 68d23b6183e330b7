import pytest
from django.urls import reverse


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_chinese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_wrong_password_says_so_in_chinese(client, world):
    response = client.post(reverse("login"), {"username": "member", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


@pytest.mark.parametrize(
    "who, expected, absent",
    [
        ("member_user", ["东村党支部"], ["Branches you manage"]),
        ("secretary", ["东村党支部"], []),
        ("township", ["东镇"], []),
        ("county_official", ["示范县"], []),
    ],
)
def test_home_says_where_to_go_per_role(client, world, who, expected, absent):
    client.force_login(getattr(world, who))
    page = client.get(reverse("home")).content.decode()
    for text in expected:
        assert text in page
    for text in absent:
        assert text not in page


def test_secretary_home_counts_only_own_branch(client, world):
    client.force_login(world.secretary)
    page = client.get(reverse("home")).content.decode()
    assert "东村党支部" in page
    assert "南村党支部" not in page and "西社区党支部" not in page


def test_user_without_role_is_told_to_ask(client, world):
    from members.tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    assert "支部书记" in client.get(reverse("home")).content.decode()


def test_home_queries_do_not_grow_with_branches(client, world, django_assert_max_num_queries):
    from members.models import Role
    from members.tests.factories import BranchFactory, MemberFactory, RoleFactory

    client.force_login(world.secretary)
    # Roles and figures, the posts' waiting work, and the serving reminders (seven grouped counts).
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("home"))
    for _ in range(5):
        branch = BranchFactory(parent=world.town_a)
        RoleFactory(user=world.secretary, organisation=branch, kind=Role.Kind.BRANCH_SECRETARY)
        MemberFactory.create_batch(3, branch=branch)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("home"))


def test_overseer_home_leads_to_branches_and_printing(client, world):
    client.force_login(world.township)
    page = client.get(reverse("home")).content.decode()
    assert reverse("posts:branches") in page and reverse("papers:index") in page

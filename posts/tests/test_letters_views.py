"""The letters page: who sees which letters, recording signatures and training, query counts."""

import datetime

import pytest
from django.urls import reverse

from posts.models import Assignment
from posts.services import lifecycle
from posts.tests.factories import AssignmentFactory
from posts.tests.roles import MANAGERS, by_role, only
from posts.tests.test_notices_views import EVERYONE

S = Assignment.Status
TODAY = datetime.date.today()


def letter_for(member=None, branch=None, **kwargs):
    extra = {"member": member} if member else {}
    assignment = AssignmentFactory(
        post__branch=branch or (member.branch if member else None), status=S.EFFECTIVE, **extra, **kwargs
    )
    return lifecycle.make_letter(assignment=assignment, starts_on=TODAY)


def test_letters_page_per_role_lists_letters_in_scope(client, world):
    letter_for(world.member)
    letter_for(world.neighbour)
    letter_for(world.far_member)
    assert by_role(client, world, reverse("posts:letters")) == only(200, *EVERYONE)
    shown = {}
    for role in ("member_user", "group_leader", "secretary", "township", "county_official", "outsider"):
        client.force_login(getattr(world, role))
        page = client.get(reverse("posts:letters")).content.decode()
        shown[role] = {name for name in ("张三", "李四", "赵六") if name in page}
    assert shown == {
        "member_user": {"张三"},
        "group_leader": {"张三"},
        "secretary": {"张三", "李四"},
        "township": {"张三", "李四"},
        "county_official": {"张三", "李四", "赵六"},
        "outsider": {"赵六"},
    }


def test_only_the_branch_officers_get_the_forms(client, world):
    letter_for(world.member)
    client.force_login(world.secretary)
    assert "登记签字" in client.get(reverse("posts:letters")).content.decode()
    for role in ("member_user", "township"):
        client.force_login(getattr(world, role))
        assert "登记签字" not in client.get(reverse("posts:letters")).content.decode()


def test_sign_and_train_per_role(client, world):
    letter = letter_for(world.member)
    sign = reverse("posts:letter_sign", args=[letter.pk])
    data = {"member_signed_on": TODAY.isoformat(), "branch_signed_on": TODAY.isoformat()}
    assert by_role(client, world, sign, "post", data) == only(302, *MANAGERS)
    train = reverse("posts:letter_train", args=[letter.pk])
    assert by_role(client, world, train, "post", {"trained_on": TODAY.isoformat()}) == only(302, *MANAGERS)
    letter.assignment.refresh_from_db()
    assert letter.assignment.status == S.ON_POST


def test_recording_all_three_says_the_member_is_on_post(client, world):
    letter = letter_for(world.member)
    client.force_login(world.secretary)
    client.post(
        reverse("posts:letter_sign", args=[letter.pk]),
        {"member_signed_on": TODAY.isoformat(), "branch_signed_on": TODAY.isoformat()},
    )
    response = client.post(
        reverse("posts:letter_train", args=[letter.pk]), {"trained_on": TODAY.isoformat()}, follow=True
    )
    assert "张三已正式上岗。" in response.content.decode()
    # Done letters leave the default list and stay under "all letters".
    assert "张三" not in client.get(reverse("posts:letters")).content.decode()
    assert "张三" in client.get(reverse("posts:letters") + "?show=all").content.decode()


def test_refusals_and_form_errors_are_shown(client, world):
    letter = letter_for(world.member)
    client.force_login(world.secretary)
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = client.post(
        reverse("posts:letter_train", args=[letter.pk]), {"trained_on": tomorrow.isoformat()}, follow=True
    )
    assert "日期不能晚于今天。" in response.content.decode()
    response = client.post(reverse("posts:letter_sign", args=[letter.pk]), {"member_signed_on": ""}, follow=True)
    assert "这个字段是必填项。" in response.content.decode()


@pytest.mark.parametrize("size", [2, 20])
def test_letters_page_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries, size):
    for _ in range(size):
        letter_for(branch=world.branch)
    client.force_login(world.secretary)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("posts:letters")).status_code == 200

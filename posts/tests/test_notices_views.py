"""Officers' notice pages: who sees and does what, the publish → handle → close path, query counts."""

import datetime

import pytest
from django.urls import reverse

from posts.models import Assignment, Notice, Objection
from posts.services import notices as service
from posts.tests.factories import AssignmentFactory
from posts.tests.roles import MANAGERS, SUPERVISORS, by_role, only

S = Assignment.Status
# Reading a B1 page: everyone of B1 and above; changing a B1 row: only its managers.
READERS = ("member_user", "group_leader", *SUPERVISORS)
EVERYONE = (*READERS, "outsider")


def published(world, count=1, starts_on=None, branch=None):
    branch = branch or world.branch
    starts_on, ends_on = service.default_period(branch, starts_on or datetime.date.today())
    return service.publish_notice(
        branch=branch,
        assignments=[AssignmentFactory(post__branch=branch) for _ in range(count)],
        starts_on=starts_on,
        ends_on=ends_on,
        title="设岗定责公示",
        by=None,
        today=starts_on,
    )


def past(notice):
    Notice.objects.filter(pk=notice.pk).update(
        starts_on=datetime.date.today() - datetime.timedelta(days=6),
        ends_on=datetime.date.today() - datetime.timedelta(days=2),
    )


def test_notice_pages_per_role(client, world):
    notice = published(world)
    far = published(world, branch=world.far)
    assert by_role(client, world, reverse("posts:notices")) == only(200, *EVERYONE)
    assert by_role(client, world, reverse("posts:notice_detail", args=[notice.pk])) == only(200, *READERS)
    far_url = reverse("posts:notice_detail", args=[far.pk])
    assert by_role(client, world, far_url) == only(200, "county_official", "outsider", "superuser")


def test_notice_list_shows_only_notices_in_scope(client, world):
    published(world)
    published(world, branch=world.far)
    client.force_login(world.outsider)
    page = client.get(reverse("posts:notices")).content.decode()
    assert "西社区党支部" in page and "东村党支部" not in page


def test_publish_page_per_role(client, world):
    AssignmentFactory(post__branch=world.branch)
    # The outsider manages a branch of their own, so the page opens for them, on their branch.
    assert by_role(client, world, reverse("posts:notice_publish")) == only(200, *MANAGERS, "outsider")
    url = reverse("posts:notice_publish") + f"?branch={world.branch.code}"
    assert by_role(client, world, url) == only(200, *MANAGERS)


def test_publish_form_puts_the_chosen_approved_assignments_on_notice(client, world):
    chosen, left = AssignmentFactory(post__branch=world.branch), AssignmentFactory(post__branch=world.branch)
    client.force_login(world.secretary)
    page = client.get(reverse("posts:notice_publish"))
    assert "东村党支部无职党员设岗定责公示" in page.content.decode()
    today = datetime.date.today()
    response = client.post(
        reverse("posts:notice_publish"),
        {
            "title": "东村公示",
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=4)).isoformat(),
            "assignments": [chosen.pk],
        },
        follow=True,
    )
    notice = Notice.objects.get()
    assert response.redirect_chain[-1][0] == reverse("posts:notice_detail", args=[notice.pk])
    assert "公示已发布" in response.content.decode()
    assert list(notice.assignments.all()) == [chosen]
    assert Assignment.objects.get(pk=left.pk).status == S.APPROVED


def test_publish_form_shows_the_refusal(client, world):
    chosen = AssignmentFactory(post__branch=world.branch)
    client.force_login(world.secretary)
    today = datetime.date.today()
    response = client.post(
        reverse("posts:notice_publish"),
        {
            "title": "东村公示",
            "starts_on": today.isoformat(),
            "ends_on": (today - datetime.timedelta(days=1)).isoformat(),
            "assignments": [chosen.pk],
        },
    )
    assert response.status_code == 200
    assert "公示结束日期不能早于开始日期" in response.content.decode()


def test_superuser_with_many_branches_chooses_one_first(client, world):
    client.force_login(world.superuser)
    page = client.get(reverse("posts:notice_publish")).content.decode()
    assert "为哪个支部发布公示？" in page and f"?branch={world.far.code}" in page


def test_detail_shows_qr_link_and_objections_to_officers_only(client, world):
    notice = published(world)
    Objection.objects.create(notice=notice, text="建议增加岗位", name="村民乙", contact="13800000001")
    client.force_login(world.secretary)
    page = client.get(reverse("posts:notice_detail", args=[notice.pk])).content.decode()
    assert "<svg" in page and notice.public_url("http://testserver") in page
    assert "建议增加岗位" in page and "13800000001" in page and "登记处理结果" in page
    client.force_login(world.township)
    page = client.get(reverse("posts:notice_detail", args=[notice.pk])).content.decode()
    assert "建议增加岗位" in page and "登记处理结果" not in page and "结束公示" not in page
    client.force_login(world.member_user)
    page = client.get(reverse("posts:notice_detail", args=[notice.pk])).content.decode()
    assert "建议增加岗位" not in page and "13800000001" not in page


def test_handle_objection_per_role(client, world):
    notice = published(world)
    objection = Objection.objects.create(notice=notice, text="有意见")
    url = reverse("posts:objection_handle", args=[objection.pk])
    data = {"outcome": "dismissed", "resolution": "不属实"}
    assert by_role(client, world, url, "post", data) == only(302, *MANAGERS)
    objection.refresh_from_db()
    assert (objection.status, objection.handled_by) == (Objection.Status.DISMISSED, world.secretary)


def test_handle_objection_form_errors_are_shown_on_the_notice(client, world):
    notice = published(world)
    objection = Objection.objects.create(notice=notice, text="有意见")
    client.force_login(world.committee)
    response = client.post(reverse("posts:objection_handle", args=[objection.pk]), {"outcome": "upheld"})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()


def test_close_per_role_and_messages(client, world):
    notice = published(world)
    url = reverse("posts:notice_close", args=[notice.pk])
    assert by_role(client, world, url, "post") == only(302, *MANAGERS)
    client.force_login(world.secretary)
    response = client.post(url, follow=True)
    assert "次日起才能结束公示" in response.content.decode()
    past(notice)
    response = client.post(url, follow=True)
    assert "公示已结束，公示人员正式生效" in response.content.decode()
    assert notice.assignments.get().status == S.EFFECTIVE


@pytest.mark.parametrize("size", [2, 12])
def test_notice_pages_run_a_fixed_number_of_queries(client, world, django_assert_max_num_queries, size):
    notice = published(world, count=size)
    for _ in range(size):
        published(world)
    for a in notice.assignments.all()[:2]:
        Objection.objects.create(notice=notice, assignment=a, text="有意见")
    client.force_login(world.secretary)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("posts:notices")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("posts:notice_detail", args=[notice.pk])).status_code == 200


def test_close_button_appears_once_the_period_has_ended(client, world):
    notice = published(world)
    client.force_login(world.secretary)
    url = reverse("posts:notice_detail", args=[notice.pk])
    page = client.get(url).content.decode()
    assert "结束公示：人员正式生效" not in page and "公示期满" in page
    past(notice)
    assert "结束公示：人员正式生效" in client.get(url).content.decode()


def test_notice_page_has_a_print_button_for_those_who_print(client, world):
    notice = published(world)
    url = reverse("posts:notice_detail", args=[notice.pk])
    printing = reverse("posts:notice_print", args=[notice.pk])
    for role in ("secretary", "committee", "township", "county_official", "superuser"):
        client.force_login(getattr(world, role))
        page = client.get(url).content.decode()
        assert f'href="{printing}"' in page and "打印公示" in page, role
        assert client.get(printing).status_code == 200, role
    client.force_login(world.member_user)
    assert printing not in client.get(url).content.decode()

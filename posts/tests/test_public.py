"""The public notice page: no login, no ID numbers, phones only with consent, objections
during the period only, and a rate limit per sender."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Pledge
from papers.qr import qr_data_uri, qr_svg
from posts.models import Assignment, Notice, Objection
from posts.services import notices as service
from posts.tests.factories import AssignmentFactory, BranchPostFactory
from posts.views import public
from tests import cache as cached

TODAY = datetime.date.today()


@pytest.fixture
def notice(world):
    world.member.phone, world.member.show_phone_publicly = "13912345678", False
    world.member.save()
    world.neighbour.phone, world.neighbour.show_phone_publicly = "13687654321", True
    world.neighbour.save()
    post = BranchPostFactory(
        branch=world.branch, headcount=2, post_type__name="政策宣传岗", post_type__duties="宣讲惠民政策"
    )
    assignments = [
        AssignmentFactory(post=post, member=world.member),
        AssignmentFactory(post=post, member=world.neighbour),
    ]
    return service.publish_notice(
        branch=world.branch,
        assignments=assignments,
        starts_on=TODAY,
        ends_on=service.default_period(world.branch, TODAY)[1],
        title="东村设岗定责公示",
        by=world.secretary,
        today=TODAY,
    )


def url(notice):
    return reverse("public_notice", args=[notice.token])


def test_short_link_and_public_url(notice, settings):
    settings.PUBLIC_BASE_URL = "https://shegang.example.cn/"
    assert url(notice) == f"/n/{notice.token}/"
    assert notice.public_url() == f"https://shegang.example.cn/n/{notice.token}/"


def test_page_opens_without_login_and_shows_names_posts_duties_and_qr(client, notice):
    page = client.get(url(notice)).content.decode()
    assert "东村设岗定责公示" in page and "张三" in page and "李四" in page
    assert "政策宣传岗" in page and "宣讲惠民政策" in page
    assert "<svg" in page and "用手机扫码查看本公示" in page


def test_page_never_shows_id_numbers(client, world, notice):
    page = client.get(url(notice)).content.decode()
    for member in (world.member, world.neighbour):
        assert member.id_number not in page
        assert member.masked_id_number not in page
        assert member.id_number[6:14] not in page  # not even the birth date part


def test_phone_only_with_consent(client, world, notice):
    page = client.get(url(notice)).content.decode()
    assert "13687654321" in page
    assert "13912345678" not in page


def test_pledges_of_the_post_or_its_year_are_shown(client, world, notice):
    mine = notice.assignments.get(member=world.member)
    Pledge.objects.create(member=world.member, assignment=mine, year=2020, text="每月入户宣讲一次")
    Pledge.objects.create(member=world.member, year=mine.post.year, text="帮助两户困难群众")
    Pledge.objects.create(member=world.member, year=mine.post.year - 1, text="去年的承诺")
    other = AssignmentFactory(post__branch=world.branch, member=world.member, status=Assignment.Status.ON_POST)
    Pledge.objects.create(member=world.member, assignment=other, year=mine.post.year, text="别的岗位的承诺")
    page = client.get(url(notice)).content.decode()
    assert "每月入户宣讲一次" in page and "帮助两户困难群众" in page
    assert "去年的承诺" not in page and "别的岗位的承诺" not in page


def test_withdrawn_people_are_not_shown(client, world, notice):
    service.withdraw(assignment=notice.assignments.get(member=world.neighbour), reason="本人申请", by=world.secretary)
    page = client.get(url(notice)).content.decode()
    assert "张三" in page and "李四" not in page


def test_unknown_link_is_not_found(client, notice):
    assert client.get("/n/nosuchcode/").status_code == 404


def objection_data(**extra):
    return {"text": "此人经常不在村里", "name": "", "contact": "", "assignment": "", **extra}


def test_anyone_can_lodge_an_objection_about_a_person(client, world, notice):
    about = notice.assignments.get(member=world.member)
    response = client.post(
        url(notice), objection_data(assignment=about.pk, name="王大爷", contact="13700000000"), follow=True
    )
    assert "谢谢！支部已收到您的意见" in response.content.decode()
    objection = Objection.objects.get()
    assert (objection.assignment, objection.name, objection.contact) == (about, "王大爷", "13700000000")


def test_objection_form_offers_only_people_on_the_notice(client, world, notice):
    stranger = AssignmentFactory(post__branch=world.branch)
    response = client.post(url(notice), objection_data(assignment=stranger.pk))
    assert response.status_code == 200
    assert not Objection.objects.exists()


def test_rate_limit_per_address_and_notice_without_storing_the_address(client, world, notice):
    for _ in range(5):
        assert client.post(url(notice), objection_data()).status_code == 302
    response = client.post(url(notice), objection_data())
    assert "提交过于频繁：同一网络每10分钟最多提交5条，请稍后再试。" in response.content.decode()
    assert Objection.objects.count() == 5
    # Another sender is not held up by the first one.
    assert client.post(url(notice), objection_data(), REMOTE_ADDR="10.1.2.3").status_code == 302
    assert Objection.objects.count() == 6
    keys = cached.keys()
    assert keys and not any("127.0.0.1" in k or "10.1.2.3" in k for k in keys)


def test_behind_a_proxy_the_limit_counts_each_sender_not_the_proxy(client, notice, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(5):
        assert (
            client.post(url(notice), objection_data(), HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 302
        )
    # Writing another address further left does not make a new sender: the proxy's entry counts.
    held = client.post(url(notice), objection_data(), HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", **proxy)
    assert held.status_code == 200 and "提交过于频繁" in held.content.decode()
    # A villager on another network, through the same proxy, is not held up.
    other = client.post(url(notice), objection_data(), HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)
    assert other.status_code == 302
    assert Objection.objects.count() == 6


@pytest.mark.parametrize(
    "forwarded, hops, sender",
    [
        ("", 0, "10.0.0.1"),
        ("203.0.113.7", 0, "10.0.0.1"),
        ("203.0.113.7", 1, "203.0.113.7"),
        ("6.6.6.6, 203.0.113.7", 1, "203.0.113.7"),
        ("6.6.6.6, 203.0.113.7, 10.0.0.2", 2, "203.0.113.7"),
        # Fewer entries than proxies: the header cannot be trusted, so the nearest hop counts.
        ("203.0.113.7", 2, "10.0.0.1"),
    ],
)
def test_sender_address(rf, settings, forwarded, hops, sender):
    settings.TRUSTED_PROXY_COUNT = hops
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert public.sender_address(request) == sender


@pytest.mark.parametrize(
    "starts, ends, message",
    [
        (-6, -1, "公示期已于{end}结束，不再受理异议。"),
        (1, 5, "公示期从{start}开始，届时方可提出异议。"),
    ],
)
def test_form_is_closed_outside_the_period(client, notice, starts, ends, message):
    start, end = TODAY + datetime.timedelta(days=starts), TODAY + datetime.timedelta(days=ends)
    Notice.objects.filter(pk=notice.pk).update(starts_on=start, ends_on=end)
    expected = message.format(
        start=f"{start.year}年{start.month}月{start.day}日", end=f"{end.year}年{end.month}月{end.day}日"
    )
    page = client.get(url(notice)).content.decode()
    assert expected in page and "提交给支部" not in page
    client.post(url(notice), objection_data())
    assert not Objection.objects.exists()


@pytest.mark.parametrize("size", [2, 15])
def test_public_page_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries, size):
    post = BranchPostFactory(branch=world.branch, headcount=size)
    assignments = [AssignmentFactory(post=post) for _ in range(size)]
    for a in assignments:
        Pledge.objects.create(member=a.member, assignment=a, year=post.year, text="承诺")
    notice = service.publish_notice(
        branch=world.branch,
        assignments=assignments,
        starts_on=TODAY,
        ends_on=service.default_period(world.branch, TODAY)[1],
        title="公示",
        by=None,
        today=TODAY,
    )
    with django_assert_max_num_queries(4):
        assert client.get(url(notice)).status_code == 200


def test_qr_helpers_encode_the_link():
    svg = qr_svg("https://example.cn/n/abc/", scale=3)
    assert svg.startswith("<svg") and "https://example.cn/n/abc/" in svg
    assert qr_data_uri("https://example.cn/n/abc/").startswith("data:image/svg+xml")

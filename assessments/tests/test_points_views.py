"""The points pages: the board's ranking and scope for every role, the public board, cards,
rules pages, adjustments, closing from the board and the township's close run."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import ClosedMonth, MonthCloseJob, PointsAdjustment, PointsRule
from assessments.selectors import points as selectors
from assessments.services.points import close_month
from members.tests.factories import MemberFactory, UserFactory
from posts.tests.roles import by_role, only

from .points_data import Kind, Status, entry, last_month, on_post, this_month

TODAY = timezone.localdate()
BRANCH_READERS = ("member_user", "group_leader", "secretary", "committee", "township", "county_official", "superuser")
OVERSEERS = ("secretary", "committee", "township", "county_official", "superuser")


def board_url(branch, month):
    return reverse("assessments:points_board", args=[branch.code, f"{month:%Y-%m}"])


def test_board_ranks_with_ties(world):
    month = last_month()
    third = MemberFactory(name="王二", branch=world.branch)
    fourth = MemberFactory(name="陈七", branch=world.branch)
    on_post(fourth, month.year)  # on post, nothing logged: on the board with 0
    entry(world.member, month)
    entry(world.member, month, Kind.COLLECTIVE)  # 5
    entry(world.neighbour, month, Kind.COLLECTIVE)
    entry(world.neighbour, month)  # 5
    entry(third, month)  # 3
    entry(world.sibling_member, month)  # another branch
    rows = selectors.board(world.branch, month).rows
    assert [(r.name, r.month.total, r.rank) for r in rows] == [
        ("张三", 5, 1),
        ("李四", 5, 1),
        ("王二", 3, 3),
        ("陈七", 0, 4),
    ]


def test_year_to_date_adds_closed_and_open_months(world):
    # Two ended months of one year: February and March of last year.
    earlier, month = datetime.date(TODAY.year - 1, 2, 1), datetime.date(TODAY.year - 1, 3, 1)
    entry(world.member, earlier)
    entry(world.member, month)
    entry(world.member, datetime.date(TODAY.year - 1, 4, 1))  # after the board's month
    close_month(branch=world.branch, month=earlier, by=world.secretary)
    [row] = [r for r in selectors.board(world.branch, month).rows if r.member_id == world.member.pk]
    assert (row.month.total, row.year_total) == (3, 6)


def test_board_page_for_every_role(client, world):
    entry(world.member, this_month())
    codes = by_role(client, world, board_url(world.branch, this_month()))
    assert codes == only(200, *BRANCH_READERS)
    client.force_login(world.member_user)
    page = client.get(board_url(world.branch, this_month())).content.decode()
    assert "服务积分榜" in page and "张三" in page and "年累计" in page
    # A member sees the board, but no one's card and no close button.
    assert reverse("assessments:points_member_card", args=[world.member.pk]) not in page
    assert "关闭本月" not in page


def test_board_404s_on_a_bad_or_future_month(client, world):
    client.force_login(world.secretary)
    for month in ("2026-13", "abc", f"{TODAY.year + 1}-01"):
        assert client.get(reverse("assessments:points_board", args=["B1", month])).status_code == 404


def test_close_from_the_board(client, world):
    month = last_month()
    entry(world.member, month, status=Status.SUBMITTED)
    client.force_login(world.secretary)
    page = client.get(board_url(world.branch, month)).content.decode()
    assert "尚待核实" in page
    close = reverse("assessments:points_close", args=["B1", f"{month:%Y-%m}"])
    response = client.post(close, follow=True)
    assert "尚待核实" in response.content.decode() and not ClosedMonth.objects.exists()
    entry(world.member, month).delete()
    from assessments.models import DutyLogEntry

    DutyLogEntry.objects.update(status=Status.VERIFIED, points=3)
    response = client.post(close, follow=True)
    assert ClosedMonth.objects.filter(branch=world.branch, month=month).exists()
    assert "已关闭并公示" in response.content.decode()
    reopen = reverse("assessments:points_reopen", args=["B1", f"{month:%Y-%m}"])
    client.post(reopen, {"reason": ""})
    assert ClosedMonth.objects.exists()
    client.post(reopen, {"reason": "补录"})
    assert not ClosedMonth.objects.exists()


@pytest.mark.parametrize("size", [2, 12])
def test_board_and_card_run_a_fixed_number_of_queries(client, world, django_assert_max_num_queries, size):
    month = last_month()
    members = [MemberFactory(branch=world.branch) for _i in range(size)]
    for m in members:
        on_post(m, month.year)
        for d in range(size):
            entry(m, month + datetime.timedelta(days=d % 20))
            entry(world.member, month + datetime.timedelta(days=d % 20), Kind.COLLECTIVE)
        PointsAdjustment.objects.create(member=m, branch=world.branch, month=month, points=1, reason="奖")
    client.force_login(world.secretary)
    with django_assert_max_num_queries(22):
        assert client.get(board_url(world.branch, month)).status_code == 200
    close_month(branch=world.branch, month=month, by=world.secretary)
    with django_assert_max_num_queries(22):
        assert client.get(board_url(world.branch, month)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("assessments:points_member_card", args=[world.member.pk])).status_code == 200
    client.force_login(world.member_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("assessments:points_card")).status_code == 200


def test_queries_do_not_grow_with_the_branch(client, world, django_assert_num_queries):
    """Counted exactly on a small and a larger branch: the same number."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    month = last_month()
    client.force_login(world.secretary)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    entry(world.member, month)
    small = (
        count(board_url(world.branch, month)),
        count(reverse("assessments:points_member_card", args=[world.member.pk])),
    )
    for _i in range(15):
        m = MemberFactory(branch=world.branch)
        entry(m, month)
        entry(world.member, month, Kind.COLLECTIVE)
        PointsAdjustment.objects.create(member=m, branch=world.branch, month=month, points=2, reason="奖")
    large = (
        count(board_url(world.branch, month)),
        count(reverse("assessments:points_member_card", args=[world.member.pk])),
    )
    assert small == large


def test_card_shows_entries_and_adjustments_by_month(client, world):
    month = last_month()
    entry(world.member, month, what="帮王大娘修水管")
    entry(world.member, month, status=Status.RETURNED, what="被退回的记录")
    PointsAdjustment.objects.create(
        member=world.member, branch=world.branch, month=month, points=-2, reason="缺席主题党日"
    )
    client.force_login(world.member_user)
    page = client.get(reverse("assessments:points_card") + f"?year={month.year}").content.decode()
    assert "积分卡" in page and "帮王大娘修水管" in page and "缺席主题党日" in page and "个人服务" in page
    assert "被退回的记录" not in page
    assert "-2" in page


def test_member_cards_for_every_role(client, world):
    url = reverse("assessments:points_member_card", args=[world.member.pk])
    assert by_role(client, world, url) == only(200, "group_leader", *OVERSEERS)
    # The group leader's reach is their group: not a member outside it.
    url = reverse("assessments:points_member_card", args=[world.neighbour.pk])
    assert by_role(client, world, url) == only(200, *OVERSEERS)
    assert by_role(client, world, reverse("assessments:points_card"))["member_user"] == 200


def test_public_board_shows_names_and_points_only(client, world):
    month = last_month()
    world.member.phone, world.member.show_phone_publicly = "13912345678", True
    world.member.save()
    entry(world.member, month, what="私人细节不公开")
    close_month(branch=world.branch, month=month, by=world.secretary)
    token = selectors.public_token(world.branch)
    response = client.get(reverse("assessments:public_points", args=[token]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "张三" in page and "服务积分榜" in page and "<svg" in page
    for private in (world.member.id_number, world.member.masked_id_number, "13912345678", "私人细节不公开"):
        assert private not in page


def test_public_board_404s_on_a_bad_token(client, world):
    token = selectors.public_token(world.branch)
    assert client.get(reverse("assessments:public_points", args=[token])).status_code == 200
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "abc", f"{world.far.pk}.x"):
        assert client.get(reverse("assessments:public_points", args=[bad])).status_code == 404
    assert selectors.branch_for_token(selectors.public_token(world.far)) == world.far


def test_public_board_publishes_closed_months_only(client, world):
    entry(world.member, this_month(), what="x")
    token = selectors.public_token(world.branch)
    page = client.get(reverse("assessments:public_points", args=[token])).content.decode()
    assert "尚未公示" in page and "张三" not in page


def test_board_links_to_the_public_page_with_a_qr_code(client, world):
    client.force_login(world.secretary)
    page = client.get(board_url(world.branch, this_month())).content.decode()
    assert reverse("assessments:public_points", args=[selectors.public_token(world.branch)]) in page
    assert "<svg" in page


def test_rules_pages(client, world):
    url = reverse("assessments:points_rules", args=["B1"])
    assert by_role(client, world, url) == only(200, *BRANCH_READERS)
    client.force_login(world.member_user)
    page = client.get(url).content.decode()
    assert "积分规则" in page and "默认" in page and "保存规则" not in page
    assert client.post(url, {}).status_code == 404
    client.force_login(world.secretary)
    response = client.post(
        url,
        {
            "kind": Kind.INDIVIDUAL,
            "points": "4",
            "monthly_cap": "20",
            "starts_on": TODAY.isoformat(),
            "reason": "支部提高",
        },
        follow=True,
    )
    assert PointsRule.objects.get().organisation == world.branch
    page = response.content.decode()
    assert "本支部" in page and "支部提高" in page
    # A start in the past is refused beside the field.
    response = client.post(
        url,
        {"kind": Kind.INDIVIDUAL, "points": "4", "starts_on": "2020-01-01", "reason": "追溯"},
    )
    assert "今天或以后" in response.content.decode() and PointsRule.objects.count() == 1


def test_township_rules_page(client, world):
    url = reverse("assessments:points_org_rules", args=["T1"])
    assert by_role(client, world, url) == only(200, "township", "county_official", "superuser")
    client.force_login(world.township)
    client.post(url, {"kind": Kind.COLLECTIVE, "points": "3", "starts_on": TODAY.isoformat(), "reason": "镇统一"})
    page = client.get(reverse("assessments:points_rules", args=["B1"])).content.decode()
    assert ">镇<" in page


def test_adjust_page(client, world):
    url = reverse("assessments:points_adjust", args=["B1"])
    assert by_role(client, world, url) == only(200, "secretary", "committee", "superuser")
    client.force_login(world.committee)
    response = client.post(
        url,
        {"member": world.member.pk, "month": this_month().isoformat(), "points": "-3", "reason": "缺席必到活动"},
    )
    assert response.status_code == 302
    assert PointsAdjustment.objects.get().points == -3
    response = client.post(url, {"member": world.member.pk, "month": this_month().isoformat(), "points": "2"})
    assert response.status_code == 200 and PointsAdjustment.objects.count() == 1


def test_township_close_run_pages(client, world, django_capture_on_commit_callbacks):
    month = last_month()
    entry(world.sibling_member, month, status=Status.SUBMITTED)
    url = reverse("assessments:points_org_close", args=["T1"])
    assert by_role(client, world, url) == only(200, "township", "county_official", "superuser")
    client.force_login(world.township)
    assert "为所有支部关闭月份" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"month": month.isoformat()})
    job = MonthCloseJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "南村党支部" in page and "close-bar" in page and "month-close.js" in page
    progress = client.get(reverse("assessments:points_close_progress", args=[job.pk])).json()
    assert progress["state"] == "done" and progress["progress"] == 100 and progress["closed"] == 1
    assert progress["refused"][0]["name"] == "南村党支部"
    # Nobody else sees the run.
    client.force_login(world.county_official)
    assert client.get(reverse("assessments:points_close_job", args=[job.pk])).status_code == 404


def test_township_close_page_shows_where_each_branch_stands(client, world, django_assert_max_num_queries):
    from assessments.models import ClosedMonth
    from members.tests.factories import BranchFactory

    month = last_month()
    ClosedMonth.objects.create(branch=world.branch, month=month)
    entry(world.sibling_member, month, status=Status.SUBMITTED)
    client.force_login(world.township)
    url = reverse("assessments:points_org_close", args=["T1"]) + f"?month={month:%Y-%m}"
    page = client.get(url).content.decode()
    assert "东村党支部" in page and "已关闭" in page and "1 条待核实" in page and "南村党支部" in page
    assert "西社区党支部" not in page
    with django_assert_max_num_queries(12):
        client.get(url)
    for n in range(10):
        BranchFactory(code=f"T1X{n}", parent=world.town_a)
    with django_assert_max_num_queries(12):
        assert "未登记" in client.get(url).content.decode()


def test_public_board_publishes_the_accepted_pledges(client, world):
    from assessments.tests import pledges_data

    pledges_data.on_post(world.neighbour)
    world.neighbour.user = UserFactory()
    world.neighbour.save()
    done = pledges_data.accepted(world.neighbour, 3, world.secretary, prefix="公开承诺")
    pledges_data.make(world.neighbour, 1, prefix="草稿承诺")
    token = selectors.public_token(world.branch)
    page = client.get(reverse("assessments:public_points", args=[token]) + f"?year={pledges_data.YEAR}")
    page = page.content.decode()
    assert all(p.text in page for p in done) and "李四" in page and "年度公开承诺" in page
    assert "草稿承诺" not in page

"""The pledge pages: a member's phone pages and the committee's, in Chinese, within scope, with
a fixed number of queries; the papers they print; the demo."""

import datetime

import pytest
from django.urls import reverse

from assessments.demo import pledges as demo
from assessments.models import Pledge
from assessments.selectors import pledges as selectors
from assessments.services import pledges as service
from audit.models import Entry
from members.tests.factories import MemberFactory, UserFactory
from papers.render import render_pdf
from papers.sections import sections_for
from posts.tests import pdf

from .pledges_data import DUE, JAN, YEAR, accepted, make, on_post

S = Pledge.Status
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture(autouse=True)
def chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture
def mine(world):
    on_post(world.member)
    return world.member


def page(client, url, **params):
    response = client.get(url, params, **ZH)
    assert response.status_code == 200
    return response.content.decode()


def test_the_member_adds_a_pledge_picked_from_the_duty_menu(client, world, mine):
    client.force_login(world.member_user)
    form_page = page(client, reverse("assessments:pledge_add"), year=YEAR)
    assert "从岗位职责中选择" in form_page and "每月入户走访一次" in form_page and "宣传党的政策" in form_page
    response = client.post(
        reverse("assessments:pledge_add") + f"?year={YEAR}",
        {"from_duty": "每月入户走访一次", "text": "", "due_on": f"{YEAR + 1}-01-31"},
        **ZH,
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get(member=mine)
    assert (pledge.text, pledge.from_duty, pledge.status) == ("每月入户走访一次", "每月入户走访一次", S.DRAFT)
    mine_page = page(client, reverse("assessments:my_pledges"), year=YEAR)
    assert "我的2026年承诺" in mine_page and "草稿" in mine_page and "提交承诺审核" in mine_page
    # Fewer than three: submitting asks why, and the page says so in Chinese.
    response = client.post(reverse("assessments:pledges_submit") + f"?year={YEAR}", {"note": ""}, **ZH, follow=True)
    assert "请用一句话说明" in response.content.decode()
    client.post(reverse("assessments:pledges_submit") + f"?year={YEAR}", {"note": "年纪大了，量力而行"})
    assert Pledge.objects.get(member=mine).status == S.SUBMITTED


def test_a_service_refusal_shows_beside_its_field(client, world, mine):
    client.force_login(world.member_user)
    response = client.post(
        reverse("assessments:pledge_add") + f"?year={YEAR}", {"text": "走访", "due_on": "2020-01-01"}, **ZH
    )
    assert response.status_code == 200 and "该日期已过" in response.content.decode()


def test_the_committee_returns_one_and_accepts_the_rest_in_bulk(client, world, mine):
    first, second, third = make(mine, 3)
    service.submit_pledges(member=mine, year=YEAR, by=world.member_user)
    client.force_login(world.committee)
    listing = page(client, reverse("assessments:branch_pledges", args=["B1"]), year=YEAR)
    assert "张三" in listing and "待审核" in listing and "审核通过所选承诺" in listing
    url = reverse("assessments:pledge_review", args=["B1", first.pk])
    response = client.post(url, {"action": "return", "reason": ""}, **ZH)
    assert response.status_code == 200 and Pledge.objects.get(pk=first.pk).status == S.SUBMITTED
    client.post(url, {"action": "return", "reason": "请写明走访户数"})
    client.post(
        reverse("assessments:pledges_accept_many", args=["B1"]) + f"?year={YEAR}",
        {"pledge": [second.pk, third.pk]},
    )
    assert dict(Pledge.objects.values_list("pk", "status")) == {
        first.pk: S.RETURNED,
        second.pk: S.ACCEPTED,
        third.pk: S.ACCEPTED,
    }
    client.force_login(world.member_user)
    assert "请写明走访户数" in page(client, reverse("assessments:my_pledges"), year=YEAR)


def test_the_committee_filters_by_status_and_member(client, world, mine):
    accepted(mine, 3, world.committee)
    on_post(world.neighbour)
    world.neighbour.user = UserFactory(username="neighbour")
    world.neighbour.save()
    make(world.neighbour, 1, prefix="李四的承诺")
    client.force_login(world.secretary)
    url = reverse("assessments:branch_pledges", args=["B1"])
    drafts = page(client, url, year=YEAR, status="draft")
    assert "李四的承诺1" in drafts and "承诺1</a>" not in drafts.replace("李四的承诺1</a>", "")
    by_member = page(client, url, year=YEAR, member=world.member.pk)
    assert "李四的承诺" not in by_member and "已审核公开" in by_member


def test_members_on_post_without_pledges_are_listed(client, world, mine):
    service.add_branch_pledge(branch=world.branch, year=YEAR, by=world.secretary, text="修路", due_on=DUE, today=JAN)
    client.force_login(world.secretary)
    listing = page(client, reverse("assessments:branch_pledges", args=["B1"]), year=YEAR)
    assert "在岗未承诺：张三" in listing
    make(mine, 1)
    listing = page(client, reverse("assessments:branch_pledges", args=["B1"]), year=YEAR)
    assert "在岗未承诺" not in listing


def test_the_branch_makes_and_accepts_its_own_pledges(client, world):
    client.force_login(world.secretary)
    form = page(client, reverse("assessments:branch_pledge_add", args=["B1"]), year=YEAR)
    assert "支部每年提出5至8条承诺" in form
    due = datetime.date.today() + datetime.timedelta(days=30)
    response = client.post(
        reverse("assessments:branch_pledge_add", args=["B1"]) + f"?year={due.year}",
        {"text": "硬化村道一公里", "due_on": due.isoformat(), "responsible": world.member.pk},
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get(member__isnull=True)
    assert (pledge.branch, pledge.responsible, pledge.status) == (world.branch, world.member, S.DRAFT)
    client.post(reverse("assessments:pledge_review", args=["B1", pledge.pk]), {"action": "accept"})
    assert Pledge.objects.get(pk=pledge.pk).status == S.ACCEPTED
    detail = page(client, reverse("assessments:branch_pledge", args=["B1", pledge.pk]))
    assert "支部承诺" in detail and "践诺情况须在计划完成时限" in detail


def test_outcome_before_the_target_date_is_refused_on_the_page(client, world, mine):
    pledge = accepted(mine, 3, world.committee, due=datetime.date.today() + datetime.timedelta(days=5))[0]
    client.force_login(world.secretary)
    response = client.post(
        reverse("assessments:pledge_outcome", args=["B1", pledge.pk]),
        {"outcome": "fulfilled", "reason": "完成"},
        follow=True,
        **ZH,
    )
    assert "须在计划完成时限" in response.content.decode()
    assert Pledge.objects.get(pk=pledge.pk).status == S.ACCEPTED


def test_the_member_records_progress_with_own_entries_and_evaluates(client, world, mine):
    from assessments.models import DutyLogEntry

    pledge = accepted(mine, 3, world.committee)[0]
    entry = DutyLogEntry.objects.create(
        assignment=pledge.assignment, member=mine, branch=world.branch, done_on=datetime.date.today(), what="走访五保户"
    )
    client.force_login(world.member_user)
    detail = page(client, reverse("assessments:my_pledge", args=[pledge.pk]))
    assert "走访五保户" in detail and "记录践诺进展" in detail
    client.post(
        reverse("assessments:pledge_progress", args=[pledge.pk]),
        {"noted_on": datetime.date.today().isoformat(), "text": "走访了三户", "entries": [entry.pk]},
    )
    client.post(reverse("assessments:pledge_self_evaluate", args=[pledge.pk]), {"comment": "按期完成"})
    detail = page(client, reverse("assessments:my_pledge", args=[pledge.pk]))
    assert "走访了三户" in detail and "个人自评" in detail and "按期完成" in detail


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("secretary", True),
        ("committee", True),
        ("township", True),
        ("county_official", True),
        ("superuser", True),
        ("group_leader", False),
        ("member_user", False),
        ("outsider", False),
    ],
)
def test_who_reads_the_branch_list(client, world, mine, role, allowed):
    accepted(mine, 3, world.committee)
    client.force_login(getattr(world, role))
    response = client.get(reverse("assessments:branch_pledges", args=["B1"]), {"year": YEAR})
    assert response.status_code == (200 if allowed else 404)


@pytest.mark.parametrize("role", ["township", "county_official"])
def test_overseers_read_but_do_not_review(client, world, mine, role):
    pledge = make(mine, 3)[0]
    service.submit_pledges(member=mine, year=YEAR, by=world.member_user)
    client.force_login(getattr(world, role))
    detail = page(client, reverse("assessments:branch_pledge", args=["B1", pledge.pk]))
    assert "审核通过并公开" not in detail
    assert (
        client.post(reverse("assessments:pledge_review", args=["B1", pledge.pk]), {"action": "accept"}).status_code
        == 404
    )
    assert Pledge.objects.get(pk=pledge.pk).status == S.SUBMITTED


def test_a_member_never_reaches_anothers_pledge(client, world, mine):
    on_post(world.neighbour)
    world.neighbour.user = UserFactory(username="neighbour")
    world.neighbour.save()
    theirs = make(world.neighbour, 1)[0]
    client.force_login(world.member_user)
    for name in ("assessments:my_pledge", "assessments:pledge_edit"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.post(reverse("assessments:pledge_delete", args=[theirs.pk])).status_code == 404
    assert Pledge.objects.filter(pk=theirs.pk).exists()
    # Nor the committee's pages of their own branch.
    assert client.get(reverse("assessments:branch_pledge", args=["B1", theirs.pk])).status_code == 404


def test_a_pledge_of_another_branch_is_not_found_under_this_branchs_code(client, world):
    other = MemberFactory(branch=world.sibling, user=UserFactory(username="sib"))
    on_post(other)
    theirs = make(other, 1)[0]
    client.force_login(world.secretary)
    assert client.get(reverse("assessments:branch_pledge", args=["B1", theirs.pk])).status_code == 404
    assert client.get(reverse("assessments:branch_pledge", args=["B2", theirs.pk])).status_code == 404


def _many(world, n):
    for i in range(n):
        member = MemberFactory(branch=world.branch, user=UserFactory(username=f"m{n}-{i}"))
        on_post(member)
        accepted(member, 3, world.committee)


def queries(client, django_assert_max_num_queries, url, limit, **params):
    with django_assert_max_num_queries(limit):
        assert client.get(url, params).status_code == 200


@pytest.mark.parametrize("n", [1, 8])
def test_lists_run_a_fixed_number_of_queries(client, world, django_assert_max_num_queries, n):
    _many(world, n)
    client.force_login(world.secretary)
    queries(client, django_assert_max_num_queries, reverse("assessments:branch_pledges", args=["B1"]), 16, year=YEAR)
    member = Pledge.objects.filter(member__isnull=False).first().member
    client.force_login(member.user)
    queries(client, django_assert_max_num_queries, reverse("assessments:my_pledges"), 14, year=YEAR)
    with django_assert_max_num_queries(1):
        assert len(selectors.published_pledges(world.branch, YEAR)) == 3 * n


def test_published_pledges_are_accepted_ones_the_branchs_first(world, mine):
    kept = accepted(mine, 3, world.committee)
    make(world.member, 1, prefix="草稿")
    own = service.add_branch_pledge(
        branch=world.branch, year=YEAR, by=world.secretary, text="修路", due_on=DUE, today=JAN
    )
    service.accept_pledge(pledge=own, by=world.secretary)
    assert [p.pk for p in selectors.published_pledges(world.branch, YEAR)] == [own.pk] + [p.pk for p in kept]


def test_duty_menu_drops_numbering_and_repeats(world, mine):
    post = mine.assignments.get().post
    assert selectors.duty_menu(post) == [
        "每月入户走访一次",
        "每季度参加一次集中宣讲",
        "宣传党的政策",
        "收集群众意见",
        "按月向支部报告",
    ]


# -- papers ----------------------------------------------------------------------------------


@pytest.fixture
def published(world, mine):
    pledges = accepted(mine, 3, world.committee)
    service.set_outcome(pledge=pledges[0], by=world.committee, outcome=S.FULFILLED, reason="完成", today=DUE)
    service.set_outcome(pledge=pledges[1], by=world.committee, outcome=S.PARTLY, reason="部分", today=DUE)
    own = service.add_branch_pledge(
        branch=world.branch, year=YEAR, by=world.secretary, text="硬化村道一公里", due_on=DUE, today=JAN
    )
    service.accept_pledge(pledge=own, by=world.secretary)
    make(world.member, 1, prefix="未审核的草稿")
    return pledges


def test_the_papers_show_the_published_pledges(client, world, published):
    client.force_login(world.secretary)
    listing = page(client, reverse("assessments:branch_pledges", args=["B1"]), year=YEAR)
    for kind in ("pledge_ledger", "pledge_letters", "pledge_stats"):
        assert reverse("papers:run", args=["B1", YEAR, kind]) in listing
    ledger = page(client, reverse("papers:run", args=["B1", YEAR, "pledge_ledger"]))
    assert (
        "党员承诺台账" in ledger and "承诺1" in ledger and "硬化村道一公里" in ledger and "未审核的草稿" not in ledger
    )
    stats = page(client, reverse("papers:run", args=["B1", YEAR, "pledge_stats"]))
    assert "党员践诺统计表" in stats and "践诺率" in stats and "50%" in stats
    letter = page(client, reverse("papers:member", args=["B1", YEAR, "pledge_letters", world.member.pk]))
    assert "党员公开承诺践诺书" in letter and "承诺人（签名）" in letter and "张三" in letter


def test_the_papers_read_back_from_the_pdf(world, published, tmp_path):
    sections = sections_for([world.branch], YEAR, ["pledge_ledger", "pledge_letters", "pledge_stats"])
    target = tmp_path / "pledges.pdf"
    target.write_bytes(render_pdf(sections, title="承诺践诺"))
    text = pdf.flat(pdf.text(target))
    for words in (
        "党员承诺台账",
        "计划完成时限",
        "党员公开承诺践诺书",
        "承诺人（签名）",
        "党支部书记",
        "践诺统计表",
        "践诺率",
        "张三",
        "硬化村道一公里",
    ):
        assert words in text, words
    assert "未审核的草稿" not in text


def test_the_member_prints_their_own_letter(client, world, published):
    client.force_login(world.member_user)
    assert "打印承诺践诺书" in page(client, reverse("assessments:my_pledges"), year=YEAR)
    letter = page(client, reverse("assessments:my_pledge_letter"), year=YEAR)
    assert "党员公开承诺践诺书" in letter and "承诺1" in letter
    response = client.get(reverse("assessments:my_pledge_letter_pdf"), {"year": YEAR})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_paper_gathering_is_a_fixed_number_of_queries(world, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        sections_for([world.branch, world.sibling, world.far], YEAR, ["pledge_ledger", "pledge_stats"])


# -- demo ------------------------------------------------------------------------------------


def test_the_demo_walks_pledges_through_every_stage(world):
    people = [world.member] + [
        MemberFactory(branch=world.branch, user=UserFactory(username=f"demo{i}")) for i in range(4)
    ]
    people.append(MemberFactory(branch=world.branch))  # no login: the secretary enters for them
    for person in people:
        on_post(person)
    demo.make(world.branch, YEAR, datetime.date(YEAR, 8, 15))
    statuses = set(Pledge.objects.values_list("status", flat=True))
    assert {S.DRAFT, S.SUBMITTED, S.ACCEPTED, S.FULFILLED} <= statuses
    assert Pledge.objects.filter(member__isnull=True).count() == 6
    assert Entry.objects.filter(action="assessments.pledge.returned").count() == 1
    assert not Pledge.objects.filter(status__in=Pledge.OUTCOMES, due_on__gt=datetime.date(YEAR, 8, 15)).exists()
    assert Pledge.objects.filter(progress__isnull=False).exists()


def test_the_demo_builds_on_the_duty_log_demo(world):
    from assessments.demo import log as log_demo
    from assessments.tests.log_data import on_post as log_on_post

    today = datetime.date(YEAR, 11, 20)
    for member in (world.member, world.neighbour):
        log_on_post(member, year=YEAR, starts_on=datetime.date(YEAR, 1, 5))
    log_demo.make(world.branch, YEAR, today)
    demo.make(world.branch, YEAR, today)
    assert Pledge.objects.filter(member=world.member).count() >= 3
    assert Pledge.objects.filter(progress__entries__member=world.member).exists()

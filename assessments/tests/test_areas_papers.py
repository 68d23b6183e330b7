"""The papers of areas and pairs: the area table (样例3), a member's activity ledger (样例4) and
the mentoring agreement, on screen and as PDF, for the branch and for one person."""

import datetime

import pytest
from django.urls import reverse

from assessments.services import areas, mentoring
from papers import render
from papers.sections import sections_for
from posts.tests.pdf import flat, page_count, text

from .factories import YEAR, activist, on_post

DAY = datetime.date(YEAR, 5, 8)


@pytest.fixture
def data(world):
    on_post(world.member)
    world.neighbour.office = "村委委员"
    world.neighbour.save(update_fields=["office"])
    east = areas.create_area(
        branch=world.branch,
        year=YEAR,
        name="东街片区",
        scope="东街1-30号",
        duties="宣传政策，走访住户，排查隐患",
        members=[world.member, world.neighbour],
        lead=world.member,
        by=None,
    )
    areas.create_area(
        branch=world.branch, year=YEAR, name="西街片区", duties="环境卫生监督", members=[world.neighbour], by=None
    )
    areas.record_activity(
        area=east,
        held_on=DAY,
        what="走访独居老人",
        result="走访6户，帮助修理水管2处",
        participants=[world.member],
        notes="联合网格员",
        by=None,
        today=DAY,
    )
    areas.record_activity(
        area=east,
        held_on=DAY,
        what="清理楼道杂物",
        result="清理3栋楼道",
        participants=[world.neighbour],
        by=None,
        today=DAY,
    )
    mentee = activist(world.branch, "陈积极")
    pair = mentoring.create_pair(
        branch=world.branch, mentee=mentee, mentors=[world.member, world.neighbour], starts_on=DAY, by=None, today=DAY
    )
    return pair


def test_the_area_table_lists_each_member_with_post_area_and_duties(client, world, data):
    client.force_login(world.secretary)
    page = client.get(reverse("papers:run", args=["B1", YEAR, "area_table"])).content.decode()
    assert "党员责任区安排表" in page and "职务（无职党员写岗位名称）" in page
    assert "东街片区" in page and "东街1-30号" in page and "排查隐患" in page
    # A member without office is named with their post; an office holder with the office.
    assert "测试岗" in page and "村委委员" in page
    assert page.count("李四") == 2 and "西街片区" in page


def test_a_members_ledger_shows_only_their_activities(client, world, data):
    client.force_login(world.secretary)
    url = reverse("papers:member", args=["B1", YEAR, "area_ledger", world.member.pk])
    page = client.get(url).content.decode()
    assert "党员责任区活动台账" in page and "张三" in page and "走访独居老人" in page and "联合网格员" in page
    assert "清理楼道杂物" not in page
    whole = client.get(reverse("papers:run", args=["B1", YEAR, "area_ledger"])).content.decode()
    assert "走访独居老人" in whole and "清理楼道杂物" in whole


def test_the_mentoring_agreement_names_both_sides(client, world, data):
    client.force_login(world.secretary)
    url = reverse("papers:member", args=["B1", YEAR, "mentoring_agreement", data.mentee.pk])
    page = client.get(url).content.decode()
    assert "帮带协议书" in page and "陈积极" in page and "张三、李四" in page and "帮带人（签字）" in page
    # The pair's page links to it.
    page = client.get(reverse("assessments:pair_detail", args=[data.pk])).content.decode()
    assert url in page
    # A member of the branch (no "print") does not print it.
    client.force_login(world.member_user)
    assert client.get(url).status_code == 404


def test_the_papers_read_back_from_pdf(tmp_path, world, data):
    sections = sections_for([world.branch], YEAR, ["area_table", "area_ledger", "mentoring_agreement"])
    path = tmp_path / "areas.pdf"
    render.render_pdf(sections, title="责任区", target=path)
    content = flat(text(path))
    for words in (
        "党员责任区安排表",
        "东街片区",
        "党员责任区活动台账",
        "走访独居老人",
        "帮带协议书",
        "陈积极",
        "东村党支部",
    ):
        assert words in content, words
    # The table, two ledgers (张三, 李四) and one agreement, each on its own page.
    assert page_count(path) == 4


def test_papers_read_a_fixed_number_of_queries(world, data, django_assert_max_num_queries):
    from members.tests.factories import BranchFactory, MemberFactory

    more = [BranchFactory(parent=world.town_a) for _ in range(3)]
    for b in more:
        m = MemberFactory(branch=b)
        areas.create_area(branch=b, year=YEAR, name="片区", duties="走访", members=[m], lead=m, by=None)
    for kind, most in (("area_table", 2), ("area_ledger", 3), ("mentoring_agreement", 2)):
        with django_assert_max_num_queries(most):
            sections_for([world.branch, *more], YEAR, [kind])


def test_area_pages_link_to_their_papers(client, world, data):
    client.force_login(world.secretary)
    page = client.get(reverse("assessments:areas", args=["B1"]) + f"?year={YEAR}").content.decode()
    assert reverse("papers:run", args=["B1", YEAR, "area_table"]) in page
    assert reverse("papers:run", args=["B1", YEAR, "area_ledger"]) in page

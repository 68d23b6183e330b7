"""The points papers: the year's board of a branch and the members' points cards, as HTML
pages and as PDFs read back with pdftotext."""

import pytest
from django.urls import reverse

from assessments.models import PointsAdjustment
from assessments.papers.points import points_board, points_cards
from assessments.services.points import close_month
from members.tests.factories import MemberFactory
from papers import render
from posts.tests import pdf

from .points_data import Kind, entry, last_month, on_post


@pytest.fixture
def points(world):
    month = last_month()
    entry(world.member, month)
    entry(world.member, month, Kind.COLLECTIVE)
    entry(world.neighbour, month)
    PointsAdjustment.objects.create(
        member=world.member, branch=world.branch, month=month, points=-1, reason="缺席主题党日"
    )
    close_month(branch=world.branch, month=month, by=world.secretary)
    on_post(MemberFactory(name="欧阳明", branch=world.branch), month.year)
    return month


def test_board_paper_ranks_the_year(world, points):
    [section] = points_board([world.branch], points.year).values()
    rows = section.data["rows"]
    assert [(r.name, r.total, r.rank) for r in rows] == [("张三", 4, 1), ("李四", 3, 2), ("欧阳明", 0, 3)]
    assert rows[0].months[points.month - 1] == 4
    assert section.data["closed"] == [points.month]


def test_papers_run_a_fixed_number_of_queries(world, points, django_assert_num_queries):
    branches = [world.branch, world.sibling, world.far]
    with django_assert_num_queries(6):
        points_board(branches, points.year)
    with django_assert_num_queries(7):
        points_cards(branches, points.year)


def test_card_paper_for_one_member(world, points):
    [section] = points_cards([world.branch], points.year, members=[world.member]).values()
    [card] = section.data["cards"]
    assert card.name == "张三" and card.total == 4
    assert card.adjustments[0]["reason"] == "缺席主题党日"
    month, totals, closed = card.months[points.month - 1]
    assert (month, totals.entries, totals.entry_points, totals.adjustment_points, closed) == (
        points.month,
        2,
        5,
        -1,
        True,
    )


def test_board_paper_page(client, world, points):
    client.force_login(world.secretary)
    page = client.get(reverse("papers:run", args=["B1", points.year, "points_board"])).content.decode()
    assert "服务积分" in page and "张三" in page and "欧阳明" in page
    assert world.member.id_number not in page
    board = client.get(reverse("assessments:points_board", args=["B1", f"{points:%Y-%m}"])).content.decode()
    assert reverse("papers:run", args=["B1", points.year, "points_board"]) in board


def test_card_paper_page(client, world, points):
    client.force_login(world.township)
    url = reverse("papers:member", args=["B1", points.year, "points_card", world.member.pk])
    page = client.get(url).content.decode()
    assert "积分卡" in page and "张三" in page and "缺席主题党日" in page and "李四" not in page
    card = client.get(reverse("assessments:points_member_card", args=[world.member.pk])).content.decode()
    assert url in card


def test_pdfs_show_the_chinese(tmp_path, world, points):
    path = tmp_path / "board.pdf"
    render.render_pdf(list(points_board([world.branch], points.year).values()), title="积分榜", target=path)
    text = pdf.flat(pdf.text(path))
    assert "东村党支部" in text and "张三" in text and "欧阳明" in text and "服务积分" in text
    path = tmp_path / "cards.pdf"
    render.render_pdf(list(points_cards([world.branch], points.year).values()), title="积分卡", target=path)
    assert pdf.page_count(path) == 3  # a page per member
    assert "缺席主题党日" in pdf.flat(pdf.text(path)) and "积分卡" in pdf.flat(pdf.text(path))

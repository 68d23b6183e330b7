"""The duty-log book (履岗纪实簿): per member per year, cover and entries by month, HTML and PDF."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import DutyLogEntry
from assessments.papers.log import log_book_sections
from assessments.services import log
from papers.render import render_pdf
from posts.tests.pdf import flat, text

from .log_data import on_post

YEAR = datetime.date.today().year


@pytest.fixture
def book(world):
    assignment = on_post(world.member, starts_on=datetime.date(YEAR, 1, 1))
    on_post(world.neighbour)
    for month, what in [(1, "一月走访五保户"), (1, "一月宣讲医保政策"), (2, "二月清理河道")]:
        log.add_entry(
            member=world.member,
            assignment=assignment,
            done_on=datetime.date(YEAR, month, 10),
            kind="individual",
            what=what,
            people_served=4,
            place="二组",
            by=None,
        )
    for entry in DutyLogEntry.objects.filter(done_on__month=1):
        log.verify(entry=entry, by=world.secretary)
    return world


def test_book_sections_per_member_in_a_fixed_number_of_queries(book, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        found = log_book_sections([book.branch, book.sibling], YEAR)
    [sections] = found.values()
    assert [s.data["book"].name for s in sections] == sorted(["张三", "李四"])
    zhang = next(s.data["book"] for s in sections if s.data["book"].name == "张三")
    assert [(m.month, len(m.rows), m.verified, m.points) for m in zhang.months] == [(1, 2, 2, 6), (2, 1, 0, 0)]
    assert (zhang.entries, zhang.verified, zhang.points) == (3, 2, 6)
    only = log_book_sections([book.branch], YEAR, members=[book.member])
    assert [s.data["book"].name for s in only[book.branch.pk]] == ["张三"]


def test_book_in_html_for_one_member(client, book):
    client.force_login(book.secretary)
    url = reverse("papers:member", args=["B1", YEAR, "log_book", book.member.pk])
    page = client.get(url).content.decode()
    for expected in (
        "履岗纪实簿",
        "张三",
        "东村党支部",
        "一月走访五保户",
        "二月清理河道",
        "1月小计",
        "已核实",
        "待核实",
    ):
        assert expected in page, expected
    assert "李四" not in page
    client.force_login(book.member_user)
    assert client.get(url).status_code == 404  # members do not print


def test_branch_log_and_entry_pages_link_to_the_book(client, book):
    client.force_login(book.secretary)
    page = client.get(reverse("assessments:branch_log", args=["B1"])).content.decode()
    assert reverse("papers:run", args=["B1", YEAR, "log_book"]) in page
    entry = DutyLogEntry.objects.first()
    page = client.get(reverse("assessments:log_entry", args=[entry.pk])).content.decode()
    assert reverse("papers:member", args=["B1", YEAR, "log_book", book.member.pk]) in page
    client.force_login(book.group_leader)
    assert "log_book" not in client.get(reverse("assessments:branch_log", args=["B1"])).content.decode()


def test_book_pdf_shows_the_chinese(book, tmp_path):
    sections = log_book_sections([book.branch], YEAR, members=[book.member])[book.branch.pk]
    path = tmp_path / "book.pdf"
    path.write_bytes(render_pdf(sections, title="履岗纪实簿"))
    printed = flat(text(path))
    for expected in ("履岗纪实簿", "张三", "一月走访五保户", "二月清理河道", "1月小计"):
        assert expected in printed, expected

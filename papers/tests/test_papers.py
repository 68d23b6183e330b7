"""The printed papers themselves: Chinese text that survives a PDF round trip, the one CJK
face embedded and subset, page headers and counts, two copies of a letter, eight cards a
sheet, and no ID number or unconsented phone anywhere."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from members import idnumber
from members.tests.factories import BranchFactory
from papers import render
from papers.sections import branches_beneath, sections_for
from posts import papers as posts_papers
from posts.models import Assignment, Notice
from posts.tests.pdf import flat, fonts, page_count, text
from posts.tests.printing_data import branch_with_papers

pytestmark = pytest.mark.django_db

KINDS = ["notice", "roster", "letters", "certificates"]
ID_NUMBER = idnumber.make(330102, datetime.date(1980, 5, 17), 3)
PHONE = "13957771234"


def write(tmp_path, sections, name="out"):
    path = tmp_path / f"{name}.pdf"
    render.render_pdf(sections, title=name, target=path)
    return path


@pytest.fixture
def papers(world):
    _posts, assignments = branch_with_papers(world.branch, members=12)
    holder = assignments[0].member
    holder.name, holder.id_number, holder.phone = "禤赟昇", ID_NUMBER, PHONE
    holder.save()
    return holder


def sections(world, kind):
    return sections_for([world.branch], 2026, [kind])


@pytest.mark.parametrize("kind", KINDS)
def test_each_paper_embeds_one_subset_cjk_face_and_keeps_rare_characters(tmp_path, world, papers, kind):
    path = write(tmp_path, sections(world, kind), kind)
    found = fonts(path)
    assert found and all(embedded == "yes" and subset == "yes" for _name, embedded, subset in found)
    # One face only: nothing fell back to another font for a glyph it lacked.
    assert {name.split("+", 1)[1] for name, _e, _s in found} == {render.CJK.family}
    content = text(path)
    assert "禤赟昇" in content
    assert "东村党支部" in content


@pytest.mark.parametrize("kind", KINDS)
def test_no_id_number_and_no_phone_without_consent(tmp_path, client, world, papers, kind):
    path = write(tmp_path, sections(world, kind), kind)
    content = flat(text(path))
    assert ID_NUMBER not in content and idnumber.mask(ID_NUMBER) not in content
    assert PHONE not in content
    html = render.html_for(sections(world, kind), title=kind)
    assert ID_NUMBER not in html and PHONE not in html


@pytest.mark.parametrize(
    "kind, shown", [("notice", True), ("roster", True), ("letters", False), ("certificates", False)]
)
def test_phone_printed_on_public_papers_only_with_consent(tmp_path, world, papers, kind, shown):
    papers.show_phone_publicly = True
    papers.save()
    content = flat(text(write(tmp_path, sections(world, kind), kind)))
    assert (PHONE in content) is shown
    assert ID_NUMBER not in content


def test_notice_shows_classes_holders_duties_period_link_and_seal(tmp_path, world, papers):
    notice = Notice.objects.get(branch=world.branch)
    content = text(write(tmp_path, [posts_papers.notice_section(notice)]))
    for expected in [
        "无职党员设岗定责公示",
        "本次公示上岗党员 12 名，涉及岗位 6 个。",
        "1. 思想政治类",
        "政策宣传岗",
        "向群众讲解党的政策",
        "全年入户走访不少于12次",
        "公示时间：2026年2月20日至2026年2月26日",
        "东村党支部（盖章）",
    ]:
        assert expected in content, expected
    assert flat(notice.public_url()) in flat(content)
    assert "img" in render.html_for([posts_papers.notice_section(notice)], title="n")


def test_notice_leaves_out_assignments_withdrawn_after_objection(tmp_path, world, papers):
    Assignment.objects.filter(member=papers).update(status=Assignment.Status.WITHDRAWN)
    notice = Notice.objects.get(branch=world.branch)
    content = text(write(tmp_path, [posts_papers.notice_section(notice)]))
    assert "禤赟昇" not in content
    assert "本次公示上岗党员 11 名" in content


def test_long_notice_numbers_its_pages_and_repeats_the_branch(tmp_path, world):
    branch_with_papers(world.branch, members=60)
    path = write(tmp_path, sections(world, "notice"))
    pages = page_count(path)
    assert pages > 1
    for page in range(1, pages + 1):
        content = text(path, page)
        assert content.lstrip().startswith("东村党支部")
        assert f"第{page}页共{pages}页" in flat(content)


def test_in_a_packet_each_numbered_paper_counts_its_own_pages(tmp_path, world):
    branch_with_papers(world.branch, members=60)
    path = write(tmp_path, sections_for([world.branch], 2026, ["packet"]))
    assert page_count(path) > 100
    # The notice comes first and ends with its notice period; the roster follows on one page.
    notice_end = next(p for p in range(1, 20) if "公示时间" in text(path, p))
    assert notice_end > 1
    for page in range(1, notice_end + 1):
        assert f"第{page}页共{notice_end}页" in flat(text(path, page))
    roster = flat(text(path, notice_end + 1))
    assert "设岗定责一览表" in roster and "第1页共1页" in roster


def test_letter_prints_twice_each_copy_on_its_own_page(tmp_path, world, papers):
    letter = papers.assignments.get().letter
    path = write(tmp_path, [posts_papers.single_letter_section(letter)])
    assert page_count(path) == 2
    first, second = flat(text(path, 1)), flat(text(path, 2))
    assert "第一联支部留存" in first and "第二联党员留存" in second
    for copy in (first, second):
        for expected in [
            "无职党员设岗定责目标责任状",
            "禤赟昇",
            "一、岗位职责",
            "二、上岗党员的责任",
            "三、党支部的责任",
            "2026年3月1日至2027年2月28日",
            "党支部书记（签字）",
            "上岗党员（签字）",
            "东村党支部（盖章）",
            "1. 立足本岗服务群众",
        ]:
            assert flat(expected) in copy, expected
        # A copy is one page: no page count on it.
        assert "页共" not in copy


def test_certificates_eight_to_a_sheet_without_id_numbers(tmp_path, world, papers):
    path = write(tmp_path, sections(world, "certificates"))
    assert page_count(path) == 2
    assert text(path, 1).count("上 岗 证") + text(path, 1).count("上岗证") == 8
    assert "2026年3月1日至2027年2月28日" in text(path, 2)


def test_suspended_members_keep_their_letter_but_get_no_card(world, papers):
    Assignment.objects.filter(member=papers).update(status=Assignment.Status.SUSPENDED)
    (letters,) = sections(world, "letters")
    (cards,) = sections(world, "certificates")
    assert "禤赟昇" in [letter.name for letter in letters.data["letters"]]
    assert "禤赟昇" not in [card.name for sheet in cards.data["sheets"] for row in sheet for card in row if card]


def test_roster_lists_every_post_with_holders_headcount_and_vacancies(tmp_path, world, papers):
    branch_post = papers.assignments.get().post
    branch_post.lead = papers
    branch_post.save()
    content = text(write(tmp_path, sections(world, "roster")))
    assert "东村党支部2026年度无职党员设岗定责一览表" in content
    assert "共设岗位 6 个，上岗党员 12 人次。" in content
    assert "牵头人" in content and content.count("禤赟昇") == 2


def test_packet_holds_notice_roster_and_only_letters_and_cards_not_yet_on_post(tmp_path, world, papers):
    Assignment.objects.exclude(member=papers).update(status=Assignment.Status.ON_POST)
    run_sections = sections_for([world.branch], 2026, ["packet"])
    assert [s.kind for s in run_sections] == ["notice", "roster", "letters", "certificates"]
    path = write(tmp_path, run_sections)
    # Notice (2 pages for 12 holders with pledges, at most), roster, two letter copies, one card sheet.
    letters = [p for p in range(1, page_count(path) + 1) if "目标责任状" in text(path, p)]
    assert len(letters) == 2


def test_branches_of_a_township_each_start_a_page_under_their_own_name(tmp_path, world, papers):
    branch_with_papers(world.sibling, members=3)
    branches = branches_beneath(world.town_a)
    path = write(tmp_path, sections_for(branches, 2026, ["roster"]))
    assert page_count(path) == 2
    assert text(path, 1).lstrip().startswith("东村党支部")
    assert text(path, 2).lstrip().startswith("南村党支部")
    assert "南村党支部2026年度" in text(path, 2)


def test_nothing_to_print_gives_no_sections(world):
    empty = BranchFactory(parent=world.town_a)
    assert sections_for([empty], 2026, ["packet"]) == []


def test_page_count_is_translated_into_css_content():
    assert render.page_count_content("第 %(page)s 页 共 %(pages)s 页") == (
        '"第 " counter(page) " 页 共 " counter(pages) " 页"'
    )
    assert render.page_count_content('Page %(page)s of "%(pages)s"') == (
        '"Page " counter(page) " of \\"" counter(pages) "\\""'
    )


def test_a_missing_font_file_is_reported_not_printed_as_boxes(tmp_path, world, papers):
    missing = render.Face("Nowhere", tmp_path / "NoSuchFont.ttc")
    with pytest.raises(ImproperlyConfigured, match="fonts-noto-cjk"):
        render.render_pdf(sections(world, "roster"), title="x", face=missing)

"""Letters merged at the PDF level (papers/merge.py): each different letter laid out
once, each copy's name and mark drawn into it. What a reader of the paper would check: the
name sits right after its label, each copy carries its own mark, every page of a long
letter comes with both copies, and nothing of the sheets the names came from is left."""

import io

import pikepdf
import pytest
from weasyprint import HTML

from members.models import Member
from papers import merge, render
from papers.sections import branches_beneath, sections_for
from posts.models import Assignment, ResponsibilityLetter
from posts.tests.pdf import flat, page_count, text, words
from posts.tests.printing_data import branch_with_papers

pytestmark = pytest.mark.django_db


def page_text(path, page):
    return flat(text(path, page))


def letters_pdf(tmp_path, branches, name="letters"):
    path = tmp_path / f"{name}.pdf"
    render.render_pdf(sections_for(branches, 2026, ["letters"]), title=name, target=path)
    return path


def test_the_name_follows_its_label_on_the_same_line_and_each_copy_has_its_mark(tmp_path, world):
    branch_with_papers(world.branch, members=1)
    name = ResponsibilityLetter.objects.get().assignment.member.name
    path = letters_pdf(tmp_path, [world.branch])
    marks = []
    for page in (1, 2):
        found = words(path, page)
        label = next(w for w in found if w[0] == "党员：")
        placed = next(w for w in found if w[0] == name)
        # Starts where the label ends, on the label's line (same top and bottom).
        assert placed[1] == pytest.approx(label[3], abs=0.01)
        assert placed[2:5:2] == pytest.approx(label[2:5:2], abs=0.01)
        marks.append([w for w in found if w[2] < label[2] and w[0] in {"第一联", "第二联", "支部留存", "党员留存"}])
    first, second = marks
    assert [w[0] for w in first] == ["第一联", "支部留存"]
    assert [w[0] for w in second] == ["第二联", "党员留存"]
    # Both marks end at the same right edge, on the same line.
    assert first[-1][3] == pytest.approx(second[-1][3], abs=0.01)
    assert first[-1][2] == pytest.approx(second[-1][2], abs=0.01)


def test_letters_of_the_same_post_are_laid_out_once_and_every_name_printed_twice(tmp_path, world):
    branch_with_papers(world.branch, members=12)
    sections = sections_for([world.branch], 2026, ["letters"])
    plan = render.plan(sections, title="t")
    # Six posts: six letters laid out, twelve names, two marks; 24 copies printed.
    assert sum(len(bases) for bases in plan.bases.values()) == 6
    assert len(plan.items) == 12 + 2
    assert len(plan.output) == 24 and all(isinstance(entry, merge.Merged) for entry in plan.output)

    path = letters_pdf(tmp_path, [world.branch])
    assert page_count(path) == 24
    whole = flat(text(path))
    letters = ResponsibilityLetter.objects.select_related("assignment__member", "assignment__post__post_type")
    for letter in letters:
        # Once per copy, and nowhere else: the name sheets are not in the document.
        assert whole.count(letter.assignment.member.name) == 2
    # Each copy pairs the right name with the right post.
    for n, letter in enumerate(letters.order_by("assignment__member__name", "pk")):
        for copy in (2 * n + 1, 2 * n + 2):
            expected = f"党员：{letter.assignment.member.name}岗位：{letter.assignment.post.post_type.name}"
            assert expected in page_text(path, copy)
    assert pikepdf.open(path).check_pdf_syntax() == []


def test_each_branch_letters_carry_its_own_name_and_members(tmp_path, world):
    branch_with_papers(world.branch, members=2)
    _posts, south = branch_with_papers(world.sibling, members=2)
    for n, assignment in enumerate(south):
        Member.objects.filter(pk=assignment.member_id).update(name=f"南村党员{n}")
    path = letters_pdf(tmp_path, branches_beneath(world.town_a))
    heads = [page_text(path, page) for page in range(1, 9)]
    assert [h.startswith("东村党支部") for h in heads] == [True] * 4 + [False] * 4
    assert all(h.startswith("南村党支部") for h in heads[4:])
    members = {
        letter.assignment.member.name: letter.assignment.post.branch.name
        for letter in ResponsibilityLetter.objects.select_related("assignment__member", "assignment__post__branch")
    }
    for head in heads:
        named = [name for name in members if f"党员：{name}" in head]
        assert len(named) == 1 and head.startswith(members[named[0]])


def test_a_long_name_is_laid_out_inside_its_letter(tmp_path, world):
    branch_with_papers(world.branch, members=2)
    letter = ResponsibilityLetter.objects.select_related("assignment__member").first()
    member = letter.assignment.member
    member.name = "阿卜杜热合曼·买买提依明·艾合买提江·吐尔逊托合提"
    assert len(member.name) > render.NAME_SLOT_MAX
    member.save()
    plan = render.plan(sections_for([world.branch], 2026, ["letters"]), title="t")
    # Its letter is laid out with the name in it, so it cannot share the other letter's text.
    assert sum(len(bases) for bases in plan.bases.values()) == 2
    assert len(plan.items) == 1 + 2
    path = letters_pdf(tmp_path, [world.branch])
    texts = [page_text(path, page) for page in range(1, 5)]
    assert sum(f"党员：{member.name}" in text for text in texts) == 2


def test_a_letter_over_two_pages_prints_both_pages_in_each_copy(tmp_path, world):
    branch_with_papers(world.branch, members=1)
    ResponsibilityLetter.objects.update(duties="\n".join(f"{n}. 每月走访结对户并记好服务台账。" for n in range(1, 40)))
    path = letters_pdf(tmp_path, [world.branch])
    pages = [page_text(path, page) for page in range(1, 5)]
    assert page_count(path) == 4
    assert ["第一联" in p for p in pages] == [True, False, False, False]
    assert ["第二联" in p for p in pages] == [False, False, True, False]
    assert ["盖章" in p for p in pages] == [False, True, False, True]


def test_the_same_name_on_two_letters_comes_from_one_sheet_line(world):
    branch_with_papers(world.branch, members=2)
    Member.objects.filter(pk__in=Assignment.objects.values("member")).update(name="王芳")
    plan = render.plan(sections_for([world.branch], 2026, ["letters"]), title="t")
    assert len(plan.items) == 1 + 2


def test_a_packet_keeps_its_papers_in_order_around_the_merged_letters(world):
    branch_with_papers(world.branch, members=3)
    sections = sections_for([world.branch], 2026, ["packet"])
    plan = render.plan(sections, title="t")
    kinds = ["notice", "roster", "letters", "certificates"]
    assert [s.kind for s in sections] == kinds
    # Notice and roster parts, six letter copies, then the card sheets; bases and the name
    # sheet are laid out after them but never printed.
    assert plan.output[:2] == [0, 1] and plan.output[-1] == 2
    assert all(isinstance(entry, merge.Merged) for entry in plan.output[2:-1])
    assert len(plan.parts) == 3 + len(plan.bases) + 1


def test_text_on_a_sheet_that_belongs_to_no_item_is_refused(tmp_path):
    fonts, stylesheets = render._engine(render.CJK, render.PRINT_LANGUAGE)
    html = '<html lang="zh-hans"><body><p>多余的字</p><p><span id="x">王芳</span></p></body></html>'
    document = HTML(string=html).render(stylesheets=stylesheets, font_config=fonts)
    pdf = pikepdf.open(io.BytesIO(document.write_pdf()))
    with pytest.raises(merge.MergeError, match="no item's"):
        merge.sheet_items(pdf, merge.Anchors(document.pages), ["x"])

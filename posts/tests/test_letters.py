"""签订责任书, 培训上岗: the letter, its texts, and going on post."""

import datetime

import pytest

from posts import letter_texts
from posts.models import Assignment, AssignmentEvent, ResponsibilityLetter
from posts.services import PostError, lifecycle
from posts.tests.factories import AssignmentFactory

S = Assignment.Status
A = AssignmentEvent.Action
DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def effective(world):
    assignment = AssignmentFactory(
        post__branch=world.branch,
        status=S.EFFECTIVE,
        post__post_type__targets="全年走访农户不少于20户",
        post__extra_duties="负责本村东片区。",
    )
    return assignment


def make(assignment, **kwargs):
    return lifecycle.make_letter(assignment=assignment, **kwargs)


@pytest.mark.parametrize(
    "starts_on, ends_on",
    [
        (datetime.date(2026, 3, 7), datetime.date(2027, 3, 6)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2028, 2, 29), datetime.date(2029, 2, 28)),
    ],
)
def test_term_is_one_year_counting_the_first_day(starts_on, ends_on):
    assert lifecycle.term_end(starts_on) == ends_on


def test_letter_copies_duties_menu_targets_and_both_sides_obligations(effective):
    letter = make(effective, starts_on=DAY)
    assert letter.duties == (
        "宣传政策，收集群众意见，按月向支部报告。\n负责本村东片区。\n\n"
        "履岗菜单：\n· 每月入户走访一次\n· 每季度参加一次集中宣讲\n\n"
        "工作目标：\n全年走访农户不少于20户"
    )
    assert letter.member_obligations.startswith("1. 立足本岗服务群众")
    assert letter.member_obligations.count("\n") == len(letter_texts.MEMBER_OBLIGATIONS) - 1
    assert letter.branch_obligations.startswith("1. 向上岗党员讲清岗位职责和目标")
    assert (letter.term_starts_on, letter.term_ends_on) == (DAY, datetime.date(2027, 3, 9))


def test_later_edits_of_the_catalogue_do_not_change_a_letter(effective):
    letter = make(effective, starts_on=DAY)
    effective.post.post_type.duties = "新的职责"
    effective.post.post_type.save()
    letter.refresh_from_db()
    assert letter.duties.startswith("宣传政策")


def test_make_letter_is_idempotent(effective):
    first = make(effective, starts_on=DAY)
    assert make(effective, starts_on=DAY + datetime.timedelta(days=3)) == first
    assert ResponsibilityLetter.objects.count() == 1


def test_make_letter_for_an_older_row_starts_the_term_on_the_day_it_took_effect(effective):
    event = AssignmentEvent.objects.create(assignment=effective, action=A.EFFECTIVE, to_status=S.EFFECTIVE)
    AssignmentEvent.objects.filter(pk=event.pk).update(at=datetime.datetime(2026, 2, 1, 9, tzinfo=datetime.UTC))
    assert make(effective).term_starts_on == datetime.date(2026, 2, 1)


@pytest.mark.parametrize("status", [S.APPROVED, S.ON_NOTICE, S.WITHDRAWN, S.ENDED])
def test_no_letter_before_the_post_takes_effect_or_after_it_ends(world, status):
    assignment = AssignmentFactory(post__branch=world.branch, status=status)
    label = assignment.get_status_display()
    with pytest.raises(PostError, match=f"{assignment.member.name}的岗位生效后才能生成责任状（当前：{label}）。"):
        make(assignment)


def sign(letter, by, member=DAY, branch=DAY, today=DAY):
    return lifecycle.record_signatures(
        letter=letter, member_signed_on=member, branch_signed_on=branch, by=by, today=today
    )


def train(letter, by, on=DAY, today=DAY):
    return lifecycle.record_training(letter=letter, trained_on=on, by=by, today=today)


def test_signatures_and_training_put_the_member_on_post(world, effective):
    letter = make(effective, starts_on=DAY)
    sign(
        letter,
        world.secretary,
        member=DAY,
        branch=DAY + datetime.timedelta(days=1),
        today=DAY + datetime.timedelta(days=1),
    )
    effective.refresh_from_db()
    assert effective.status == S.EFFECTIVE
    train(letter, world.committee, on=DAY + datetime.timedelta(days=2), today=DAY + datetime.timedelta(days=2))
    effective.refresh_from_db()
    assert effective.status == S.ON_POST
    assert effective.starts_on == DAY + datetime.timedelta(days=2)
    actions = list(effective.events.order_by("pk").values_list("action", "actor__username", "reason"))
    assert actions == [
        (A.SIGNED, "secretary", "党员于2026年3月10日签字，支部于2026年3月11日签字"),
        (A.TRAINED, "committee", "2026年3月12日参加岗前培训"),
        (A.ON_POST, "committee", "双方已签订责任状并完成岗前培训"),
    ]


def test_training_first_then_signatures_also_puts_the_member_on_post(world, effective):
    letter = make(effective, starts_on=DAY)
    train(letter, world.secretary)
    sign(letter, world.secretary)
    effective.refresh_from_db()
    assert effective.status == S.ON_POST


def test_dates_can_be_corrected_until_the_member_is_on_post(world, effective):
    letter = make(effective, starts_on=DAY)
    train(letter, world.secretary, on=DAY - datetime.timedelta(days=1))
    train(letter, world.secretary, on=DAY)
    letter.refresh_from_db()
    assert letter.trained_on == DAY
    sign(letter, world.secretary)
    with pytest.raises(
        PostError, match=f"只有岗位已生效、等待签订责任状时才能登记签字和培训；{effective.member.name}当前为：在岗。"
    ):
        train(letter, world.secretary)


def test_both_signature_dates_are_required(world, effective):
    letter = make(effective, starts_on=DAY)
    with pytest.raises(PostError, match="请填写党员和支部各自的签字日期"):
        sign(letter, world.secretary, branch=None)
    with pytest.raises(PostError, match="请填写岗前培训日期"):
        train(letter, world.secretary, on=None)


def test_dates_in_the_future_are_refused(world, effective):
    letter = make(effective, starts_on=DAY)
    with pytest.raises(PostError, match="日期不能晚于今天"):
        sign(letter, world.secretary, member=DAY + datetime.timedelta(days=1))
    with pytest.raises(PostError, match="日期不能晚于今天"):
        train(letter, world.secretary, on=DAY + datetime.timedelta(days=1))
    letter.refresh_from_db()
    assert letter.member_signed_on is None and letter.trained_on is None

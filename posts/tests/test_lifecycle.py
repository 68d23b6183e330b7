"""动态管理: transfer, suspension, reinstatement, removal, end of term and the new term."""

import datetime

import pytest
from django.db import transaction

from posts.models import Assignment, AssignmentEvent, BranchPost, ResponsibilityLetter
from posts.services import PostError, lifecycle
from posts.services.places import lock_post_with_free_place
from posts.tests.factories import AssignmentFactory, BranchPostFactory

S = Assignment.Status
A = AssignmentEvent.Action
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def on_post(world):
    assignment = AssignmentFactory(
        post__branch=world.branch, member=world.member, status=S.ON_POST, starts_on=datetime.date(2026, 3, 12)
    )
    lifecycle.make_letter(assignment=assignment, starts_on=datetime.date(2026, 3, 7))
    return assignment


def last_event(assignment):
    return assignment.events.order_by("-pk").first()


def refresh(assignment):
    assignment.refresh_from_db()
    return assignment


# -- the shared place rule -------------------------------------------------------------


def test_lock_post_refuses_a_full_post(world):
    post = BranchPostFactory(branch=world.branch, headcount=2, post_type__name="环境卫生岗")
    AssignmentFactory(post=post, status=S.ON_POST)
    AssignmentFactory(post=post, status=S.WITHDRAWN)
    with transaction.atomic():
        assert lock_post_with_free_place(post) == post
    AssignmentFactory(post=post, status=S.SUSPENDED)
    with transaction.atomic(), pytest.raises(PostError, match="“环境卫生岗”岗位已满员（职数2人）"):
        lock_post_with_free_place(post)


# -- transfer ----------------------------------------------------------------------------


def test_transfer_ends_the_old_post_and_starts_the_new_one_awaiting_its_letter(world, on_post):
    target = BranchPostFactory(branch=world.branch, year=on_post.post.year, post_type__name="河塘管护岗")
    new = lifecycle.transfer(
        assignment=on_post, to_post=target, reason="本人住在河塘附近", by=world.secretary, today=TODAY
    )
    old = refresh(on_post)
    assert (old.status, old.ends_on) == (S.TRANSFERRED, TODAY)
    assert (new.post, new.member, new.status) == (target, world.member, S.EFFECTIVE)
    assert last_event(old).reason == "本人住在河塘附近"
    assert last_event(new).reason == f"由“{on_post.post.post_type.name}”调入：本人住在河塘附近"
    letter = ResponsibilityLetter.objects.get(assignment=new)
    assert (letter.term_starts_on, letter.term_ends_on) == (TODAY, datetime.date(2027, 3, 6))


def test_transfer_respects_the_target_headcount(world, on_post):
    target = BranchPostFactory(branch=world.branch, year=on_post.post.year, post_type__name="河塘管护岗")
    AssignmentFactory(post=target, status=S.ON_POST)
    with pytest.raises(PostError, match="“河塘管护岗”岗位已满员（职数1人）"):
        lifecycle.transfer(assignment=on_post, to_post=target, reason="调整", by=world.secretary)
    assert refresh(on_post).status == S.ON_POST


@pytest.mark.parametrize("where", ["same", "other_branch", "other_year"])
def test_transfer_stays_within_the_branch_and_year(world, on_post, where):
    target = {
        "same": lambda: on_post.post,
        "other_branch": lambda: BranchPostFactory(branch=world.sibling, year=on_post.post.year),
        "other_year": lambda: BranchPostFactory(branch=world.branch, year=on_post.post.year + 1),
    }[where]()
    with pytest.raises(PostError, match="只能调到本支部同一年度的其他岗位"):
        lifecycle.transfer(assignment=on_post, to_post=target, reason="调整", by=world.secretary)


def test_transfer_refuses_a_post_the_member_already_holds(world, on_post):
    target = BranchPostFactory(branch=world.branch, year=on_post.post.year, headcount=3, post_type__name="治安岗")
    AssignmentFactory(post=target, member=world.member, status=S.ON_POST)
    with pytest.raises(PostError, match="张三已在“治安岗”岗位上"):
        lifecycle.transfer(assignment=on_post, to_post=target, reason="调整", by=world.secretary)


def test_transfer_needs_a_reason_and_a_member_on_post(world):
    suspended = AssignmentFactory(post__branch=world.branch, status=S.SUSPENDED)
    target = BranchPostFactory(branch=world.branch)
    with pytest.raises(PostError, match="请填写原因"):
        lifecycle.transfer(assignment=suspended, to_post=target, reason=" ", by=world.secretary)
    with pytest.raises(PostError, match=f"只有在岗人员才能调岗；{suspended.member.name}当前为：待岗。"):
        lifecycle.transfer(assignment=suspended, to_post=target, reason="调整", by=world.secretary)


# -- suspend, reinstate, remove, end ------------------------------------------------------


def test_suspend_and_reinstate(world, on_post):
    until = TODAY + datetime.timedelta(days=90)
    lifecycle.suspend(assignment=on_post, until=until, reason="民主测评赞成票不足70%", by=world.secretary, today=TODAY)
    assert (refresh(on_post).status, on_post.suspended_until) == (S.SUSPENDED, until)
    assert last_event(on_post).reason == "民主测评赞成票不足70%（待岗至2026年8月30日）"
    lifecycle.reinstate(assignment=on_post, reason="整改到位", by=world.committee)
    assert (refresh(on_post).status, on_post.suspended_until) == (S.ON_POST, None)
    assert (last_event(on_post).action, last_event(on_post).actor) == (A.REINSTATED, world.committee)


def test_cannot_suspend_someone_not_on_post(world):
    effective = AssignmentFactory(post__branch=world.branch, status=S.EFFECTIVE)
    with pytest.raises(PostError, match=f"只有在岗人员才能待岗；{effective.member.name}当前为：已生效，待签责任书。"):
        lifecycle.suspend(
            assignment=effective,
            until=TODAY + datetime.timedelta(days=30),
            reason="测评",
            by=world.secretary,
            today=TODAY,
        )


def test_suspension_needs_a_reason_and_an_end_after_today(world, on_post):
    with pytest.raises(PostError, match="请填写原因"):
        lifecycle.suspend(
            assignment=on_post, until=TODAY + datetime.timedelta(days=1), reason="", by=world.secretary, today=TODAY
        )
    with pytest.raises(PostError, match="计划待岗结束日期必须晚于今天"):
        lifecycle.suspend(assignment=on_post, until=TODAY, reason="测评", by=world.secretary, today=TODAY)


def test_cannot_reinstate_someone_not_suspended(world, on_post):
    with pytest.raises(PostError, match="只有待岗人员才能恢复上岗；张三当前为：在岗。"):
        lifecycle.reinstate(assignment=on_post, by=world.secretary)


def test_remove_needs_a_reason_and_ends_the_post(world, on_post):
    with pytest.raises(PostError, match="请填写原因"):
        lifecycle.remove(assignment=on_post, reason="", by=world.secretary)
    lifecycle.remove(assignment=on_post, reason="待岗超过6个月仍未整改", by=world.secretary, today=TODAY)
    assert (refresh(on_post).status, on_post.ends_on) == (S.REMOVED, TODAY)
    with pytest.raises(PostError, match="只有在岗人员才能下岗；张三当前为：已下岗。"):
        lifecycle.remove(assignment=on_post, reason="再次", by=world.secretary)


def test_end_of_term_with_a_default_reason(world, on_post):
    lifecycle.end_term(assignment=on_post, by=world.secretary, today=TODAY)
    assert (refresh(on_post).status, on_post.ends_on, last_event(on_post).reason) == (S.ENDED, TODAY, "任期结束")
    with pytest.raises(PostError, match="只有在岗人员才能结束任期；张三当前为：任期结束。"):
        lifecycle.end_term(assignment=on_post, by=world.secretary)


# -- new term ---------------------------------------------------------------------------


@pytest.fixture
def year_2026(world, on_post):
    post = on_post.post
    post.headcount, post.lead, post.contact_cadre = 2, world.neighbour, world.neighbour
    post.save()
    other = AssignmentFactory(post=post, status=S.EFFECTIVE)
    quiet = BranchPostFactory(branch=world.branch, post_type__name="文明新风岗")
    return {"post": post, "kept": on_post, "other": other, "quiet": quiet}


def test_new_term_copies_the_posts_carries_over_the_chosen_and_ends_the_rest(world, year_2026):
    today = datetime.date(2026, 12, 20)
    posts = lifecycle.start_new_term(
        branch=world.branch, year=2026, carry_over=[year_2026["kept"]], by=world.secretary, today=today
    )
    assert sorted(p.post_type.name for p in posts) == sorted([year_2026["post"].post_type.name, "文明新风岗"])
    copied = BranchPost.objects.get(branch=world.branch, year=2027, post_type=year_2026["post"].post_type)
    assert (copied.headcount, copied.lead, copied.contact_cadre, copied.is_open) == (
        2,
        world.neighbour,
        world.neighbour,
        True,
    )

    kept, other = refresh(year_2026["kept"]), refresh(year_2026["other"])
    assert (kept.status, kept.ends_on) == (S.ENDED, datetime.date(2026, 12, 31))
    assert last_event(kept).reason == "2026年任期结束，2027年继续上岗"
    assert (other.status, last_event(other).reason) == (S.ENDED, "2026年任期结束")

    renewed = Assignment.objects.get(post=copied, member=world.member)
    assert renewed.status == S.EFFECTIVE
    assert (last_event(renewed).action, last_event(renewed).reason) == (A.RENEWED, "由2026年任期转入")
    letter = ResponsibilityLetter.objects.get(assignment=renewed)
    assert (letter.term_starts_on, letter.term_ends_on) == (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))


def test_new_term_without_carry_over_reopens_every_post(world, year_2026):
    lifecycle.start_new_term(
        branch=world.branch, year=2026, carry_over=[], by=world.secretary, today=datetime.date(2027, 1, 5)
    )
    assert not Assignment.objects.filter(post__year=2027).exists()
    assert BranchPost.objects.filter(branch=world.branch, year=2027, is_open=True).count() == 2
    assert refresh(year_2026["kept"]).status == S.ENDED


def test_new_term_refuses_suspended_members_and_strangers(world, year_2026):
    kept = year_2026["kept"]
    Assignment.objects.filter(pk=kept.pk).update(status=S.SUSPENDED)
    with pytest.raises(PostError, match="张三正在待岗，不能转入新任期；请先恢复上岗或作下岗处理（当前：待岗）。"):
        lifecycle.start_new_term(branch=world.branch, year=2026, carry_over=[kept], by=world.secretary)
    stranger = AssignmentFactory(post__branch=world.sibling, status=S.ON_POST)
    with pytest.raises(PostError, match="只有本支部2026年岗位上的在岗人员才能转入新任期"):
        lifecycle.start_new_term(branch=world.branch, year=2026, carry_over=[stranger], by=world.secretary)
    assert not BranchPost.objects.filter(year=2027).exists()


def test_new_term_refuses_a_year_without_posts(world):
    with pytest.raises(PostError, match="本支部2030年没有设岗，无法转入新任期"):
        lifecycle.start_new_term(branch=world.branch, year=2030, carry_over=[], by=world.secretary)

"""议岗 and 定岗: the members' meeting's votes and the committee's approve, reject and move."""

import pytest
from django.utils import timezone

from members.tests.factories import MemberFactory
from posts import selectors
from posts.models import Assignment, AssignmentEvent, Claim
from posts.services import PostError
from posts.services import claims as service
from posts.tests.factories import (
    AssignmentFactory,
    BranchPostFactory,
    ClaimFactory,
    PostTypeFactory,
)

YEAR = timezone.localdate().year


@pytest.fixture
def post(world):
    return BranchPostFactory(
        branch=world.branch, year=YEAR, headcount=1, post_type=PostTypeFactory(name="河塘管护责任岗")
    )


@pytest.fixture
def pending(world, post):
    return ClaimFactory(post=post, member=world.member)


def refused(call, **kwargs):
    with pytest.raises(PostError) as error:
        call(**kwargs)
    return str(error.value)


def test_votes_are_recorded_with_who_and_when(world, post, pending):
    other = ClaimFactory(post=post, member=world.neighbour)
    assert service.record_votes(tallies={pending: 31, other: None}, by=world.secretary) == 1
    pending.refresh_from_db()
    other.refresh_from_db()
    assert (pending.votes, pending.votes_recorded_by) == (31, world.secretary)
    assert pending.votes_recorded_at is not None
    assert (other.votes, other.votes_recorded_by) == (None, None)


def test_votes_only_for_pending_claims(world, post, pending):
    pending.status = Claim.Status.REJECTED
    pending.save()
    assert refused(service.record_votes, tallies={pending: 5}, by=world.secretary) == "只能为待审议的申请登记票数。"


def test_review_board_ranks_candidates_by_votes(world, post):
    low = ClaimFactory(post=post, votes=3)
    none = ClaimFactory(post=post)
    high = ClaimFactory(post=post, votes=40)
    ClaimFactory(post=post, status=Claim.Status.WITHDRAWN, votes=99)
    (board,) = selectors.review_board(world.branch, YEAR)
    assert board.pending_claims == [high, low, none]


def test_approval_creates_the_assignment_and_records_it(world, post, pending):
    assignment = service.approve_claim(claim=pending, by=world.secretary, reason="群众基础好")
    pending.refresh_from_db()
    assert (assignment.post, assignment.member, assignment.claim, assignment.status) == (
        post,
        world.member,
        pending,
        Assignment.Status.APPROVED,
    )
    assert (pending.status, pending.decided_by, pending.decision_reason) == (
        Claim.Status.APPROVED,
        world.secretary,
        "群众基础好",
    )
    event = AssignmentEvent.objects.get(assignment=assignment)
    assert (event.action, event.to_status, event.actor, event.reason) == (
        AssignmentEvent.Action.APPROVED,
        Assignment.Status.APPROVED,
        world.secretary,
        "群众基础好",
    )


def test_approval_never_exceeds_the_headcount(world, post, pending):
    AssignmentFactory(post=post, status=Assignment.Status.SUSPENDED)
    assert (
        refused(service.approve_claim, claim=pending, by=world.secretary) == "“河塘管护责任岗”岗位已满员（职数1人）。"
    )
    pending.refresh_from_db()
    assert pending.status == Claim.Status.PENDING


def test_approval_checks_eligibility_again(world, post, pending):
    world.member.exempt, world.member.exemption_reason = True, "外出就医"
    world.member.save()
    assert (
        refused(service.approve_claim, claim=pending, by=world.secretary) == "张三已经支部同意免于设岗，不能认领岗位。"
    )


def test_approval_respects_the_posts_per_person_limit(world, post, pending):
    AssignmentFactory(post__branch=world.branch, post__year=YEAR, member=world.member)
    assert (
        refused(service.approve_claim, claim=pending, by=world.secretary)
        == "张三已在岗或已申报1个岗位，东村党支部规定每人最多1个。"
    )


def test_decided_claims_cannot_be_decided_again(world, post, pending):
    service.approve_claim(claim=pending, by=world.secretary)
    assert (
        refused(service.reject_claim, claim=pending, by=world.committee, reason="重复")
        == "这份申请已不在待审议状态（当前为“已批准”）。"
    )


def test_rejection_needs_a_reason(world, post, pending):
    assert (
        refused(service.reject_claim, claim=pending, by=world.secretary, reason="  ")
        == "请填写不予批准的理由，本人会看到。"
    )
    rejected = service.reject_claim(claim=pending, by=world.secretary, reason="住得太远，不便管护")
    assert (rejected.status, rejected.decision_reason, rejected.decided_by) == (
        Claim.Status.REJECTED,
        "住得太远，不便管护",
        world.secretary,
    )
    assert not Assignment.objects.exists()


def test_move_gives_another_post_of_the_branch(world, post, pending):
    target = BranchPostFactory(branch=world.branch, year=YEAR, post_type=PostTypeFactory(name="环境卫生责任岗"))
    assignment = service.move_claim(claim=pending, to_post=target, by=world.secretary)
    pending.refresh_from_db()
    assert (assignment.post, assignment.claim, pending.status) == (target, pending, Claim.Status.MOVED)
    assert pending.decision_reason == "由“河塘管护责任岗”调整而来。"
    assert AssignmentEvent.objects.get(assignment=assignment).reason == "由“河塘管护责任岗”调整而来。"
    assert not Assignment.objects.filter(post=post).exists()


def test_move_needs_room_on_the_target(world, post, pending):
    target = BranchPostFactory(branch=world.branch, year=YEAR, post_type=PostTypeFactory(name="环境卫生责任岗"))
    AssignmentFactory(post=target, member=MemberFactory(branch=world.branch))
    assert (
        refused(service.move_claim, claim=pending, to_post=target, by=world.secretary)
        == "“环境卫生责任岗”岗位已满员（职数1人）。"
    )
    pending.refresh_from_db()
    assert pending.status == Claim.Status.PENDING


@pytest.mark.parametrize("where", ["same post", "other branch", "other year"])
def test_move_only_to_another_post_of_the_same_branch_and_year(world, post, pending, where):
    target = {
        "same post": lambda: post,
        "other branch": lambda: BranchPostFactory(branch=world.sibling, year=YEAR),
        "other year": lambda: BranchPostFactory(branch=world.branch, year=YEAR + 1),
    }[where]()
    assert (
        refused(service.move_claim, claim=pending, to_post=target, by=world.secretary)
        == "请选择本支部同一年度的另一个岗位。"
    )

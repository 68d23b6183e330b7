"""认岗 rules: who may claim or be nominated, when, and each refusal in the member's words."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import Assessment
from members.tests.factories import MemberFactory
from posts.models import Claim
from posts.services import PostError
from posts.services import claims as service
from posts.tests.factories import (
    AssignmentFactory,
    BranchPostFactory,
    ClaimRoundFactory,
    PostTypeFactory,
)

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def setup(world):
    round_ = ClaimRoundFactory(branch=world.branch, year=YEAR)
    post = BranchPostFactory(
        branch=world.branch, year=YEAR, headcount=2, post_type=PostTypeFactory(name="政策法规宣传岗")
    )
    other = BranchPostFactory(branch=world.branch, year=YEAR, post_type=PostTypeFactory(name="环境卫生责任岗"))
    return world, round_, post, other


def claim(world, post, member=None, **kwargs):
    return service.submit_claim(
        post=post, member=member or world.member, by=world.member_user, statement="住在村口，熟悉政策", **kwargs
    )


def refusal(world, post, member=None, **kwargs):
    with pytest.raises(PostError) as error:
        claim(world, post, member, **kwargs)
    return str(error.value)


def test_member_claims_an_open_post_in_the_round(setup):
    world, round_, post, _ = setup
    made = claim(world, post)
    assert (made.status, made.source, made.claim_round, made.nominated_by) == (
        Claim.Status.PENDING,
        Claim.Source.SELF,
        round_,
        world.member_user,
    )
    assert made.statement == "住在村口，熟悉政策"
    assert service.eligibility_problem(world.member) is None


def test_exempted_member_is_refused(setup):
    world, _, post, _ = setup
    world.member.exempt, world.member.exemption_reason = True, "年老体弱"
    world.member.save()
    assert refusal(world, post) == "张三已经支部同意免于设岗，不能认领岗位。"


def test_office_holder_is_refused_unless_the_branch_allows_it(setup):
    world, _, post, _ = setup
    world.member.office = "村委会委员"
    world.member.save()
    assert refusal(world, post) == "张三担任村委会委员，本支部有职务的党员不参加认岗。"
    world.branch.office_holders_may_claim = True
    world.branch.save()
    assert claim(world, post).status == Claim.Status.PENDING


def test_unqualified_in_the_last_annual_review_defers_the_member(setup):
    world, _, post, _ = setup
    Assessment.objects.create(member=world.member, year=YEAR - 2, grade=Assessment.Grade.QUALIFIED)
    Assessment.objects.create(member=world.member, year=YEAR - 1, grade=Assessment.Grade.UNQUALIFIED)
    # A poor quarter is not an annual verdict.
    Assessment.objects.create(
        member=world.member, year=YEAR, period=Assessment.Period.QUARTER, grade=Assessment.Grade.QUALIFIED
    )
    assert refusal(world, post) == f"张三在{YEAR - 1}年度评议中被评为不合格，暂缓上岗。"


def test_a_later_annual_review_lifts_the_deferral(setup):
    world, _, post, _ = setup
    Assessment.objects.create(member=world.member, year=YEAR - 2, grade=Assessment.Grade.UNQUALIFIED)
    Assessment.objects.create(member=world.member, year=YEAR - 1, grade=Assessment.Grade.BASIC)
    assert claim(world, post).status == Claim.Status.PENDING


def test_limit_counts_pending_claims(setup):
    world, _, post, other = setup
    claim(world, post)
    assert refusal(world, other) == "张三已在岗或已申报1个岗位，东村党支部规定每人最多1个。"
    world.branch.posts_per_person = 2
    world.branch.save()
    assert claim(world, other).status == Claim.Status.PENDING


def test_limit_counts_live_assignments_not_ended_ones(setup):
    world, _, post, other = setup
    AssignmentFactory(post=other, member=world.member, status="ended")
    AssignmentFactory(post__branch=world.branch, member=world.member, status="on_post")
    assert refusal(world, post) == "张三已在岗或已申报1个岗位，东村党支部规定每人最多1个。"


def test_withdrawn_claims_free_the_place_under_the_limit(setup):
    world, _, post, other = setup
    service.withdraw_claim(claim=claim(world, post), by=world.member_user)
    assert claim(world, other).status == Claim.Status.PENDING


def test_no_round_today_is_refused(setup):
    world, round_, post, _ = setup
    round_.starts_on, round_.ends_on = TODAY - datetime.timedelta(days=20), TODAY - datetime.timedelta(days=1)
    round_.save()
    assert refusal(world, post) == "东村党支部今天不在认岗时间内。"


def test_round_for_another_year_is_refused(setup):
    world, round_, post, _ = setup
    round_.year = YEAR + 1
    round_.save()
    assert refusal(world, post) == f"当前认岗批次只受理{YEAR + 1}年度的岗位。"


def test_closed_post_is_refused(setup):
    world, _, post, _ = setup
    post.is_open = False
    post.save()
    assert refusal(world, post) == "“政策法规宣传岗”已停止认岗。"


def test_post_of_another_branch_is_refused(setup):
    world, _, _, _ = setup
    ClaimRoundFactory(branch=world.sibling, year=YEAR)
    foreign = BranchPostFactory(branch=world.sibling, year=YEAR)
    assert refusal(world, foreign) == "张三不在南村党支部的名册上，只有本支部的党员才能认领本支部的岗位。"


def test_full_post_is_refused_at_claim_time(setup):
    world, _, post, _ = setup
    AssignmentFactory(post=post)
    AssignmentFactory(post=post, status="on_post")
    assert refusal(world, post) == "“政策法规宣传岗”岗位已满员（职数2人）。"


def test_second_claim_for_the_same_post_is_refused(setup):
    world, _, post, _ = setup
    world.branch.posts_per_person = 3
    world.branch.save()
    claim(world, post)
    assert refusal(world, post) == "张三已经申报过这个岗位，正在等待审议。"


def test_holder_cannot_claim_the_post_again(setup):
    world, _, post, _ = setup
    world.branch.posts_per_person = 3
    world.branch.save()
    AssignmentFactory(post=post, member=world.member)
    assert refusal(world, post) == "张三已经在这个岗位上。"


def test_withdraw_only_while_pending(setup):
    world, _, post, _ = setup
    made = claim(world, post)
    withdrawn = service.withdraw_claim(claim=made, by=world.member_user)
    assert (withdrawn.status, withdrawn.decided_by) == (Claim.Status.WITHDRAWN, world.member_user)
    assert withdrawn.decided_at is not None
    with pytest.raises(PostError) as error:
        service.withdraw_claim(claim=made, by=world.member_user)
    assert str(error.value) == "这份申请已不在待审议状态（当前为“已撤回”）。"


def test_member_nominates_a_fellow_member_in_the_round(setup):
    world, _, post, _ = setup
    made = claim(world, post, member=world.neighbour, source=Claim.Source.MEMBER)
    assert (made.member, made.source, made.nominated_by) == (world.neighbour, Claim.Source.MEMBER, world.member_user)


def test_nominations_follow_the_same_rules(setup):
    world, round_, post, _ = setup
    world.neighbour.exempt, world.neighbour.exemption_reason = True, "长期患病"
    world.neighbour.save()
    assert (
        refusal(world, post, member=world.neighbour, source=Claim.Source.MEMBER)
        == "李四已经支部同意免于设岗，不能认领岗位。"
    )
    round_.delete()
    member = MemberFactory(name="钱七", branch=world.branch)
    assert refusal(world, post, member=member, source=Claim.Source.MEMBER) == "东村党支部今天不在认岗时间内。"


def test_branch_nominates_outside_the_round(setup):
    world, round_, post, _ = setup
    round_.delete()
    made = service.submit_claim(post=post, member=world.neighbour, by=world.secretary, source=Claim.Source.BRANCH)
    assert (made.source, made.claim_round, made.nominated_by) == (Claim.Source.BRANCH, None, world.secretary)


def test_the_holder_of_a_full_post_is_told_they_hold_it(setup):
    world, _, post, _ = setup
    AssignmentFactory(post=post, member=world.member, status="on_post")
    AssignmentFactory(post=post, status="on_post")
    assert refusal(world, post) == "张三已经在这个岗位上。"


@pytest.mark.parametrize("source", [Claim.Source.MEMBER, Claim.Source.BRANCH])
def test_nominating_someone_who_holds_or_applied_for_a_post_is_refused(setup, source):
    world, _, post, other = setup
    AssignmentFactory(post=other, member=world.neighbour, status="on_post")
    by = world.secretary if source == Claim.Source.BRANCH else world.member_user
    with pytest.raises(PostError, match="李四已在岗或已申报1个岗位"):
        service.submit_claim(post=post, member=world.neighbour, by=by, source=source)
    applicant = MemberFactory(name="钱七", branch=world.branch)
    claim(world, BranchPostFactory(branch=world.branch, year=YEAR), member=applicant)
    with pytest.raises(PostError, match="钱七已在岗或已申报1个岗位"):
        service.submit_claim(post=post, member=applicant, by=by, source=source)
    assert not Claim.objects.filter(post=post).exists()

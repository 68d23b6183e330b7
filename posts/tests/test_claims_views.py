"""The member's pages on a phone: browse, claim, my claims, withdraw, recommend; and the
branch's nominations. Who reaches what, what it changes, and query counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from members.tests.factories import MemberFactory
from posts.models import Claim
from posts.tests.factories import (
    AssignmentFactory,
    BranchPostFactory,
    ClaimFactory,
    ClaimRoundFactory,
    NoticeFactory,
    PostTypeFactory,
)
from posts.tests.roles import MANAGERS, MEMBER, by_role, only

YEAR = timezone.localdate().year


@pytest.fixture
def post(world):
    ClaimRoundFactory(branch=world.branch, year=YEAR)
    return BranchPostFactory(
        branch=world.branch,
        year=YEAR,
        headcount=3,
        post_type=PostTypeFactory(name="民意收集反馈岗", targets="联系群众不少于10户"),
    )


def test_member_pages_per_role(client, world, post):
    for url in (reverse("posts:browse"), reverse("posts:my_claims"), reverse("posts:claim", args=[post.pk])):
        assert by_role(client, world, url) == only(200, *MEMBER), url


def test_member_cannot_open_a_post_of_another_branch(client, world):
    client.force_login(world.member_user)
    foreign = BranchPostFactory(branch=world.sibling, year=YEAR)
    assert client.get(reverse("posts:claim", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("posts:claim", args=[foreign.pk]), {"statement": "想参加"}).status_code == 404
    assert not Claim.objects.exists()


def test_browse_shows_posts_places_and_the_round(client, world, post):
    AssignmentFactory(post=post)
    client.force_login(world.member_user)
    page = client.get(reverse("posts:browse")).content.decode()
    assert "民意收集反馈岗" in page and "剩余2个名额" in page and "认岗进行中" in page


def test_browse_tells_an_ineligible_member_why(client, world, post):
    world.member.exempt, world.member.exemption_reason = True, "年老体弱"
    world.member.save()
    client.force_login(world.member_user)
    assert "张三已经支部同意免于设岗，不能认领岗位。" in client.get(reverse("posts:browse")).content.decode()


def test_member_claims_with_a_statement_and_sees_it(client, world, post):
    client.force_login(world.member_user)
    page = client.get(reverse("posts:claim", args=[post.pk])).content.decode()
    assert "履岗菜单" in page and "联系群众不少于10户" in page and "提交认岗申请" in page
    response = client.post(reverse("posts:claim", args=[post.pk]), {"statement": "在村里开小卖部，人头熟"}, follow=True)
    page = response.content.decode()
    assert "认岗申请已提交" in page and "民意收集反馈岗" in page and "待审议" in page
    made = Claim.objects.get()
    assert (made.member, made.statement, made.source) == (world.member, "在村里开小卖部，人头熟", Claim.Source.SELF)


def test_claim_needs_a_statement(client, world, post):
    client.force_login(world.member_user)
    response = client.post(reverse("posts:claim", args=[post.pk]), {"statement": ""})
    assert response.status_code == 200 and "statement" in response.context["form"].errors
    assert not Claim.objects.exists()


def test_refused_claim_shows_the_reason(client, world, post):
    ClaimFactory(post=BranchPostFactory(branch=world.branch, year=YEAR), member=world.member)
    client.force_login(world.member_user)
    response = client.post(reverse("posts:claim", args=[post.pk]), {"statement": "愿意服务"})
    assert response.status_code == 200
    assert "张三已在岗或已申报1个岗位，东村党支部规定每人最多1个。" in response.content.decode()
    assert Claim.objects.count() == 1


def test_withdraw_per_role_and_only_own_claims(client, world, post):
    mine = ClaimFactory(post=post, member=world.member)
    url = reverse("posts:withdraw", args=[mine.pk])
    codes = by_role(client, world, url, method="post")
    assert codes == only(302, *MEMBER)
    mine.refresh_from_db()
    assert mine.status == Claim.Status.WITHDRAWN

    theirs = ClaimFactory(post=post, member=world.neighbour)
    client.force_login(world.member_user)
    assert client.post(reverse("posts:withdraw", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Claim.Status.PENDING


def test_withdrawing_twice_says_why_not(client, world, post):
    mine = ClaimFactory(post=post, member=world.member, status=Claim.Status.APPROVED)
    client.force_login(world.member_user)
    page = client.post(reverse("posts:withdraw", args=[mine.pk]), follow=True).content.decode()
    assert "这份申请已不在待审议状态（当前为“已批准”）。" in page


def test_nominate_page_per_role(client, world, post):
    assert by_role(client, world, reverse("posts:nominate", args=[post.pk])) == only(200, *MEMBER, *MANAGERS)
    far = BranchPostFactory(branch=world.far, year=YEAR)
    assert by_role(client, world, reverse("posts:nominate", args=[far.pk])) == only(200, "outsider", "superuser")


def test_member_recommends_a_fellow_member(client, world, post):
    client.force_login(world.member_user)
    form = client.get(reverse("posts:nominate", args=[post.pk])).context["form"]
    assert list(form.fields["member"].queryset) == [world.neighbour]
    client.post(reverse("posts:nominate", args=[post.pk]), {"member": world.neighbour.pk, "statement": "热心肠"})
    made = Claim.objects.get()
    assert (made.member, made.source, made.nominated_by) == (world.neighbour, Claim.Source.MEMBER, world.member_user)
    # Nobody of another branch can be put forward.
    response = client.post(
        reverse("posts:nominate", args=[post.pk]), {"member": world.sibling_member.pk, "statement": "能干"}
    )
    assert "member" in response.context["form"].errors


def test_branch_nominates_for_a_post_nobody_claimed(client, world):
    quiet = BranchPostFactory(branch=world.branch, year=YEAR)  # no round open: the branch may still nominate
    client.force_login(world.committee)
    response = client.post(
        reverse("posts:nominate", args=[quiet.pk]), {"member": world.neighbour.pk, "statement": "组织推荐"}
    )
    assert response.status_code == 302
    assert Claim.objects.get().source == Claim.Source.BRANCH


def test_browse_and_my_claims_queries_do_not_grow(client, world, post, django_assert_max_num_queries):
    client.force_login(world.member_user)
    ClaimFactory(post=post, member=world.member)
    urls = [reverse("posts:browse"), reverse("posts:my_claims")]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(15) as small:
            assert client.get(url).status_code == 200
        counts[url] = len(small.captured_queries)
    for _ in range(12):
        extra = BranchPostFactory(branch=world.branch, year=YEAR)
        AssignmentFactory(post=extra, member=MemberFactory(branch=world.branch))
        ClaimFactory(post=extra, member=world.member, status=Claim.Status.REJECTED)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_full_post_page_offers_no_claim(client, world, post):
    for _ in range(3):
        AssignmentFactory(post=post)
    client.force_login(world.member_user)
    response = client.get(reverse("posts:claim", args=[post.pk]))
    page = response.content.decode()
    assert "这个岗位已满员，请选择其他岗位。" in page
    assert "提交认岗申请" not in page and reverse("posts:nominate", args=[post.pk]) not in page


def test_holder_is_told_they_hold_the_post_and_not_offered_a_claim(client, world, post):
    AssignmentFactory(post=post, member=world.member, status="on_post")
    client.force_login(world.member_user)
    page = client.get(reverse("posts:claim", args=[post.pk])).content.decode()
    assert "您已在这个岗位上。" in page and "提交认岗申请" not in page
    # The browse list marks it as the member's post.
    browse = client.get(reverse("posts:browse")).content.decode()
    assert browse.count("data-mine") == 1 and "我的岗位" in browse


def test_applicant_is_told_the_claim_awaits_review(client, world, post):
    ClaimFactory(post=post, member=world.member)
    client.force_login(world.member_user)
    page = client.get(reverse("posts:claim", args=[post.pk])).content.decode()
    assert "您已申报这个岗位" in page and "提交认岗申请" not in page


@pytest.mark.parametrize("role", ["member_user", "committee"])
def test_nominee_list_leaves_out_people_who_hold_or_applied_for_a_post(client, world, post, role):
    other = BranchPostFactory(branch=world.branch, year=YEAR)
    holder = MemberFactory(name="在岗者", branch=world.branch)
    AssignmentFactory(post=other, member=holder, status="on_post")
    applicant = MemberFactory(name="申报者", branch=world.branch)
    ClaimFactory(post=other, member=applicant)
    free = MemberFactory(name="空闲者", branch=world.branch)
    client.force_login(getattr(world, role))
    offered = set(client.get(reverse("posts:nominate", args=[post.pk])).context["form"].fields["member"].queryset)
    assert free in offered and world.neighbour in offered
    assert holder not in offered and applicant not in offered


def test_nominee_list_follows_the_posts_per_person_limit(client, world, post):
    world.branch.posts_per_person = 2
    world.branch.save()
    other = BranchPostFactory(branch=world.branch, year=YEAR)
    one = MemberFactory(name="一岗者", branch=world.branch)
    AssignmentFactory(post=other, member=one, status="on_post")
    on_this = MemberFactory(name="本岗者", branch=world.branch)
    AssignmentFactory(post=post, member=on_this, status="on_post")
    two = MemberFactory(name="两岗者", branch=world.branch)
    AssignmentFactory(post=other, member=two, status="on_post")
    ClaimFactory(post=BranchPostFactory(branch=world.branch, year=YEAR), member=two)
    client.force_login(world.secretary)
    offered = set(client.get(reverse("posts:nominate", args=[post.pk])).context["form"].fields["member"].queryset)
    # Room for a second post: still offered; holding this one, or at the limit: not.
    assert one in offered and on_this not in offered and two not in offered


def test_after_a_claim_the_member_reads_what_happens_next_and_when(client, world, post):
    client.force_login(world.member_user)
    response = client.post(reverse("posts:claim", args=[post.pk]), {"statement": "愿意服务"}, follow=True)
    page = response.content.decode()
    round_end = Claim.objects.get().claim_round.ends_on
    # The confirmation and the claim's line on "my claims" both name the next steps and the date.
    assert f"认岗于{round_end.year}年{round_end.month}月{round_end.day}日结束后，支委会进行审议" in page
    assert f"认岗于{round_end:%Y-%m-%d}结束后，支委会进行审议" in page
    assert "公示不少于5个工作日" in page


def test_my_claims_tells_the_next_step_at_each_stage(client, world, post):
    stages = {}
    for status in ("approved", "on_notice", "effective"):
        made = ClaimFactory(
            post=BranchPostFactory(branch=world.branch, year=YEAR), member=world.member, status=Claim.Status.APPROVED
        )
        stages[status] = AssignmentFactory(post=made.post, member=world.member, claim=made, status=status)
    notice = NoticeFactory(branch=world.branch)
    notice.assignments.add(stages["on_notice"])
    client.force_login(world.member_user)
    page = client.get(reverse("posts:my_claims")).content.decode()
    assert page.count("data-next-step") == 3
    assert "支部将对您进行公示，不少于5个工作日" in page
    assert f"公示中（{notice.starts_on:%Y-%m-%d}至{notice.ends_on:%Y-%m-%d}）" in page
    assert "与支部签订目标责任状并参加岗前培训" in page

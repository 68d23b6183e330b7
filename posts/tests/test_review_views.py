"""The review page: who reaches it, recording votes, approving, rejecting and moving from
it, and its query count."""

import pytest
from django.urls import reverse
from django.utils import timezone

from members.tests.factories import MemberFactory
from posts.models import Assignment, Claim
from posts.tests.factories import BranchPostFactory, ClaimFactory, PostTypeFactory
from posts.tests.roles import MANAGERS, by_role, only

YEAR = timezone.localdate().year


@pytest.fixture
def post(world):
    return BranchPostFactory(branch=world.branch, year=YEAR, headcount=2, post_type=PostTypeFactory(name="科技示范岗"))


def review_url(branch):
    return f"{reverse('posts:review', args=[branch.code])}?year={YEAR}"


def test_review_page_per_role(client, world, post):
    assert by_role(client, world, review_url(world.branch)) == only(200, *MANAGERS)
    assert by_role(client, world, review_url(world.far)) == only(200, "outsider", "superuser")


def test_decisions_and_votes_per_role(client, world, post):
    claim = ClaimFactory(post=post, member=world.member)
    decide = reverse("posts:decide", args=[claim.pk])
    votes = reverse("posts:record_votes", args=[world.branch.code])
    for role in ("member_user", "group_leader", "township", "county_official", "outsider"):
        client.force_login(getattr(world, role))
        assert client.post(decide, {f"c{claim.pk}-action": "approve"}).status_code == 404, role
        assert client.post(votes, {f"votes_{claim.pk}": 9}).status_code == 404, role
    client.logout()
    assert client.post(decide, {f"c{claim.pk}-action": "approve"}).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.votes) == (Claim.Status.PENDING, None)
    assert not Assignment.objects.exists()


def test_review_lists_candidates_ranked_with_their_statements(client, world, post):
    ClaimFactory(post=post, member=world.member, votes=12, statement="会种大棚蔬菜")
    ClaimFactory(post=post, member=world.neighbour, votes=30)
    client.force_login(world.secretary)
    page = client.get(review_url(world.branch)).content.decode()
    assert page.index("李四") < page.index("张三") and "会种大棚蔬菜" in page


def test_officer_records_votes(client, world, post):
    first = ClaimFactory(post=post, member=world.member)
    second = ClaimFactory(post=post, member=world.neighbour)
    client.force_login(world.secretary)
    response = client.post(
        f"{reverse('posts:record_votes', args=[world.branch.code])}?year={YEAR}",
        {f"votes_{first.pk}": "21", f"votes_{second.pk}": ""},
        follow=True,
    )
    assert "票数已登记" in response.content.decode()
    first.refresh_from_db()
    assert (first.votes, first.votes_recorded_by) == (21, world.secretary)


def test_bad_votes_are_shown_back(client, world, post):
    claim = ClaimFactory(post=post, member=world.member)
    client.force_login(world.secretary)
    response = client.post(
        f"{reverse('posts:record_votes', args=[world.branch.code])}?year={YEAR}", {f"votes_{claim.pk}": "-3"}
    )
    assert response.status_code == 200 and "票数必须是0或正整数。" in response.content.decode()
    claim.refresh_from_db()
    assert claim.votes is None


def test_committee_approves_from_the_page(client, world, post):
    claim = ClaimFactory(post=post, member=world.member)
    client.force_login(world.committee)
    response = client.post(reverse("posts:decide", args=[claim.pk]), {f"c{claim.pk}-action": "approve"}, follow=True)
    assert "已批准张三上岗。" in response.content.decode()
    assert Assignment.objects.get().member == world.member


def test_rejection_without_reason_is_refused_on_the_page(client, world, post):
    claim = ClaimFactory(post=post, member=world.member)
    client.force_login(world.secretary)
    page = client.post(
        reverse("posts:decide", args=[claim.pk]), {f"c{claim.pk}-action": "reject"}, follow=True
    ).content.decode()
    assert "请填写不予批准的理由，本人会看到。" in page
    client.post(
        reverse("posts:decide", args=[claim.pk]),
        {f"c{claim.pk}-action": "reject", f"c{claim.pk}-reason": "本人长期在外"},
    )
    claim.refresh_from_db()
    assert (claim.status, claim.decision_reason) == (Claim.Status.REJECTED, "本人长期在外")


def test_move_from_the_page(client, world, post):
    claim = ClaimFactory(post=post, member=world.member)
    target = BranchPostFactory(branch=world.branch, year=YEAR, post_type=PostTypeFactory(name="信息咨询岗"))
    client.force_login(world.secretary)
    page = client.post(
        reverse("posts:decide", args=[claim.pk]), {f"c{claim.pk}-action": "move"}, follow=True
    ).content.decode()
    assert "请选择要调整到的岗位。" in page
    page = client.post(
        reverse("posts:decide", args=[claim.pk]),
        {f"c{claim.pk}-action": "move", f"c{claim.pk}-to_post": target.pk},
        follow=True,
    ).content.decode()
    assert "已批准张三到“信息咨询岗”岗位。" in page
    assert Assignment.objects.get().post == target
    # The member reads where they were placed.
    client.force_login(world.member_user)
    assert "支部安排您到“信息咨询岗”岗位。" in client.get(reverse("posts:my_claims")).content.decode()


def test_move_target_must_be_of_the_same_branch(client, world, post):
    claim = ClaimFactory(post=post, member=world.member)
    foreign = BranchPostFactory(branch=world.sibling, year=YEAR)
    client.force_login(world.secretary)
    client.post(
        reverse("posts:decide", args=[claim.pk]), {f"c{claim.pk}-action": "move", f"c{claim.pk}-to_post": foreign.pk}
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING and not Assignment.objects.exists()


def test_review_page_queries_do_not_grow(client, world, post, django_assert_max_num_queries):
    ClaimFactory(post=post, member=world.member, votes=3)
    Claim.objects.filter(pk=ClaimFactory(post=post).pk).update(status=Claim.Status.REJECTED, decided_by=world.secretary)
    client.force_login(world.secretary)
    with django_assert_max_num_queries(15) as small:
        assert client.get(review_url(world.branch)).status_code == 200
    for _ in range(8):
        extra = BranchPostFactory(branch=world.branch, year=YEAR, headcount=3)
        for _ in range(3):
            ClaimFactory(post=extra, member=MemberFactory(branch=world.branch), votes=5)
        rejected = ClaimFactory(post=extra)
        Claim.objects.filter(pk=rejected.pk).update(status=Claim.Status.REJECTED, decided_by=world.committee)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(review_url(world.branch)).status_code == 200


def test_votes_typed_on_the_page_are_kept_when_a_decision_button_is_pressed(client, world, post):
    """The trap: votes typed beside the candidates were lost when 批准 was pressed."""
    first = ClaimFactory(post=post, member=world.member)
    second = ClaimFactory(post=post, member=world.neighbour, votes=4)
    client.force_login(world.secretary)
    # What the browser sends: the page is one form, so every vote goes with the pressed button.
    response = client.post(
        reverse("posts:decide", args=[first.pk]),
        {
            f"votes_{first.pk}": "27",
            f"votes_{second.pk}": "15",
            f"c{first.pk}-action": "approve",
            f"c{first.pk}-reason": "",
            f"c{second.pk}-reason": "",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "票数已登记" in page and "已批准张三上岗。" in page
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.votes, first.votes_recorded_by) == (Claim.Status.APPROVED, 27, world.secretary)
    assert (second.status, second.votes) == (Claim.Status.PENDING, 15)


def test_votes_are_kept_when_the_decision_is_refused(client, world, post):
    claim = ClaimFactory(post=post, member=world.member)
    client.force_login(world.secretary)
    response = client.post(
        reverse("posts:decide", args=[claim.pk]),
        {f"votes_{claim.pk}": "9", f"c{claim.pk}-action": "reject", f"c{claim.pk}-reason": " "},
        follow=True,
    )
    assert "请填写不予批准的理由" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.votes) == (Claim.Status.PENDING, 9)


def test_bad_votes_with_a_decision_are_shown_back_and_nothing_is_decided(client, world, post):
    claim = ClaimFactory(post=post, member=world.member)
    client.force_login(world.secretary)
    response = client.post(
        reverse("posts:decide", args=[claim.pk]), {f"votes_{claim.pk}": "-3", f"c{claim.pk}-action": "approve"}
    )
    assert response.status_code == 200 and "票数必须是0或正整数。" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.votes) == (Claim.Status.PENDING, None)


def test_a_decision_without_votes_sent_keeps_the_recorded_ones(client, world, post):
    claim = ClaimFactory(post=post, member=world.member)
    other = ClaimFactory(post=post, member=world.neighbour, votes=11)
    client.force_login(world.secretary)
    client.post(reverse("posts:decide", args=[claim.pk]), {f"c{claim.pk}-action": "approve"})
    other.refresh_from_db()
    assert other.votes == 11


def test_review_page_is_one_form_with_the_decisions_as_its_buttons(client, world, post):
    claim = ClaimFactory(post=post, member=world.member)
    client.force_login(world.secretary)
    page = client.get(review_url(world.branch)).content.decode()
    assert page.count("<form") == 1 + page.count('action="/i18n/setlang/"') + page.count("logout")
    start, end = page.index('<form id="votes"'), page.index("</form>", page.index('<form id="votes"'))
    form = page[start:end]
    assert f'name="votes_{claim.pk}"' in form
    assert f'formaction="{reverse("posts:decide", args=[claim.pk])}"' in form
    # Enter in a field presses the first button: it records the votes, it never approves.
    assert form.index('type="submit"') < form.index("formaction")

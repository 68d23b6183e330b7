"""The secretary's overview and the branch list: who reads them, what they count, and
that they run the same number of queries for a small branch and a big one."""

from django.urls import reverse
from django.utils import timezone

from members.tests.factories import MemberFactory
from posts import selectors
from posts.models import Claim
from posts.tests.factories import (
    AssignmentFactory,
    BranchPostFactory,
    ClaimFactory,
    PostTypeFactory,
)
from posts.tests.roles import SUPERVISORS, by_role, only

YEAR = timezone.localdate().year


def test_overview_per_role(client, world):
    assert by_role(client, world, reverse("posts:overview", args=[world.branch.code])) == only(200, *SUPERVISORS)
    assert by_role(client, world, reverse("posts:overview", args=[world.far.code])) == only(
        200, "outsider", "county_official", "superuser"
    )
    assert by_role(client, world, reverse("posts:branches")) == only(200, *SUPERVISORS, "outsider")


def test_branch_list_shows_what_each_role_supervises(client, world):
    client.force_login(world.township)
    listed = [r["branch"].code for r in client.get(reverse("posts:branches")).context["rows"]]
    assert listed == ["B1", "B2"]


def test_overview_counts_places_claims_and_people(world):
    full = BranchPostFactory(branch=world.branch, year=YEAR, headcount=2, post_type=PostTypeFactory(name="甲岗"))
    claimed = BranchPostFactory(branch=world.branch, year=YEAR, headcount=3, post_type=PostTypeFactory(name="乙岗"))
    BranchPostFactory(branch=world.branch, year=YEAR, headcount=1, post_type=PostTypeFactory(name="丙岗"))
    BranchPostFactory(branch=world.branch, year=YEAR - 1)  # last year's post is not counted
    holder = MemberFactory(name="孙八", branch=world.branch)
    AssignmentFactory(post=full, member=holder, status="on_post")
    AssignmentFactory(post=full, member=MemberFactory(name="有职者", branch=world.branch, office="村会计"))
    AssignmentFactory(post=claimed, member=MemberFactory(name="已下岗", branch=world.branch), status="removed")
    ClaimFactory(post=claimed, member=world.member)
    ClaimFactory(post=claimed, member=world.neighbour, status=Claim.Status.REJECTED)
    MemberFactory(name="免设岗", branch=world.branch, exempt=True, exemption_reason="年老体弱")

    from members.scope import Scope

    data = selectors.overview(world.branch, YEAR, Scope(world.secretary).members("roster.read"))
    rows = {p.post_type.name: (p.headcount, p.taken, p.pending, p.places_left) for p in data["posts"]}
    assert rows == {"甲岗": (2, 2, 0, 0), "乙岗": (3, 0, 1, 3), "丙岗": (1, 0, 0, 1)}
    assert [p.post_type.name for p in data["unclaimed"]] == ["丙岗"]
    # Expected to take a post: 张三, 李四, 孙八, 已下岗 (not the office holder, not the exempted).
    assert [(m.name, m.has_pending_claim) for m in data["without_post"]] == [
        ("已下岗", False),
        ("张三", True),
        ("李四", False),
    ]
    assert (data["available_count"], data["on_post_count"], data["coverage"]) == (4, 1, 25.0)
    assert data["stages"] == {"on_post": 1, "approved": 0, "on_notice": 0, "effective": 0, "suspended": 0}
    assert (data["headcount"], data["taken"], data["pending"]) == (6, 2, 1)


def test_overview_page_shows_the_lists(client, world):
    BranchPostFactory(branch=world.branch, year=YEAR, post_type=PostTypeFactory(name="无人认领岗"))
    client.force_login(world.township)
    page = client.get(f"{reverse('posts:overview', args=[world.branch.code])}?year={YEAR}").content.decode()
    assert "无人认领的岗位" in page and "无人认领岗" in page and "张三" in page and "李四" in page
    # Overseers read; they are not offered the officers' actions.
    assert reverse("posts:review", args=[world.branch.code]) not in page


def test_overview_queries_do_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.secretary)
    url = f"{reverse('posts:overview', args=[world.branch.code])}?year={YEAR}"
    BranchPostFactory(branch=world.branch, year=YEAR)
    with django_assert_max_num_queries(15) as small:
        assert client.get(url).status_code == 200
    for _ in range(12):
        post = BranchPostFactory(branch=world.branch, year=YEAR, headcount=2)
        AssignmentFactory(post=post, member=MemberFactory(branch=world.branch, group=world.group))
        ClaimFactory(post=post, member=MemberFactory(branch=world.branch))
        MemberFactory(branch=world.branch, group=world.group)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_overseers_find_the_branch_list_and_common_posts_from_home(client, world):
    client.force_login(world.township)
    page = client.get(reverse("home")).content.decode()
    assert reverse("posts:branches") in page and reverse("posts:common_posts") in page

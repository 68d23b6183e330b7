"""The township and county view across branches: figures per branch, lagging ones marked."""

from django.urls import reverse

from members.tests.factories import BranchFactory, MemberFactory
from posts.tests.factories import AssignmentFactory, BranchPostFactory, ClaimFactory

YEAR = 2026


def test_figures_per_branch_and_lagging_marked(client, world):
    post = BranchPostFactory(branch=world.branch, year=YEAR, headcount=3)
    AssignmentFactory(post=post, member=world.member, status="on_post")
    AssignmentFactory(post=post, member=world.neighbour, status="suspended")
    ClaimFactory(post=BranchPostFactory(branch=world.sibling, year=YEAR), member=world.sibling_member)
    MemberFactory(branch=world.sibling, office="村委会主任")
    MemberFactory(branch=world.sibling, exempt=True, exemption_reason="年老体弱")

    client.force_login(world.township)
    response = client.get(reverse("posts:branches"), {"year": YEAR})
    rows = {r["branch"].code: r for r in response.context["rows"]}
    near, sibling = rows["B1"], rows["B2"]
    assert (near["people"], near["expected"], near["on_post"], near["coverage"]) == (2, 2, 2, 100)
    assert (near["posts"], near["headcount"], near["vacancies"], near["suspended"]) == (1, 3, 1, 1)
    assert not near["lags"]
    assert (sibling["people"], sibling["expected"], sibling["exempt"], sibling["on_post"]) == (3, 1, 1, 0)
    assert sibling["coverage"] == 0 and sibling["lags"] and sibling["pending"] == 1
    totals = response.context["totals"]
    assert totals["lagging"] == 1 and totals["coverage"] == 67
    page = response.content.decode()
    assert "落后" in page and "lags" not in page  # the mark is in Chinese
    assert "西社区党支部" not in page


def test_last_years_posts_do_not_count(client, world):
    post = BranchPostFactory(branch=world.branch, year=YEAR - 1)
    AssignmentFactory(post=post, member=world.member, status="on_post")
    client.force_login(world.secretary)
    rows = client.get(reverse("posts:branches"), {"year": YEAR}).context["rows"]
    assert rows[0]["on_post"] == 0 and rows[0]["posts"] == 0


def test_queries_do_not_grow_with_branches(client, world, django_assert_max_num_queries):
    client.force_login(world.county_official)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("posts:branches"), {"year": YEAR})
    for _ in range(8):
        branch = BranchFactory(parent=world.town_b)
        post = BranchPostFactory(branch=branch, year=YEAR)
        AssignmentFactory(post=post, status="on_post")
        ClaimFactory(post=post)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("posts:branches"), {"year": YEAR})

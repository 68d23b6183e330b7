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
    # The suspended member (待岗) holds a place but is not on post (在岗).
    assert (near["people"], near["expected"], near["on_post"], near["coverage"]) == (2, 2, 1, 50.0)
    assert (near["posts"], near["headcount"], near["vacancies"], near["suspended"]) == (1, 3, 1, 1)
    assert near["lags"]  # 50% on post, under the floor
    assert (sibling["people"], sibling["expected"], sibling["exempt"], sibling["on_post"]) == (3, 1, 1, 0)
    assert sibling["coverage"] == 0 and sibling["lags"] and sibling["pending"] == 1
    totals = response.context["totals"]
    assert totals["lagging"] == 2 and totals["coverage"] == 33.3
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


def test_coverage_counts_people_on_post_only_to_one_decimal(client, world):
    """The trap: approved and 公示中 people were shown as 已上岗 (9, 43%, when 5 were on post)."""
    post = BranchPostFactory(branch=world.branch, year=YEAR, headcount=20)
    statuses = ["on_post"] * 5 + ["approved"] * 2 + ["on_notice"] * 2 + ["effective", "suspended"]
    for status in statuses:
        AssignmentFactory(post=post, status=status)
    for _ in range(21 - len(statuses) - 2):  # 21 expected: world.member and neighbour are two
        MemberFactory(branch=world.branch)
    client.force_login(world.township)
    response = client.get(reverse("posts:branches"), {"year": YEAR})
    row = {r["branch"].code: r for r in response.context["rows"]}["B1"]
    assert (row["expected"], row["on_post"], row["coverage"]) == (21, 5, 23.8)
    assert (row["approved"], row["on_notice"], row["effective"], row["suspended"]) == (2, 2, 1, 1)
    page = response.content.decode()
    assert "23.8%" in page and "在岗" in page and "公示中" in page and "待岗" in page
    assert "已上岗" not in page


def test_a_branch_without_posts_is_not_set_not_lagging(client, world):
    BranchPostFactory(branch=world.branch, year=YEAR)
    client.force_login(world.township)
    response = client.get(reverse("posts:branches"), {"year": YEAR})
    rows = {r["branch"].code: r for r in response.context["rows"]}
    assert rows["B2"]["no_posts"] and not rows["B2"]["lags"]
    assert rows["B1"]["lags"] and not rows["B1"]["no_posts"]
    page = response.content.decode()
    assert page.count("未设岗") == 1 and page.count(">落后<") == 1
    overview = client.get(reverse("posts:overview", args=[world.sibling.code]), {"year": YEAR}).content.decode()
    assert "未设岗" in overview

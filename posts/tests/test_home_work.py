"""The secretary's home shows the work waiting per branch, each count a link to the page
that lists exactly those items, in a fixed number of queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from members.tests.factories import BranchFactory, MemberFactory
from posts.models import Assignment, Objection, ResponsibilityLetter
from posts.tests.factories import AssignmentFactory, BranchPostFactory, ClaimFactory, NoticeFactory

TODAY = timezone.localdate()
YEAR = TODAY.year


def letter_for(assignment):
    return ResponsibilityLetter.objects.create(
        assignment=assignment,
        duties="职责",
        member_obligations="义务",
        branch_obligations="义务",
        term_starts_on=TODAY,
        term_ends_on=TODAY + datetime.timedelta(days=364),
    )


def work_for(branch):
    """One item of each kind in `branch`, and one that does not count, beside it."""
    post = BranchPostFactory(branch=branch, year=YEAR, headcount=5)
    ClaimFactory(post=post)
    ClaimFactory(post=BranchPostFactory(branch=branch, year=YEAR - 1))  # another year: not on the review page
    open_notice = NoticeFactory(branch=branch)  # running: not due
    Objection.objects.create(notice=open_notice, text="请核实")
    Objection.objects.create(notice=open_notice, text="已处理", status=Objection.Status.NOTED, resolution="已核实")
    NoticeFactory(
        branch=branch, starts_on=TODAY - datetime.timedelta(days=10), ends_on=TODAY - datetime.timedelta(days=2)
    )  # due
    letter_for(AssignmentFactory(post=post, status=Assignment.Status.EFFECTIVE))
    letter_for(AssignmentFactory(post=post, status=Assignment.Status.ON_POST))  # on post: nothing to do
    return post


def counts(page):
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)', page)}


def test_secretary_sees_work_waiting_with_links(client, world):
    work_for(world.branch)
    work_for(world.far)  # another township's branch: not the secretary's
    client.force_login(world.secretary)
    page = client.get(reverse("home")).content.decode()
    # world.member and world.neighbour hold nothing; the two holders and the claimants do.
    assert counts(page) == {"claims": 1, "objections": 1, "due": 1, "letters": 1, "without_post": 4}
    assert "1份认岗申请待审议" in page and "1条异议待处理" in page and "1份公示期满待结束" in page
    assert "1份责任书待签字或培训" in page and "4名党员尚无岗位" in page
    assert f'data-branch="{world.far.pk}"' not in page


def links(page):
    return dict(re.findall(r'href="([^"]+)" data-count="(\w+)"', page))


def test_each_link_lists_exactly_the_items_counted(client, world):
    work_for(world.branch)
    work_for(world.sibling)
    client.force_login(world.secretary)
    by_kind = {
        kind: url.replace("&amp;", "&") for url, kind in links(client.get(reverse("home")).content.decode()).items()
    }

    review = client.get(by_kind["claims"]).context
    assert sum(len(p.pending_claims) for p in review["posts"]) == 1
    objections = list(client.get(by_kind["objections"]).context["page"])
    assert len(objections) == 1 and objections[0].pending_count == 1
    due = list(client.get(by_kind["due"]).context["page"])
    assert len(due) == 1 and due[0].ends_on < TODAY
    letters = list(client.get(by_kind["letters"]).context["page"])
    assert [letter.assignment.status for letter in letters] == [Assignment.Status.EFFECTIVE]
    overview = client.get(by_kind["without_post"]).context
    assert len(overview["without_post"]) == 4


def test_township_official_gets_no_officer_work(client, world):
    work_for(world.branch)
    client.force_login(world.township)
    assert 'data-count="claims"' not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("role", ["secretary", "superuser"])
def test_home_queries_do_not_grow(client, world, role, django_assert_max_num_queries):
    work_for(world.branch)
    client.force_login(getattr(world, role))
    with django_assert_max_num_queries(30) as few:
        assert client.get(reverse("home")).status_code == 200
    for _ in range(4):
        work_for(world.branch)
        branch = BranchFactory(parent=world.town_a)
        work_for(branch)
        MemberFactory(branch=branch)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home")).content.decode()
    assert counts(page)


def test_filtered_lists_keep_their_filter_on_the_next_page(client, world):
    for _ in range(31):
        Objection.objects.create(notice=NoticeFactory(branch=world.branch), text="请核实")
    client.force_login(world.secretary)
    page = client.get(reverse("posts:notices"), {"branch": world.branch.code, "todo": "objections"}).content.decode()
    assert f"?branch={world.branch.code}&amp;todo=objections&amp;page=2" in page
    letters = client.get(reverse("posts:letters"), {"show": "all"})
    assert letters.context["page_query"] == "show=all"

"""Print pages: who may print what (404 outside the scope), HTML views in a constant number
of queries, PDFs inline for small runs (big ones become background jobs: test_printing_jobs.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Role
from members.tests.factories import RoleFactory, UserFactory
from posts.models import Notice, ResponsibilityLetter
from posts.tests.printing_data import branch_with_papers
from posts.tests.roles import SUPERVISORS, by_role, only

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers(world):
    branch_with_papers(world.branch, members=4)
    return world


@pytest.fixture
def other_township(world):
    """A township official of the other township (西镇), who oversees B3 but not B1."""
    user = UserFactory(username="west")
    RoleFactory(user=user, organisation=world.town_b, kind=Role.Kind.TOWNSHIP_OFFICIAL)
    return user


def codes(client, world, url, other_township, method="get"):
    found = by_role(client, world, url, method=method)
    client.force_login(other_township)
    response = client.get(url) if method == "get" else client.post(url)
    found["other_township"] = response.status_code
    return found


def urls(world):
    notice = Notice.objects.get(branch=world.branch)
    letter = ResponsibilityLetter.objects.filter(assignment__post__branch=world.branch).first()
    get = [
        reverse("papers:branch", args=["B1"]),
        reverse("posts:notice_print", args=[notice.pk]),
        reverse("posts:notice_print_pdf", args=[notice.pk]),
        reverse("posts:letter_print", args=[letter.pk]),
        reverse("posts:letter_print_pdf", args=[letter.pk]),
    ]
    get += [
        reverse("papers:run", args=["B1", 2026, kind])
        for kind in ("notice", "roster", "letters", "certificates", "packet")
    ]
    post = [reverse("papers:run_pdf", args=["B1", 2026, kind]) for kind in ("roster", "packet")]
    return get, post


# Printing is for the branch's officers and those who oversee it; members and group
# leaders read notices on screen, and other branches and townships get a 404.
PRINTERS = only(200, *SUPERVISORS) | {"other_township": 404}


def test_every_print_page_per_role(client, papers, other_township):
    get, post = urls(papers)
    for url in get:
        assert codes(client, papers, url, other_township) == PRINTERS, url
    for url in post:
        assert codes(client, papers, url, other_township, method="post") == PRINTERS, url


def test_a_branch_of_the_other_township_is_out_of_reach(client, world, other_township):
    branch_with_papers(world.far, members=2)
    notice = Notice.objects.get(branch=world.far)
    for url in [
        reverse("papers:branch", args=["B3"]),
        reverse("posts:notice_print_pdf", args=[notice.pk]),
        reverse("papers:run", args=["B3", 2026, "packet"]),
    ]:
        assert codes(client, world, url, other_township) == (
            only(200, "county_official", "outsider", "superuser") | {"other_township": 200}
        ), url


def test_pdfs_come_back_as_a4_pdf_files(client, papers):
    client.force_login(papers.township)
    notice = Notice.objects.get(branch=papers.branch)
    response = client.get(reverse("posts:notice_print_pdf", args=[notice.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    response = client.post(reverse("papers:run_pdf", args=["B1", 2026, "packet"]))
    assert response["Content-Type"] == "application/pdf"
    assert "filename" in response["Content-Disposition"]


def test_unknown_kind_and_empty_runs(client, papers):
    client.force_login(papers.secretary)
    assert client.get(reverse("papers:run", args=["B1", 2026, "minutes"])).status_code == 404
    response = client.get(reverse("papers:run", args=["B1", 2019, "letters"]))
    assert "本年度暂无可打印的内容。" in response.content.decode()
    response = client.post(reverse("papers:run_pdf", args=["B1", 2019, "letters"]))
    assert response.status_code == 302


@pytest.mark.parametrize("kind", ["notice", "roster", "letters", "certificates", "packet"])
def test_html_views_never_show_id_numbers_and_phones_only_with_consent(client, papers, kind):
    holder = papers.branch.members.filter(assignments__isnull=False).first()
    holder.phone = "13957771234"
    holder.save()
    client.force_login(papers.secretary)
    url = reverse("papers:run", args=["B1", 2026, kind])
    page = client.get(url).content.decode()
    assert holder.name in page
    assert holder.id_number not in page and holder.masked_id_number not in page
    assert holder.phone not in page
    holder.show_phone_publicly = True
    holder.save()
    page = client.get(url).content.decode()
    # Public papers (notice, roster) show a consented phone; letters and cards never do.
    assert (holder.phone in page) is (kind in ("notice", "roster", "packet"))
    assert holder.id_number not in page


def test_index_lists_the_branches_one_may_print_for(client, world):
    client.force_login(world.township)
    page = client.get(reverse("papers:index")).content.decode()
    assert "东村党支部" in page and "南村党支部" in page and "西社区党支部" not in page
    client.force_login(world.secretary)
    page = client.get(reverse("papers:index")).content.decode()
    assert "东村党支部" in page and "南村党支部" not in page
    client.force_login(world.member_user)
    assert client.get(reverse("papers:index")).status_code == 404


def test_html_views_show_the_papers_in_chinese(client, papers):
    client.force_login(papers.committee)
    page = client.get(reverse("papers:run", args=["B1", 2026, "packet"])).content.decode()
    for expected in [
        "无职党员设岗定责公示",
        "设岗定责一览表",
        "无职党员设岗定责目标责任状",
        "上岗证",
        "下载 PDF（A4）",
        "打印时一式两份",
    ]:
        assert expected in page, expected
    page = client.get(reverse("papers:branch", args=["B1"])).content.decode()
    assert "2026年度材料" in page and "公开栏全套材料" in page


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("kind", ["notice", "roster", "letters", "certificates", "packet"])
def test_html_views_run_a_constant_number_of_queries(client, world, django_assert_max_num_queries, kind):
    branch_with_papers(world.branch, members=3)
    branch_with_papers(world.sibling, members=40)
    client.force_login(world.township)
    small = queries(client, reverse("papers:run", args=["B1", 2026, kind]))
    with django_assert_max_num_queries(small):
        client.get(reverse("papers:run", args=["B2", 2026, kind]))
    assert small <= 12


def test_branch_page_and_index_run_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    branch_with_papers(world.branch, members=3)
    branch_with_papers(world.sibling, members=40)
    client.force_login(world.township)
    small = queries(client, reverse("papers:branch", args=["B1"]))
    with django_assert_max_num_queries(small):
        client.get(reverse("papers:branch", args=["B2"]))
    assert queries(client, reverse("papers:index")) <= 6

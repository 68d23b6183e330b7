"""操作记录 pages: who reads what (404 outside), filters, export, paging in constant queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import Entry
from members import services as m
from members.tests.factories import MemberFactory
from posts.services import catalogue, claims
from posts.tests.factories import BranchPostFactory, ClaimFactory


@pytest.fixture
def entries(world):
    """One entry in each branch (B1 under T1, B2 under T1, B3 under T2)."""
    made = {}
    for code, branch, by in (
        ("B1", world.branch, world.secretary),
        ("B2", world.sibling, world.superuser),
        ("B3", world.far, world.outsider),
    ):
        claim = ClaimFactory(post=BranchPostFactory(branch=branch), member=MemberFactory(branch=branch))
        claims.reject_claim(claim=claim, by=by, reason=f"{code} 理由")
        made[code] = Entry.objects.latest("pk")
    return made


def shown(response):
    return {e.pk for e in response.context["page"].object_list}


# Which branches' entries each role reads on the whole-reach page.
READS = {
    "secretary": {"B1"},
    "committee": {"B1"},
    "township": {"B1", "B2"},
    "county_official": {"B1", "B2", "B3"},
    "outsider": {"B3"},
    "superuser": {"B1", "B2", "B3"},
}


@pytest.mark.parametrize("role", sorted(READS))
def test_each_role_reads_its_reach_and_gets_404_outside(client, world, entries, role):
    client.force_login(getattr(world, role))
    response = client.get(reverse("audit:entries"))
    assert response.status_code == 200
    assert shown(response) == {entries[c].pk for c in READS[role]}
    for code, entry in entries.items():
        branch_page = client.get(reverse("audit:branch", args=[code]))
        object_page = client.get(reverse("audit:object", args=["posts.claim", entry.object_id]))
        if code in READS[role]:
            assert branch_page.status_code == 200 and shown(branch_page) == {entry.pk}, (role, code)
            assert object_page.status_code == 200 and shown(object_page) == {entry.pk}, (role, code)
        else:
            assert branch_page.status_code == 404, (role, code)
            assert object_page.status_code == 404, (role, code)


@pytest.mark.parametrize("role", ["member_user", "group_leader"])
def test_members_and_group_leaders_read_no_log(client, world, entries, role):
    client.force_login(getattr(world, role))
    assert client.get(reverse("audit:entries")).status_code == 404
    assert client.get(reverse("audit:branch", args=["B1"])).status_code == 404
    assert client.get(reverse("audit:object", args=["posts.claim", entries["B1"].object_id])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, entries):
    response = client.get(reverse("audit:branch", args=["B1"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unknown_kinds_and_codes_are_not_found(client, world, entries):
    client.force_login(world.superuser)
    assert client.get(reverse("audit:object", args=["auth.user", world.secretary.pk])).status_code == 404
    assert client.get(reverse("audit:branch", args=["NOPE"])).status_code == 404
    assert client.get(reverse("audit:branch", args=["T1"])).status_code == 404  # a township is no branch


def test_filters_by_action_person_dates_and_kind(client, world):
    post = BranchPostFactory(branch=world.branch)
    catalogue.update_branch_post(post=post, by=world.secretary, headcount=2)
    m.set_exemption(member=world.neighbour, exempt=True, reason="长期患病", by=world.committee)
    old = Entry.objects.get(action="posts.post.changed")
    Entry.objects.filter(pk=old.pk).update(at=old.at - datetime.timedelta(days=40))
    client.force_login(world.secretary)
    url = reverse("audit:branch", args=["B1"])

    def actions(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return [e.action for e in response.context["page"].object_list]

    assert actions() == ["members.member.exempted", "posts.post.changed"]
    assert actions(action="posts.post.changed") == ["posts.post.changed"]
    assert actions(who="committee") == ["members.member.exempted"]
    assert actions(kind="members.member") == ["members.member.exempted"]
    since = (datetime.date.today() - datetime.timedelta(days=7)).isoformat()
    assert actions(since=since) == ["members.member.exempted"]
    assert actions(until=since) == ["posts.post.changed"]
    response = client.get(url, {"since": since, "until": "2000-01-01"})
    assert "不能早于" in response.content.decode()


def test_objects_are_linked_to_their_page_when_it_has_one(client, world, entries):
    m.reset_password(user=world.member_user, by=world.secretary)  # an account: no object page
    client.force_login(world.secretary)
    page = client.get(reverse("audit:branch", args=["B1"])).content.decode()
    assert reverse("audit:object", args=["posts.claim", entries["B1"].object_id]) in page
    assert "/audit/objects/auth.user/" not in page


def test_the_page_is_in_chinese_and_linked_from_the_homes(client, world, entries):
    client.force_login(world.secretary)
    page = client.get(reverse("audit:branch", args=["B1"])).content.decode()
    assert "操作记录" in page and "认岗申请被驳回" in page and "B1 理由" in page
    assert reverse("audit:branch", args=["B1"]) in client.get(reverse("home")).content.decode()
    client.force_login(world.township)
    assert reverse("audit:entries") in client.get(reverse("home")).content.decode()


def test_export_is_filtered_scoped_and_formula_safe(client, world):
    claim = ClaimFactory(post=BranchPostFactory(branch=world.branch), member=world.neighbour)
    claims.reject_claim(claim=claim, by=world.secretary, reason='=HYPERLINK("http://x")')
    far = ClaimFactory(post=BranchPostFactory(branch=world.far), member=world.far_member)
    claims.reject_claim(claim=far, by=world.outsider, reason="西社区")
    client.force_login(world.township)
    response = client.get(reverse("audit:entries"), {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["时间", "操作", "操作人"]
    assert len(rows) == 2 and "西社区" not in response.content.decode("utf-8-sig")
    assert rows[1][6] == '\'=HYPERLINK("http://x")'
    response = client.get(reverse("audit:entries"), {"export": "xlsx", "action": "posts.claim.rejected"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=7)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    assert sheet.max_row == 2


def test_the_list_runs_the_same_queries_for_few_and_many_entries(client, world):
    client.force_login(world.township)
    url = reverse("audit:entries")

    def count():
        client.get(url)  # warm the per-process caches (content types, translations)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    claim = ClaimFactory(post=BranchPostFactory(branch=world.branch), member=world.neighbour)
    claims.reject_claim(claim=claim, by=world.secretary, reason="一")
    few = count()
    for i in range(60):  # more than a page, from several people and kinds
        post = BranchPostFactory(branch=world.branch if i % 2 else world.sibling)
        catalogue.update_branch_post(post=post, by=world.secretary if i % 3 else world.superuser, headcount=2)
        m.set_exemption(member=MemberFactory(branch=world.branch), exempt=True, reason="病", by=world.committee)
    assert count() == few

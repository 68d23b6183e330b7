"""Every URL of the site, every role, in and out of scope.

The same rows exist in branch B1 (东村, where the `world` users work) and in branch B3
(西社区, another township). For each URL the table says who may use it on B1's rows;
everyone else gets a 404 (anonymous users are sent to log in). B3's rows are out of
scope for every B1 user, so those requests are 404 for all of them; and no page shown
to a B1 user ever mentions B3's branch or people.

A URL added to the site without a row here fails test_every_url_is_in_the_matrix.
"""

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments.models import Pledge
from posts.models import Assignment, Objection, ResponsibilityLetter
from posts.tests.factories import AssignmentFactory, BranchPostFactory, ClaimFactory, NoticeFactory, PostTypeFactory

ROLES = ["member_user", "group_leader", "secretary", "committee", "township", "county_official", "superuser"]
# B1 users for whom B3 is out of scope.
B1_ROLES = ["member_user", "group_leader", "secretary", "committee", "township"]

ANYONE = set(ROLES) | {"anonymous"}
SIGNED_IN = set(ROLES)
MEMBER = {"member_user"}
MANAGERS = {"secretary", "committee", "superuser"}
SUPERVISORS = MANAGERS | {"township", "county_official"}
OVERSEERS = {"township", "county_official", "superuser"}


def rows(world, branch, member):
    """The rows of one branch that the URLs point at."""
    today = datetime.date.today()
    own_type = PostTypeFactory(owner=branch, name=f"{branch.code}自设岗")
    post = BranchPostFactory(branch=branch, post_type=own_type, year=today.year, headcount=3)
    claim = ClaimFactory(post=post, member=member)
    holder = AssignmentFactory(post=post, status=Assignment.Status.EFFECTIVE)
    letter = ResponsibilityLetter.objects.create(
        assignment=holder, duties="职责", member_obligations="义务", branch_obligations="义务",
        term_starts_on=today, term_ends_on=today + datetime.timedelta(days=364))
    noticed = AssignmentFactory(post=post, status=Assignment.Status.ON_NOTICE)
    notice = NoticeFactory(branch=branch)
    notice.assignments.add(noticed)
    objection = Objection.objects.create(notice=notice, assignment=noticed, text="请核实")
    Pledge.objects.create(member=member, year=today.year, text="每月走访两户")
    # An audit entry about the post, for the audit log's object page.
    from posts.services.catalogue import update_branch_post

    post = update_branch_post(post=post, by=None, headcount=4)
    return SimpleNamespace(branch=branch, post=post, own_type=own_type, claim=claim, holder=holder,
                           letter=letter, notice=notice, objection=objection, member=member, year=today.year)


# name: (kwargs from the rows, method, who may use it on B1's rows)
MATRIX = {
    "home": (None, "get", SIGNED_IN),
    "login": (None, "get", ANYONE),
    "logout": (None, "post", ANYONE),
    "set_language": (None, "post", ANYONE),
    "create_accounts": (lambda r: {"code": r.branch.code}, "get", MANAGERS),
    "password_change": (None, "get", SIGNED_IN),  # every user's own password page
    "branch_logins": (lambda r: {"code": r.branch.code}, "get", MANAGERS),
    "unlock_login": (lambda r: {"code": r.branch.code, "pk": r.member.pk}, "post", MANAGERS),
    "reset_login": (lambda r: {"code": r.branch.code, "pk": r.member.pk}, "post", MANAGERS),
    "roster_template": (None, "get", SIGNED_IN),  # the blank spreadsheet
    "public_notice": (lambda r: {"token": r.notice.token}, "get", ANYONE),
    # 设岗
    "posts:catalogue": (lambda r: {"pk": r.branch.pk}, "get", SUPERVISORS),
    "posts:adopt": (lambda r: {"pk": r.branch.pk}, "post", MANAGERS),
    "posts:own_post": (lambda r: {"pk": r.branch.pk}, "get", MANAGERS),
    "posts:round_open": (lambda r: {"pk": r.branch.pk}, "get", MANAGERS),
    "posts:post_edit": (lambda r: {"pk": r.post.pk}, "get", MANAGERS),
    "posts:type_edit": (lambda r: {"pk": r.own_type.pk}, "get", MANAGERS),
    "posts:common_posts": (None, "get", OVERSEERS),
    # 认岗, 议岗, 定岗
    "posts:browse": (None, "get", MEMBER),
    "posts:claim": (lambda r: {"pk": r.post.pk}, "get", MEMBER),
    "posts:nominate": (lambda r: {"pk": r.post.pk}, "get", MEMBER | MANAGERS),
    "posts:my_claims": (None, "get", MEMBER),
    "posts:withdraw": (lambda r: {"pk": r.claim.pk}, "post", MEMBER),
    "posts:review": (lambda r: {"pk": r.branch.pk}, "get", MANAGERS),
    "posts:record_votes": (lambda r: {"pk": r.branch.pk}, "post", MANAGERS),
    "posts:decide": (lambda r: {"pk": r.claim.pk}, "post", MANAGERS),
    "posts:branches": (None, "get", SUPERVISORS),
    "posts:overview": (lambda r: {"pk": r.branch.pk}, "get", SUPERVISORS),
    # 公示, 责任书, 动态管理
    # Notices are public anyway; members read their own branch's, without objectors' details.
    "posts:notices": (None, "get", SIGNED_IN),
    "posts:notice_publish": (None, "get", MANAGERS),
    "posts:notice_detail": (lambda r: {"pk": r.notice.pk}, "get", SIGNED_IN),
    "posts:notice_close": (lambda r: {"pk": r.notice.pk}, "post", MANAGERS),
    "posts:objection_handle": (lambda r: {"pk": r.objection.pk}, "post", MANAGERS),
    # Lists whatever letters the user may read: a member their own, a group leader their group's.
    "posts:letters": (None, "get", SIGNED_IN),
    "posts:letter_sign": (lambda r: {"pk": r.letter.pk}, "post", MANAGERS),
    "posts:letter_train": (lambda r: {"pk": r.letter.pk}, "post", MANAGERS),
    "posts:assignment_detail": (lambda r: {"pk": r.holder.pk}, "get", SUPERVISORS),
    "posts:assignment_action": (lambda r: {"pk": r.holder.pk, "action": "suspend"}, "post", MANAGERS),
    "posts:member_history": (lambda r: {"pk": r.holder.member.pk}, "get", SUPERVISORS),
    "posts:my_history": (None, "get", MEMBER),
    "posts:new_term": (lambda r: {"pk": r.branch.pk}, "get", MANAGERS),
    # Printing
    "printing:index": (None, "get", SUPERVISORS),
    "printing:branch": (lambda r: {"code": r.branch.code}, "get", SUPERVISORS),
    "printing:run": (lambda r: {"code": r.branch.code, "year": r.year, "kind": "roster"}, "get", SUPERVISORS),
    "printing:run_pdf": (lambda r: {"code": r.branch.code, "year": r.year, "kind": "roster"}, "post", SUPERVISORS),
    "printing:notice": (lambda r: {"pk": r.notice.pk}, "get", SUPERVISORS),
    "printing:notice_pdf": (lambda r: {"pk": r.notice.pk}, "get", SUPERVISORS),
    "printing:letter": (lambda r: {"pk": r.letter.pk}, "get", SUPERVISORS),
    "printing:letter_pdf": (lambda r: {"pk": r.letter.pk}, "get", SUPERVISORS),
    # A job belongs to the user who started it; nobody else can even see it exists.
    "printing:job": (lambda r: {"job_id": uuid.uuid4()}, "get", set()),
    "printing:job_progress": (lambda r: {"job_id": uuid.uuid4()}, "get", set()),
    "printing:job_pdf": (lambda r: {"job_id": uuid.uuid4()}, "get", set()),
    # 操作记录: branch officers their branch's, officials their subtree's
    "audit:entries": (None, "get", SUPERVISORS),
    "audit:branch": (lambda r: {"code": r.branch.code}, "get", SUPERVISORS),
    "audit:object": (lambda r: {"kind": "posts.branchpost", "object_id": r.post.pk}, "get", SUPERVISORS),
}
# Pages that are the same for everyone who may open them, with no rows of a branch in them.
NOT_SCOPED = {"home", "login", "logout", "set_language", "public_notice", "roster_template", "password_change"}


def site_urls(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # tests/test_admin_matrix.py
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from site_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join(filter(None, [namespace, pattern.name]))


def test_every_url_is_in_the_matrix():
    assert set(site_urls()) - set(MATRIX) == set()
    assert set(MATRIX) - set(site_urls()) == set()


@pytest.fixture
def both(world):
    from members.tests.factories import MemberFactory, UserFactory

    # B3's member has a login too, so the account pages' 404s are about scope, not absence.
    world.far_member.user = UserFactory(username="far-member")
    world.far_member.save(update_fields=["user"])
    near = rows(world, world.branch, world.member)
    far = rows(world, world.far, world.far_member)
    MemberFactory(name="欧阳远", branch=world.far)
    return SimpleNamespace(near=near, far=far)


def request(client, name, kwargs, method):
    url = reverse(name, kwargs=kwargs) if kwargs else reverse(name)
    return client.get(url) if method == "get" else client.post(url, {})


def as_role(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(getattr(world, role))


ALLOWED = {200, 302}  # a page, or a redirect after a POST (with its message)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_in_scope(client, world, both, name):
    make_kwargs, method, allowed = MATRIX[name]
    results = {}
    for role in ROLES + ["anonymous"]:
        as_role(client, world, role)
        response = request(client, name, make_kwargs(both.near) if make_kwargs else None, method)
        results[role] = response.status_code
        if role in allowed:
            assert response.status_code in ALLOWED, (role, response.status_code)
        elif role == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"], (role, response.status_code)
        else:
            assert response.status_code == 404, (role, response.status_code)
        if response.status_code == 200 and role in B1_ROLES and name not in NOT_SCOPED \
                and response.get("Content-Type", "").startswith("text/html"):
            page = response.content.decode()
            for leak in ("西社区党支部", "赵六", "欧阳远"):
                assert leak not in page, (role, leak)


@pytest.mark.parametrize("name", sorted(n for n, (k, _, _) in MATRIX.items() if k and n not in NOT_SCOPED))
def test_out_of_scope_is_not_found(client, world, both, name):
    make_kwargs, method, _allowed = MATRIX[name]
    for role in B1_ROLES:
        as_role(client, world, role)
        assert request(client, name, make_kwargs(both.far), method).status_code == 404, role
    # The branch's own officer and the county do reach it: the 404s above are about scope.
    if _allowed & {"county_official"}:
        as_role(client, world, "county_official")
        assert request(client, name, make_kwargs(both.far), method).status_code in ALLOWED

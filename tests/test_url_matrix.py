"""Every URL of the site, every role, in and out of scope, generated from the capability table.

Each URL names the capability it is used under and what it points at (a branch, a person,
or nothing for a list). The same rows exist in branch B1 (东村, where the `world` users work)
and in branch B3 (西社区, another township). For every role kind the expected answer is read
from members/capabilities.py: a page (200) or a redirect after a POST (302) where the role
holds the capability over the target, a 404 everywhere else (anonymous users are sent to log
in). A capability added to a role in the table changes these rows; a URL added to the site
without a row here fails test_every_url_is_in_the_matrix; a view that declares another
capability than its row fails test_views_declare_their_capability. No page shown to a B1 user
ever mentions B3's branch or people.
"""

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from assessments.models import Activity, DutyLogEntry, LogPhoto, Pledge
from assessments.selectors.points import public_token
from assessments.tests.log_data import photo_bytes
from members.capabilities import BRANCH, CAPABILITIES, MEMBER, OWN, OWN_ONLY, SUBTREE
from members.models import Member, Role
from posts.models import Assignment, Objection, ResponsibilityLetter
from posts.tests.factories import AssignmentFactory, BranchPostFactory, ClaimFactory, NoticeFactory, PostTypeFactory

ROLES = ["member_user", "group_leader", "secretary", "committee", "township", "county_official", "superuser"]
# B1 users for whom B3 is out of scope.
B1_ROLES = ["member_user", "group_leader", "secretary", "committee", "township"]

# Each world user's role kind, and where it is held (the member's own record for "member").
ROLE_KINDS = {
    "member_user": (MEMBER, lambda w: w.member),
    "group_leader": (Role.Kind.GROUP_LEADER, lambda w: w.group),
    "secretary": (Role.Kind.BRANCH_SECRETARY, lambda w: w.branch),
    "committee": (Role.Kind.BRANCH_COMMITTEE, lambda w: w.branch),
    "township": (Role.Kind.TOWNSHIP_OFFICIAL, lambda w: w.town_a),
    "county_official": (Role.Kind.COUNTY_OFFICIAL, lambda w: w.county),
}

PUBLIC, SIGNED_IN = "anyone", "signed in"
NOBODY = object()  # a target nobody reaches: a print job of no one


def rows(world, branch, member):
    """The rows of one branch that the URLs point at."""
    today = datetime.date.today()
    own_type = PostTypeFactory(owner=branch, name=f"{branch.code}自设岗")
    post = BranchPostFactory(branch=branch, post_type=own_type, year=today.year, headcount=3)
    claim = ClaimFactory(post=post, member=member)
    holder = AssignmentFactory(post=post, status=Assignment.Status.EFFECTIVE)
    letter = ResponsibilityLetter.objects.create(
        assignment=holder,
        duties="职责",
        member_obligations="义务",
        branch_obligations="义务",
        term_starts_on=today,
        term_ends_on=today + datetime.timedelta(days=364),
    )
    noticed = AssignmentFactory(post=post, status=Assignment.Status.ON_NOTICE)
    notice = NoticeFactory(branch=branch)
    notice.assignments.add(noticed)
    objection = Objection.objects.create(notice=notice, assignment=noticed, text="请核实")
    pledge = Pledge.objects.create(member=member, year=today.year, text="每月走访两户")
    branch_pledge = Pledge.objects.create(branch=branch, year=today.year, text="硬化村道一公里")
    # The member's duty log entry with a photo, and an activity inviting the post and the group.
    serving = AssignmentFactory(post=post, member=member, status=Assignment.Status.ON_POST)
    entry = DutyLogEntry.objects.create(
        assignment=serving, member=member, branch=branch, done_on=today, what="走访三户老人"
    )
    photo = LogPhoto.objects.create(entry=entry, image=ContentFile(photo_bytes(size=(40, 30)), name="p.jpg"))
    activity = Activity.objects.create(branch=branch, title="清扫村道", held_on=today, code="123456")
    activity.posts.add(post)
    if member.group_id:
        activity.groups.add(member.group)
    # An audit entry about the post, for the audit log's object page.
    from posts.services.catalogue import update_branch_post

    post = update_branch_post(post=post, by=None, headcount=4)
    # Responsibility areas, pairs and checks: the member leads an area (and keeps its ledger).
    from assessments.services import areas, checks, mentoring
    from members.tests.factories import MemberFactory

    area = areas.create_area(
        branch=branch, year=today.year, name="东街", duties="走访", members=[member], lead=member, by=None
    )
    mentee = MemberFactory(branch=branch, category=Member.Category.ACTIVIST)
    pair = mentoring.create_pair(branch=branch, mentee=mentee, mentors=[member], starts_on=today, by=None, today=today)
    inspection = checks.record_inspection(
        branch=branch,
        kind="township_quarterly",
        held_on=today,
        findings="台账",
        follow_ups="补齐",
        by=None,
        today=today,
    )
    return SimpleNamespace(
        area=area,
        pair=pair,
        inspection=inspection,
        branch=branch,
        post=post,
        own_type=own_type,
        claim=claim,
        holder=holder,
        letter=letter,
        notice=notice,
        objection=objection,
        member=member,
        pledge=pledge,
        branch_pledge=branch_pledge,
        year=today.year,
        entry=entry,
        photo=photo,
        activity=activity,
    )


def _branch(r):
    return r.branch


def _person(r):
    return r.member


# name: (kwargs from the rows, method, capability (or several, any will do), target in the rows)
MATRIX = {
    "home": (None, "get", SIGNED_IN, None),
    "login": (None, "get", PUBLIC, None),
    "logout": (None, "post", PUBLIC, None),
    "set_language": (None, "post", PUBLIC, None),
    "password_change": (None, "get", SIGNED_IN, None),  # every user's own password page
    "roster_template": (None, "get", SIGNED_IN, None),  # the blank spreadsheet
    "public_notice": (lambda r: {"token": r.notice.token}, "get", PUBLIC, None),
    "create_accounts": (lambda r: {"code": r.branch.code}, "get", "accounts.manage", _branch),
    "branch_logins": (lambda r: {"code": r.branch.code}, "get", "logins.unlock", _branch),
    "unlock_login": (lambda r: {"code": r.branch.code, "pk": r.member.pk}, "post", "logins.unlock", _branch),
    "reset_login": (lambda r: {"code": r.branch.code, "pk": r.member.pk}, "post", "logins.unlock", _branch),
    # 设岗
    "posts:catalogue": (lambda r: {"code": r.branch.code}, "get", "catalogue.read", _branch),
    "posts:adopt": (lambda r: {"code": r.branch.code}, "post", "posts.set_up", _branch),
    "posts:own_post": (lambda r: {"code": r.branch.code}, "get", "posts.set_up", _branch),
    "posts:round_open": (lambda r: {"code": r.branch.code}, "get", "posts.set_up", _branch),
    "posts:post_edit": (lambda r: {"pk": r.post.pk}, "get", "posts.set_up", _branch),
    # A branch's own post type; common ones are edited under catalogue.publish_common.
    "posts:type_edit": (lambda r: {"pk": r.own_type.pk}, "get", "posts.set_up", _branch),
    "posts:common_posts": (None, "get", "catalogue.publish_common", None),
    # 认岗, 议岗, 定岗
    "posts:browse": (None, "get", "claims.make_own", None),
    "posts:claim": (lambda r: {"pk": r.post.pk}, "get", "claims.make_own", _branch),
    "posts:nominate": (lambda r: {"pk": r.post.pk}, "get", ("claims.review", "claims.make_own"), _branch),
    "posts:my_claims": (None, "get", "claims.make_own", None),
    "posts:withdraw": (lambda r: {"pk": r.claim.pk}, "post", "claims.make_own", lambda r: r.claim.member),
    "posts:review": (lambda r: {"code": r.branch.code}, "get", "claims.review", _branch),
    "posts:record_votes": (lambda r: {"code": r.branch.code}, "post", "claims.review", _branch),
    "posts:decide": (lambda r: {"pk": r.claim.pk}, "post", "claims.review", _branch),
    "posts:branches": (None, "get", "summaries.read", None),
    "posts:overview": (lambda r: {"code": r.branch.code}, "get", "summaries.read", _branch),
    # 公示, 责任书, 动态管理
    "posts:notices": (None, "get", "notices.read", None),
    "posts:notice_publish": (None, "get", "notices.publish", None),
    "posts:notice_detail": (lambda r: {"pk": r.notice.pk}, "get", "notices.read", _branch),
    "posts:notice_close": (lambda r: {"pk": r.notice.pk}, "post", "notices.publish", _branch),
    "posts:objection_handle": (lambda r: {"pk": r.objection.pk}, "post", "objections.handle", _branch),
    # Lists whatever letters the user may read: a member their own, a group leader their group's.
    "posts:letters": (None, "get", "letters.read", None),
    "posts:letter_sign": (lambda r: {"pk": r.letter.pk}, "post", "letters.sign", _branch),
    "posts:letter_train": (lambda r: {"pk": r.letter.pk}, "post", "letters.sign", _branch),
    "posts:assignment_detail": (lambda r: {"pk": r.holder.pk}, "get", "roster.read", lambda r: r.holder.member),
    "posts:assignment_action": (
        lambda r: {"pk": r.holder.pk, "action": "suspend"},
        "post",
        "assignments.change",
        lambda r: r.holder.member,
    ),
    "posts:member_history": (lambda r: {"pk": r.holder.member.pk}, "get", "roster.read", lambda r: r.holder.member),
    "posts:my_history": (None, "get", "record.read_own", None),
    "posts:new_term": (lambda r: {"code": r.branch.code}, "get", "posts.set_up", _branch),
    # Printing
    "papers:index": (None, "get", "print", None),
    "papers:branch": (lambda r: {"code": r.branch.code}, "get", "print", _branch),
    "papers:run": (lambda r: {"code": r.branch.code, "year": r.year, "kind": "roster"}, "get", "print", _branch),
    "papers:run_pdf": (lambda r: {"code": r.branch.code, "year": r.year, "kind": "roster"}, "post", "print", _branch),
    "papers:member": (
        lambda r: {"code": r.branch.code, "year": r.year, "kind": "certificates", "pk": r.holder.member.pk},
        "get",
        "print",
        _branch,
    ),
    "papers:member_pdf": (
        lambda r: {"code": r.branch.code, "year": r.year, "kind": "certificates", "pk": r.holder.member.pk},
        "get",
        "print",
        _branch,
    ),
    "posts:notice_print": (lambda r: {"pk": r.notice.pk}, "get", "print", _branch),
    "posts:notice_print_pdf": (lambda r: {"pk": r.notice.pk}, "get", "print", _branch),
    "posts:letter_print": (lambda r: {"pk": r.letter.pk}, "get", "print", _branch),
    "posts:letter_print_pdf": (lambda r: {"pk": r.letter.pk}, "get", "print", _branch),
    # A job belongs to the user who started it; nobody else can even see it exists.
    "papers:job": (lambda r: {"job_id": uuid.uuid4()}, "get", "print", lambda r: NOBODY),
    "papers:job_progress": (lambda r: {"job_id": uuid.uuid4()}, "get", "print", lambda r: NOBODY),
    "papers:job_pdf": (lambda r: {"job_id": uuid.uuid4()}, "get", "print", lambda r: NOBODY),
    # 承诺 → 践诺 → 评诺: a member's own pledges, and the committee's pages of the branch's
    "assessments:my_pledges": (None, "get", "pledges.make_own", None),
    "assessments:pledge_add": (None, "get", "pledges.make_own", None),
    "assessments:pledges_submit": (None, "post", "pledges.make_own", None),
    "assessments:my_pledge_letter": (None, "get", "pledges.make_own", None),
    "assessments:my_pledge_letter_pdf": (None, "get", "pledges.make_own", None),
    "assessments:my_pledge": (lambda r: {"pk": r.pledge.pk}, "get", "pledges.make_own", lambda r: r.member),
    "assessments:pledge_edit": (lambda r: {"pk": r.pledge.pk}, "get", "pledges.make_own", lambda r: r.member),
    "assessments:pledge_delete": (lambda r: {"pk": r.pledge.pk}, "post", "pledges.make_own", lambda r: r.member),
    "assessments:pledge_progress": (lambda r: {"pk": r.pledge.pk}, "post", "pledges.make_own", lambda r: r.member),
    "assessments:pledge_self_evaluate": (
        lambda r: {"pk": r.pledge.pk},
        "post",
        "pledges.make_own",
        lambda r: r.member,
    ),
    "assessments:branch_pledges": (lambda r: {"code": r.branch.code}, "get", "pledges.read", _branch),
    "assessments:pledges_accept_many": (lambda r: {"code": r.branch.code}, "post", "pledges.review", _branch),
    "assessments:branch_pledge_add": (lambda r: {"code": r.branch.code}, "get", "pledges.review", _branch),
    "assessments:branch_pledge": (
        lambda r: {"code": r.branch.code, "pk": r.pledge.pk},
        "get",
        "pledges.read",
        _branch,
    ),
    "assessments:branch_pledge_edit": (
        lambda r: {"code": r.branch.code, "pk": r.branch_pledge.pk},
        "get",
        "pledges.review",
        _branch,
    ),
    "assessments:pledge_review": (
        lambda r: {"code": r.branch.code, "pk": r.pledge.pk},
        "post",
        "pledges.review",
        _branch,
    ),
    "assessments:pledge_outcome": (
        lambda r: {"code": r.branch.code, "pk": r.pledge.pk},
        "post",
        "pledges.review",
        _branch,
    ),
    "assessments:pledge_evaluate": (
        lambda r: {"code": r.branch.code, "pk": r.pledge.pk},
        "post",
        "pledges.review",
        _branch,
    ),
    "assessments:branch_pledge_progress": (
        lambda r: {"code": r.branch.code, "pk": r.branch_pledge.pk},
        "post",
        "pledges.review",
        _branch,
    ),
    # 操作记录: branch officers their branch's, officials their subtree's
    "audit:entries": (None, "get", "audit.read", None),
    "audit:branch": (lambda r: {"code": r.branch.code}, "get", "audit.read", _branch),
    "audit:object": (lambda r: {"kind": "posts.branchpost", "object_id": r.post.pk}, "get", "audit.read", _branch),
    # 党员责任区: officers set areas; an area's lead member keeps its ledger
    "assessments:areas": (lambda r: {"code": r.branch.code}, "get", "areas.set", _branch),
    "assessments:area_new": (lambda r: {"code": r.branch.code}, "get", "areas.set", _branch),
    "assessments:area_edit": (lambda r: {"pk": r.area.pk}, "get", "areas.set", _branch),
    "assessments:area_remove": (lambda r: {"pk": r.area.pk}, "post", "areas.set", _branch),
    "assessments:area_ledger": (lambda r: {"pk": r.area.pk}, "get", ("areas.set", "log.write_own"), lambda r: r.member),
    # 帮带
    "assessments:pairs": (lambda r: {"code": r.branch.code}, "get", "mentoring.set", _branch),
    "assessments:pair_detail": (lambda r: {"pk": r.pair.pk}, "get", "mentoring.set", _branch),
    "assessments:pair_note": (lambda r: {"pk": r.pair.pk}, "post", "mentoring.set", _branch),
    "assessments:pair_end": (lambda r: {"pk": r.pair.pk}, "post", "mentoring.set", _branch),
    # 月碰头, 季度述职, 检查
    "assessments:meetings": (lambda r: {"code": r.branch.code}, "get", "meetings.record", _branch),
    "assessments:reports": (lambda r: {"code": r.branch.code}, "get", "reports.read", _branch),
    "assessments:inspection_overview": (None, "get", "inspections.read", None),
    "assessments:inspections": (lambda r: {"code": r.branch.code}, "get", "inspections.read", _branch),
    "assessments:inspection_new": (lambda r: {"code": r.branch.code}, "get", "inspections.record", _branch),
    "assessments:inspection_detail": (lambda r: {"pk": r.inspection.pk}, "get", "inspections.read", _branch),
    "assessments:inspection_answer": (lambda r: {"pk": r.inspection.pk}, "post", "meetings.record", _branch),
    # The member's own page: their area, pair, contacts and quarterly reports
    "assessments:my_serving": (None, "get", "reports.write_own", None),
    "assessments:my_report": (lambda r: {"year": r.year, "quarter": 1}, "get", "reports.write_own", None),
    # 履岗纪实: a member's own log; verifiers reach the people of their group or branch, so the
    # branch's log is about its people (a group leader sees their group's entries there).
    "assessments:my_log": (None, "get", "log.write_own", None),
    "assessments:log_new": (None, "get", "log.write_own", None),
    "assessments:log_edit": (lambda r: {"pk": r.entry.pk}, "get", "log.write_own", _person),
    "assessments:log_entry": (lambda r: {"pk": r.entry.pk}, "get", ("log.write_own", "log.read"), _person),
    "assessments:log_photo": (lambda r: {"pk": r.photo.pk}, "get", ("log.write_own", "log.read"), _person),
    "assessments:log_verify": (lambda r: {"pk": r.entry.pk}, "post", "log.verify", _person),
    "assessments:log_return": (lambda r: {"pk": r.entry.pk}, "post", "log.verify", _person),
    "assessments:branch_log": (lambda r: {"code": r.branch.code}, "get", "log.read", _person),
    "assessments:log_verify_many": (lambda r: {"code": r.branch.code}, "post", "log.verify", _person),
    "assessments:log_counts": (None, "get", "log.read", None),
    # 集体活动: organisers reach their branch's activities, a group leader those inviting their group.
    "assessments:activities": (None, "get", "activities.run", None),
    "assessments:activity_new": (lambda r: {"code": r.branch.code}, "get", "activities.run", _person),
    "assessments:activity_detail": (lambda r: {"pk": r.activity.pk}, "get", "activities.run", _person),
    "assessments:activity_attendance": (lambda r: {"pk": r.activity.pk}, "post", "activities.run", _person),
    "assessments:activity_close": (lambda r: {"pk": r.activity.pk}, "post", "activities.run", _person),
    "assessments:attend": (None, "get", "activities.attend_own", None),
    "assessments:my_activities": (None, "get", "activities.attend_own", None),
    # 服务积分 and 月登记: boards read by the branch, closed by officers, rules set from above too
    "assessments:points_now": (lambda r: {"code": r.branch.code}, "get", "points.read", _branch),
    "assessments:points_board": (
        lambda r: {"code": r.branch.code, "month": f"{r.year}-{datetime.date.today().month:02d}"},
        "get",
        "points.read",
        _branch,
    ),
    "assessments:points_close": (
        lambda r: {"code": r.branch.code, "month": f"{r.year}-{datetime.date.today().month:02d}"},
        "post",
        "log.close_month",
        _branch,
    ),
    "assessments:points_reopen": (
        lambda r: {"code": r.branch.code, "month": f"{r.year}-{datetime.date.today().month:02d}"},
        "post",
        "log.close_month",
        _branch,
    ),
    "assessments:points_adjust": (lambda r: {"code": r.branch.code}, "get", "points.adjust", _branch),
    "assessments:points_rules": (lambda r: {"code": r.branch.code}, "get", "points.read", _branch),
    # The township's (or county's) own pages: its rules, and closing a month for all its branches.
    "assessments:points_org_rules": (
        lambda r: {"org": r.branch.parent.code},
        "get",
        "policy.set",
        lambda r: r.branch.parent,
    ),
    "assessments:points_org_close": (
        lambda r: {"org": r.branch.parent.code},
        "get",
        "log.close_month",
        lambda r: r.branch.parent,
    ),
    # A close run belongs to the user who started it.
    "assessments:points_close_job": (lambda r: {"job_id": uuid.uuid4()}, "get", "log.close_month", lambda r: NOBODY),
    "assessments:points_close_progress": (
        lambda r: {"job_id": uuid.uuid4()},
        "get",
        "log.close_month",
        lambda r: NOBODY,
    ),
    "assessments:points_card": (None, "get", "points.read_own", None),
    "assessments:points_member_card": (lambda r: {"pk": r.member.pk}, "get", "log.read", lambda r: r.member),
    "assessments:public_points": (lambda r: {"token": public_token(r.branch)}, "get", PUBLIC, None),
}
# Pages that are the same for everyone who may open them, with no rows of a branch in them.
NOT_SCOPED = {name for name, (_k, _m, capability, _t) in MATRIX.items() if capability in (PUBLIC, SIGNED_IN)}


def _capabilities(capability):
    return (capability,) if isinstance(capability, str) else capability


def _reaches(reach, held_at, target):
    """Whether a capability held with `reach` at `held_at` (an organisation, or the member's own
    record) covers the target (an organisation or a roster record)."""
    if isinstance(held_at, Member):
        if reach == OWN and isinstance(target, Member):
            return target.pk == held_at.pk
        held_at = held_at.branch
    elif reach == BRANCH and not held_at.is_branch:
        held_at = held_at.parent
    if isinstance(target, Member):
        paths = [target.branch.path] + ([target.group.path] if target.group_id else [])
    else:
        paths = [target.path]
    assert reach in (SUBTREE, BRANCH, OWN)
    return any(path.startswith(held_at.path) for path in paths)


def expected_allowed(world, role, capability, target):
    """What the capability table says about this role and target."""
    if capability == PUBLIC:
        return True
    if role == "anonymous":
        return False
    if capability == SIGNED_IN:
        return True
    if target is NOBODY:
        return False
    if role == "superuser":
        return any(c not in OWN_ONLY for c in _capabilities(capability))
    kind, held_at = ROLE_KINDS[role]
    held_at = held_at(world)
    for c in _capabilities(capability):
        reach = CAPABILITIES[kind].get(c)
        if reach is not None and (target is None or _reaches(reach, held_at, target)):
            return True
    return False


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


def _url(name, kwargs):
    return reverse(name, kwargs=kwargs) if kwargs else reverse(name)


@pytest.mark.parametrize("name", sorted(n for n, row in MATRIX.items() if row[2] not in (PUBLIC, SIGNED_IN)))
def test_views_declare_their_capability(name):
    """The row's capability is the one the view declares (members.access.requires)."""
    make_kwargs, _method, capability, _target = MATRIX[name]
    kwargs = (
        make_kwargs(
            SimpleNamespace(
                branch=SimpleNamespace(code="B1", parent=SimpleNamespace(code="T1")),
                post=SimpleNamespace(pk=1),
                own_type=SimpleNamespace(pk=1),
                claim=SimpleNamespace(pk=1),
                notice=SimpleNamespace(pk=1, token="x"),
                objection=SimpleNamespace(pk=1),
                letter=SimpleNamespace(pk=1),
                holder=SimpleNamespace(pk=1, member=SimpleNamespace(pk=1)),
                member=SimpleNamespace(pk=1),
                pledge=SimpleNamespace(pk=1),
                branch_pledge=SimpleNamespace(pk=1),
                year=2026,
                area=SimpleNamespace(pk=1),
                pair=SimpleNamespace(pk=1),
                inspection=SimpleNamespace(pk=1),
                entry=SimpleNamespace(pk=1),
                photo=SimpleNamespace(pk=1),
                activity=SimpleNamespace(pk=1),
            )
        )
        if make_kwargs
        else None
    )
    declared = getattr(resolve(_url(name, kwargs)).func, "capabilities", ())
    assert set(_capabilities(capability)) <= set(declared), declared


@pytest.fixture
def both(world, settings, tmp_path):
    from members.tests.factories import MemberFactory, UserFactory

    settings.MEDIA_ROOT = tmp_path  # the log photos of the rows
    # B3's member has a login too, so the account pages' 404s are about scope, not absence.
    world.far_member.user = UserFactory(username="far-member")
    world.far_member.save(update_fields=["user"])
    near = rows(world, world.branch, world.member)
    far = rows(world, world.far, world.far_member)
    MemberFactory(name="欧阳远", branch=world.far)
    return SimpleNamespace(near=near, far=far)


def request(client, name, kwargs, method):
    url = _url(name, kwargs)
    return client.get(url) if method == "get" else client.post(url, {})


def as_role(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(getattr(world, role))


ALLOWED = {200, 302}  # a page, or a redirect after a POST (with its message)


def check(client, world, role, name, rows):
    make_kwargs, method, capability, target = MATRIX[name]
    as_role(client, world, role)
    response = request(client, name, make_kwargs(rows) if make_kwargs else None, method)
    if expected_allowed(world, role, capability, target(rows) if target else None):
        assert response.status_code in ALLOWED, (role, response.status_code)
    elif role == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"], (role, response.status_code)
    else:
        assert response.status_code == 404, (role, response.status_code)
    return response


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_in_scope(client, world, both, name):
    for role in ROLES + ["anonymous"]:
        response = check(client, world, role, name, both.near)
        if (
            response.status_code == 200
            and role in B1_ROLES
            and name not in NOT_SCOPED
            and response.get("Content-Type", "").startswith("text/html")
        ):
            page = response.content.decode()
            for leak in ("西社区党支部", "赵六", "欧阳远"):
                assert leak not in page, (role, leak)


@pytest.mark.parametrize("name", sorted(n for n, row in MATRIX.items() if row[0] and n not in NOT_SCOPED))
def test_out_of_scope_is_not_found(client, world, both, name):
    # The county and the superuser do reach B3's rows (where the table says so): the B1 users'
    # 404s are about scope, not absence.
    for role in ROLES:
        check(client, world, role, name, both.far)


def test_the_matrix_follows_the_table(world):
    """The expectations are read from the table, not written out: a member reaches its own
    branch's posts and own record only, officers their branch, overseers their subtree."""
    assert expected_allowed(world, "member_user", "claims.make_own", world.branch)
    assert not expected_allowed(world, "member_user", "claims.make_own", world.sibling)
    assert not expected_allowed(world, "member_user", "roster.read", world.neighbour)
    assert expected_allowed(world, "group_leader", "roster.read", world.member)
    assert not expected_allowed(world, "group_leader", "roster.read", world.neighbour)
    assert expected_allowed(world, "township", "summaries.read", world.sibling)
    assert not expected_allowed(world, "township", "posts.set_up", world.branch)
    assert not expected_allowed(world, "superuser", "claims.make_own", None)

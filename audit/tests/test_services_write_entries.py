"""Every service function writes exactly one audit entry, in its own transaction.

Three nets, so a new service cannot be missed silently:
1. every public function of a services module is marked @service or @not_a_service;
2. every @service has a scenario below (the registry and the scenarios must match);
3. each scenario runs the service once and finds exactly one new entry, with its action and
   organisation.
"""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from axes.models import AccessAttempt

import audit
from assessments.models import Assessment  # noqa: F401  (the app's models load with the services)
from assessments.services import activities as activity_services
from assessments.services import areas, checks, mentoring
from assessments.services import log as log_services
from audit.models import Entry
from audit.recording import SERVICES
from members import roster
from members import services as m
from members.models import Member, Organisation, Role
from members.tests.factories import GroupFactory, MemberFactory, RoleFactory, UserFactory
from members.tests.spreadsheets import workbook
from members.tests.test_roster_import import HEADERS, person
from posts.models import Assignment, Claim, Objection, PostClass
from posts.services import PostError, catalogue, claims, lifecycle, notices, policy
from posts.tests.factories import (
    AssignmentFactory,
    BranchPostFactory,
    ClaimFactory,
    NoticeFactory,
    PostClassFactory,
    PostTypeFactory,
)


def _service_modules():
    """Every app's services module and, where it is a package, each module in it (found, not
    listed, so a new services module is walked too), plus the roster import's write step."""
    found = ["members.roster.importing"]
    for app in ("members", "posts", "assessments", "audit"):
        try:
            package = importlib.import_module(f"{app}.services")
        except ModuleNotFoundError:
            continue
        found.append(package.__name__)
        if hasattr(package, "__path__"):
            found += [f"{package.__name__}.{info.name}" for info in pkgutil.iter_modules(package.__path__)]
    return found


SERVICE_MODULES = _service_modules()
TODAY = datetime.date.today()
S = Assignment.Status


def public_functions(module_name):
    module = importlib.import_module(module_name)
    for name, obj in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(obj) or obj.__module__ != module_name:
            continue
        yield name, obj


def test_every_public_function_of_a_services_module_is_marked():
    unmarked = [
        f"{module}.{name}"
        for module in SERVICE_MODULES
        for name, func in public_functions(module)
        if not (getattr(func, "audit_service", False) or getattr(func, "audit_not_a_service", None))
    ]
    assert not unmarked, f"mark these @audit.service or @audit.not_a_service(why): {unmarked}"


def test_every_service_has_a_scenario_here():
    registered = {name for name in SERVICES if name.rsplit(".", 1)[0] in SERVICE_MODULES}
    assert registered == set(SCENARIOS), (
        f"without a scenario: {sorted(registered - set(SCENARIOS))}; stale: {sorted(set(SCENARIOS) - registered)}"
    )


# -- one scenario per service: setup(world) -> (the call, the organisation of its entry) --------

SCENARIOS = {}


def scenario(name, action):
    def register(setup):
        SCENARIOS[name] = (setup, action)
        return setup

    return register


def on_post(w, **kwargs):
    return AssignmentFactory(
        post=BranchPostFactory(branch=w.branch, year=2026, headcount=3), status=S.ON_POST, **kwargs
    )


@scenario("members.services.set_exemption", "members.member.exempted")
def _(w):
    return lambda: m.set_exemption(member=w.neighbour, exempt=True, reason="长期患病", by=w.secretary), w.branch


@scenario("members.services.grant_role", "members.role.granted")
def _(w):
    user = UserFactory()
    return lambda: m.grant_role(
        user=user, organisation=w.branch, kind=Role.Kind.BRANCH_COMMITTEE, by=w.superuser
    ), w.branch


@scenario("members.services.revoke_role", "members.role.revoked")
def _(w):
    role = RoleFactory(organisation=w.branch, kind=Role.Kind.BRANCH_COMMITTEE)
    return lambda: m.revoke_role(role=role, by=w.superuser), w.branch


@scenario("members.services.change_role", "members.role.changed")
def _(w):
    role = RoleFactory(organisation=w.branch, kind=Role.Kind.BRANCH_COMMITTEE)
    return lambda: m.change_role(
        role=role, user=role.user, organisation=w.branch, kind=Role.Kind.BRANCH_SECRETARY, by=w.superuser
    ), w.branch


@scenario("members.services.add_organisation", "members.organisation.added")
def _(w):
    group = Organisation(code="B1G2", name="第二党小组", level=Organisation.Level.GROUP, parent=w.branch)
    return lambda: m.add_organisation(organisation=group, by=w.secretary), group


@scenario("members.services.update_organisation", "members.organisation.changed")
def _(w):
    w.branch.phone = "0571-1234567"
    return lambda: m.update_organisation(organisation=w.branch, by=w.secretary, changed_fields=["phone"]), w.branch


@scenario("members.services.delete_organisation", "members.organisation.deleted")
def _(w):
    group = GroupFactory(code="B1G9", parent=w.branch)
    return lambda: m.delete_organisation(organisation=group, by=w.superuser), w.branch


@scenario("members.services.save_member", "members.member.added")
def _(w):
    member = MemberFactory.build(branch=w.branch)
    return lambda: m.save_member(member=member, by=w.secretary), w.branch


@scenario("members.services.delete_member", "members.member.deleted")
def _(w):
    member = MemberFactory(branch=w.branch)
    return lambda: m.delete_member(member=member, by=w.secretary), w.branch


@scenario("members.services.create_accounts", "members.accounts.created")
def _(w):
    return lambda: m.create_accounts(members=[w.neighbour], by=w.secretary), w.branch


@scenario("members.services.reset_password", "members.password.reset")
def _(w):
    return lambda: m.reset_password(user=w.member_user, by=w.secretary), w.branch


@scenario("members.services.password_set_by_someone_else", "members.password.set_by_other")
def _(w):
    return lambda: m.password_set_by_someone_else(user=w.member_user, by=w.superuser), w.branch


@scenario("members.services.password_changed", "members.password.changed")
def _(w):
    return lambda: m.password_changed(user=w.member_user), w.branch


@scenario("members.services.unlock_account", "members.login.unlocked")
def _(w):
    AccessAttempt.objects.create(
        username="member",
        ip_address="127.0.0.1",
        failures_since_start=5,
        user_agent="",
        path_info="/login/",
        get_data="",
        post_data="",
    )
    return lambda: m.unlock_account(user=w.member_user, by=w.secretary), w.branch


@scenario("members.roster.importing.import_roster", "members.roster.imported")
def _(w):
    sheet = roster.read_sheet(workbook("xlsx", [person(), person(姓名="王芳")], HEADERS))
    return lambda: roster.import_roster(sheet=sheet, branch=w.branch, by=w.secretary), w.branch


@scenario("posts.services.policy.set_policy", "posts.policy.set")
def _(w):
    return lambda: policy.set_policy(
        organisation=w.branch, by=w.secretary, reason="农忙季节延长公示", min_notice_working_days=7
    ), w.branch


@scenario("posts.services.catalogue.load_presets", "posts.presets.loaded")
def _(w):
    return catalogue.load_presets, None


@scenario("posts.services.catalogue.save_post_class", "posts.post_class.added")
def _(w):
    post_class = PostClass(name="生态环保类", order=9)
    return lambda: catalogue.save_post_class(post_class=post_class, by=w.superuser), None


@scenario("posts.services.catalogue.delete_post_class", "posts.post_class.deleted")
def _(w):
    post_class = PostClass.objects.create(name="临时类", order=10)
    return lambda: catalogue.delete_post_class(post_class=post_class, by=w.superuser), None


@scenario("posts.services.catalogue.create_post_type", "posts.post_type.created")
def _(w):
    post_class = PostClassFactory()
    return lambda: catalogue.create_post_type(
        owner=w.town_a, by=w.superuser, post_class=post_class, name="护河岗", duties="巡河"
    ), w.town_a


@scenario("posts.services.catalogue.add_own_post", "posts.post.own_added")
def _(w):
    post_class = PostClassFactory()
    return lambda: catalogue.add_own_post(
        branch=w.branch, year=2026, headcount=2, by=w.secretary, post_class=post_class, name="护林岗", duties="巡山"
    ), w.branch


@scenario("posts.services.catalogue.update_post_type", "posts.post_type.changed")
def _(w):
    post_type = PostTypeFactory(owner=w.branch)
    return lambda: catalogue.update_post_type(post_type=post_type, by=w.secretary, name="新名"), w.branch


@scenario("posts.services.catalogue.adopt_posts", "posts.posts.adopted")
def _(w):
    types = [PostTypeFactory(owner=w.branch), PostTypeFactory(owner=w.branch)]
    return lambda: catalogue.adopt_posts(
        branch=w.branch, post_types=types, year=2026, headcount=1, by=w.secretary
    ), w.branch


@scenario("posts.services.catalogue.update_branch_post", "posts.post.changed")
def _(w):
    post = BranchPostFactory(branch=w.branch)
    return lambda: catalogue.update_branch_post(post=post, by=w.secretary, headcount=3), w.branch


@scenario("posts.services.catalogue.open_round", "posts.round.opened")
def _(w):
    return lambda: catalogue.open_round(
        branch=w.branch, year=2026, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=7), by=w.secretary
    ), w.branch


@scenario("posts.services.claims.submit_claim", "posts.claim.submitted")
def _(w):
    post = BranchPostFactory(branch=w.branch)
    return lambda: claims.submit_claim(
        post=post, member=w.neighbour, by=w.secretary, source=Claim.Source.BRANCH
    ), w.branch


@scenario("posts.services.claims.withdraw_claim", "posts.claim.withdrawn")
def _(w):
    claim = ClaimFactory(post=BranchPostFactory(branch=w.branch), member=w.neighbour)
    return lambda: claims.withdraw_claim(claim=claim, by=w.secretary), w.branch


@scenario("posts.services.claims.record_votes", "posts.claim.votes_recorded")
def _(w):
    claim = ClaimFactory(post=BranchPostFactory(branch=w.branch), member=w.neighbour)
    return lambda: claims.record_votes(tallies={claim: 12}, by=w.secretary), w.branch


@scenario("posts.services.claims.approve_claim", "posts.claim.approved")
def _(w):
    claim = ClaimFactory(post=BranchPostFactory(branch=w.branch), member=w.neighbour)
    return lambda: claims.approve_claim(claim=claim, by=w.secretary), w.branch


@scenario("posts.services.claims.reject_claim", "posts.claim.rejected")
def _(w):
    claim = ClaimFactory(post=BranchPostFactory(branch=w.branch), member=w.neighbour)
    return lambda: claims.reject_claim(claim=claim, by=w.secretary, reason="岗位已满"), w.branch


@scenario("posts.services.claims.move_claim", "posts.claim.moved")
def _(w):
    claim = ClaimFactory(post=BranchPostFactory(branch=w.branch), member=w.neighbour)
    other = BranchPostFactory(branch=w.branch)
    return lambda: claims.move_claim(claim=claim, to_post=other, by=w.secretary), w.branch


@scenario("posts.services.notices.publish_notice", "posts.notice.published")
def _(w):
    assignment = AssignmentFactory(post=BranchPostFactory(branch=w.branch), status=S.APPROVED)
    starts_on, ends_on = notices.default_period(w.branch, TODAY)
    return lambda: notices.publish_notice(
        branch=w.branch,
        assignments=[assignment],
        starts_on=starts_on,
        ends_on=ends_on,
        title="设岗定责公示",
        by=w.secretary,
    ), w.branch


@scenario("posts.services.notices.lodge_objection", "posts.objection.lodged")
def _(w):
    notice = NoticeFactory(branch=w.branch, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=5))
    return lambda: notices.lodge_objection(notice=notice, text="此人长期在外", today=TODAY), w.branch


@scenario("posts.services.notices.withdraw", "posts.assignment.withdrawn")
def _(w):
    assignment = AssignmentFactory(post=BranchPostFactory(branch=w.branch), status=S.ON_NOTICE)
    return lambda: notices.withdraw(assignment=assignment, reason="异议成立", by=w.secretary), w.branch


@scenario("posts.services.notices.handle_objection", "posts.objection.handled")
def _(w):
    assignment = AssignmentFactory(post=BranchPostFactory(branch=w.branch), status=S.ON_NOTICE)
    notice = NoticeFactory(branch=w.branch)
    notice.assignments.add(assignment)
    objection = Objection.objects.create(notice=notice, assignment=assignment, text="不合适")
    # Upholding it withdraws the person too (a service inside a service): still one entry.
    return lambda: notices.handle_objection(
        objection=objection, outcome=Objection.Status.UPHELD, resolution="核实属实", by=w.secretary
    ), w.branch


@scenario("posts.services.notices.close_notice", "posts.notice.closed")
def _(w):
    notice = NoticeFactory(
        branch=w.branch, starts_on=TODAY - datetime.timedelta(days=10), ends_on=TODAY - datetime.timedelta(days=1)
    )
    notice.assignments.add(AssignmentFactory(post=BranchPostFactory(branch=w.branch), status=S.ON_NOTICE))
    # Each person on it takes effect and gets a letter (make_letter inside): one entry.
    return lambda: notices.close_notice(notice=notice, by=w.secretary, today=TODAY), w.branch


@scenario("posts.services.lifecycle.make_letter", "posts.letter.made")
def _(w):
    assignment = AssignmentFactory(post=BranchPostFactory(branch=w.branch), status=S.EFFECTIVE)
    return lambda: lifecycle.make_letter(assignment=assignment, by=w.secretary), w.branch


@scenario("posts.services.lifecycle.record_signatures", "posts.letter.signed")
def _(w):
    letter = lifecycle.make_letter(
        assignment=AssignmentFactory(post=BranchPostFactory(branch=w.branch), status=S.EFFECTIVE), starts_on=TODAY
    )
    return lambda: lifecycle.record_signatures(
        letter=letter, member_signed_on=TODAY, branch_signed_on=TODAY, by=w.secretary
    ), w.branch


@scenario("posts.services.lifecycle.record_training", "posts.letter.trained")
def _(w):
    letter = lifecycle.make_letter(
        assignment=AssignmentFactory(post=BranchPostFactory(branch=w.branch), status=S.EFFECTIVE), starts_on=TODAY
    )
    return lambda: lifecycle.record_training(letter=letter, trained_on=TODAY, by=w.secretary), w.branch


@scenario("posts.services.lifecycle.transfer", "posts.assignment.transferred")
def _(w):
    assignment = on_post(w)
    to_post = BranchPostFactory(branch=w.branch, year=2026)
    return lambda: lifecycle.transfer(
        assignment=assignment, to_post=to_post, reason="工作需要", by=w.secretary
    ), w.branch


@scenario("posts.services.lifecycle.suspend", "posts.assignment.suspended")
def _(w):
    assignment = on_post(w)
    return lambda: lifecycle.suspend(
        assignment=assignment, until=TODAY + datetime.timedelta(days=30), reason="外出务工", by=w.secretary
    ), w.branch


@scenario("posts.services.lifecycle.reinstate", "posts.assignment.reinstated")
def _(w):
    assignment = on_post(w)
    assignment.status = S.SUSPENDED
    assignment.save()
    return lambda: lifecycle.reinstate(assignment=assignment, by=w.secretary), w.branch


@scenario("posts.services.lifecycle.remove", "posts.assignment.removed")
def _(w):
    assignment = on_post(w)
    return lambda: lifecycle.remove(assignment=assignment, reason="长期不履职", by=w.secretary), w.branch


@scenario("posts.services.lifecycle.end_term", "posts.assignment.term_ended")
def _(w):
    assignment = on_post(w)
    return lambda: lifecycle.end_term(assignment=assignment, by=w.secretary), w.branch


@scenario("posts.services.lifecycle.start_new_term", "posts.term.started")
def _(w):
    carried, ended = on_post(w), on_post(w)
    assert ended.post_id != carried.post_id
    return lambda: lifecycle.start_new_term(
        branch=w.branch, year=2026, carry_over=[carried], by=w.secretary, today=TODAY
    ), w.branch


# -- pledges (承诺 → 践诺 → 评诺) ----------------------------------------------------------------

PLEDGE_DUE = datetime.date(2026, 6, 30)
PLEDGE_DAY = datetime.date(2026, 1, 10)


def pledger(w):
    from assessments.tests.pledges_data import on_post

    on_post(w.member)
    return w.member


def pledges_made(w, n=3, submit=False, accept=False):
    from assessments.services import pledges as p

    member = pledger(w)
    made = [
        p.add_pledge(member=member, by=w.member_user, text=f"承诺{i}", due_on=PLEDGE_DUE, year=2026, today=PLEDGE_DAY)
        for i in range(n)
    ]
    if submit or accept:
        p.submit_pledges(member=member, year=2026, by=w.member_user)
    if accept:
        p.accept_many(pledges=made, by=w.committee)
    return made


@scenario("assessments.services.pledges.add_pledge", "assessments.pledge.added")
def _(w):
    from assessments.services import pledges as p

    member = pledger(w)
    return lambda: p.add_pledge(
        member=member, by=w.member_user, text="每月走访", due_on=PLEDGE_DUE, year=2026, today=PLEDGE_DAY
    ), w.branch


@scenario("assessments.services.pledges.edit_pledge", "assessments.pledge.changed")
def _(w):
    from assessments.services import pledges as p

    pledge = pledges_made(w, 1)[0]
    return lambda: p.edit_pledge(
        pledge=pledge, by=w.member_user, text="改", due_on=PLEDGE_DUE, today=PLEDGE_DAY
    ), w.branch


@scenario("assessments.services.pledges.delete_pledge", "assessments.pledge.deleted")
def _(w):
    from assessments.services import pledges as p

    pledge = pledges_made(w, 1)[0]
    return lambda: p.delete_pledge(pledge=pledge, by=w.member_user), w.branch


@scenario("assessments.services.pledges.submit_pledges", "assessments.pledges.submitted")
def _(w):
    from assessments.services import pledges as p

    pledges_made(w, 3)
    return lambda: p.submit_pledges(member=w.member, year=2026, by=w.member_user), w.branch


@scenario("assessments.services.pledges.accept_pledge", "assessments.pledge.accepted")
def _(w):
    from assessments.services import pledges as p

    pledge = pledges_made(w, 3, submit=True)[0]
    return lambda: p.accept_pledge(pledge=pledge, by=w.committee), w.branch


@scenario("assessments.services.pledges.return_pledge", "assessments.pledge.returned")
def _(w):
    from assessments.services import pledges as p

    pledge = pledges_made(w, 3, submit=True)[0]
    return lambda: p.return_pledge(pledge=pledge, by=w.committee, reason="不具体"), w.branch


@scenario("assessments.services.pledges.accept_many", "assessments.pledges.accepted")
def _(w):
    from assessments.services import pledges as p

    made = pledges_made(w, 3, submit=True)
    return lambda: p.accept_many(pledges=made, by=w.committee), w.branch


@scenario("assessments.services.pledges.add_branch_pledge", "assessments.pledge.added")
def _(w):
    from assessments.services import pledges as p

    return lambda: p.add_branch_pledge(
        branch=w.branch, year=2026, by=w.secretary, text="修路", due_on=PLEDGE_DUE, today=PLEDGE_DAY
    ), w.branch


@scenario("assessments.services.pledges.record_progress", "assessments.pledge.progress")
def _(w):
    from assessments.services import pledges as p

    pledge = pledges_made(w, 3, accept=True)[0]
    return lambda: p.record_progress(pledge=pledge, by=w.member_user, text="走访三户", today=PLEDGE_DAY), w.branch


@scenario("assessments.services.pledges.set_outcome", "assessments.pledge.outcome_set")
def _(w):
    from assessments.services import pledges as p

    pledge = pledges_made(w, 3, accept=True)[0]
    return lambda: p.set_outcome(
        pledge=pledge, by=w.committee, outcome="fulfilled", reason="按期完成", today=PLEDGE_DUE
    ), w.branch


@scenario("assessments.services.pledges.evaluate", "assessments.pledge.evaluated")
def _(w):
    from assessments.services import pledges as p

    pledge = pledges_made(w, 3, accept=True)[0]
    return lambda: p.evaluate(pledge=pledge, by=w.committee, source="leader", comment="做得好"), w.branch


def test_a_refused_pledge_review_writes_nothing(world):
    from django.core.exceptions import ValidationError

    from assessments.services import pledges as p

    pledge = pledges_made(world, 3, submit=True)[0]
    before = Entry.objects.count()
    with pytest.raises(ValidationError):
        p.return_pledge(pledge=pledge, by=world.committee, reason=" ")
    with pytest.raises(ValidationError):
        p.set_outcome(pledge=pledge, by=world.committee, outcome="fulfilled", reason="好", today=PLEDGE_DUE)
    assert Entry.objects.count() == before


# -- responsibility areas, mentoring pairs and the branch's checks ----------------------------


def _area(w):
    return areas.create_area(
        branch=w.branch, year=2026, name="东街", duties="走访住户", members=[w.member], lead=w.member, by=None
    )


def _pair(w):
    mentee = MemberFactory(name="陈积极", branch=w.branch, category=Member.Category.ACTIVIST)
    return mentoring.create_pair(
        branch=w.branch, mentee=mentee, mentors=[w.member], starts_on=TODAY, by=None, today=TODAY
    )


def _inspection(w):
    return checks.record_inspection(
        branch=w.branch,
        kind="township_quarterly",
        held_on=TODAY,
        findings="台账不全",
        follow_ups="补齐台账",
        by=w.township,
        today=TODAY,
    )


@scenario("assessments.services.areas.create_area", "assessments.area.created")
def _(w):
    return lambda: _area(w), w.branch


@scenario("assessments.services.areas.change_area", "assessments.area.changed")
def _(w):
    area = _area(w)
    return lambda: areas.change_area(
        area=area, name="东大街", kind=area.kind, duties=area.duties, members=[w.member, w.neighbour], by=w.secretary
    ), w.branch


@scenario("assessments.services.areas.remove_area", "assessments.area.removed")
def _(w):
    area = _area(w)
    return lambda: areas.remove_area(area=area, by=w.secretary), w.branch


@scenario("assessments.services.areas.record_activity", "assessments.area_activity.recorded")
def _(w):
    area = _area(w)
    return lambda: areas.record_activity(
        area=area,
        held_on=datetime.date(2026, 5, 1),
        what="走访",
        result="走访3户",
        participants=[w.member],
        by=w.member_user,
        today=datetime.date(2026, 5, 2),
    ), w.branch


@scenario("assessments.services.mentoring.create_pair", "assessments.pair.created")
def _(w):
    return lambda: _pair(w), w.branch


@scenario("assessments.services.mentoring.end_pair", "assessments.pair.ended")
def _(w):
    pair = _pair(w)
    return lambda: mentoring.end_pair(pair=pair, ends_on=TODAY, reason="已入党", by=w.secretary, today=TODAY), w.branch


@scenario("assessments.services.mentoring.add_note", "assessments.pair_note.added")
def _(w):
    pair = _pair(w)
    return lambda: mentoring.add_note(pair=pair, met_on=TODAY, notes="学习党章", by=w.secretary, today=TODAY), w.branch


@scenario("assessments.services.checks.record_meeting", "assessments.meeting.recorded")
def _(w):
    return lambda: checks.record_meeting(
        branch=w.branch, held_on=TODAY, attendees=[w.member], topics="通报履岗", by=w.secretary, today=TODAY
    ), w.branch


@scenario("assessments.services.checks.write_report", "assessments.report.submitted")
def _(w):
    return lambda: checks.write_report(
        member=w.member,
        year=TODAY.year,
        quarter=(TODAY.month - 1) // 3 + 1,
        text="本季度走访5户",
        by=w.member_user,
        today=TODAY,
    ), w.branch


@scenario("assessments.services.checks.record_inspection", "assessments.inspection.recorded")
def _(w):
    return lambda: _inspection(w), w.branch


@scenario("assessments.services.checks.answer_inspection", "assessments.inspection.answered")
def _(w):
    inspection = _inspection(w)
    return lambda: checks.answer_inspection(
        inspection=inspection, response="已补齐", done=True, by=w.secretary
    ), w.branch


# -- the duty log (履岗纪实) and collective activities (集体活动) --


def log_entry(w, member=None):
    member = member or w.member
    return log_services.add_entry(
        member=member, assignment=on_post(w, member=member), done_on=TODAY, kind="individual", what="走访", by=None
    )


@scenario("assessments.services.log.add_entry", "assessments.log.added")
def _(w):
    assignment = on_post(w, member=w.member)
    return lambda: log_services.add_entry(
        member=w.member, assignment=assignment, done_on=TODAY, kind="individual", what="走访三户", by=w.member_user
    ), w.branch


@scenario("assessments.services.log.resubmit", "assessments.log.resubmitted")
def _(w):
    entry = log_entry(w)
    log_services.return_entry(entry=entry, by=w.secretary, reason="写清户数")
    return lambda: log_services.resubmit(
        entry=entry, member=w.member, by=w.member_user, done_on=TODAY, kind="individual", what="走访三户"
    ), w.branch


@scenario("assessments.services.log.verify", "assessments.log.verified")
def _(w):
    entry = log_entry(w)
    return lambda: log_services.verify(entry=entry, by=w.group_leader), w.branch


@scenario("assessments.services.log.return_entry", "assessments.log.returned")
def _(w):
    entry = log_entry(w)
    return lambda: log_services.return_entry(entry=entry, by=w.secretary, reason="请补充地点"), w.branch


@scenario("assessments.services.log.verify_many", "assessments.log.verified_many")
def _(w):
    entries = [log_entry(w), log_entry(w, member=w.neighbour)]
    return lambda: log_services.verify_many(branch=w.branch, entries=entries, by=w.secretary), w.branch


def activity(w):
    on_post(w, member=w.member)
    return activity_services.create_activity(
        branch=w.branch, title="清扫村道", held_on=TODAY, groups=[w.group], by=w.secretary
    )


@scenario("assessments.services.activities.create_activity", "assessments.activity.created")
def _(w):
    return lambda: activity_services.create_activity(
        branch=w.branch, title="主题党日", held_on=TODAY, groups=[w.group], by=w.group_leader
    ), w.branch


@scenario("assessments.services.activities.take_attendance", "assessments.activity.attendance_taken")
def _(w):
    held = activity(w)
    return lambda: activity_services.take_attendance(activity=held, members=[w.member], by=w.secretary), w.branch


@scenario("assessments.services.activities.attend_with_code", "assessments.activity.attended")
def _(w):
    held = activity(w)
    return lambda: activity_services.attend_with_code(member=w.member, code=held.code, by=w.member_user), w.branch


@scenario("assessments.services.activities.close_activity", "assessments.activity.closed")
def _(w):
    held = activity(w)
    return lambda: activity_services.close_activity(activity=held, by=w.secretary), w.branch


# -- assessments: service points (服务积分) and closing months (月登记) --------------------------


def _last_month():
    return (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _points():
    from assessments.services import points

    return points


@scenario("assessments.services.points.set_points_rule", "assessments.points_rule.set")
def _(w):
    return lambda: _points().set_points_rule(
        organisation=w.town_a,
        kind="collective",
        points=3,
        monthly_cap=12,
        starts_on=TODAY,
        by=w.township,
        reason="镇统一集体活动分值",
    ), w.town_a


@scenario("assessments.services.points.adjust_points", "assessments.points.adjusted")
def _(w):
    return lambda: _points().adjust_points(
        member=w.member, month=TODAY, points=-2, reason="缺席必到活动", by=w.committee
    ), w.branch


@scenario("assessments.services.points.close_month", "assessments.month.closed")
def _(w):
    return lambda: _points().close_month(branch=w.branch, month=_last_month(), by=w.secretary), w.branch


@scenario("assessments.services.points.reopen_month", "assessments.month.reopened")
def _(w):
    from assessments.models import ClosedMonth

    ClosedMonth.objects.create(branch=w.branch, month=_last_month())
    return lambda: _points().reopen_month(branch=w.branch, month=_last_month(), by=w.secretary, reason="补录"), w.branch


@scenario("assessments.services.points.start_month_close", "assessments.month_close.started")
def _(w):
    # The branches are closed after the start commits, each with an entry of its own.
    return lambda: _points().start_month_close(organisation=w.town_a, month=_last_month(), by=w.township), w.town_a


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_one_call_writes_one_entry(world, name):
    setup, action = SCENARIOS[name]
    call, organisation = setup(world)
    before = list(Entry.objects.values_list("pk", flat=True))
    call()
    new = list(Entry.objects.exclude(pk__in=before))
    assert [e.action for e in new] == [action]
    [entry] = new
    assert entry.organisation == organisation
    assert entry.organisation_path == (organisation.path if organisation else "")
    assert entry.action_label != entry.action  # it has its label


# -- refusals, no-ops and mistakes -------------------------------------------------------------


def test_a_refused_call_writes_nothing(world):
    claim = ClaimFactory(post=BranchPostFactory(branch=world.branch), member=world.neighbour)
    with pytest.raises(PostError):
        claims.reject_claim(claim=claim, by=world.secretary, reason=" ")
    assert not Entry.objects.exists()


def test_a_call_that_changes_nothing_writes_nothing(world):
    post_type = PostTypeFactory(owner=world.branch)
    catalogue.adopt_posts(branch=world.branch, post_types=[post_type], year=2026, headcount=1, by=world.secretary)
    catalogue.adopt_posts(branch=world.branch, post_types=[post_type], year=2026, headcount=1, by=world.secretary)
    role = RoleFactory(organisation=world.branch, kind=Role.Kind.BRANCH_COMMITTEE)
    m.revoke_role(role=role, by=world.superuser)
    m.revoke_role(role=role, by=world.superuser)  # pressed twice
    assert list(Entry.objects.values_list("action", flat=True).order_by("pk")) == [
        "posts.posts.adopted",
        "members.role.revoked",
    ]


def test_the_cron_closes_each_notice_with_its_own_entry(world):
    for _i in range(2):
        NoticeFactory(
            branch=world.branch,
            starts_on=TODAY - datetime.timedelta(days=10),
            ends_on=TODAY - datetime.timedelta(days=1),
        )
    notices.close_due_notices(today=TODAY)
    entries = Entry.objects.filter(action="posts.notice.closed")
    assert entries.count() == 2 and all(e.actor is None for e in entries)


def test_log_outside_a_service_is_refused(world):
    with pytest.raises(audit.AuditError):
        audit.log("posts.claim.approved", actor=world.secretary, organisation=world.branch)


def test_an_unknown_action_is_refused(world):
    @audit.service
    def odd():
        audit.log("posts.claim.teleported", actor=None)

    with pytest.raises(audit.AuditError):
        odd()


def test_a_service_writing_two_entries_is_rolled_back(world):
    @audit.service
    def twice(member):
        Member.objects.filter(pk=member.pk).update(notes="改过")
        audit.log("members.member.changed", actor=None, organisation=member.branch, obj=member)
        audit.log("members.member.changed", actor=None, organisation=member.branch, obj=member)

    with pytest.raises(audit.AuditError):
        twice(world.neighbour)
    assert not Entry.objects.exists()
    world.neighbour.refresh_from_db()
    assert world.neighbour.notes == ""


def test_an_entry_commits_with_its_change_or_not_at_all(world):
    claim = ClaimFactory(post=BranchPostFactory(branch=world.branch), member=world.neighbour)
    claim.post.headcount = 1
    claim.post.save()
    AssignmentFactory(post=claim.post, status=S.ON_POST)  # the place is taken: approval refused
    with pytest.raises(PostError):
        claims.approve_claim(claim=claim, by=world.secretary)
    assert not Entry.objects.exists()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING

"""The rules of pledges (承诺 → 践诺 → 评诺), as the services apply them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from assessments.models import DutyLogEntry, Pledge, PledgeEvaluation
from assessments.services import pledges as service
from members.tests.factories import MemberFactory, UserFactory
from posts.services.policy import set_policy

from .pledges_data import AFTER, DUE, JAN, YEAR, accepted, make, on_post

S = Pledge.Status


@pytest.fixture
def mine(world):
    on_post(world.member)
    return world.member


def refused(code, call):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        call()
    codes = [e.code for errors in getattr(error.value, "error_dict", {None: [error.value]}).values() for e in errors]
    assert code in codes, codes
    return error.value


def test_a_member_makes_drafts_for_their_post_and_submits_them(world, mine):
    pledges = make(mine, 3)
    assert all(p.status == S.DRAFT and p.branch == world.branch and p.assignment.member == mine for p in pledges)
    sent = service.submit_pledges(member=mine, year=YEAR, by=world.member_user)
    assert {p.status for p in Pledge.objects.filter(member=mine)} == {S.SUBMITTED} and len(sent) == 3


def test_more_than_the_maximum_is_refused(world, mine):
    make(mine, 5)
    error = refused("too_many", lambda: make(mine, 1, prefix="第六条"))
    with translation.override("zh-hans"):
        assert "最多5条" in error.messages[0]
    assert Pledge.objects.filter(member=mine).count() == 5


def test_the_limits_follow_the_rules_of_the_branch(world, mine):
    set_policy(organisation=world.town_a, by=world.township, reason="镇统一", pledges_max=3, pledges_min=2)
    make(mine, 3)
    refused("too_many", lambda: make(mine, 1))
    assert service.limits(world.branch)[:2] == (2, 3)


def test_fewer_than_the_minimum_asks_for_a_note_not_a_refusal(world, mine):
    make(mine, 1)
    error = refused("fewer_needs_note", lambda: service.submit_pledges(member=mine, year=YEAR, by=world.member_user))
    assert error.error_dict.keys() == {"note"}
    service.submit_pledges(member=mine, year=YEAR, by=world.member_user, note="年老体弱，量力而行")
    pledge = Pledge.objects.get(member=mine)
    assert pledge.status == S.SUBMITTED and pledge.fewer_note == "年老体弱，量力而行"


def test_only_members_on_post_pledge_and_only_for_themselves(world):
    refused("no_post", lambda: make(world.member, 1))
    on_post(world.neighbour)
    with pytest.raises(ValidationError):
        service.add_pledge(member=world.neighbour, by=world.member_user, text="代写", due_on=DUE, year=YEAR, today=JAN)


def test_text_and_a_future_target_date_are_required(world, mine):
    refused(
        "no_text", lambda: service.add_pledge(member=mine, by=mine.user, text=" ", due_on=DUE, year=YEAR, today=JAN)
    )
    refused("due_past", lambda: make(mine, 1, due=JAN - datetime.timedelta(days=1)))
    refused("no_due", lambda: make(mine, 1, due=None))


def test_return_needs_a_reason_then_the_member_fixes_and_resubmits(world, mine):
    first, second, third = make(mine, 3)
    service.submit_pledges(member=mine, year=YEAR, by=mine.user)
    refused("no_reason", lambda: service.return_pledge(pledge=first, by=world.committee, reason="  "))
    service.return_pledge(pledge=first, by=world.committee, reason="不够具体，请写明次数")
    service.accept_many(pledges=[second, third], by=world.committee)
    first.refresh_from_db()
    assert first.status == S.RETURNED and first.return_reason == "不够具体，请写明次数"
    service.edit_pledge(pledge=first, by=mine.user, text="每月入户走访两次", due_on=DUE, today=JAN)
    service.submit_pledges(member=mine, year=YEAR, by=mine.user)
    service.accept_pledge(pledge=first, by=world.secretary)
    first.refresh_from_db()
    assert first.status == S.ACCEPTED and first.published_at and first.reviewed_by == world.secretary
    assert first.return_reason == ""


def test_accepted_pledges_no_longer_change(world, mine):
    pledge = accepted(mine, 3, world.committee)[0]
    refused("wrong_status", lambda: service.edit_pledge(pledge=pledge, by=mine.user, text="改", due_on=DUE, today=JAN))
    refused("wrong_status", lambda: service.delete_pledge(pledge=pledge, by=mine.user))
    refused("wrong_status", lambda: service.return_pledge(pledge=pledge, by=world.committee, reason="再改"))


def test_waiting_pledges_are_not_edited_by_the_member(world, mine):
    pledge = make(mine, 3)[0]
    service.submit_pledges(member=mine, year=YEAR, by=mine.user)
    refused("wrong_status", lambda: service.edit_pledge(pledge=pledge, by=mine.user, text="改", due_on=DUE, today=JAN))


def test_a_member_does_not_review_their_own(world, mine):
    officer = MemberFactory(name="王委员", branch=world.branch, user=world.committee)
    on_post(officer)
    own = make(officer, 3)
    service.submit_pledges(member=officer, year=YEAR, by=world.committee)
    refused("own_pledge", lambda: service.accept_pledge(pledge=own[0], by=world.committee))
    refused("own_pledge", lambda: service.accept_many(pledges=own, by=world.committee))
    refused("own_pledge", lambda: service.return_pledge(pledge=own[0], by=world.committee, reason="自己退自己"))
    assert not Pledge.objects.filter(member=officer, status=S.ACCEPTED).exists()
    service.accept_many(pledges=own, by=world.secretary)
    assert Pledge.objects.filter(member=officer, status=S.ACCEPTED).count() == 3


def test_the_outcome_waits_for_the_target_date_and_needs_a_reason(world, mine):
    pledge = accepted(mine, 3, world.committee)[0]
    refused(
        "before_due",
        lambda: service.set_outcome(
            pledge=pledge, by=world.committee, outcome=S.FULFILLED, reason="已完成", today=DUE - datetime.timedelta(1)
        ),
    )
    refused(
        "no_reason",
        lambda: service.set_outcome(pledge=pledge, by=world.committee, outcome=S.FULFILLED, reason="", today=AFTER),
    )
    service.set_outcome(pledge=pledge, by=world.committee, outcome=S.PARTLY, reason="走访了8户，未达10户", today=DUE)
    pledge.refresh_from_db()
    assert (pledge.status, pledge.outcome_by, pledge.outcome_reason) == (
        S.PARTLY,
        world.committee,
        "走访了8户，未达10户",
    )


def test_no_outcome_for_a_pledge_not_accepted(world, mine):
    pledge = make(mine, 1)[0]
    refused(
        "wrong_status",
        lambda: service.set_outcome(pledge=pledge, by=world.committee, outcome=S.FULFILLED, reason="好", today=AFTER),
    )


def test_progress_links_only_the_members_own_entries(world, mine):
    pledge = accepted(mine, 3, world.committee)[0]
    own = DutyLogEntry.objects.create(
        assignment=pledge.assignment, member=mine, branch=world.branch, done_on=JAN, what="走访五保户"
    )
    neighbours = on_post(world.neighbour)
    other = DutyLogEntry.objects.create(
        assignment=neighbours, member=world.neighbour, branch=world.branch, done_on=JAN, what="别人的记录"
    )
    refused(
        "other_entries",
        lambda: service.record_progress(pledge=pledge, by=mine.user, text="走访", entries=[other], today=JAN),
    )
    progress = service.record_progress(pledge=pledge, by=mine.user, text="走访了三户", entries=[own], today=JAN)
    assert list(progress.entries.all()) == [own]
    refused(
        "not_maker",
        lambda: service.record_progress(pledge=pledge, by=world.neighbour.user or UserFactory(), text="代记"),
    )


def test_evaluations_self_by_the_member_others_by_officers(world, mine):
    pledge = accepted(mine, 3, world.committee)[0]
    service.evaluate(pledge=pledge, by=mine.user, source=PledgeEvaluation.Source.SELF, comment="基本做到")
    service.evaluate(pledge=pledge, by=world.committee, source=PledgeEvaluation.Source.PUBLIC, comment="群众满意")
    refused("not_maker", lambda: service.evaluate(pledge=pledge, by=world.committee, source="self", comment="代评"))
    refused("no_comment", lambda: service.evaluate(pledge=pledge, by=world.committee, source="peer", comment=""))
    assert list(pledge.evaluations.values_list("source", flat=True)) == ["self", "public"]


def test_the_branch_makes_its_own_pledges_within_its_limits(world):
    set_policy(organisation=world.branch, by=world.secretary, reason="支部决定", branch_pledges_max=6)
    made = [
        service.add_branch_pledge(
            branch=world.branch,
            year=YEAR,
            by=world.secretary,
            text=f"支部承诺{i}",
            due_on=DUE,
            today=JAN,
            responsible=world.member,
        )
        for i in range(6)
    ]
    refused(
        "too_many",
        lambda: service.add_branch_pledge(
            branch=world.branch, year=YEAR, by=world.secretary, text="第七", due_on=DUE, today=JAN
        ),
    )
    service.edit_pledge(pledge=made[0], by=world.committee, text="硬化村道一公里", due_on=DUE, today=JAN)
    service.accept_pledge(pledge=made[0], by=world.committee)
    made[0].refresh_from_db()
    assert made[0].member is None and made[0].status == S.ACCEPTED and made[0].text == "硬化村道一公里"
    refused("branch_pledge", lambda: service.return_pledge(pledge=made[1], by=world.committee, reason="x"))
    refused(
        "other_branch",
        lambda: service.add_branch_pledge(
            branch=world.branch,
            year=YEAR,
            by=world.secretary,
            text="x",
            due_on=DUE,
            today=JAN,
            responsible=world.far_member,
        ),
    )

"""公示明岗 services: publishing, objections, withdrawal and closing."""

import datetime
import io

import pytest
from django.core.management import call_command

from posts.models import Assignment, AssignmentEvent, Notice, Objection, ResponsibilityLetter
from posts.services import PostError
from posts.services import notices as service
from posts.tests.factories import AssignmentFactory

S = Assignment.Status
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def approved(world):
    return [AssignmentFactory(post__branch=world.branch) for _ in range(2)]


def publish(world, assignments, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=4)):
    return service.publish_notice(
        branch=world.branch,
        assignments=assignments,
        starts_on=starts_on,
        ends_on=ends_on,
        title="东村无职党员设岗定责公示",
        by=world.secretary,
        today=starts_on,
    )


def statuses(assignments):
    return [Assignment.objects.get(pk=a.pk).status for a in assignments]


def test_default_period_is_five_working_days_counting_the_first(world):
    assert service.default_period(world.branch, TODAY) == (TODAY, datetime.date(2026, 3, 6))
    # From a Wednesday the five working days run over the weekend to the next Tuesday.
    assert service.default_period(world.branch, datetime.date(2026, 3, 4))[1] == datetime.date(2026, 3, 10)


def test_publish_puts_approved_assignments_on_notice_and_records_it(world, approved):
    notice = publish(world, approved)
    assert set(notice.assignments.all()) == set(approved)
    assert statuses(approved) == [S.ON_NOTICE, S.ON_NOTICE]
    event = AssignmentEvent.objects.get(assignment=approved[0], action=AssignmentEvent.Action.NOTICED)
    assert (event.from_status, event.to_status, event.actor) == (S.APPROVED, S.ON_NOTICE, world.secretary)
    assert event.reason == "东村无职党员设岗定责公示"
    assert notice.published_by == world.secretary and notice.status == Notice.Status.OPEN


def test_publish_refuses_assignments_not_approved(world, approved):
    approved[1].status = S.ON_POST
    approved[1].save()
    with pytest.raises(PostError, match=f"只有已批准的人员才能公示；以下人员未批准或已公示：{approved[1].member.name}"):
        publish(world, approved)
    assert statuses(approved) == [S.APPROVED, S.ON_POST]
    assert not Notice.objects.exists()


def test_publish_refuses_assignments_of_another_branch(world, approved):
    other = AssignmentFactory(post__branch=world.sibling)
    with pytest.raises(PostError, match="所选人员中有不属于本支部的"):
        publish(world, [*approved, other])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"assignments": []}, "请至少选择一名已批准的人员进行公示"),
        ({"ends_on": TODAY - datetime.timedelta(days=1)}, "公示结束日期不能早于开始日期"),
        ({"title": "  "}, "请填写公示标题"),
    ],
)
def test_publish_refuses_bad_input(world, approved, kwargs, message):
    args = {
        "branch": world.branch,
        "assignments": approved,
        "starts_on": TODAY,
        "ends_on": TODAY + datetime.timedelta(days=4),
        "title": "公示",
        "by": world.secretary,
        "today": TODAY,
        **kwargs,
    }
    with pytest.raises(PostError, match=message):
        service.publish_notice(**args)


def test_objection_is_taken_during_the_period(world, approved):
    notice = publish(world, approved)
    objection = service.lodge_objection(
        notice=notice,
        text=" 此人长期在外 ",
        name="村民甲",
        contact="13900000000",
        assignment=approved[0],
        today=TODAY + datetime.timedelta(days=4),
    )
    assert (objection.text, objection.status, objection.assignment) == (
        "此人长期在外",
        Objection.Status.PENDING,
        approved[0],
    )


@pytest.mark.parametrize(
    "day, message",
    [
        (TODAY - datetime.timedelta(days=1), "公示期从2026年3月2日开始，届时方可提出异议"),
        (TODAY + datetime.timedelta(days=5), "公示期已于2026年3月6日结束，不再受理异议"),
    ],
)
def test_objection_outside_the_period_is_refused(world, approved, day, message):
    notice = publish(world, approved)
    with pytest.raises(PostError, match=message):
        service.lodge_objection(notice=notice, text="有意见", today=day)


def test_objection_on_a_closed_notice_is_refused_even_inside_the_dates(world, approved):
    notice = publish(world, approved)
    Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.CLOSED)
    with pytest.raises(PostError, match="不再受理异议"):
        service.lodge_objection(notice=notice, text="有意见", today=TODAY)


def test_objection_needs_text_and_a_person_on_the_notice(world, approved):
    notice = publish(world, approved[:1])
    with pytest.raises(PostError, match="请填写您的异议或意见"):
        service.lodge_objection(notice=notice, text="  ", today=TODAY)
    with pytest.raises(PostError, match="此人不在本次公示名单中"):
        service.lodge_objection(notice=notice, text="有意见", assignment=approved[1], today=TODAY)


def lodge(notice, assignment=None):
    return service.lodge_objection(notice=notice, text="有意见", assignment=assignment, today=TODAY)


def test_upheld_objection_withdraws_the_person_and_records_why(world, approved):
    notice = publish(world, approved)
    objection = service.handle_objection(
        objection=lodge(notice, approved[0]),
        outcome=Objection.Status.UPHELD,
        resolution="经核实，本人长期外出务工，无法履岗",
        by=world.committee,
    )
    assert (objection.status, objection.handled_by) == (Objection.Status.UPHELD, world.committee)
    assert objection.handled_at is not None
    assert statuses(approved) == [S.WITHDRAWN, S.ON_NOTICE]
    event = AssignmentEvent.objects.get(assignment=approved[0], action=AssignmentEvent.Action.WITHDRAWN)
    assert (event.reason, event.actor, event.from_status) == (
        "经核实，本人长期外出务工，无法履岗",
        world.committee,
        S.ON_NOTICE,
    )


@pytest.mark.parametrize("outcome", [Objection.Status.DISMISSED, Objection.Status.NOTED])
def test_dismissed_or_noted_objection_changes_no_assignment(world, approved, outcome):
    notice = publish(world, approved)
    service.handle_objection(
        objection=lodge(notice, approved[0]), outcome=outcome, resolution="经核实，情况不属实", by=world.secretary
    )
    assert statuses(approved) == [S.ON_NOTICE, S.ON_NOTICE]


def test_upheld_general_feedback_changes_no_assignment(world, approved):
    notice = publish(world, approved)
    service.handle_objection(
        objection=lodge(notice), outcome=Objection.Status.UPHELD, resolution="已采纳建议", by=world.secretary
    )
    assert statuses(approved) == [S.ON_NOTICE, S.ON_NOTICE]


def test_second_upheld_objection_about_a_withdrawn_person_is_recorded_without_a_second_withdrawal(world, approved):
    notice = publish(world, approved)
    first, second = lodge(notice, approved[0]), lodge(notice, approved[0])
    service.handle_objection(objection=first, outcome="upheld", resolution="属实", by=world.secretary)
    service.handle_objection(objection=second, outcome="upheld", resolution="同上", by=world.secretary)
    assert AssignmentEvent.objects.filter(assignment=approved[0], action="withdrawn").count() == 1


@pytest.mark.parametrize(
    "outcome, resolution, message",
    [
        ("pending", "属实", "请选择处理结果"),
        ("upheld", " ", "请填写处理情况"),
    ],
)
def test_handling_needs_an_outcome_and_a_resolution(world, approved, outcome, resolution, message):
    notice = publish(world, approved)
    with pytest.raises(PostError, match=message):
        service.handle_objection(objection=lodge(notice), outcome=outcome, resolution=resolution, by=world.secretary)


def test_an_objection_is_handled_once(world, approved):
    notice = publish(world, approved)
    objection = lodge(notice)
    service.handle_objection(objection=objection, outcome="noted", resolution="已记录", by=world.secretary)
    with pytest.raises(PostError, match="该意见已经处理过了"):
        service.handle_objection(objection=objection, outcome="upheld", resolution="改判", by=world.secretary)


def test_withdraw_needs_a_reason_and_a_person_on_notice(world, approved):
    publish(world, approved[:1])
    with pytest.raises(PostError, match="请填写原因，它会记入本人的岗位履历"):
        service.withdraw(assignment=approved[0], reason="", by=world.secretary)
    with pytest.raises(PostError, match=f"只有公示中的人员才能撤销；{approved[1].member.name}当前为：已批准，待公示。"):
        service.withdraw(assignment=approved[1], reason="本人申请退出", by=world.secretary)


def test_close_refused_before_the_period_has_ended(world, approved):
    notice = publish(world, approved)
    with pytest.raises(PostError, match="公示期到2026年3月6日为止，次日起才能结束公示"):
        service.close_notice(notice=notice, by=world.secretary, today=datetime.date(2026, 3, 6))


def test_close_refused_while_objections_are_pending(world, approved):
    notice = publish(world, approved)
    lodge(notice, approved[0])
    with pytest.raises(PostError, match="还有1条异议未处理，请处理后再结束公示"):
        service.close_notice(notice=notice, by=world.secretary, today=datetime.date(2026, 3, 7))
    assert statuses(approved) == [S.ON_NOTICE, S.ON_NOTICE]


def test_close_makes_the_remaining_people_effective_with_letters(world, approved):
    notice = publish(world, approved)
    service.handle_objection(
        objection=lodge(notice, approved[0]), outcome="upheld", resolution="属实", by=world.secretary
    )
    closed = service.close_notice(
        notice=notice, by=world.secretary, reason="公示期满无异议", today=datetime.date(2026, 3, 7)
    )
    assert closed.status == Notice.Status.CLOSED and closed.closed_at is not None
    assert statuses(approved) == [S.WITHDRAWN, S.EFFECTIVE]
    event = AssignmentEvent.objects.get(assignment=approved[1], action=AssignmentEvent.Action.EFFECTIVE)
    assert (event.actor, event.reason) == (world.secretary, "公示期满无异议")
    letter = ResponsibilityLetter.objects.get()
    assert letter.assignment == approved[1]
    assert (letter.term_starts_on, letter.term_ends_on) == (datetime.date(2026, 3, 7), datetime.date(2027, 3, 6))
    with pytest.raises(PostError, match="该公示已经结束"):
        service.close_notice(notice=notice, by=world.secretary, today=datetime.date(2026, 3, 8))


def test_close_due_notices_command_closes_only_due_notices_without_pending_objections(world, approved):
    today = datetime.date.today()
    past = today - datetime.timedelta(days=10)
    due = publish(world, approved[:1], starts_on=past, ends_on=today - datetime.timedelta(days=1))
    blocked = publish(world, approved[1:], starts_on=past, ends_on=today - datetime.timedelta(days=1))
    Objection.objects.create(notice=blocked, text="有意见")
    running = publish(
        world,
        [AssignmentFactory(post__branch=world.branch)],
        starts_on=today,
        ends_on=service.default_period(world.branch, today)[1],
    )

    out = io.StringIO()
    call_command("close_due_notices", stdout=out)

    assert "1 notice(s) closed" in out.getvalue()

    assert [n.status for n in Notice.objects.filter(pk__in=[due.pk, blocked.pk, running.pk]).order_by("pk")] == [
        Notice.Status.CLOSED,
        Notice.Status.OPEN,
        Notice.Status.OPEN,
    ]
    event = AssignmentEvent.objects.get(assignment=approved[0], action=AssignmentEvent.Action.EFFECTIVE)
    assert event.actor is None and event.reason == "公示期满"
    assert ResponsibilityLetter.objects.filter(assignment=approved[0]).exists()

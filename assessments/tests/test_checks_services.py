"""The branch's checks: monthly meetings, quarterly reports and their deadline, inspections and
the branch's answers, and the reminders of reports not handed in."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.models import Inspection, QuarterlyReport
from assessments.models.checks import report_deadline
from assessments.selectors import checks as selectors
from assessments.services import checks as services
from audit.models import Entry

from .factories import YEAR, on_post

D = datetime.date


def test_the_deadline_is_15_days_after_the_quarter():
    assert report_deadline(YEAR, 1) == D(YEAR, 4, 15)
    assert report_deadline(YEAR, 2) == D(YEAR, 7, 15)
    assert report_deadline(YEAR, 4) == D(YEAR + 1, 1, 15)
    assert selectors.last_quarter(D(YEAR, 1, 5)) == (YEAR - 1, 4)
    assert selectors.last_quarter(D(YEAR, 8, 5)) == (YEAR, 2)


def write(w, quarter, today, text="走访群众12户，调解纠纷1起。"):
    return services.write_report(member=w.member, year=YEAR, quarter=quarter, text=text, by=w.member_user, today=today)


def test_a_report_is_written_then_changed_until_the_deadline(world):
    report = write(world, 1, D(YEAR, 3, 20))
    assert report.branch == world.branch
    write(world, 1, D(YEAR, 4, 15), text="改：走访群众15户。")
    report.refresh_from_db()
    assert report.text == "改：走访群众15户。" and QuarterlyReport.objects.count() == 1
    assert [e.action for e in Entry.objects.order_by("pk")] == [
        "assessments.report.submitted",
        "assessments.report.changed",
    ]
    write(world, 1, D(YEAR, 4, 15), text="改：走访群众15户。")  # the same text: nothing to log
    assert Entry.objects.count() == 2


def test_after_the_deadline_the_report_is_locked(world):
    write(world, 1, D(YEAR, 4, 1))
    with pytest.raises(ValidationError) as refused:
        write(world, 1, D(YEAR, 4, 16), text="迟到的修改")
    assert "quarter" in refused.value.error_dict and "2026-04-15" in str(refused.value)
    assert QuarterlyReport.objects.get().text != "迟到的修改"
    with pytest.raises(ValidationError):
        write(world, 2, D(YEAR, 7, 16))  # never handed in, now closed


def test_no_report_for_a_quarter_not_begun_nor_an_empty_one(world):
    with pytest.raises(ValidationError) as refused:
        write(world, 3, D(YEAR, 6, 30))
    assert "quarter" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        write(world, 2, D(YEAR, 6, 30), text="  ")
    assert "text" in refused.value.error_dict


def test_a_duplicate_report_is_refused_by_the_database(world):
    write(world, 1, D(YEAR, 3, 20))
    with pytest.raises(IntegrityError), transaction.atomic():
        QuarterlyReport.objects.create(
            member=world.member,
            branch=world.branch,
            year=YEAR,
            quarter=1,
            text="再交一份",
            submitted_at="2026-03-21T00:00Z",
        )


def test_who_has_not_handed_in(world):
    on_post(world.member)
    on_post(world.neighbour)
    write(world, 2, D(YEAR, 7, 1))
    assert [m.name for m in selectors.reports_missing(world.branch, YEAR, 2)] == ["李四"]
    assert [m.name for m in selectors.reports_missing(world.branch, YEAR, 1)] == ["张三", "李四"]
    assert list(selectors.reports_missing(world.branch, YEAR + 1, 1)) == []


def test_the_reminder_shows_until_the_report_or_the_deadline(world):
    on_post(world.member)
    [row] = selectors.my_reminders_checks(world.member, D(YEAR, 7, 10))
    assert row.kind == "quarterly_report" and row.due_on == D(YEAR, 7, 15) and row.url.endswith("/2026/2/")
    assert selectors.my_reminders_checks(world.member, D(YEAR, 7, 16)) == []
    write(world, 2, D(YEAR, 7, 10))
    assert selectors.my_reminders_checks(world.member, D(YEAR, 7, 11)) == []
    # Not on post: nothing to report.
    assert selectors.my_reminders_checks(world.neighbour, D(YEAR, 7, 10)) == []


def test_my_quarters_show_what_is_open(world):
    write(world, 1, D(YEAR, 3, 1))
    rows = selectors.my_quarters(world.member, YEAR, D(YEAR, 7, 20))
    assert [(r.quarter, bool(r.report), r.open) for r in rows] == [
        (1, True, False),
        (2, False, False),
        (3, False, True),
    ]


def test_a_meeting_records_who_came(world):
    meeting = services.record_meeting(
        branch=world.branch,
        held_on=D(YEAR, 5, 5),
        attendees=[world.member, world.neighbour],
        topics="通报各岗履职情况",
        decisions="下月开展环境整治",
        by=world.secretary,
        today=D(YEAR, 5, 5),
    )
    assert meeting.attendees.count() == 2
    for kwargs, field in [
        ({"attendees": [world.member], "topics": ""}, "topics"),
        ({"attendees": [], "topics": "通报"}, "attendees"),
        ({"attendees": [world.far_member], "topics": "通报"}, "attendees"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.record_meeting(branch=world.branch, held_on=D(YEAR, 5, 5), by=None, today=D(YEAR, 5, 5), **kwargs)
        assert field in refused.value.error_dict
    with pytest.raises(ValidationError):
        services.record_meeting(
            branch=world.branch,
            held_on=D(YEAR, 5, 6),
            attendees=[world.member],
            topics="通报",
            by=None,
            today=D(YEAR, 5, 5),
        )


def inspect(w, follow_ups="整改：补齐7月活动台账", kind=Inspection.Kind.TOWNSHIP_QUARTERLY):
    return services.record_inspection(
        branch=w.branch,
        kind=kind,
        held_on=D(YEAR, 7, 8),
        findings="台账基本齐全，7月缺记录",
        follow_ups=follow_ups,
        by=w.township,
        today=D(YEAR, 7, 8),
    )


def test_an_inspection_names_its_organisation_and_opens_follow_ups(world):
    inspection = inspect(world)
    assert inspection.organisation == world.town_a and inspection.follow_up_status == Inspection.FollowUp.OPEN
    spot = inspect(world, follow_ups="", kind=Inspection.Kind.COUNTY_SPOT_CHECK)
    assert spot.organisation == world.county and spot.follow_up_status == Inspection.FollowUp.NONE
    with pytest.raises(ValidationError) as refused:
        services.answer_inspection(inspection=spot, response="无", done=True, by=world.secretary)
    assert not hasattr(refused.value, "error_dict")  # about the inspection, not a field


def test_the_branch_answers_then_closes_follow_ups(world):
    inspection = inspect(world)
    with pytest.raises(ValidationError) as refused:
        services.answer_inspection(inspection=inspection, response="", done=True, by=world.secretary)
    assert "response" in refused.value.error_dict
    services.answer_inspection(inspection=inspection, response="已补记三次活动", done=False, by=world.secretary)
    inspection.refresh_from_db()
    assert inspection.follow_up_status == Inspection.FollowUp.OPEN and inspection.responded_by == world.secretary
    services.answer_inspection(inspection=inspection, response="已全部补齐", done=True, by=world.committee)
    inspection.refresh_from_db()
    assert inspection.follow_up_status == Inspection.FollowUp.DONE and inspection.response == "已全部补齐"
    with pytest.raises(ValidationError):
        services.answer_inspection(inspection=inspection, response="再答", done=True, by=world.secretary)


def test_an_inspection_needs_findings_and_a_past_date(world):
    with pytest.raises(ValidationError) as refused:
        services.record_inspection(
            branch=world.branch,
            kind=Inspection.Kind.TOWNSHIP_QUARTERLY,
            held_on=D(YEAR, 7, 8),
            findings=" ",
            by=world.township,
            today=D(YEAR, 7, 8),
        )
    assert "findings" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.record_inspection(
            branch=world.branch,
            kind=Inspection.Kind.TOWNSHIP_QUARTERLY,
            held_on=D(YEAR, 7, 9),
            findings="好",
            by=world.township,
            today=D(YEAR, 7, 8),
        )
    assert "held_on" in refused.value.error_dict


def test_the_officers_reminders(world):
    on_post(world.member)
    on_post(world.neighbour)
    write(world, 2, D(YEAR, 7, 1))
    [row] = selectors.branch_reminders_checks(world.branch, D(YEAR, 7, 10))
    assert row.kind == "reports_missing" and "1" in row.text and row.url.endswith("?year=2026&quarter=2")
    assert selectors.branch_reminders_checks(world.branch, D(YEAR, 7, 16)) == []
    inspect(world)
    kinds = [r.kind for r in selectors.branch_reminders_checks(world.branch, D(YEAR, 7, 16))]
    assert kinds == ["inspection_follow_ups"]

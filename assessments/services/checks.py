"""The branch's checks: monthly meetings (月碰头), quarterly reports (季度述职), and the
inspections of the township and county with the branch's answers to their follow-ups."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log, service
from members.models import Member, Organisation

from ..models import BranchMeeting, Inspection, QuarterlyReport
from ..models.checks import quarter_start, report_deadline

REPORT_MAX_CHARS = 2000


@service
def record_meeting(*, branch, held_on, attendees, topics, decisions="", by, today):
    """The branch's monthly meeting: its date, who came, topics and decisions."""
    topics, decisions = (topics or "").strip(), (decisions or "").strip()
    if held_on > today:
        raise ValidationError({"held_on": _("A date cannot lie in the future.")})
    if not topics:
        raise ValidationError({"topics": _("Write the topics discussed.")})
    attendees = list(attendees)
    if not attendees:
        raise ValidationError({"attendees": _("Tick who came.")})
    if any(a.branch_id != branch.pk for a in attendees):
        raise ValidationError({"attendees": _("Only members of the branch can be chosen.")})
    meeting = BranchMeeting.objects.create(
        branch=branch, held_on=held_on, topics=topics, decisions=decisions, recorded_by=by
    )
    meeting.attendees.set(attendees)
    log(
        "assessments.meeting.recorded",
        actor=by,
        organisation=branch,
        obj=meeting,
        payload={"held_on": held_on.isoformat(), "count": len(attendees)},
    )
    return meeting


@service
def write_report(*, member, year, quarter, text, by, today):
    """Hand in (or change) the member's report for a quarter: from the quarter's first day
    until its deadline, 15 days after it ends; after that it is locked."""
    text = (text or "").strip()
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("A quarter is 1 to 4.")})
    if not text:
        raise ValidationError({"text": _("Write your report.")})
    if len(text) > REPORT_MAX_CHARS:
        raise ValidationError({"text": _("Keep the report under %(n)d characters.") % {"n": REPORT_MAX_CHARS}})
    if today < quarter_start(year, quarter):
        raise ValidationError({"quarter": _("This quarter has not begun.")})
    deadline = report_deadline(year, quarter)
    if today > deadline:
        raise ValidationError(
            {"quarter": _("Reports for this quarter closed on %(day)s.") % {"day": deadline.isoformat()}}
        )
    # One report per member and quarter: locking the member's roster row makes a double tap
    # (two first hand-ins at once) take turns, so the second finds the first and changes it.
    member = Member.objects.select_for_update().select_related("branch").get(pk=member.pk)
    report = QuarterlyReport.objects.filter(member=member, year=year, quarter=quarter).first()
    payload = {"year": year, "quarter": quarter}
    if report is None:
        report = QuarterlyReport.objects.create(
            member=member, branch=member.branch, year=year, quarter=quarter, text=text, submitted_at=timezone.now()
        )
        log("assessments.report.submitted", actor=by, organisation=member.branch, obj=report, payload=payload)
    elif report.text != text:
        report.text = text
        report.save(update_fields=["text", "changed_at"])
        log("assessments.report.changed", actor=by, organisation=member.branch, obj=report, payload=payload)
    return report


def _inspecting_organisation(kind, branch):
    """The township above the branch for a quarterly inspection, the county for a spot check."""
    level = Organisation.Level.TOWNSHIP if kind == Inspection.Kind.TOWNSHIP_QUARTERLY else Organisation.Level.COUNTY
    return branch.ancestors_and_self().get(level=level)


@service
def record_inspection(*, branch, kind, held_on, findings, follow_ups="", by, today):
    """The township's quarterly inspection or the county's spot check of a branch. With
    follow-ups written, they stay open until the branch answers them."""
    findings, follow_ups = (findings or "").strip(), (follow_ups or "").strip()
    if kind not in Inspection.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of inspection.")})
    if held_on > today:
        raise ValidationError({"held_on": _("A date cannot lie in the future.")})
    if not findings:
        raise ValidationError({"findings": _("Write what the inspection found.")})
    inspection = Inspection.objects.create(
        branch=branch,
        kind=kind,
        held_on=held_on,
        inspected_by=by,
        organisation=_inspecting_organisation(kind, branch),
        findings=findings,
        follow_ups=follow_ups,
        follow_up_status=Inspection.FollowUp.OPEN if follow_ups else Inspection.FollowUp.NONE,
    )
    log(
        "assessments.inspection.recorded",
        actor=by,
        organisation=branch,
        obj=inspection,
        payload={"inspection_kind": kind, "held_on": held_on.isoformat(), "follow_up": inspection.follow_up_status},
    )
    return inspection


@service
def answer_inspection(*, inspection, response, done, by):
    """The branch's answer to an inspection's follow-ups; `done` closes them."""
    # Two officers answering at once take turns; the second sees whether the first closed it.
    inspection = Inspection.objects.select_for_update().select_related("branch").get(pk=inspection.pk)
    response = (response or "").strip()
    if inspection.follow_up_status == Inspection.FollowUp.NONE:
        raise ValidationError(_("This inspection asked for no follow-up."))
    if inspection.follow_up_status == Inspection.FollowUp.DONE:
        raise ValidationError(_("The follow-ups of this inspection are already done."))
    if not response:
        raise ValidationError({"response": _("Write what the branch has done.")})
    inspection.response = response
    inspection.responded_by = by
    inspection.responded_at = timezone.now()
    if done:
        inspection.follow_up_status = Inspection.FollowUp.DONE
    inspection.save(update_fields=["response", "responded_by", "responded_at", "follow_up_status"])
    log(
        "assessments.inspection.answered",
        actor=by,
        organisation=inspection.branch,
        obj=inspection,
        payload={"follow_up": inspection.follow_up_status},
    )
    return inspection

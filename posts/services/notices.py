"""公示明岗: publishing a notice, objections from the public, and closing the notice.

The notice row is the lock that orders everything that happens to it: lodging an
objection, handling one and closing the notice all lock it first, so a notice cannot
close while an objection is being lodged or upheld.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit import log as audit_log
from audit import not_a_service, service

from .. import selectors
from ..models import Assignment, AssignmentEvent, Notice, Objection
from ..workdays import last_working_day, working_days
from . import PostError
from .lifecycle import lock, log_assignment, make_letter, required_reason, transition

Status = Assignment.Status
Action = AssignmentEvent.Action


@not_a_service("a suggestion for the publish form")
def default_period(branch, starts_on):
    """The shortest period the branch's policy allows, starting on starts_on."""
    days = selectors.policy_for(branch).min_notice_working_days
    return starts_on, last_working_day(starts_on, days)


def _lock_notice(notice):
    return Notice.objects.select_for_update().get(pk=notice.pk)


def _day(value):
    return date_format(value, "SHORT_DATE_FORMAT")


def _refuse_bad_period(branch, starts_on, ends_on, today):
    """A notice nobody could object to is no notice: it starts today or later and lasts at
    least the minimum the branch's county or township sets (working days, counting the first)."""
    if starts_on < today:
        raise PostError(
            _("Notice starts on: the notice period cannot start before today (%(today)s).") % {"today": _day(today)},
            code="past_start",
            field="starts_on",
        )
    if ends_on < starts_on:
        raise PostError(_("The notice period cannot end before it starts."), code="bad_period", field="ends_on")
    need = selectors.policy_for(branch).min_notice_working_days
    if working_days(starts_on, ends_on) < need:
        raise PostError(
            _(
                "Notice ends on: the notice must last at least %(n)d working days (Monday to Friday), counting "
                "the first; starting on %(start)s it may end on %(end)s at the earliest."
            )
            % {"n": need, "start": _day(starts_on), "end": _day(last_working_day(starts_on, need))},
            code="too_short",
            field="ends_on",
        )


@service
def publish_notice(*, branch, assignments, starts_on, ends_on, title, by, today=None):
    """Put a batch of the branch's approved assignments on public notice."""
    if not (title or "").strip():
        raise PostError(_("Give the notice a title."), code="no_title", field="title")
    _refuse_bad_period(branch, starts_on, ends_on, today or timezone.localdate())
    ids = {a.pk for a in assignments}
    if not ids:
        raise PostError(_("Choose at least one approved assignment to put on notice."), code="empty")
    # Locked in primary-key order so two publishers of overlapping batches cannot deadlock.
    locked = list(
        Assignment.objects.select_for_update(of=("self",))
        .select_related("member", "post")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if len(locked) != len(ids) or any(a.post.branch_id != branch.pk for a in locked):
        raise PostError(_("Some of the chosen assignments do not belong to this branch."), code="bad_branch")
    late = [a.member.name for a in locked if a.status != Status.APPROVED]
    if late:
        raise PostError(
            _("Only approved assignments can be put on notice; not approved or already noticed: %(names)s.")
            % {"names": "、".join(late)},
            code="bad_status",
        )
    notice = Notice.objects.create(
        branch=branch, title=title.strip(), starts_on=starts_on, ends_on=ends_on, published_by=by
    )
    notice.assignments.set(locked)
    for assignment in locked:
        transition(assignment, Status.ON_NOTICE, Action.NOTICED, by=by, reason=notice.title)
    audit_log(
        "posts.notice.published",
        actor=by,
        organisation=branch,
        obj=notice,
        payload={
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "assignment_ids": [a.pk for a in locked],
        },
    )
    return notice


@not_a_service("a check, also shown on the public page")
def period_problem(notice, today):
    """Why the notice takes no objections today, or None while it is open."""
    if notice.status == Notice.Status.CLOSED or today > notice.ends_on:
        return _("The notice period ended on %(end)s; objections are no longer taken.") % {"end": _day(notice.ends_on)}
    if today < notice.starts_on:
        return _("The notice period starts on %(start)s; objections are taken from then.") % {
            "start": _day(notice.starts_on)
        }
    return None


@service
def lodge_objection(*, notice, text, name="", contact="", assignment=None, today=None):
    """An objection or feedback from anyone who reads the notice; no login needed."""
    notice = _lock_notice(notice)
    problem = period_problem(notice, today or timezone.localdate())
    if problem:
        raise PostError(problem, code="closed")
    if not (text or "").strip():
        raise PostError(_("Write your objection or feedback."), code="no_text")
    if assignment is not None and not notice.assignments.filter(pk=assignment.pk).exists():
        raise PostError(_("That person is not on this notice."), code="bad_assignment")
    objection = Objection.objects.create(
        notice=notice,
        assignment=assignment,
        text=text.strip(),
        name=(name or "").strip(),
        contact=(contact or "").strip(),
    )
    # From the public: the entry says that one came and about whom, not who sent it or what it says.
    audit_log(
        "posts.objection.lodged",
        actor=None,
        organisation=notice.branch,
        obj=objection,
        label=f"{notice.title} #{objection.pk}",
        payload={"notice_id": notice.pk, "assignment_id": objection.assignment_id},
    )
    return objection


@service
def withdraw(*, assignment, reason, by):
    """Take an assignment off the notice (it never takes effect), e.g. after an upheld objection."""
    reason = required_reason(reason)
    assignment = lock(assignment)
    if assignment.status != Status.ON_NOTICE:
        raise PostError(
            _("Only an assignment on public notice can be withdrawn; %(name)s is now: %(status)s.")
            % {"name": assignment.member.name, "status": assignment.get_status_display()},
            code="bad_status",
        )
    assignment.ends_on = timezone.localdate()
    transition(assignment, Status.WITHDRAWN, Action.WITHDRAWN, by=by, reason=reason, fields=["ends_on"])
    log_assignment("posts.assignment.withdrawn", assignment, by, reason)
    return assignment


HANDLED = (Objection.Status.UPHELD, Objection.Status.DISMISSED, Objection.Status.NOTED)


@service
def handle_objection(*, objection, outcome, resolution, by):
    """Record how the branch handled an objection; upholding one about a person withdraws them."""
    if outcome not in HANDLED:
        raise PostError(_("Choose how the objection was handled."), code="bad_outcome")
    resolution = (resolution or "").strip()
    if not resolution:
        raise PostError(_("Write down how the objection was handled."), code="no_resolution")
    _lock_notice(objection.notice)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != Objection.Status.PENDING:
        raise PostError(_("This objection has already been handled."), code="handled")
    if outcome == Objection.Status.UPHELD and objection.assignment_id:
        assignment = objection.assignment
        # A second upheld objection about someone already withdrawn changes nothing more.
        if assignment.status != Status.WITHDRAWN:
            withdraw(assignment=assignment, reason=resolution, by=by)
    objection.status = outcome
    objection.resolution = resolution
    objection.handled_by = by
    objection.handled_at = timezone.now()
    objection.save(update_fields=["status", "resolution", "handled_by", "handled_at"])
    audit_log(
        "posts.objection.handled",
        actor=by,
        organisation=objection.notice.branch,
        obj=objection,
        label=f"{objection.notice.title} #{objection.pk}",
        reason=resolution,
        payload={"outcome": outcome, "notice_id": objection.notice_id, "assignment_id": objection.assignment_id},
    )
    return objection


@service
def close_notice(*, notice, by, reason=None, today=None):
    """End the notice: whoever is still on it takes effect and gets a responsibility letter."""
    today = today or timezone.localdate()
    notice = _lock_notice(notice)
    if notice.status == Notice.Status.CLOSED:
        raise PostError(_("This notice is already closed."), code="closed")
    if today <= notice.ends_on:
        raise PostError(
            _("The notice period runs until %(end)s; the notice can be closed from the next day.")
            % {"end": _day(notice.ends_on)},
            code="too_early",
        )
    pending = notice.objections.filter(status=Objection.Status.PENDING).count()
    if pending:
        raise PostError(
            _("%(n)d objection(s) still await handling; handle them before closing the notice.") % {"n": pending},
            code="pending",
        )
    reason = reason or _("Notice period ended")
    effective = []
    for assignment in notice.assignments.filter(status=Status.ON_NOTICE).order_by("pk"):
        assignment = lock(assignment)
        transition(assignment, Status.EFFECTIVE, Action.EFFECTIVE, by=by, reason=reason)
        make_letter(assignment=assignment, starts_on=today, by=by)
        effective.append(assignment.pk)
    notice.status = Notice.Status.CLOSED
    notice.closed_at = timezone.now()
    notice.save(update_fields=["status", "closed_at"])
    audit_log(
        "posts.notice.closed",
        actor=by,
        organisation=notice.branch,
        obj=notice,
        reason=str(reason),
        payload={"effective_assignment_ids": effective},
    )
    return notice


@not_a_service("runs close_notice once per notice, each in its own transaction with its own entry")
def close_due_notices(*, today=None):
    """Close every notice whose period has ended and that has no objection left to handle.

    Each notice closes in its own transaction: one that changed meanwhile (an objection
    lodged at the last minute) is skipped and does not hold up the others.
    """
    today = today or timezone.localdate()
    due = selectors.due_notices(Notice.objects.all(), today).order_by("pk")
    closed = []
    for notice in due:
        try:
            closed.append(close_notice(notice=notice, by=None, reason=_("period ended"), today=today))
        except PostError:
            continue
    return closed

"""The duty log (履岗纪实): a member adds an entry, a group leader or officer verifies it or
returns it with a reason, the member fixes a returned entry and sends it again.

A verified entry is locked for good (a correction is a new entry), and nothing dated in a
month the branch has closed (月登记, ClosedMonth) is added or changed. Every state check runs
on the row locked with select_for_update inside the service's transaction, so two verifiers
pressing at once take turns and the second one is told the entry is already verified.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit_log
from audit import not_a_service, service
from members.models import Organisation
from posts.models import Assignment

from .. import photos as photo_files
from ..models import ClosedMonth, DutyLogEntry, LogPhoto
from ..selectors.points import is_closed, points_for
from . import refuse

Status = DutyLogEntry.Status


@not_a_service("a check")
def check_month_open(branch, day):
    # The branch row is locked as close_month locks it, so an entry being added or changed and
    # the month being closed take turns: nothing lands in a month while it is being closed.
    Organisation.objects.select_for_update().filter(pk=branch.pk).exists()
    if is_closed(branch, day):
        raise refuse(
            _("The branch has closed the log of %(month)s; ask an officer to reopen it first.")
            % {"month": f"{day:%Y-%m}"},
            "closed_month",
        )


def _check_date(assignment, done_on, today):
    if done_on is None:
        raise refuse(_("Enter the date."), "no_date", field="done_on")
    if done_on > today:
        raise refuse(_("The date cannot lie in the future."), "future_date", field="done_on")
    if assignment.starts_on and done_on < assignment.starts_on:
        raise refuse(
            _("The date lies before you took up this post (%(day)s).") % {"day": assignment.starts_on},
            "before_post",
            field="done_on",
        )
    check_month_open(assignment.post.branch, done_on)


def _check_text(what):
    what = (what or "").strip()
    if not what:
        raise refuse(_("Say what was done."), "no_text", field="what")
    return what


def _add_photos(entry, uploads):
    uploads = list(uploads or [])
    if entry.photos.count() + len(uploads) > photo_files.MAX_PHOTOS:
        raise refuse(_("An entry has at most three photos."), "too_many_photos", field="photos")
    try:
        prepared = [photo_files.prepare(upload) for upload in uploads]
    except ValidationError as error:
        raise ValidationError({"photos": error.error_list}) from None
    for content in prepared:
        LogPhoto.objects.create(entry=entry, image=content)
    return len(prepared)


def _serving_assignment(member, assignment):
    """The member's own assignment, which must be serving (on post, not suspended) now."""
    locked = Assignment.objects.select_related("post__branch").filter(pk=assignment.pk, member=member).first()
    if locked is None or locked.status not in Assignment.SERVING:
        raise refuse(_("You can log work only for a post you are serving on."), "not_serving", field="assignment")
    return locked


def _lock(entry):
    return DutyLogEntry.objects.select_for_update(of=("self",)).select_related("branch", "member").get(pk=entry.pk)


def _log(action, entry, by, reason="", **payload):
    audit_log(
        action,
        actor=by,
        organisation=entry.branch,
        obj=entry,
        reason=reason,
        payload={
            "member_id": entry.member_id,
            "done_on": entry.done_on.isoformat(),
            # Not "kind"/"status": the audit pages read those keys as a role's kind and a post's status.
            "entry_kind": entry.kind,
            "entry_status": entry.status,
            **payload,
        },
    )


@service
def add_entry(*, member, assignment, done_on, kind, what, people_served=None, place="", photos=(), by, today=None):
    """A new entry, waiting for verification."""
    today = today or timezone.localdate()
    assignment = _serving_assignment(member, assignment)
    _check_date(assignment, done_on, today)
    what = _check_text(what)
    if kind not in DutyLogEntry.Kind.values:
        raise refuse(_("Choose the kind of work."), "bad_kind", field="kind")
    entry = DutyLogEntry.objects.create(
        assignment=assignment,
        member=member,
        branch=assignment.post.branch,
        done_on=done_on,
        kind=kind,
        what=what,
        people_served=people_served,
        place=(place or "").strip(),
        created_by=by,
    )
    added = _add_photos(entry, photos)
    _log("assessments.log.added", entry, by, photos=added)
    return entry


@service
def resubmit(*, entry, member, by, done_on, kind, what, people_served=None, place="", photos=(), today=None):
    """The member's corrected entry, after it was returned; it waits for verification again."""
    today = today or timezone.localdate()
    entry = _lock(entry)
    if entry.member_id != member.pk:
        raise refuse(_("Only the member who wrote an entry may change it."), "not_own")
    if entry.status == Status.VERIFIED:
        raise refuse(_("A verified entry is locked; add a new entry for a correction."), "locked")
    if entry.status != Status.RETURNED:
        raise refuse(_("Only a returned entry can be changed and sent again."), "not_returned")
    check_month_open(entry.branch, entry.done_on)
    assignment = _serving_assignment(member, entry.assignment)
    _check_date(assignment, done_on, today)
    entry.done_on, entry.kind, entry.what = done_on, kind, _check_text(what)
    entry.people_served, entry.place = people_served, (place or "").strip()
    entry.status, entry.checked_by, entry.checked_at = Status.SUBMITTED, None, None
    previous_reason, entry.return_reason = entry.return_reason, ""
    entry.save(
        update_fields=[
            "done_on",
            "kind",
            "what",
            "people_served",
            "place",
            "status",
            "checked_by",
            "checked_at",
            "return_reason",
        ]
    )
    added = _add_photos(entry, photos)
    _log("assessments.log.resubmitted", entry, by, photos=added, returned_because=previous_reason)
    return entry


def _check_verifier(entry, by):
    if entry.member.user_id is not None and entry.member.user_id == getattr(by, "pk", None):
        raise refuse(_("You cannot verify or return your own entry."), "own_entry")


def _check_waiting(entry):
    if entry.status == Status.VERIFIED:
        raise refuse(_("This entry is already verified."), "already_verified")
    if entry.status != Status.SUBMITTED:
        raise refuse(_("This entry was returned to the member; it waits for their correction."), "returned")


@service
def verify(*, entry, by):
    """Verified: the entry is locked and earns its points by the rules on its date."""
    entry = _lock(entry)
    _check_waiting(entry)
    _check_verifier(entry, by)
    check_month_open(entry.branch, entry.done_on)
    _set_verified(entry, by, timezone.now())
    _log("assessments.log.verified", entry, by, points=entry.points)
    return entry


def _set_verified(entry, by, at):
    entry.status, entry.checked_by, entry.checked_at = Status.VERIFIED, by, at
    entry.points = points_for(entry)
    entry.save(update_fields=["status", "checked_by", "checked_at", "points"])


@service
def return_entry(*, entry, by, reason):
    """Back to the member with the reason, for a correction."""
    reason = (reason or "").strip()
    if not reason:
        raise refuse(_("Say why the entry is returned."), "no_reason", field="reason")
    entry = _lock(entry)
    _check_waiting(entry)
    _check_verifier(entry, by)
    check_month_open(entry.branch, entry.done_on)
    entry.status, entry.return_reason = Status.RETURNED, reason[:300]
    entry.checked_by, entry.checked_at = by, timezone.now()
    entry.save(update_fields=["status", "return_reason", "checked_by", "checked_at"])
    _log("assessments.log.returned", entry, by, reason=entry.return_reason)
    return entry


@service
def verify_many(*, branch, entries, by):
    """The ticked entries of one branch verified in one step. Entries verified or returned
    meanwhile, the verifier's own and those in closed months are left as they are; returns
    (verified, left) counts. Refused when none could be verified."""
    pks = [e.pk for e in entries]
    locked = list(
        DutyLogEntry.objects.select_for_update(of=("self",))
        .select_related("member")
        .filter(pk__in=pks, branch=branch)
        .order_by("pk")
    )
    closed = set(ClosedMonth.objects.filter(branch=branch).values_list("month", flat=True))
    now = timezone.now()
    done = []
    for entry in locked:
        own = entry.member.user_id is not None and entry.member.user_id == getattr(by, "pk", None)
        if entry.status != Status.SUBMITTED or own or entry.done_on.replace(day=1) in closed:
            continue
        _set_verified(entry, by, now)
        done.append(entry)
    if not done:
        raise refuse(_("None of the ticked entries can be verified now."), "nothing_to_verify")
    audit_log(
        "assessments.log.verified_many",
        actor=by,
        organisation=branch,
        payload={"entry_ids": [e.pk for e in done], "count": len(done), "points": sum(e.points for e in done)},
        label=_("%(count)d duty log entries") % {"count": len(done)},
    )
    return len(done), len(pks) - len(done)

"""Collective activities (集体活动): an officer or group leader sets one up, takes attendance on
a phone (ticking invited members), or members confirm with the code shown at the activity;
closing it stops the code. Each attendee gets one verified collective entry in the duty log,
with its points, in the same transaction as the attendance; the (activity, member) constraint
and the locked activity row make sure nobody is counted twice.
"""

import secrets

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit_log
from audit import not_a_service, service
from posts.models import Assignment

from ..models import Activity, Attendance, DutyLogEntry
from ..selectors.points import points_for
from . import refuse
from .log import check_month_open


@not_a_service("a read used by the services and the attendance page")
def invited_assignments(activity):
    """Serving assignments of the invited: on an invited post, or in an invited group, of the
    activity's branch and its year. One row per member (the invited post first)."""
    posts = list(activity.posts.values_list("pk", flat=True))
    groups = list(activity.groups.values_list("pk", flat=True))
    rows = (
        Assignment.objects.filter(status__in=Assignment.SERVING, post__branch=activity.branch)
        .filter(Q(post__in=posts) | Q(member__group__in=groups))
        .select_related("member__group", "post__post_type")
        .order_by("member__name", "pk")
    )
    chosen = {}
    for a in rows:
        if a.member_id not in chosen or (a.post_id in posts and chosen[a.member_id].post_id not in posts):
            chosen[a.member_id] = a
    return list(chosen.values())


def _new_code(branch):
    taken = set(Activity.objects.filter(branch=branch, status=Activity.Status.OPEN).values_list("code", flat=True))
    while True:
        code = f"{secrets.randbelow(1_000_000):06d}"
        if code not in taken:
            return code


def _log(action, activity, by, **payload):
    audit_log(
        action,
        actor=by,
        organisation=activity.branch,
        obj=activity,
        payload={"title": activity.title, "held_on": activity.held_on.isoformat(), **payload},
    )


@service
def create_activity(*, branch, title, held_on, place="", posts=(), groups=(), by):
    title = (title or "").strip()
    if not title:
        raise refuse(_("Give the activity a title."), "no_title", field="title")
    if held_on is None:
        raise refuse(_("Enter the date."), "no_date", field="held_on")
    posts, groups = list(posts), list(groups)
    if not posts and not groups:
        raise refuse(_("Invite at least one post or one group."), "nobody_invited")
    if any(p.branch_id != branch.pk for p in posts) or any(g.parent_id != branch.pk for g in groups):
        raise refuse(_("Invite only posts and groups of this branch."), "other_branch")
    check_month_open(branch, held_on)
    activity = Activity.objects.create(
        branch=branch, title=title, held_on=held_on, place=(place or "").strip(), code=_new_code(branch), created_by=by
    )
    activity.posts.set(posts)
    activity.groups.set(groups)
    _log("assessments.activity.created", activity, by, posts=len(posts), groups=len(groups))
    return activity


def _lock(activity):
    # Locked while attendance is written: a close, a tick list and a code typed at the same
    # moment take turns, and each sees who is already counted.
    return Activity.objects.select_for_update().select_related("branch").get(pk=activity.pk)


def _check_can_attend(activity, today):
    if not activity.is_open:
        raise refuse(_("This activity is closed; attendance can no longer change."), "closed")
    if activity.held_on > today:
        raise refuse(_("Attendance is taken on or after the day of the activity."), "not_yet")
    check_month_open(activity.branch, activity.held_on)


def _attend(activity, assignment, how, by, now):
    """One attendance and its verified collective entry."""
    entry = DutyLogEntry(
        assignment=assignment,
        member=assignment.member,
        branch=activity.branch,
        done_on=activity.held_on,
        kind=DutyLogEntry.Kind.COLLECTIVE,
        what=activity.title,
        place=activity.place,
        status=DutyLogEntry.Status.VERIFIED,
        checked_by=activity.created_by if how == Attendance.ConfirmedBy.CODE else by,
        checked_at=now,
        created_by=by,
        activity=activity,
    )
    entry.points = points_for(entry)
    entry.save()
    return Attendance.objects.create(
        activity=activity, member=assignment.member, confirmed_by=how, entry=entry, recorded_by=by
    )


@service
def take_attendance(*, activity, members, by, today=None):
    """The ticked members attended: those not yet counted get their attendance and entry.
    Returns the attendances added."""
    today = today or timezone.localdate()
    activity = _lock(activity)
    _check_can_attend(activity, today)
    invited = {a.member_id: a for a in invited_assignments(activity)}
    wanted = {m.pk for m in members}
    strangers = wanted - set(invited)
    if strangers:
        raise refuse(_("Only invited members on post can be ticked."), "not_invited")
    counted = set(activity.attendances.values_list("member_id", flat=True))
    now = timezone.now()
    added = [_attend(activity, invited[pk], Attendance.ConfirmedBy.OFFICER, by, now) for pk in sorted(wanted - counted)]
    if added:
        _log(
            "assessments.activity.attendance_taken",
            activity,
            by,
            added=len(added),
            member_ids=[a.member_id for a in added],
        )
    return added


@service
def attend_with_code(*, member, code, by, today=None):
    """A member confirms they were at an open activity of their branch by its code."""
    today = today or timezone.localdate()
    code = (code or "").strip()
    found = Activity.objects.filter(branch=member.branch_id, code=code, status=Activity.Status.OPEN).first()
    if found is None:
        raise refuse(_("No open activity of your branch has this code."), "bad_code", field="code")
    activity = _lock(found)
    _check_can_attend(activity, today)
    if activity.attendances.filter(member=member).exists():
        raise refuse(_("Your attendance at this activity is already recorded."), "already_counted")
    assignment = _assignment_for(activity, member)
    attendance = _attend(activity, assignment, Attendance.ConfirmedBy.CODE, by, timezone.now())
    _log("assessments.activity.attended", activity, by, member_id=member.pk)
    return attendance


def _assignment_for(activity, member):
    """The post an attendee's entry is logged under: the invited one, else any serving post in
    the branch (a member on post who came uninvited is still counted)."""
    invited = [a for a in invited_assignments(activity) if a.member_id == member.pk]
    if invited:
        return invited[0]
    own = (
        Assignment.objects.filter(member=member, status__in=Assignment.SERVING, post__branch=activity.branch)
        .select_related("member")
        .order_by("pk")
        .first()
    )
    if own is None:
        raise refuse(_("Attendance counts for members serving on a post of the branch."), "not_serving")
    return own


@service
def close_activity(*, activity, by):
    """Closed: the code stops working and the attendance is final."""
    activity = _lock(activity)
    if not activity.is_open:
        raise refuse(_("This activity is already closed."), "closed")
    activity.status, activity.closed_at = Activity.Status.CLOSED, timezone.now()
    activity.save(update_fields=["status", "closed_at"])
    _log("assessments.activity.closed", activity, by, attendees=activity.attendances.count())
    return activity

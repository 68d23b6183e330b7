"""签订责任书, 培训上岗 and changes over time (动态管理): transfer, suspend, reinstate,
remove, end of term and the carry-over into a new term.

Every function locks the assignment it changes (select_for_update inside the atomic
block), so two officers acting on the same person at once take turns and the second
one sees the first one's result before its state check.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit import log as audit_log
from audit import not_a_service, service

from .. import letter_texts
from ..models import Assignment, AssignmentEvent, BranchPost, ResponsibilityLetter
from . import PostError, record
from .places import lock_post_with_free_place

Status = Assignment.Status
Action = AssignmentEvent.Action


@not_a_service("a step of the services, which write the audit entry")
def transition(assignment, to_status, action, *, by, reason="", fields=()):
    """Save a new status (plus any other changed fields) and append it to the history."""
    from_status = assignment.status
    assignment.status = to_status
    assignment.save(update_fields=["status", *fields])
    return record(assignment, action, actor=by, reason=reason, from_status=from_status)


@not_a_service("a lock taken inside the services")
def lock(assignment):
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("member", "post__post_type")
        .get(pk=assignment.pk)
    )


@not_a_service("writes the entry of the service that calls it")
def log_assignment(action, assignment, by, reason="", **payload):
    """The entry for a change of one assignment; its branch is the post's."""
    branch = assignment.post.branch
    audit_log(
        action,
        actor=by,
        organisation=branch,
        obj=assignment,
        reason=reason,
        payload={
            "member_id": assignment.member_id,
            "post_id": assignment.post_id,
            "status": assignment.status,
            **payload,
        },
    )


def _require_status(assignment, allowed, message):
    if assignment.status not in allowed:
        raise PostError(
            message % {"name": assignment.member.name, "status": assignment.get_status_display()}, code="bad_status"
        )


@not_a_service("a check")
def required_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise PostError(_("Give a reason: it is kept in the member's history."), code="no_reason")
    return reason


def _day(value):
    return date_format(value, "SHORT_DATE_FORMAT")


def _not_future(*dates, today):
    if any(d > today for d in dates):
        raise PostError(_("A date cannot lie in the future."), code="future_date")


# -- the responsibility letter ----------------------------------------------------


@not_a_service("a date computation")
def term_end(starts_on):
    """One year, counting the first day: 1 March 2026 → 28 February 2027."""
    try:
        anniversary = starts_on.replace(year=starts_on.year + 1)
    except ValueError:  # 29 February
        anniversary = datetime.date(starts_on.year + 1, 3, 1)
    return anniversary - datetime.timedelta(days=1)


@not_a_service("the text a letter is made with")
def letter_duties(post):
    """The post's duties as written into the letter: catalogue and branch duties, the duty
    menu and any quantified targets."""
    parts = [post.duties]
    if post.post_type.service_items:
        parts.append(_("Duty menu:") + "\n" + "\n".join(f"· {item}" for item in post.post_type.service_items))
    if post.post_type.targets.strip():
        parts.append(_("Targets:") + "\n" + post.post_type.targets.strip())
    return "\n\n".join(parts)


def _took_effect_on(assignment):
    at = assignment.events.filter(to_status=Status.EFFECTIVE).order_by("-at").values_list("at", flat=True).first()
    return timezone.localdate(at) if at else (assignment.starts_on or timezone.localdate())


@service
def make_letter(*, assignment, starts_on=None, ends_on=None, by=None):
    """The assignment's letter, made now if it has none (safe to call again)."""
    assignment = lock(assignment)
    existing = ResponsibilityLetter.objects.filter(assignment=assignment).first()
    if existing:
        return existing
    _require_status(
        assignment, Assignment.HOLDING, _("A letter is made once %(name)s's post has taken effect (now: %(status)s).")
    )
    starts_on = starts_on or _took_effect_on(assignment)
    letter = ResponsibilityLetter.objects.create(
        assignment=assignment,
        duties=letter_duties(assignment.post),
        member_obligations=letter_texts.numbered(letter_texts.MEMBER_OBLIGATIONS),
        branch_obligations=letter_texts.numbered(letter_texts.BRANCH_OBLIGATIONS),
        term_starts_on=starts_on,
        term_ends_on=ends_on or term_end(starts_on),
    )
    log_assignment(
        "posts.letter.made",
        assignment,
        by,
        term_starts_on=letter.term_starts_on.isoformat(),
        term_ends_on=letter.term_ends_on.isoformat(),
    )
    return letter


def _lock_letter(letter):
    assignment = lock(letter.assignment)
    _require_status(
        assignment,
        [Status.EFFECTIVE],
        _("Signatures and training are recorded while the post awaits its letter; %(name)s is now: %(status)s."),
    )
    return assignment, ResponsibilityLetter.objects.select_for_update().get(pk=letter.pk)


def _on_post_if_ready(assignment, letter, by):
    dates = [letter.member_signed_on, letter.branch_signed_on, letter.trained_on]
    if all(dates):
        assignment.starts_on = max(dates)
        transition(
            assignment,
            Status.ON_POST,
            Action.ON_POST,
            by=by,
            reason=_("Letter signed by both sides and training done"),
            fields=["starts_on"],
        )


@service
def record_signatures(*, letter, member_signed_on, branch_signed_on, by, today=None):
    if not (member_signed_on and branch_signed_on):
        raise PostError(_("Enter the dates on which the member and the branch signed."), code="no_date")
    _not_future(member_signed_on, branch_signed_on, today=today or timezone.localdate())
    assignment, letter = _lock_letter(letter)
    letter.member_signed_on, letter.branch_signed_on = member_signed_on, branch_signed_on
    letter.save(update_fields=["member_signed_on", "branch_signed_on"])
    record(
        assignment,
        Action.SIGNED,
        actor=by,
        from_status=assignment.status,
        reason=_("Member signed on %(member)s, branch on %(branch)s")
        % {"member": _day(member_signed_on), "branch": _day(branch_signed_on)},
    )
    _on_post_if_ready(assignment, letter, by)
    log_assignment(
        "posts.letter.signed",
        assignment,
        by,
        member_signed_on=member_signed_on.isoformat(),
        branch_signed_on=branch_signed_on.isoformat(),
    )
    return letter


@service
def record_training(*, letter, trained_on, by, today=None):
    if not trained_on:
        raise PostError(_("Enter the date of the pre-post training."), code="no_date")
    _not_future(trained_on, today=today or timezone.localdate())
    assignment, letter = _lock_letter(letter)
    letter.trained_on = trained_on
    letter.save(update_fields=["trained_on"])
    record(
        assignment,
        Action.TRAINED,
        actor=by,
        from_status=assignment.status,
        reason=_("Trained on %(date)s") % {"date": _day(trained_on)},
    )
    _on_post_if_ready(assignment, letter, by)
    log_assignment("posts.letter.trained", assignment, by, trained_on=trained_on.isoformat())
    return letter


# -- changes over time ----------------------------------------------------------------


@service
def transfer(*, assignment, to_post, reason, by, today=None):
    """Move a member to another post of the same branch and year; returns the new assignment,
    which awaits its own letter."""
    reason = required_reason(reason)
    today = today or timezone.localdate()
    assignment = lock(assignment)
    _require_status(
        assignment,
        Assignment.SERVING,
        _("Only a member who holds a post can be transferred; %(name)s is now: %(status)s."),
    )
    old_post = assignment.post
    if to_post.pk == old_post.pk or to_post.branch_id != old_post.branch_id or to_post.year != old_post.year:
        raise PostError(_("A transfer goes to another post of the same branch and year."), code="bad_post")
    to_post = lock_post_with_free_place(to_post)
    if Assignment.objects.filter(post=to_post, member=assignment.member, status__in=Assignment.LIVE).exists():
        raise PostError(
            _("%(name)s already holds the post “%(post)s”.")
            % {"name": assignment.member.name, "post": to_post.post_type.name},
            code="duplicate",
        )
    assignment.ends_on = today
    transition(assignment, Status.TRANSFERRED, Action.TRANSFERRED, by=by, reason=reason, fields=["ends_on"])
    new = Assignment.objects.create(post=to_post, member=assignment.member, status=Status.EFFECTIVE)
    record(
        new,
        Action.TRANSFERRED,
        actor=by,
        reason=_("From “%(post)s”: %(reason)s") % {"post": old_post.post_type.name, "reason": reason},
    )
    old_letter = ResponsibilityLetter.objects.filter(assignment=assignment).first()
    make_letter(assignment=new, starts_on=today, ends_on=old_letter.term_ends_on if old_letter else None, by=by)
    log_assignment(
        "posts.assignment.transferred", assignment, by, reason, new_assignment_id=new.pk, to_post_id=to_post.pk
    )
    return new


@service
def suspend(*, assignment, until, reason, by, today=None):
    reason = required_reason(reason)
    today = today or timezone.localdate()
    assignment = lock(assignment)
    _require_status(
        assignment, [Status.ON_POST], _("Only a member on post can be suspended; %(name)s is now: %(status)s.")
    )
    if not until or until <= today:
        raise PostError(_("The planned end of the suspension must lie after today."), code="bad_date")
    assignment.suspended_until = until
    transition(
        assignment,
        Status.SUSPENDED,
        Action.SUSPENDED,
        by=by,
        fields=["suspended_until"],
        reason=_("%(reason)s (until %(date)s)") % {"reason": reason, "date": _day(until)},
    )
    log_assignment("posts.assignment.suspended", assignment, by, reason, until=until.isoformat())
    return assignment


@service
def reinstate(*, assignment, reason="", by):
    assignment = lock(assignment)
    _require_status(
        assignment, [Status.SUSPENDED], _("Only a suspended member can be reinstated; %(name)s is now: %(status)s.")
    )
    assignment.suspended_until = None
    transition(
        assignment, Status.ON_POST, Action.REINSTATED, by=by, reason=(reason or "").strip(), fields=["suspended_until"]
    )
    log_assignment("posts.assignment.reinstated", assignment, by, (reason or "").strip())
    return assignment


@service
def remove(*, assignment, reason, by, today=None):
    reason = required_reason(reason)
    assignment = lock(assignment)
    _require_status(
        assignment,
        Assignment.HOLDING,
        _("Only a member who holds a post can be removed from it; %(name)s is now: %(status)s."),
    )
    assignment.ends_on = today or timezone.localdate()
    assignment.suspended_until = None
    transition(assignment, Status.REMOVED, Action.REMOVED, by=by, reason=reason, fields=["ends_on", "suspended_until"])
    log_assignment("posts.assignment.removed", assignment, by, reason)
    return assignment


def _end(assignment, *, ends_on, reason, by):
    assignment.ends_on = ends_on
    assignment.suspended_until = None
    transition(assignment, Status.ENDED, Action.ENDED, by=by, reason=reason, fields=["ends_on", "suspended_until"])


@service
def end_term(*, assignment, reason="", by, today=None):
    assignment = lock(assignment)
    _require_status(
        assignment, Assignment.HOLDING, _("Only a member who holds a post can end a term; %(name)s is now: %(status)s.")
    )
    reason = (reason or "").strip() or _("Term ended")
    _end(assignment, ends_on=today or timezone.localdate(), reason=reason, by=by)
    log_assignment("posts.assignment.term_ended", assignment, by, reason)
    return assignment


@not_a_service("a date computation")
def new_term_starts_on(year, today):
    """The next term starts on 1 January, or today when the new year has already begun."""
    return max(datetime.date(year + 1, 1, 1), today)


@service
def start_new_term(*, branch, year, carry_over, by, today=None):
    """Set the branch's posts for year+1 and end the year's term.

    Every post of `year` is set again for year+1 with the same type, headcount, lead and
    contact, open for claims. The chosen assignments continue there as new effective
    assignments with new letters; everyone still holding a post of `year` has their term
    ended. Returns the posts of the new year.
    """
    today = today or timezone.localdate()
    old_posts = list(
        BranchPost.objects.select_for_update()
        .filter(branch=branch, year=year)
        .select_related("post_type")
        .order_by("pk")
    )
    if not old_posts:
        raise PostError(
            _("The branch has no posts in %(year)d to carry into a new term.") % {"year": year}, code="no_posts"
        )
    holding = list(
        Assignment.objects.select_for_update(of=("self",))
        .select_related("member", "post__post_type")
        .filter(post__in=old_posts, status__in=Assignment.HOLDING)
        .order_by("pk")
    )
    chosen_ids = {a.pk for a in carry_over}
    carried = [a for a in holding if a.pk in chosen_ids]
    if len(carried) != len(chosen_ids):
        raise PostError(
            _("Only members holding a %(year)d post of this branch can be carried over.") % {"year": year},
            code="bad_choice",
        )
    for a in carried:
        _require_status(
            a,
            Assignment.SERVING,
            _("%(name)s cannot be carried over while suspended; reinstate or remove first (now: %(status)s)."),
        )
    starts_on = new_term_starts_on(year, today)
    new_posts = {}
    for post in old_posts:
        new_posts[post.pk], _created = BranchPost.objects.get_or_create(
            branch=branch,
            post_type=post.post_type,
            year=year + 1,
            defaults={
                "headcount": post.headcount,
                "lead": post.lead,
                "contact_cadre": post.contact_cadre,
                "extra_duties": post.extra_duties,
                "is_open": True,
            },
        )
    for a in holding:
        if a.pk in chosen_ids:
            _end(
                a,
                ends_on=starts_on - datetime.timedelta(days=1),
                by=by,
                reason=_("The %(year)d term ended; continues in %(next)d") % {"year": year, "next": year + 1},
            )
            new_post = lock_post_with_free_place(new_posts[a.post_id])
            new = Assignment.objects.create(post=new_post, member=a.member, status=Status.EFFECTIVE)
            record(new, Action.RENEWED, actor=by, reason=_("Carried over from %(year)d") % {"year": year})
            make_letter(assignment=new, starts_on=starts_on, by=by)
        else:
            _end(
                a,
                ends_on=starts_on - datetime.timedelta(days=1),
                by=by,
                reason=_("The %(year)d term ended") % {"year": year},
            )
    audit_log(
        "posts.term.started",
        actor=by,
        organisation=branch,
        obj=branch,
        payload={
            "year": year + 1,
            "posts": len(new_posts),
            "carried_over": [a.pk for a in carried],
            "ended": len(holding),
        },
    )
    return sorted(new_posts.values(), key=lambda p: p.pk)

"""Pledges (承诺 → 践诺 → 评诺): making them, the committee's review, progress, outcomes and
evaluations.

A member's pledges for a year are made as drafts and submitted together; the committee
accepts each one (it is published) or returns it with a reason, and a returned pledge is
fixed and submitted again. How many a member (and the branch) makes is a rule of the
branch's Policy (posts.models.Policy: pledges_min/max, branch_pledges_min/max): more than
the maximum is refused; fewer than the minimum is allowed with a note (retired or unwell
members pledge what they can, voluntarily). Once accepted a pledge no longer changes; its
outcome is set by the committee at or after its target date, with a reason.

Every function locks the pledge it changes (select_for_update) so that a member editing and
an officer reviewing at the same moment see each other's result, not a lost update.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit_log
from audit import not_a_service, service
from members.models import Member
from members.scope import get_scope
from posts.models import Assignment
from posts.selectors import policy_for

from ..models import DutyLogEntry, Pledge, PledgeEvaluation, PledgeProgress

MAX_TEXT = 300


def _refuse(message, code, field=None):
    """A refused change; with `field`, the form field the message is shown beside."""
    error = ValidationError(message, code=code)
    raise ValidationError({field: [error]}) if field else error


@not_a_service("a read of the rules, shown on the pages too")
def limits(branch):
    """(members' minimum, members' maximum, branch's minimum, branch's maximum) in force for
    the branch. A minimum set above a maximum counts as the maximum."""
    policy = policy_for(branch)
    low, high = policy.pledges_min, policy.pledges_max
    branch_low, branch_high = policy.branch_pledges_min, policy.branch_pledges_max
    return min(low, high), high, min(branch_low, branch_high), branch_high


@not_a_service("a read, shown on the member's page")
def serving_assignments(member, year):
    """The member's posts of the year that they serve on (a pledge is tied to one)."""
    return (
        Assignment.objects.filter(member=member, post__year=year, status__in=Assignment.SERVING)
        .select_related("post__post_type", "post__branch")
        .order_by("pk")
    )


def _clean_text(text):
    text = (text or "").strip()
    if not text:
        _refuse(_("Pledge: write what you pledge to do."), "no_text", "text")
    if len(text) > MAX_TEXT:
        _refuse(_("Pledge: at most %(n)d characters.") % {"n": MAX_TEXT}, "too_long", "text")
    return text


def _clean_due(due_on, year, today):
    if due_on is None:
        _refuse(_("Target date: give the date by which it is done."), "no_due", "due_on")
    if due_on < today:
        _refuse(_("Target date: the date has passed; give a date from today on."), "due_past", "due_on")
    if due_on.year not in (year, year + 1):
        _refuse(
            _("Target date: pledges of %(year)d fall due in %(year)d or early the next year.") % {"year": year},
            "due_year",
            "due_on",
        )
    return due_on


def _lock(pledge):
    return Pledge.objects.select_for_update(of=("self",)).select_related("branch", "member").get(pk=pledge.pk)


def _refuse_unless(pledge, statuses, message_code="wrong_status"):
    if pledge.status not in statuses:
        _refuse(
            _("This pledge is “%(status)s”; that cannot be done now.") % {"status": pledge.get_status_display()},
            message_code,
        )


def _acts_for(member, by):
    """The member themselves, or an officer of their branch entering for a member without a
    login (many elderly members have no phone): the secretary writes down what they pledge."""
    if by is None:
        return False
    return member.user_id == by.pk or get_scope(by).can("pledges.review", member.branch)


def _refuse_unless_maker(pledge, by):
    """Only the member (or an officer for them) changes their own pledges; the branch's own,
    its officers."""
    if pledge.member_id is None:
        if not get_scope(by).can("pledges.review", pledge.branch):
            _refuse(_("Only the branch's officers change the branch's pledges."), "not_maker")
    elif not _acts_for(pledge.member, by):
        _refuse(_("Only %(name)s changes their own pledges.") % {"name": pledge.member.name}, "not_maker")


def _refuse_own_review(pledge, by):
    """Reviews, outcomes and others' comments are the committee's, never on one's own pledge."""
    if by is None or not get_scope(by).can("pledges.review", pledge.branch):
        _refuse(_("Only the branch's officers review pledges."), "not_reviewer")
    if pledge.member_id is not None and pledge.member.user_id == by.pk:
        _refuse(_("You do not review your own pledges; another committee member does."), "own_pledge")


def _count(member, year):
    return Pledge.objects.filter(member=member, year=year).count()


def _log(action, pledge, by, reason="", **payload):
    audit_log(
        action,
        actor=by,
        organisation=pledge.branch,
        obj=pledge,
        reason=reason,
        payload={"year": pledge.year, "member_id": pledge.member_id, **payload},
    )


# -- the member: drafts and submitting ----------------------------------------------------------


@service
def add_pledge(*, member, by, text, due_on, from_duty="", assignment=None, year=None, today=None):
    """A draft pledge of the member, tied to one of their posts of the year that they serve on."""
    today = today or timezone.localdate()
    # The member's row is the lock for their count: two pledges added at once (a double tap)
    # would otherwise both see room under the maximum.
    member = Member.objects.select_for_update(of=("self",)).select_related("branch").get(pk=member.pk)
    if not _acts_for(member, by):
        _refuse(_("Only %(name)s makes their own pledges.") % {"name": member.name}, "not_maker")
    year = year or (assignment.post.year if assignment else today.year)
    serving = list(serving_assignments(member, year))
    if assignment is None and serving:
        assignment = serving[0]
    if assignment is None or assignment.pk not in {a.pk for a in serving}:
        _refuse(
            _("%(name)s serves on no post in %(year)d; pledges are made for a post.")
            % {"name": member.name, "year": year},
            "no_post",
            "assignment" if assignment is not None else None,
        )
    text, due_on = _clean_text(text), _clean_due(due_on, year, today)
    _low, high, _bl, _bh = limits(member.branch)
    if _count(member, year) >= high:
        _refuse(
            _("You have made %(count)d pledges for %(year)d; the rules allow at most %(high)d.")
            % {"count": high, "year": year, "high": high},
            "too_many",
        )
    pledge = Pledge.objects.create(
        branch=member.branch,
        member=member,
        assignment=assignment,
        year=year,
        text=text,
        from_duty=(from_duty or "").strip()[:MAX_TEXT],
        due_on=due_on,
        created_by=by,
    )
    _log("assessments.pledge.added", pledge, by)
    return pledge


@service
def edit_pledge(*, pledge, by, text, due_on, from_duty=None, responsible=None, today=None):
    """Change a draft or returned pledge (a member's by the member, the branch's by an officer)."""
    today = today or timezone.localdate()
    pledge = _lock(pledge)
    _refuse_unless(pledge, (*Pledge.OPEN, Pledge.Status.SUBMITTED) if pledge.is_branchs else Pledge.OPEN)
    _refuse_unless_maker(pledge, by)
    pledge.text, pledge.due_on = _clean_text(text), _clean_due(due_on, pledge.year, today)
    fields = ["text", "due_on"]
    if from_duty is not None:
        pledge.from_duty = from_duty.strip()[:MAX_TEXT]
        fields.append("from_duty")
    if pledge.is_branchs:
        pledge.responsible = responsible
        fields.append("responsible")
    pledge.save(update_fields=fields)
    _log("assessments.pledge.changed", pledge, by)
    return pledge


@service
def delete_pledge(*, pledge, by):
    """Remove a draft or returned pledge; what the committee accepted stays."""
    pledge = _lock(pledge)
    _refuse_unless(pledge, Pledge.OPEN)
    _refuse_unless_maker(pledge, by)
    _log("assessments.pledge.deleted", pledge, by, text=pledge.text)
    pledge.delete()


@service
def submit_pledges(*, member, year, by, note=""):
    """Send the member's draft and returned pledges of the year for review. Fewer than the
    rules' minimum needs a note saying why (age, health); more than the maximum is refused.
    Returns the pledges sent."""
    member = Member.objects.select_for_update(of=("self",)).select_related("branch").get(pk=member.pk)
    if not _acts_for(member, by):
        _refuse(_("Only %(name)s submits their own pledges.") % {"name": member.name}, "not_maker")
    mine = Pledge.objects.filter(member=member, year=year)
    sending = list(mine.filter(status__in=Pledge.OPEN).order_by("pk"))
    if not sending:
        _refuse(_("There is no draft or returned pledge to submit."), "nothing")
    low, high, _bl, _bh = limits(member.branch)
    count, note = mine.count(), (note or "").strip()[:MAX_TEXT]
    if count > high:
        _refuse(
            _("You have %(count)d pledges for %(year)d; the rules allow at most %(high)d. Delete some first.")
            % {"count": count, "year": year, "high": high},
            "too_many",
        )
    if count < low and not note:
        _refuse(
            _(
                "Why fewer: the rules ask for at least %(low)d pledges. If you make fewer (for age or health), "
                "say why in a sentence."
            )
            % {"low": low},
            "fewer_needs_note",
            "note",
        )
    now = timezone.now()
    for pledge in sending:
        pledge.status, pledge.submitted_at = Pledge.Status.SUBMITTED, now
        pledge.fewer_note = note if count < low else ""
    Pledge.objects.bulk_update(sending, ["status", "submitted_at", "fewer_note"])
    audit_log(
        "assessments.pledges.submitted",
        actor=by,
        organisation=member.branch,
        obj=member,
        reason=note if count < low else "",
        payload={"year": year, "count": len(sending), "member_id": member.pk},
    )
    return sending


# -- the committee: review ------------------------------------------------------------------------


def _accept(pledge, by, now):
    pledge.status, pledge.reviewed_by, pledge.reviewed_at = Pledge.Status.ACCEPTED, by, now
    pledge.published_at, pledge.return_reason = now, ""
    pledge.save(update_fields=["status", "reviewed_by", "reviewed_at", "published_at", "return_reason"])


@service
def accept_pledge(*, pledge, by):
    """Accept a submitted pledge (or the branch's own draft): it is published."""
    pledge = _lock(pledge)
    _refuse_unless(pledge, (Pledge.Status.SUBMITTED, *Pledge.OPEN) if pledge.is_branchs else (Pledge.Status.SUBMITTED,))
    _refuse_own_review(pledge, by)
    _accept(pledge, by, timezone.now())
    _log("assessments.pledge.accepted", pledge, by)
    return pledge


@service
def return_pledge(*, pledge, by, reason):
    """Send a submitted pledge back to the member with a reason, to fix and submit again."""
    reason = (reason or "").strip()[:MAX_TEXT]
    pledge = _lock(pledge)
    if not reason:
        _refuse(_("Reason: say what the member should change."), "no_reason", "reason")
    if pledge.is_branchs:
        _refuse(_("The branch's own pledges are changed, not returned."), "branch_pledge")
    _refuse_unless(pledge, (Pledge.Status.SUBMITTED,))
    _refuse_own_review(pledge, by)
    pledge.status, pledge.reviewed_by, pledge.reviewed_at = Pledge.Status.RETURNED, by, timezone.now()
    pledge.return_reason = reason
    pledge.save(update_fields=["status", "reviewed_by", "reviewed_at", "return_reason"])
    _log("assessments.pledge.returned", pledge, by, reason=reason)
    return pledge


@service
def accept_many(*, pledges, by):
    """Accept the chosen pledges that wait for review; one entry for all. Refused as a whole
    when one of them is the reviewer's own or no longer waits."""
    locked = list(
        Pledge.objects.select_for_update(of=("self",))
        .select_related("branch", "member")
        .filter(pk__in=[p.pk for p in pledges])
        .order_by("pk")
    )
    if not locked:
        _refuse(_("Choose the pledges to accept."), "nothing")
    if len({p.branch_id for p in locked}) > 1:
        raise ValueError("accept_many takes the pledges of one branch")
    now = timezone.now()
    for pledge in locked:
        _refuse_unless(pledge, (Pledge.Status.SUBMITTED,))
        _refuse_own_review(pledge, by)
        _accept(pledge, by, now)
    audit_log(
        "assessments.pledges.accepted",
        actor=by,
        organisation=locked[0].branch,
        obj=locked[0].branch,
        payload={"count": len(locked), "pledge_ids": [p.pk for p in locked]},
    )
    return locked


# -- the branch's own pledges -----------------------------------------------------------------


@service
def add_branch_pledge(*, branch, year, by, text, due_on, responsible=None, today=None):
    """A pledge of the branch itself (a draft an officer accepts when the committee agrees)."""
    today = today or timezone.localdate()
    text, due_on = _clean_text(text), _clean_due(due_on, year, today)
    if responsible is not None and responsible.branch_id != branch.pk:
        _refuse(_("Person responsible: choose someone of this branch."), "other_branch", "responsible")
    if not get_scope(by).can("pledges.review", branch):
        _refuse(_("Only the branch's officers change the branch's pledges."), "not_maker")
    # The branch's row is the lock for its count.
    type(branch).objects.select_for_update().filter(pk=branch.pk).first()
    _low, _high, _branch_low, branch_high = limits(branch)
    if Pledge.objects.filter(branch=branch, year=year, member__isnull=True).count() >= branch_high:
        _refuse(
            _("The branch has made %(high)d pledges for %(year)d, the most the rules allow.")
            % {"high": branch_high, "year": year},
            "too_many",
        )
    pledge = Pledge.objects.create(
        branch=branch, year=year, text=text, due_on=due_on, responsible=responsible, created_by=by
    )
    _log("assessments.pledge.added", pledge, by)
    return pledge


# -- fulfilment (践诺) and evaluation (评诺) -------------------------------------------------


@service
def record_progress(*, pledge, by, text, noted_on=None, entries=(), today=None):
    """A note of what was done towards an accepted pledge, with the maker's duty-log entries
    as evidence (for the branch's own pledges, entries of the branch's members)."""
    today = today or timezone.localdate()
    noted_on = noted_on or today
    pledge = _lock(pledge)
    _refuse_unless(pledge, (Pledge.Status.ACCEPTED,))
    _refuse_unless_maker(pledge, by)
    text = (text or "").strip()
    if not text:
        _refuse(_("What was done: write a sentence or two."), "no_text", "text")
    if noted_on > today:
        _refuse(_("Date: the date is in the future."), "future", "noted_on")
    entries = list(entries)
    owner = {"branch": pledge.branch} if pledge.is_branchs else {"member_id": pledge.member_id}
    allowed = set(
        DutyLogEntry.objects.filter(pk__in=[e.pk for e in entries], **owner)
        .exclude(status=DutyLogEntry.Status.RETURNED)
        .values_list("pk", flat=True)
    )
    if len(allowed) != len({e.pk for e in entries}):
        _refuse(_("Evidence: choose entries of your own duty log."), "other_entries", "entries")
    progress = PledgeProgress.objects.create(pledge=pledge, noted_on=noted_on, text=text, by=by)
    progress.entries.set(allowed)
    _log("assessments.pledge.progress", pledge, by, entries=len(allowed))
    return progress


@service
def set_outcome(*, pledge, by, outcome, reason, today=None):
    """Fulfilled, partly fulfilled or not: set by the committee, with a reason, at or after the
    target date. A wrong outcome is corrected the same way (the log keeps both)."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()[:MAX_TEXT]
    pledge = _lock(pledge)
    if outcome not in Pledge.OUTCOMES:
        _refuse(_("Outcome: choose fulfilled, partly fulfilled or not fulfilled."), "bad_outcome", "outcome")
    if not reason:
        _refuse(_("Reason: say what was done and what was not."), "no_reason", "reason")
    _refuse_unless(pledge, Pledge.PUBLISHED)
    if pledge.due_on and today < pledge.due_on:
        _refuse(
            _("The outcome is set at or after the target date (%(due)s).") % {"due": pledge.due_on.isoformat()},
            "before_due",
        )
    _refuse_own_review(pledge, by)
    before = pledge.status
    pledge.status, pledge.outcome_reason = outcome, reason
    pledge.outcome_by, pledge.outcome_at = by, timezone.now()
    pledge.save(update_fields=["status", "outcome_reason", "outcome_by", "outcome_at"])
    _log(
        "assessments.pledge.outcome_set",
        pledge,
        by,
        reason=reason,
        pledge_status=outcome,
        previous_pledge_status=before,
    )
    return pledge


@service
def evaluate(*, pledge, by, source, comment):
    """A comment on how a published pledge is kept (评诺): SELF by the member, the others entered
    by an officer (the view checks pledges.review)."""
    comment = (comment or "").strip()
    pledge = _lock(pledge)
    if source not in PledgeEvaluation.Source.values:
        _refuse(_("From: choose who the comment comes from."), "bad_source", "source")
    if not comment:
        _refuse(_("Comment: write the comment."), "no_comment", "comment")
    _refuse_unless(pledge, Pledge.PUBLISHED)
    if source == PledgeEvaluation.Source.SELF:
        if pledge.is_branchs:
            _refuse(_("The branch's own pledges are evaluated by members, the public and leaders."), "branch_self")
        if pledge.member.user_id != getattr(by, "pk", None):
            _refuse(_("Only %(name)s evaluates their own pledges.") % {"name": pledge.member.name}, "not_maker")
    else:
        _refuse_own_review(pledge, by)
    evaluation = PledgeEvaluation.objects.create(pledge=pledge, source=source, comment=comment, by=by)
    _log("assessments.pledge.evaluated", pledge, by, evaluation_source=source)
    return evaluation


@not_a_service("a date helper for pages and the demo")
def default_due(year):
    """The end of the year: where most pledges fall due."""
    return datetime.date(year, 12, 31)

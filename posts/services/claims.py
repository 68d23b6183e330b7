"""认岗, 议岗, 定岗: claims and nominations, the members' meeting's votes, and the branch
committee's decision.

The per-person rule: a member's live assignments in the branch plus their claims awaiting
review may not exceed the branch's `posts_per_person`. Counting pending claims keeps every
claim on the review page approvable on its own and tells the member at once that they
must withdraw one claim before making another. Approval checks the live assignments again.

Rows are always locked in the same order (claim, then post, then member) so that two
officers, or an officer and a member, acting at the same moment never deadlock.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit_log
from audit import not_a_service, service
from members.models import Member

from .. import extensions, selectors
from ..models import Assignment, AssignmentEvent, BranchPost, Claim
from . import PostError, record
from .places import lock_post_with_free_place


@not_a_service("a check, also shown on the member's pages")
def eligibility_problem(member):
    """Why the member may not take any post now, or None. Shown on the member's pages too."""
    if member.exempt:
        return _("%(name)s is exempted from posts and does not take one.") % {"name": member.name}
    if member.office and not member.branch.office_holders_may_claim:
        return _("%(name)s holds an office (%(office)s); in this branch office holders do not take posts.") % {
            "name": member.name,
            "office": member.office,
        }
    review = extensions.deferral(member)
    if review is not None:
        return _("%(name)s was rated unqualified in the %(year)d annual review, so taking a post is deferred.") % {
            "name": member.name,
            "year": review.year,
        }
    return None


def _refuse_ineligible(member, post):
    if member.branch_id != post.branch_id:
        raise PostError(
            _("%(name)s is not on the roster of %(branch)s; only its own members take its posts.")
            % {"name": member.name, "branch": post.branch.name},
            code="other_branch",
        )
    problem = eligibility_problem(member)
    if problem:
        raise PostError(problem, code="ineligible")


def _refuse_outside_round(post, today):
    current = selectors.open_round(post.branch, today)
    if current is None:
        raise PostError(
            _("No claim round is open in %(branch)s today.") % {"branch": post.branch.name}, code="no_round"
        )
    if current.year != post.year:
        raise PostError(
            _("The open claim round is for the posts of %(year)d.") % {"year": current.year}, code="other_year"
        )
    return current


def _live_assignments(member, branch):
    return Assignment.objects.filter(member=member, post__branch=branch, status__in=Assignment.LIVE)


def _refuse_over_limit(member, branch, count):
    limit = branch.posts_per_person
    if count >= limit:
        raise PostError(
            _("%(name)s already holds or has applied for %(count)d post(s); %(branch)s allows %(limit)d per person.")
            % {"name": member.name, "count": count, "branch": branch.name, "limit": limit},
            code="limit",
        )


def _refuse_holder(member, post):
    if _live_assignments(member, post.branch).filter(post=post).exists():
        raise PostError(_("%(name)s holds this post already.") % {"name": member.name}, code="holder")


@service
def submit_claim(*, post, member, by, statement="", source=Claim.Source.SELF, today=None):
    """A claim for a post: the member's own (SELF), or a nomination by a member (MEMBER) or by
    the branch (BRANCH). Only the branch may nominate outside a claim round."""
    today = today or timezone.localdate()
    with transaction.atomic():
        post = BranchPost.objects.select_related("branch", "post_type").get(pk=post.pk)
        member = Member.objects.select_related("branch").get(pk=member.pk)
        _refuse_ineligible(member, post)
        claim_round = None if source == Claim.Source.BRANCH else _refuse_outside_round(post, today)
        if not post.is_open:
            raise PostError(
                _("The post “%(post)s” is closed for claims.") % {"post": post.post_type.name}, code="closed"
            )
        # A holder is told they hold it, not that the post (full with them on it) is full.
        _refuse_holder(member, post)
        lock_post_with_free_place(post)
        # The member's row is the lock for their count: two claims sent at once (a double tap,
        # two tabs) would otherwise both see room under the limit.
        member = Member.objects.select_for_update(of=("self",)).select_related("branch").get(pk=member.pk)
        pending = Claim.objects.filter(member=member, post__branch=post.branch, status=Claim.Status.PENDING)
        if pending.filter(post=post).exists():
            raise PostError(
                _("%(name)s has applied for this post already; the claim awaits review.") % {"name": member.name},
                code="duplicate",
            )
        _refuse_holder(member, post)
        _refuse_over_limit(member, post.branch, _live_assignments(member, post.branch).count() + pending.count())
        claim = Claim.objects.create(
            post=post,
            member=member,
            claim_round=claim_round,
            source=source,
            nominated_by=by,
            statement=statement.strip(),
        )
        audit_log(
            "posts.claim.submitted",
            actor=by,
            organisation=post.branch,
            obj=claim,
            payload={"source": source, "post_id": post.pk, "member_id": member.pk},
        )
        return claim


def _lock_pending(claim):
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != Claim.Status.PENDING:
        raise PostError(
            _("This claim is no longer awaiting review (it is “%(status)s”).") % {"status": claim.get_status_display()},
            code="not_pending",
        )
    return claim


def _decide(claim, status, by, reason, fields=()):
    claim.status, claim.decided_by, claim.decided_at = status, by, timezone.now()
    claim.decision_reason = reason.strip()
    claim.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", *fields])


def _log_claim(action, claim, by, reason="", **payload):
    post = BranchPost.objects.select_related("branch").get(pk=claim.post_id)
    audit_log(
        action,
        actor=by,
        organisation=post.branch,
        obj=claim,
        reason=reason,
        payload={"post_id": claim.post_id, "member_id": claim.member_id, **payload},
    )


@service
def withdraw_claim(*, claim, by):
    claim = _lock_pending(claim)
    _decide(claim, Claim.Status.WITHDRAWN, by, "")
    _log_claim("posts.claim.withdrawn", claim, by)
    return claim


@service
def record_votes(*, tallies, by):
    """Store a members' meeting's recommendation votes: {claim: votes or None}. Only claims
    awaiting review take votes; returns how many claims changed."""
    locked = Claim.objects.select_for_update().filter(pk__in=[c.pk for c in tallies]).order_by("pk")
    claims = {c.pk: c for c in locked}
    now, changed, branch = timezone.now(), 0, None
    for given, votes in tallies.items():
        claim = claims[given.pk]
        if claim.votes == votes:
            continue
        if claim.status != Claim.Status.PENDING:
            raise PostError(_("Votes are recorded only for claims awaiting review."), code="not_pending")
        claim.votes, claim.votes_recorded_by, claim.votes_recorded_at = votes, by, now
        claim.save(update_fields=["votes", "votes_recorded_by", "votes_recorded_at"])
        changed += 1
        branch = branch or BranchPost.objects.select_related("branch").get(pk=claim.post_id).branch
    if changed:
        audit_log("posts.claim.votes_recorded", actor=by, organisation=branch, obj=branch, payload={"count": changed})
    return changed


def _place(claim, post, *, by, claim_status, reason):
    """Give the claimant a place on `post`, inside the caller's transaction, after `claim` is locked."""
    # lock_post_with_free_place holds the post's row until commit: two officers filling its
    # last place at the same moment take turns, and the second one is refused.
    post = lock_post_with_free_place(post)
    member = Member.objects.select_for_update(of=("self",)).select_related("branch").get(pk=claim.member_id)
    _refuse_ineligible(member, post)
    _refuse_holder(member, post)
    _refuse_over_limit(member, post.branch, _live_assignments(member, post.branch).count())
    assignment = Assignment.objects.create(post=post, member=member, claim=claim, status=Assignment.Status.APPROVED)
    _decide(claim, claim_status, by, reason)
    record(assignment, AssignmentEvent.Action.APPROVED, actor=by, reason=reason.strip())
    return assignment


@service
def approve_claim(*, claim, by, reason=""):
    """定岗: the committee approves; the member gets an assignment awaiting public notice."""
    claim = _lock_pending(claim)
    assignment = _place(claim, claim.post, by=by, claim_status=Claim.Status.APPROVED, reason=reason)
    _log_claim("posts.claim.approved", claim, by, reason=reason.strip(), assignment_id=assignment.pk)
    return assignment


@service
def reject_claim(*, claim, by, reason):
    if not reason.strip():
        raise PostError(_("Give the reason for the rejection; the member will read it."), code="reason")
    claim = _lock_pending(claim)
    _decide(claim, Claim.Status.REJECTED, by, reason)
    _log_claim("posts.claim.rejected", claim, by, reason=reason.strip())
    return claim


@service
def move_claim(*, claim, to_post, by, reason=""):
    """The committee gives the claimant another post of the same branch and year (调岗)."""
    claim = _lock_pending(claim)
    origin = BranchPost.objects.select_related("post_type").get(pk=claim.post_id)
    if to_post.pk == origin.pk or to_post.branch_id != origin.branch_id or to_post.year != origin.year:
        raise PostError(_("Choose another post of the same branch and year."), code="bad_target")
    reason = reason.strip() or _("Moved from the post “%(post)s”.") % {"post": origin.post_type.name}
    assignment = _place(claim, to_post, by=by, claim_status=Claim.Status.MOVED, reason=reason)
    _log_claim("posts.claim.moved", claim, by, reason=reason, assignment_id=assignment.pk, to_post_id=to_post.pk)
    return assignment

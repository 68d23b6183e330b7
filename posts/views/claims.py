"""认岗 on the member's phone (browse, claim, nominate, my claims, withdraw), and 议岗/定岗 for the
branch committee (votes and decisions on the review page)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import own_member, requires
from members.params import year_param

from .. import forms, selectors
from ..access import get_claim_or_404, get_post_or_404
from ..models import BranchPost, Claim
from ..services import PostError
from ..services import claims as service
from . import attempt

# -- members -----------------------------------------------------------------------


def _member_post(request, pk):
    """A post of the member's own branch."""
    member = own_member(request)
    return member, get_post_or_404(request, pk, "claims.make_own")


def _next_step_message(claim):
    """What happens after a claim, with the dates known now: the committee's review after the
    round, then a public notice of at least the branch's minimum period."""
    days = selectors.policy_for(claim.post.branch).min_notice_working_days
    if claim.claim_round is not None:
        return _(
            "Your claim is submitted. Next, the branch committee reviews the claims after the claim round "
            "ends on %(end)s. If you are approved, your name goes on a public notice for at least "
            "%(days)d working days before you take up the post."
        ) % {"end": date_format(claim.claim_round.ends_on, "SHORT_DATE_FORMAT"), "days": days}
    return _(
        "Your claim is submitted. Next, the branch committee reviews it. If you are approved, your name "
        "goes on a public notice for at least %(days)d working days before you take up the post."
    ) % {"days": days}


@requires("claims.make_own")
def browse(request):
    member = own_member(request)
    branch = member.branch
    year = selectors.working_year(branch)
    return render(
        request,
        "posts/claims/browse.html",
        {
            "member": member,
            "year": year,
            "open_round": selectors.open_round(branch),
            "posts": selectors.branch_posts(branch, year),
            "problem": service.eligibility_problem(member),
            "pending_ids": selectors.pending_post_ids(member),
            "held_ids": selectors.held_post_ids(member),
        },
    )


@requires("claims.make_own")
def claim(request, pk):
    """The post's duties and menu, and the form to claim it."""
    member, post = _member_post(request, pk)
    form = forms.ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = service.submit_claim(post=post, member=member, by=request.user, **form.cleaned_data)
        except PostError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _next_step_message(made))
            return redirect("posts:my_claims")
    post = (
        selectors.with_counts(BranchPost.objects.filter(pk=post.pk))
        .select_related("branch", "post_type__post_class", "lead", "contact_cadre")
        .get()
    )
    return render(
        request,
        "posts/claims/claim.html",
        {
            "post": post,
            "form": form,
            "open_round": selectors.open_round(post.branch),
            "problem": service.eligibility_problem(member),
            # The services refuse these too; the page does not offer what would be refused.
            "holds": post.pk in selectors.held_post_ids(member),
            "applied": post.pk in selectors.pending_post_ids(member),
        },
    )


@requires("claims.make_own")
def my_claims(request):
    member = own_member(request)
    return render(
        request,
        "posts/claims/my_claims.html",
        {
            "member": member,
            "claims": selectors.member_claims(member),
            "notice_days": selectors.policy_for(member.branch).min_notice_working_days,
        },
    )


@requires("claims.make_own")
@require_POST
def withdraw(request, pk):
    claim_ = get_claim_or_404(request, pk, "claims.make_own")
    attempt(request, lambda: service.withdraw_claim(claim=claim_, by=request.user), _("The claim is withdrawn."))
    return redirect("posts:my_claims")


@requires("claims.review", "claims.make_own")
def nominate(request, pk):
    """Recommend someone for a post: a member for a fellow member (in the claim round), the
    branch committee for anyone of the branch (at any time, e.g. for posts nobody claimed)."""
    scope = request.scope
    post = get_post_or_404(request, pk, ("claims.review", "claims.make_own"))
    if scope.can("claims.review", post.branch):
        source, back = Claim.Source.BRANCH, reverse("posts:review", args=[post.branch.code])
        candidates = scope.members("claims.review").filter(pk__in=selectors.nominees(post.branch, post).values("pk"))
    elif scope.member is not None and scope.member.branch_id == post.branch_id:
        # Fellow members' names are what a member needs to recommend one; nothing more is shown.
        source, back = Claim.Source.MEMBER, reverse("posts:my_claims")
        candidates = selectors.nominees(post.branch, post).exclude(pk=scope.member.pk)
    else:
        raise Http404
    candidates = candidates.select_related("group").order_by("name")
    form = forms.NominateForm(request.POST or None, candidates=candidates)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: service.submit_claim(post=post, by=request.user, source=source, **form.cleaned_data),
            _("The recommendation is submitted for the branch committee's review."),
        )
    ):
        return redirect(back)
    return render(request, "posts/claims/nominate.html", {"post": post, "form": form, "back": back})


# -- the branch committee -------------------------------------------------------------


def _review_page(request, branch, year, votes_form=None):
    posts = list(selectors.review_board(branch, year))
    pending = [c for p in posts for c in p.pending_claims]
    votes_form = votes_form or forms.VotesForm(claims=pending)
    for post in posts:
        targets = [p for p in posts if p.pk != post.pk]
        for c in post.pending_claims:
            c.votes_field = votes_form[forms.VotesForm.field_name(c)]
            c.targets = targets
    return render(
        request,
        "posts/review/review.html",
        {
            "branch": branch,
            "year": year,
            "posts": posts,
            "votes_form": votes_form,
            "has_pending": bool(pending),
            "decided": selectors.decided_claims(branch, year)[:50],
        },
    )


@requires("claims.review")
def review(request, branch):
    return _review_page(request, branch, year_param(request, selectors.working_year(branch)))


@requires("claims.review")
@require_POST
def record_votes(request, branch):
    year = year_param(request, selectors.working_year(branch))
    pending = [c for p in selectors.review_board(branch, year) for c in p.pending_claims]
    form = forms.VotesForm(request.POST, claims=pending)
    if not form.is_valid():
        return _review_page(request, branch, year, votes_form=form)
    attempt(
        request,
        lambda: service.record_votes(tallies=form.tallies(), by=request.user),
        _("The votes are recorded; candidates are ranked by them."),
    )
    return redirect(f"{reverse('posts:review', args=[branch.code])}?year={year}")


@requires("claims.review")
@require_POST
def decide(request, pk):
    claim_ = get_claim_or_404(request, pk, "claims.review")
    post = claim_.post
    # The votes typed on the page come with the decision (one form): record them first, in
    # their own transaction, so they are kept even if the decision is refused.
    pending = [c for p in selectors.review_board(post.branch, post.year) for c in p.pending_claims]
    votes_form = forms.VotesForm(request.POST, claims=pending)
    if not votes_form.is_valid():
        return _review_page(request, post.branch, post.year, votes_form=votes_form)
    try:
        if service.record_votes(tallies=votes_form.tallies(sent=request.POST), by=request.user):
            messages.success(request, _("The votes are recorded; candidates are ranked by them."))
    except PostError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('posts:review', args=[post.branch.code])}?year={post.year}")
    targets = BranchPost.objects.filter(branch=post.branch, year=post.year).exclude(pk=post.pk)
    form = forms.DecisionForm(request.POST, claim=claim_, targets=targets.select_related("post_type"))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        data, by, name = form.cleaned_data, request.user, claim_.member.name
        if data["action"] == form.APPROVE:
            attempt(
                request,
                lambda: service.approve_claim(claim=claim_, by=by, reason=data["reason"]),
                _("%(name)s is approved for the post.") % {"name": name},
            )
        elif data["action"] == form.REJECT:
            attempt(
                request,
                lambda: service.reject_claim(claim=claim_, by=by, reason=data["reason"]),
                _("The claim of %(name)s is rejected.") % {"name": name},
            )
        else:
            to_post = data["to_post"]
            attempt(
                request,
                lambda: service.move_claim(claim=claim_, to_post=to_post, by=by, reason=data["reason"]),
                _("%(name)s is approved for the post “%(post)s”.") % {"name": name, "post": to_post.post_type.name},
            )
    return redirect(f"{reverse('posts:review', args=[post.branch.code])}?year={post.year}")

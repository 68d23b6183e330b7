"""Officers' pages for letters, going on post and later changes; the member's own history."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from members.access import get_member_or_404, own_member, requires
from members.models import Member
from members.params import year_param

from .. import forms, selectors
from ..access import get_assignment_or_404, get_letter_or_404
from ..models import Assignment, BranchPost
from ..services import PostError, lifecycle, notices
from . import page_query

Status = Assignment.Status


@dataclass(frozen=True)
class AssignmentAction:
    label: Promise
    form: type
    run: Callable
    statuses: tuple
    danger: bool = False


# What can be done to an assignment from its page, in the order shown. The services
# enforce the rules; `statuses` only decides which forms are worth showing.
ACTIONS = {
    "make-letter": AssignmentAction(
        gettext_lazy("Make the responsibility letter"),
        forms.ConfirmForm,
        lambda a, data, by: lifecycle.make_letter(assignment=a, by=by),
        Assignment.HOLDING,
    ),
    "transfer": AssignmentAction(
        gettext_lazy("Transfer to another post"),
        forms.TransferForm,
        lambda a, data, by: lifecycle.transfer(assignment=a, by=by, **data),
        Assignment.SERVING,
    ),
    "suspend": AssignmentAction(
        gettext_lazy("Suspend"),
        forms.SuspendForm,
        lambda a, data, by: lifecycle.suspend(assignment=a, by=by, **data),
        (Status.ON_POST,),
    ),
    "reinstate": AssignmentAction(
        gettext_lazy("Reinstate"),
        forms.OptionalReasonForm,
        lambda a, data, by: lifecycle.reinstate(assignment=a, by=by, **data),
        (Status.SUSPENDED,),
    ),
    "end-term": AssignmentAction(
        gettext_lazy("End the term"),
        forms.OptionalReasonForm,
        lambda a, data, by: lifecycle.end_term(assignment=a, by=by, **data),
        Assignment.HOLDING,
    ),
    "remove": AssignmentAction(
        gettext_lazy("Remove from the post"),
        forms.ReasonForm,
        lambda a, data, by: lifecycle.remove(assignment=a, by=by, **data),
        Assignment.HOLDING,
        danger=True,
    ),
    "withdraw": AssignmentAction(
        gettext_lazy("Withdraw from the notice"),
        forms.ReasonForm,
        lambda a, data, by: notices.withdraw(assignment=a, by=by, **data),
        (Status.ON_NOTICE,),
        danger=True,
    ),
}


def _assignment_page(request, assignment, bound=None):
    """The assignment with its letter, history and (for its officers) the forms that apply now."""
    actions = []
    if request.scope.can("assignments.change", assignment.post.branch):
        letter = getattr(assignment, "letter", None)
        for key, action in ACTIONS.items():
            if bound and bound[0] == key:
                # Shown even when it no longer applies, so the user reads why it was refused.
                form = bound[1]
            elif assignment.status in action.statuses and not (key == "make-letter" and letter):
                form = action.form(assignment=assignment, auto_id=f"{key}_%s")
            else:
                continue
            actions.append({"key": key, "label": action.label, "form": form, "danger": action.danger})
    return render(
        request,
        "posts/lifecycle/assignment.html",
        {
            "assignment": assignment,
            "letter": getattr(assignment, "letter", None),
            "events": selectors.assignment_events(assignment),
            "actions": actions,
        },
    )


@requires("roster.read")
def assignment_detail(request, pk):
    return _assignment_page(request, get_assignment_or_404(request, pk, "roster.read"))


@requires("assignments.change")
@require_POST
def assignment_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    assignment = get_assignment_or_404(request, pk, "assignments.change")
    spec = ACTIONS[action]
    form = spec.form(request.POST, assignment=assignment, auto_id=f"{action}_%s")
    if form.is_valid():
        try:
            result = spec.run(assignment, form.cleaned_data, request.user)
        except PostError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": spec.label})
            # A transfer makes a new assignment: follow the member there.
            target = result if isinstance(result, Assignment) else assignment
            return redirect("posts:assignment_detail", pk=target.pk)
    return _assignment_page(request, assignment, bound=(action, form))


@requires("letters.read")
def letter_list(request):
    scope = request.scope
    awaiting_only = request.GET.get("show") != "all"
    letters = selectors.letters(scope, awaiting_only=awaiting_only)
    branch = request.GET.get("branch", "")
    if branch:  # from the secretary's home: one branch's letters
        letters = letters.filter(assignment__post__branch__code=branch)
    page = Paginator(letters, 50).get_page(request.GET.get("page"))
    managed = {b.pk for b in scope.branches("letters.sign").only("pk")} if scope.holds("letters.sign") else set()
    for letter in page:
        if letter.assignment.post.branch_id in managed and letter.assignment.status == Status.EFFECTIVE:
            letter.sign_form = forms.SignForm(auto_id=f"s{letter.pk}_%s")
            letter.train_form = forms.TrainForm(auto_id=f"t{letter.pk}_%s")
    return render(
        request,
        "posts/letters/list.html",
        {
            "page": page,
            "awaiting_only": awaiting_only,
            "page_query": page_query(request),
            "term_branches": scope.branches("posts.set_up").order_by("path") if scope.holds("posts.set_up") else [],
        },
    )


def _letter_post(request, pk, form_class, record):
    letter = get_letter_or_404(request, pk, "letters.sign")
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            record(letter=letter, by=request.user, **form.cleaned_data)
        except PostError as error:
            messages.error(request, error.message)
        else:
            letter.assignment.refresh_from_db(fields=["status"])
            if letter.assignment.status == Status.ON_POST:
                messages.success(request, _("%(name)s is now on post.") % {"name": letter.assignment.member.name})
            else:
                messages.success(request, _("Recorded."))
    return redirect("posts:letters")


@requires("letters.sign")
@require_POST
def letter_sign(request, pk):
    return _letter_post(request, pk, forms.SignForm, lifecycle.record_signatures)


@requires("letters.sign")
@require_POST
def letter_train(request, pk):
    return _letter_post(request, pk, forms.TrainForm, lifecycle.record_training)


@requires("roster.read")
def member_history(request, pk):
    member = get_member_or_404(request, pk, "roster.read", Member.objects.select_related("branch"))
    held = list(selectors.member_assignments(member))
    return render(
        request,
        "posts/lifecycle/member_history.html",
        {
            "member": member,
            "assignments": held,
            "events": selectors.member_events(member),
            "is_self": request.scope.member is not None and request.scope.member.pk == member.pk,
            "on_post": [a for a in held if a.status == Status.ON_POST],
        },
    )


@requires("record.read_own")
def my_history(request):
    return redirect("posts:member_history", pk=own_member(request).pk)


@requires("posts.set_up")
def new_term(request, branch):
    years = sorted(set(BranchPost.objects.filter(branch=branch).values_list("year", flat=True)), reverse=True)
    if not years:
        messages.error(request, _("The branch has no posts yet."))
        return redirect("posts:letters")
    year = year_param(request, years[0], allowed=years)
    form = forms.NewTermForm(request.POST or None, branch=branch, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.start_new_term(
                branch=branch, year=year, carry_over=form.cleaned_data["carry_over"], by=request.user
            )
        except PostError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The %(next)d term is set up. Letters of those who continue are ready to sign.") % {"next": year + 1},
            )
            return redirect("posts:letters")
    return render(
        request,
        "posts/lifecycle/new_term.html",
        {
            "branch": branch,
            "year": year,
            "years": years,
            "form": form,
        },
    )

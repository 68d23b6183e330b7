"""Pledges (承诺 → 践诺 → 评诺): the member's phone pages (make, submit, fix, progress, own
evaluation) and the committee's (review, the branch's own pledges, outcomes, evaluations).

Member pages find pledges through the own record (pledges.make_own); committee pages through
the branch in the URL (pledges.read to look, pledges.review to act). Anything outside reach
is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import own_member, requires
from members.models import Member
from members.params import year_param
from papers import registry
from papers.sections import sections_for
from papers.views import pdf_response, pdf_without_csp
from posts.selectors import working_year
from posts.views import page_query

from ..forms import pledges as forms
from ..models import Pledge, PledgeEvaluation
from ..selectors import pledges as selectors
from ..services import pledges as service

PER_PAGE = 50


def _refused(request, error, form=None):
    """Show a service's refusal beside its form field when the form has it, else on top."""
    if form is not None and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                if field in form.fields:
                    form.add_error(field, e)
                else:
                    messages.error(request, e.message % (e.params or {}) if e.params else e.message)
        return
    for message in error.messages:
        messages.error(request, message)


def _attempt(request, change, success, form=None):
    """Run a service call; tell the user it worked or why not. Returns whether it worked."""
    try:
        change()
    except ValidationError as error:
        _refused(request, error, form)
        return False
    messages.success(request, success)
    return True


def _own_pledge(request, pk):
    """One of the user's own pledges."""
    own_member(request)
    pledges = request.scope.filter(
        Pledge.objects.select_related("branch", "member"), "pledges.make_own", via="branch", member_via="member"
    )
    return request.scope.get_or_404(pledges, pk=pk)


def _branch_pledge(request, branch, pk):
    """A pledge of the branch in the URL (found within the view's capability)."""
    return request.scope.get_or_404(Pledge.objects.select_related("branch", "member"), pk=pk, branch=branch)


def _year(request, branch):
    return year_param(request, working_year(branch))


def _menu(assignments):
    return [line for a in assignments for line in selectors.duty_menu(a.post)]


# -- the member --------------------------------------------------------------------------------


@requires("pledges.make_own")
def my_pledges(request):
    member = own_member(request)
    year = _year(request, member.branch)
    pledges = list(selectors.member_pledges(member, year))
    low, high, _bl, _bh = service.limits(member.branch)
    serving = list(service.serving_assignments(member, year))
    return render(
        request,
        "assessments/pledges/mine.html",
        {
            "member": member,
            "year": year,
            "pledges": pledges,
            "low": low,
            "high": high,
            "serving": serving,
            "can_add": bool(serving) and len(pledges) < high,
            "can_submit": any(p.status in Pledge.OPEN for p in pledges),
            "fewer": len(pledges) < low,
            "submit_form": forms.SubmitForm(),
            "print_url": f"{reverse('assessments:my_pledge_letter')}?year={year}"
            if any(p.is_published for p in pledges)
            else "",
        },
    )


def _mine_url(year):
    return f"{reverse('assessments:my_pledges')}?year={year}"


@requires("pledges.make_own")
def pledge_add(request):
    member = own_member(request)
    year = _year(request, member.branch)
    serving = list(service.serving_assignments(member, year))
    form = forms.PledgeForm(
        request.POST or None,
        menu=_menu(serving),
        assignments=serving,
        initial={"due_on": service.default_due(year)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: service.add_pledge(
                member=member,
                by=request.user,
                year=year,
                assignment=data.get("assignment"),
                text=data["text"],
                from_duty=data["from_duty"],
                due_on=data["due_on"],
            ),
            _("The pledge is saved as a draft. Submit your pledges for review when they are all written."),
            form,
        ):
            return redirect(_mine_url(year))
    return render(
        request,
        "assessments/pledges/form.html",
        {"form": form, "title": _("New pledge"), "back": _mine_url(year), "serving": serving, "year": year},
    )


@requires("pledges.make_own")
def pledge_edit(request, pk):
    pledge = _own_pledge(request, pk)
    menu = selectors.duty_menu(pledge.assignment.post) if pledge.assignment_id else []
    form = forms.PledgeForm(
        request.POST or None,
        menu=menu,
        initial={"from_duty": pledge.from_duty, "text": pledge.text, "due_on": pledge.due_on},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: service.edit_pledge(
                pledge=pledge, by=request.user, text=data["text"], from_duty=data["from_duty"], due_on=data["due_on"]
            ),
            _("The pledge is changed."),
            form,
        ):
            return redirect(_mine_url(pledge.year))
    return render(
        request,
        "assessments/pledges/form.html",
        {
            "form": form,
            "title": _("Change the pledge"),
            "back": _mine_url(pledge.year),
            "pledge": pledge,
            "locked": pledge.status not in Pledge.OPEN,
        },
    )


@requires("pledges.make_own")
@require_POST
def pledge_delete(request, pk):
    pledge = _own_pledge(request, pk)
    _attempt(request, lambda: service.delete_pledge(pledge=pledge, by=request.user), _("The pledge is deleted."))
    return redirect(_mine_url(pledge.year))


@requires("pledges.make_own")
@require_POST
def pledges_submit(request):
    member = own_member(request)
    year = _year(request, member.branch)
    form = forms.SubmitForm(request.POST)
    form.is_valid()
    _attempt(
        request,
        lambda: service.submit_pledges(member=member, year=year, by=request.user, note=form.cleaned_data.get("note")),
        _("Your pledges are submitted. The branch committee reviews them and publishes those it accepts."),
    )
    return redirect(_mine_url(year))


@requires("pledges.make_own")
def my_pledge(request, pk):
    pledge = _own_pledge(request, pk)
    pledge = selectors.pledge_detail(Pledge.objects.filter(member=pledge.member), pk)
    return _member_detail(request, pledge)


def _member_detail(request, pledge, progress_form=None, self_form=None):
    entries = selectors.own_entries(pledge.member, pledge.year)
    return render(
        request,
        "assessments/pledges/my_pledge.html",
        {
            "pledge": pledge,
            "progress_form": progress_form
            or forms.ProgressForm(entries=entries, initial={"noted_on": timezone.localdate()}),
            "self_form": self_form or forms.SelfEvaluationForm(),
            "has_self": any(e.source == PledgeEvaluation.Source.SELF for e in pledge.evaluations.all()),
        },
    )


@requires("pledges.make_own")
@require_POST
def pledge_progress(request, pk):
    pledge = _own_pledge(request, pk)
    form = forms.ProgressForm(request.POST, entries=selectors.own_entries(pledge.member, pledge.year))
    if form.is_valid() and _attempt(
        request,
        lambda: service.record_progress(
            pledge=pledge,
            by=request.user,
            text=form.cleaned_data["text"],
            noted_on=form.cleaned_data["noted_on"],
            entries=form.cleaned_data["entries"],
        ),
        _("The progress is recorded."),
        form,
    ):
        return redirect("assessments:my_pledge", pk=pledge.pk)
    detail = selectors.pledge_detail(Pledge.objects.filter(member=pledge.member), pk)
    return _member_detail(request, detail, progress_form=form)


@requires("pledges.make_own")
@require_POST
def pledge_self_evaluate(request, pk):
    pledge = _own_pledge(request, pk)
    form = forms.SelfEvaluationForm(request.POST)
    if form.is_valid() and _attempt(
        request,
        lambda: service.evaluate(
            pledge=pledge, by=request.user, source=PledgeEvaluation.Source.SELF, comment=form.cleaned_data["comment"]
        ),
        _("Your own evaluation is recorded."),
        form,
    ):
        return redirect("assessments:my_pledge", pk=pledge.pk)
    detail = selectors.pledge_detail(Pledge.objects.filter(member=pledge.member), pk)
    return _member_detail(request, detail, self_form=form)


def _own_letter(request):
    member = own_member(request)
    year = _year(request, member.branch)
    sections = sections_for([member.branch], year, ["pledge_letters"], members=[member])
    title = " ".join([str(_("Pledge letter")), member.name, str(year)])
    return member, year, sections, title


@requires("pledges.make_own")
def my_pledge_letter(request):
    """The member's own pledge letter (承诺践诺书) as it prints, with the PDF to download."""
    member, year, sections, title = _own_letter(request)
    return render(
        request,
        "assessments/pledges/my_letter.html",
        {"sections": sections, "title": title, "year": year, "screen": True},
    )


@pdf_without_csp
@requires("pledges.make_own")
def my_pledge_letter_pdf(request):
    member, year, sections, title = _own_letter(request)
    if not sections:
        return redirect(f"{reverse('assessments:my_pledge_letter')}?year={year}")
    return pdf_response(sections, title)


# -- the committee and overseers ------------------------------------------------------------------


def _list_url(branch, year):
    return f"{reverse('assessments:branch_pledges', args=[branch.code])}?year={year}"


def _print_links(request, branch, year):
    """The branch's pledge papers, for those who print its papers."""
    if not request.scope.can("print", branch):
        return []
    return [
        (registry.get(kind).title, reverse("papers:run", args=[branch.code, year, kind]))
        for kind in ("pledge_ledger", "pledge_letters", "pledge_stats")
    ]


@requires("pledges.read")
def branch_pledges(request, branch):
    year = _year(request, branch)
    filters = forms.FilterForm(request.GET or None, members=selectors.review_members(branch))
    status, member = "", None
    if filters.is_valid():
        status, member = filters.cleaned_data["status"], filters.cleaned_data["member"]
    page = Paginator(selectors.branch_pledges(branch, year, status=status, member=member), PER_PAGE).get_page(
        request.GET.get("page")
    )
    low, high, branch_low, branch_high = service.limits(branch)
    counts = selectors.status_counts(branch, year)
    return render(
        request,
        "assessments/pledges/branch_list.html",
        {
            "branch": branch,
            "year": year,
            "page": page,
            "page_query": page_query(request),
            "filters": filters,
            "counts": [(Pledge.Status(s).label, s, n) for s, n in counts.items() if n],
            "waiting": counts[Pledge.Status.SUBMITTED],
            "own_count": Pledge.objects.filter(branch=branch, year=year, member__isnull=True).count(),
            "without": list(selectors.members_without_pledges(branch, year)[:30]),
            "can_review": request.scope.can("pledges.review", branch),
            "limits": (low, high, branch_low, branch_high),
            "print_links": _print_links(request, branch, year),
        },
    )


@requires("pledges.review")
@require_POST
def pledges_accept_many(request, branch):
    year = _year(request, branch)
    picked = [int(v) for v in request.POST.getlist("pledge")[:500] if v.isdigit()]
    chosen = Pledge.objects.filter(branch=branch, pk__in=picked)
    _attempt(
        request,
        lambda: service.accept_many(pledges=list(chosen), by=request.user),
        _("The chosen pledges are accepted and published."),
    )
    return redirect(_list_url(branch, year))


def _committee_detail(request, branch, pk, **forms_given):
    pledge = selectors.pledge_detail(Pledge.objects.filter(branch=branch), pk)
    can_review = request.scope.can("pledges.review", branch)
    entries = selectors.branch_entries(branch, pledge.year) if pledge.is_branchs else None
    today = timezone.localdate()
    return render(
        request,
        "assessments/pledges/branch_pledge.html",
        {
            "branch": branch,
            "pledge": pledge,
            "can_review": can_review,
            "due": pledge.due_on is None or pledge.due_on <= today,
            "return_form": forms_given.get("return_form") or forms.ReturnForm(),
            "outcome_form": forms_given.get("outcome_form") or forms.OutcomeForm(),
            "evaluation_form": forms_given.get("evaluation_form") or forms.EvaluationForm(),
            "progress_form": forms_given.get("progress_form")
            or (forms.ProgressForm(entries=entries, initial={"noted_on": today}) if entries is not None else None),
            "back": _list_url(branch, pledge.year),
        },
    )


@requires("pledges.read")
def branch_pledge(request, branch, pk):
    _branch_pledge(request, branch, pk)
    return _committee_detail(request, branch, pk)


def _detail_url(branch, pledge):
    return reverse("assessments:branch_pledge", args=[branch.code, pledge.pk])


@requires("pledges.review")
@require_POST
def pledge_review(request, branch, pk):
    """Accept the pledge, or return it with a reason."""
    pledge = _branch_pledge(request, branch, pk)
    if request.POST.get("action") == "return":
        form = forms.ReturnForm(request.POST)
        if form.is_valid() and _attempt(
            request,
            lambda: service.return_pledge(pledge=pledge, by=request.user, reason=form.cleaned_data["reason"]),
            _("The pledge is returned to the member with your reason."),
            form,
        ):
            return redirect(_list_url(branch, pledge.year))
        return _committee_detail(request, branch, pk, return_form=form)
    _attempt(
        request,
        lambda: service.accept_pledge(pledge=pledge, by=request.user),
        _("The pledge is accepted and published."),
    )
    return redirect(_detail_url(branch, pledge))


@requires("pledges.review")
@require_POST
def pledge_outcome(request, branch, pk):
    pledge = _branch_pledge(request, branch, pk)
    form = forms.OutcomeForm(request.POST)
    if form.is_valid() and _attempt(
        request,
        lambda: service.set_outcome(pledge=pledge, by=request.user, **form.cleaned_data),
        _("The outcome is recorded."),
        form,
    ):
        return redirect(_detail_url(branch, pledge))
    return _committee_detail(request, branch, pk, outcome_form=form)


@requires("pledges.review")
@require_POST
def pledge_evaluate(request, branch, pk):
    pledge = _branch_pledge(request, branch, pk)
    form = forms.EvaluationForm(request.POST)
    if form.is_valid() and _attempt(
        request,
        lambda: service.evaluate(pledge=pledge, by=request.user, **form.cleaned_data),
        _("The comment is recorded."),
        form,
    ):
        return redirect(_detail_url(branch, pledge))
    return _committee_detail(request, branch, pk, evaluation_form=form)


@requires("pledges.review")
@require_POST
def branch_pledge_progress(request, branch, pk):
    pledge = _branch_pledge(request, branch, pk)
    form = forms.ProgressForm(request.POST, entries=selectors.branch_entries(branch, pledge.year))
    if form.is_valid() and _attempt(
        request,
        lambda: service.record_progress(pledge=pledge, by=request.user, **form.cleaned_data),
        _("The progress is recorded."),
        form,
    ):
        return redirect(_detail_url(branch, pledge))
    return _committee_detail(request, branch, pk, progress_form=form)


def _branch_members(branch):
    return Member.objects.filter(branch=branch).order_by("name")


@requires("pledges.review")
def branch_pledge_add(request, branch):
    year = _year(request, branch)
    form = forms.BranchPledgeForm(
        request.POST or None, members=_branch_members(branch), initial={"due_on": service.default_due(year)}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: service.add_branch_pledge(branch=branch, year=year, by=request.user, **form.cleaned_data),
            _("The branch's pledge is saved. Accept it when the committee agrees."),
            form,
        )
    ):
        return redirect(_list_url(branch, year))
    _low, _high, branch_low, branch_high = service.limits(branch)
    return render(
        request,
        "assessments/pledges/form.html",
        {
            "form": form,
            "title": _("New pledge of the branch"),
            "back": _list_url(branch, year),
            "branch": branch,
            "year": year,
            "branch_limits": (branch_low, branch_high),
        },
    )


@requires("pledges.review")
def branch_pledge_edit(request, branch, pk):
    pledge = request.scope.get_or_404(
        Pledge.objects.select_related("branch"), pk=pk, branch=branch, member__isnull=True
    )
    form = forms.BranchPledgeForm(
        request.POST or None,
        members=_branch_members(branch),
        initial={"text": pledge.text, "due_on": pledge.due_on, "responsible": pledge.responsible_id},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: service.edit_pledge(pledge=pledge, by=request.user, **form.cleaned_data),
            _("The pledge is changed."),
            form,
        )
    ):
        return redirect(_detail_url(branch, pledge))
    return render(
        request,
        "assessments/pledges/form.html",
        {
            "form": form,
            "title": _("Change the branch's pledge"),
            "back": _detail_url(branch, pledge),
            "branch": branch,
            "pledge": pledge,
            "locked": pledge.status in Pledge.PUBLISHED,
        },
    )

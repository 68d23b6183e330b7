"""Officers' pages for mentoring pairs (帮带): the branch's pairs, one pair with its notes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import requires
from posts.views import page_query

from ..forms.mentoring import EndPairForm, NoteForm, PairForm
from ..models import MentoringPair
from ..selectors import mentoring as selectors
from ..services import mentoring as services
from .areas import refusal_text, run


def get_pair_or_404(request, pk, capability="mentoring.set"):
    pairs = request.scope.filter(MentoringPair.objects.select_related("branch", "mentee"), capability, via="branch")
    return request.scope.get_or_404(pairs, pk=pk)


@requires("mentoring.set")
def pair_list(request, branch):
    form = PairForm(request.POST or None, branch=branch)
    if request.method == "POST":
        pair = run(
            form,
            lambda data: services.create_pair(branch=branch, by=request.user, today=timezone.localdate(), **data),
        )
        if pair:
            messages.success(request, _("Pair set up for %(name)s.") % {"name": pair.mentee.name})
            return redirect("assessments:pair_detail", pk=pair.pk)
    page = Paginator(selectors.branch_pairs(branch), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/mentoring/list.html",
        {"branch": branch, "page": page, "page_query": page_query(request), "form": form},
    )


def _pair_page(request, pair, note_form=None, end_form=None):
    page = Paginator(selectors.pair_notes(pair), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/mentoring/detail.html",
        {
            "pair": pair,
            "mentors": list(pair.mentors.order_by("name")),
            "page": page,
            "note_form": note_form or NoteForm(),
            "end_form": end_form or EndPairForm(),
            "print_url": reverse(
                "papers:member", args=[pair.branch.code, pair.starts_on.year, "mentoring_agreement", pair.mentee_id]
            )
            if request.scope.can("print", pair.branch)
            else None,
        },
    )


@requires("mentoring.set")
def pair_detail(request, pk):
    return _pair_page(request, get_pair_or_404(request, pk))


@requires("mentoring.set")
@require_POST
def pair_note(request, pk):
    pair = get_pair_or_404(request, pk)
    form = NoteForm(request.POST)
    note = run(form, lambda data: services.add_note(pair=pair, by=request.user, today=timezone.localdate(), **data))
    if note is None:
        messages.error(request, refusal_text(form))
        return _pair_page(request, pair, note_form=form)
    messages.success(request, _("Note added."))
    return redirect("assessments:pair_detail", pk=pair.pk)


@requires("mentoring.set")
@require_POST
def pair_end(request, pk):
    pair = get_pair_or_404(request, pk)
    form = EndPairForm(request.POST)
    ended = run(form, lambda data: services.end_pair(pair=pair, by=request.user, today=timezone.localdate(), **data))
    if ended is None:
        messages.error(request, refusal_text(form))
        return _pair_page(request, pair, end_form=form)
    messages.success(request, _("The pair has ended."))
    return redirect("assessments:pair_detail", pk=pair.pk)

"""The branch's checks: monthly meetings (月碰头), the quarterly reports officers read
(季度述职), and inspections by the township and county with the branch's answers."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import requires
from members.params import year_param
from posts.views import page_query

from ..forms.checks import AnswerForm, InspectionForm, MeetingForm
from ..models import Inspection
from ..models.checks import report_deadline
from ..selectors import checks as selectors
from ..services import checks as services
from .areas import refusal_text, run


@requires("meetings.record")
def meeting_list(request, branch):
    form = MeetingForm(request.POST or None, branch=branch)
    if request.method == "POST":
        meeting = run(
            form,
            lambda data: services.record_meeting(branch=branch, by=request.user, today=timezone.localdate(), **data),
        )
        if meeting:
            messages.success(request, _("Meeting recorded."))
            return redirect("assessments:meetings", code=branch.code)
    page = Paginator(selectors.branch_meetings(branch), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/checks/meetings.html",
        {"branch": branch, "page": page, "page_query": page_query(request), "form": form},
    )


def _quarter_param(request, default):
    try:
        quarter = int(request.GET.get("quarter", ""))
    except ValueError:
        return default
    return quarter if quarter in (1, 2, 3, 4) else default


@requires("reports.read")
def report_list(request, branch):
    today = timezone.localdate()
    # By default the quarter just over: the one whose reports are being handed in.
    last_year, last_quarter = selectors.last_quarter(today)
    year = year_param(request, last_year)
    quarter = _quarter_param(request, last_quarter)
    reports = selectors.quarter_reports(branch, year, quarter)
    page = Paginator(reports, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/checks/reports.html",
        {
            "branch": branch,
            "year": year,
            "quarter": quarter,
            "quarters": (1, 2, 3, 4),
            "page": page,
            "page_query": page_query(request),
            "missing": list(selectors.reports_missing(branch, year, quarter)),
            "deadline": report_deadline(year, quarter),
        },
    )


def get_inspection_or_404(request, pk, capability):
    inspections = request.scope.filter(
        Inspection.objects.select_related("branch", "organisation", "inspected_by", "responded_by"),
        capability,
        via="branch",
    )
    return request.scope.get_or_404(inspections, pk=pk)


@requires("inspections.read")
def inspection_overview(request):
    """The branches whose inspections the user reads (a township's, a county's)."""
    page = Paginator(selectors.inspected_branches(request.scope), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/checks/inspection_overview.html",
        {"page": page, "page_query": page_query(request), "may_record": request.scope.holds("inspections.record")},
    )


@requires("inspections.read")
def inspection_list(request, branch):
    page = Paginator(selectors.branch_inspections(branch), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/checks/inspections.html",
        {
            "branch": branch,
            "page": page,
            "page_query": page_query(request),
            "may_record": request.scope.can("inspections.record", branch),
        },
    )


def _kinds_for(request, branch):
    """The kinds of inspection the user does over this branch: a township official the quarterly
    inspection, a county official the spot check (a superuser either)."""
    kinds = set()
    for path in request.scope.paths("inspections.record"):
        if path == "":
            return set(Inspection.Kind.values)
        if branch.path.startswith(path):
            # "/C1/" is a county, "/C1/T1/" a township.
            kinds.add(Inspection.Kind.COUNTY_SPOT_CHECK if path.count("/") == 2 else Inspection.Kind.TOWNSHIP_QUARTERLY)
    return kinds


@requires("inspections.record")
def inspection_new(request, branch):
    form = InspectionForm(request.POST or None, kinds=_kinds_for(request, branch))
    if request.method == "POST":
        inspection = run(
            form,
            lambda data: services.record_inspection(branch=branch, by=request.user, today=timezone.localdate(), **data),
        )
        if inspection:
            messages.success(request, _("Inspection recorded."))
            return redirect("assessments:inspection_detail", pk=inspection.pk)
    return render(request, "assessments/checks/inspection_form.html", {"branch": branch, "form": form})


def _inspection_page(request, inspection, form=None):
    may_answer = (
        request.scope.can("meetings.record", inspection.branch)
        and inspection.follow_up_status == Inspection.FollowUp.OPEN
    )
    return render(
        request,
        "assessments/checks/inspection.html",
        {
            "inspection": inspection,
            "form": (form or AnswerForm(initial={"response": inspection.response})) if may_answer else None,
        },
    )


@requires("inspections.read")
def inspection_detail(request, pk):
    return _inspection_page(request, get_inspection_or_404(request, pk, "inspections.read"))


@requires("meetings.record")
@require_POST
def inspection_answer(request, pk):
    inspection = get_inspection_or_404(request, pk, "meetings.record")
    form = AnswerForm(request.POST)
    answered = run(form, lambda data: services.answer_inspection(inspection=inspection, by=request.user, **data))
    if answered is None:
        messages.error(request, refusal_text(form))
        return redirect("assessments:inspection_detail", pk=inspection.pk)
    messages.success(request, _("The branch's answer is recorded."))
    return redirect("assessments:inspection_detail", pk=inspection.pk)

"""Officers' pages for responsibility areas (党员责任区) and each area's activity ledger."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import requires
from members.params import year_param
from posts.views import page_query

from ..forms.areas import ActivityForm, AreaForm, RemoveForm
from ..models import AreaMember, ResponsibilityArea
from ..selectors import areas as selectors
from ..services import areas as services


def run(form, call):
    """Call a service with the form's data; a refusal lands on the field it names (or on the
    form). Returns the result, or None when the form or the service refused."""
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def refusal_text(form):
    """A form's errors as one line, for a message after a redirect."""
    errors = form.errors
    return " ".join(str(e) for errs in errors.values() for e in errs)


def get_area_or_404(request, pk, capability="areas.set"):
    areas = request.scope.filter(ResponsibilityArea.objects.select_related("branch"), capability, via="branch")
    return request.scope.get_or_404(areas, pk=pk)


def get_ledger_area_or_404(request, pk):
    """An area whose ledger the user keeps: the officers of its branch, or its lead member."""
    areas = request.scope.filter(ResponsibilityArea.objects.all(), "areas.set", via="branch")
    member = request.scope.member
    if member is not None:
        led = AreaMember.objects.filter(member=member, is_lead=True).values("area_id")
        areas = ResponsibilityArea.objects.filter(Q(pk__in=areas.values("pk")) | Q(pk__in=led))
    return request.scope.get_or_404(areas.select_related("branch"), pk=pk)


@requires("areas.set")
def area_list(request, branch):
    year = year_param(request, timezone.localdate().year)
    page = Paginator(selectors.branch_areas(branch, year), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/areas/list.html",
        {
            "branch": branch,
            "year": year,
            "page": page,
            "page_query": page_query(request),
            "coverage": selectors.coverage(branch, year),
            "print_links": print_links(request, branch, year),
        },
    )


def print_links(request, branch, year):
    """The branch's papers of areas, for those who print (a link to the paper's page, where
    the PDF button is)."""
    if not request.scope.can("print", branch):
        return []
    return [
        {"label": _("Print the area table"), "url": reverse("papers:run", args=[branch.code, year, "area_table"])},
        {
            "label": _("Print the activity ledgers"),
            "url": reverse("papers:run", args=[branch.code, year, "area_ledger"]),
        },
    ]


@requires("areas.set")
def area_new(request, branch):
    year = year_param(request, timezone.localdate().year)
    form = AreaForm(request.POST or None, branch=branch)
    if request.method == "POST":
        area = run(form, lambda data: services.create_area(branch=branch, year=year, by=request.user, **data))
        if area:
            messages.success(request, _("Area %(name)s set up.") % {"name": area.name})
            return redirect(f"{_list_url(branch)}?year={year}")
    return render(request, "assessments/areas/form.html", {"branch": branch, "year": year, "form": form})


def _list_url(branch):
    return reverse("assessments:areas", kwargs={"code": branch.code})


@requires("areas.set")
def area_edit(request, pk):
    area = get_area_or_404(request, pk)
    form = AreaForm(request.POST or None, branch=area.branch, area=area)
    if request.method == "POST":
        changed = run(form, lambda data: services.change_area(area=area, by=request.user, **data))
        if changed:
            messages.success(request, _("Area %(name)s saved.") % {"name": changed.name})
            return redirect(f"{_list_url(area.branch)}?year={area.year}")
    return render(
        request,
        "assessments/areas/form.html",
        {"branch": area.branch, "year": area.year, "form": form, "area": area, "remove_form": RemoveForm()},
    )


@requires("areas.set")
@require_POST
def area_remove(request, pk):
    area = get_area_or_404(request, pk)
    form = RemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm the removal."))
        return redirect("assessments:area_edit", pk=area.pk)
    branch, year, name = area.branch, area.year, area.name
    services.remove_area(area=area, by=request.user)
    messages.success(request, _("Area %(name)s removed.") % {"name": name})
    return redirect(f"{_list_url(branch)}?year={year}")


@requires("areas.set", "log.write_own")
def area_ledger(request, pk):
    area = get_ledger_area_or_404(request, pk)
    form = ActivityForm(request.POST or None, area=area)
    if request.method == "POST":
        activity = run(
            form,
            lambda data: services.record_activity(area=area, by=request.user, today=timezone.localdate(), **data),
        )
        if activity:
            messages.success(request, _("Activity recorded."))
            return redirect("assessments:area_ledger", pk=area.pk)
    page = Paginator(selectors.area_activities(area), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/areas/ledger.html",
        {
            "area": area,
            "people": list(area.area_members.select_related("member")),
            "page": page,
            "form": form,
            "is_officer": request.scope.can("areas.set", area.branch),
            "may_print": request.scope.can("print", area.branch),
        },
    )

"""Points pages (服务积分): the monthly board (积分公示) with closing and reopening the month
(月登记), adjustments, the rules in force, a member's points card (积分卡), a township's or
county's month close run, and the public board behind the printed link and QR code."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import get_member_or_404, own_member, requires
from members.models import Member, Organisation
from members.params import year_param
from papers.links import base_url
from papers.qr import qr_svg

from .. import month_close
from ..forms.points import AdjustPointsForm, CloseMonthForm, PointsRuleForm, ReopenMonthForm
from ..selectors import points as selectors
from ..selectors.pledges import published_pledges
from ..services import points as service

BOARD_PAGE = 50
OVERSEEING = (Organisation.Level.COUNTY, Organisation.Level.TOWNSHIP)


def _refused(error):
    return "；".join(error.messages)


def _form_refused(form, error):
    """Show a service's refusal beside the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _month_or_404(text):
    month = selectors.parse_month(text)
    if month is None or month > selectors.month_start(timezone.localdate()):
        raise Http404
    return month


def public_url(request, branch, month=None):
    url = base_url(request) + reverse("assessments:public_points", args=[selectors.public_token(branch)])
    return url + (f"?month={month:%Y-%m}" if month else "")


# -- the monthly board -------------------------------------------------------------------------


@requires("points.read")
def points_now(request, branch):
    return redirect("assessments:points_board", code=branch.code, month=f"{timezone.localdate():%Y-%m}")


@requires("points.read")
def points_board(request, branch, month):
    month = _month_or_404(month)
    scope = request.scope
    today = timezone.localdate()
    board = selectors.board(branch, month)
    can_close = scope.can("log.close_month", branch)
    ended = selectors.next_month(month) <= today
    link = public_url(request, branch, month if board.closed else None)
    return render(
        request,
        "assessments/points/board.html",
        {
            "branch": branch,
            "board": board,
            "page": Paginator(board.rows, BOARD_PAGE).get_page(request.GET.get("page")),
            "months": selectors.recent_months(today),
            "can_close": can_close and ended and not board.closed,
            "can_reopen": can_close and board.closed,
            "waiting": selectors.waiting_count(branch, month) if can_close and ended and not board.closed else 0,
            "reopen_form": ReopenMonthForm() if can_close and board.closed else None,
            "can_adjust": scope.can("points.adjust", branch) and not board.closed,
            "can_open_cards": scope.can("log.read", branch),
            "can_print": scope.can("print", branch),
            "public_url": link,
            "qr": qr_svg(link),
        },
    )


@requires("log.close_month")
@require_POST
def points_close(request, branch, month):
    month = _month_or_404(month)
    try:
        service.close_month(branch=branch, month=month, by=request.user)
    except ValidationError as error:
        messages.error(request, _refused(error))
    else:
        messages.success(request, _("The month is closed; its board is published."))
    return redirect("assessments:points_board", code=branch.code, month=f"{month:%Y-%m}")


@requires("log.close_month")
@require_POST
def points_reopen(request, branch, month):
    month = _month_or_404(month)
    form = ReopenMonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the month is reopened."))
    else:
        try:
            service.reopen_month(branch=branch, month=month, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, _refused(error))
        else:
            messages.success(request, _("The month is open again. Close it once its entries are settled."))
    return redirect("assessments:points_board", code=branch.code, month=f"{month:%Y-%m}")


# -- adjustments -------------------------------------------------------------------------------


@requires("points.adjust")
def points_adjust(request, branch):
    members = Member.objects.filter(branch=branch).order_by("name")
    form = AdjustPointsForm(request.POST or None, members=members, months=selectors.recent_months(timezone.localdate()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.adjust_points(
                member=data["member"],
                month=data["month"],
                points=data["points"],
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            _form_refused(form, error)
        else:
            messages.success(request, _("The points are recorded."))
            return redirect("assessments:points_board", code=branch.code, month=f"{data['month']:%Y-%m}")
    return render(request, "assessments/points/adjust.html", {"branch": branch, "form": form})


# -- rules -------------------------------------------------------------------------------------


def _rules(request, organisation, can_set):
    today = timezone.localdate()
    form = None
    if can_set:
        form = PointsRuleForm(request.POST or None, initial={"starts_on": today})
        if request.method == "POST" and form.is_valid():
            try:
                service.set_points_rule(organisation=organisation, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _form_refused(form, error)
            else:
                messages.success(request, _("The rule is saved; it applies to entries from its start date."))
                return redirect(request.path)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "assessments/points/rules.html",
        {"organisation": organisation, "rules": selectors.rules_page(organisation, today), "form": form},
    )


@requires("points.read")
def branch_rules(request, branch):
    return _rules(request, branch, request.scope.can("policy.set", branch))


@requires("policy.set")
def organisation_rules(request, org):
    scope = request.scope
    organisation = scope.get_or_404(selectors.rule_organisations(scope).filter(level__in=OVERSEEING), code=org)
    return _rules(request, organisation, True)


# -- closing a month for all branches ----------------------------------------------------------


@requires("log.close_month")
def organisation_close(request, org):
    scope = request.scope
    organisation = scope.get_or_404(scope.organisations("log.close_month").filter(level__in=OVERSEEING), code=org)
    form = CloseMonthForm(request.POST or None, months=selectors.recent_months(timezone.localdate(), 13)[1:])
    if request.method == "POST" and form.is_valid():
        try:
            job = service.start_month_close(
                organisation=organisation, month=form.cleaned_data["month"], by=request.user
            )
        except ValidationError as error:
            _form_refused(form, error)
        else:
            return redirect("assessments:points_close_job", job_id=job.pk)
    jobs = month_close.MonthCloseJob.objects.filter(organisation=organisation, started_by=request.user)[:5]
    # Where the branches stand for the month asked about (?month=YYYY-MM), last month by default.
    months = selectors.recent_months(timezone.localdate(), 13)[1:]
    shown = selectors.parse_month(request.GET.get("month", ""))
    shown = shown if shown in months else months[0]
    branches = Organisation.objects.filter(path__startswith=organisation.path, level=Organisation.Level.BRANCH)
    page = Paginator(branches.order_by("path"), BOARD_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/points/close_all.html",
        {
            "organisation": organisation,
            "form": form,
            "jobs": jobs,
            "shown": shown,
            "months": months,
            "page": page,
            "states": selectors.close_states(page.object_list, shown),
            "page_query": f"month={shown:%Y-%m}",
        },
    )


@requires("log.close_month")
def points_close_job(request, job_id):
    return render(request, "assessments/points/close_job.html", {"job": month_close.job_or_404(request.scope, job_id)})


@requires("log.close_month")
def points_close_job_progress(request, job_id):
    job = month_close.job_or_404(request.scope, job_id)
    return JsonResponse(
        {
            "state": "running" if job.status in job.UNFINISHED else job.status,
            "progress": job.progress,
            "branches": job.branches,
            "closed": job.closed,
            "already_closed": job.already_closed,
            "refused": job.refused,
        }
    )


# -- points cards ------------------------------------------------------------------------------


def _card(request, member, own):
    today = timezone.localdate()
    year = year_param(request, today.year)
    months, total = selectors.card(member, year, today)
    return render(
        request,
        "assessments/points/card.html",
        {
            "member": member,
            "year": year,
            "months": months,
            "total": total,
            "own": own,
            "can_print": request.scope.can("print", member.branch),
        },
    )


@requires("points.read_own")
def my_card(request):
    return _card(request, own_member(request), own=True)


@requires("log.read")
def member_card(request, pk):
    member = get_member_or_404(request, pk, "log.read", Member.objects.select_related("branch"))
    return _card(request, member, own=False)


# -- the public board --------------------------------------------------------------------------


def public_points(request, token):
    """The branch's published boards (closed months) for anyone with the printed link: names
    and points only."""
    branch = selectors.branch_for_token(token)
    if branch is None:
        raise Http404
    months = selectors.published_months(branch)
    month = selectors.parse_month(request.GET.get("month", ""))
    if month not in months:
        month = months[0] if months else None
    board = selectors.board(branch, month) if month else None
    # The pledges the committee accepted are public too (承诺公示): what, by whom, by when.
    year = year_param(request, month.year if month else timezone.localdate().year)
    return render(
        request,
        "assessments/points/public.html",
        {
            "branch": branch,
            "board": board,
            "months": months,
            "pledges": published_pledges(branch, year),
            "pledge_year": year,
            "qr": qr_svg(public_url(request, branch), scale=3),
        },
    )

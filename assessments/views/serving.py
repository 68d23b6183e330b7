"""The member's own page for serving (我的履岗): their area, their pair, the contacts of their
post, and their quarterly reports, written on the phone."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from members.access import own_member, requires

from ..forms.checks import ReportForm
from ..models import QuarterlyReport
from ..models.checks import quarter_start, report_deadline
from ..selectors import areas as area_selectors
from ..selectors import checks as check_selectors
from ..selectors import mentoring as mentoring_selectors
from ..services import checks as services
from .areas import run


@requires("reports.write_own")
def my_serving(request):
    member = own_member(request)
    today = timezone.localdate()
    areas = area_selectors.member_areas(member, today.year)
    for area in areas:
        area.i_lead = any(p.is_lead and p.member_id == member.pk for p in area.area_members.all())
    contacts = mentoring_selectors.my_contacts(member, today.year)
    quarters = check_selectors.my_quarters(member, today.year, today)
    if not contacts and not any(q.report for q in quarters):
        quarters = []  # reports are asked of members on post
    return render(
        request,
        "assessments/serving/my.html",
        {
            "member": member,
            "year": today.year,
            "areas": areas,
            "pairs": mentoring_selectors.member_pairs(member),
            "contacts": contacts,
            "quarters": quarters,
            "reminders": check_selectors.my_reminders_checks(member, today),
        },
    )


@requires("reports.write_own")
def my_report(request, year, quarter):
    member = own_member(request)
    today = timezone.localdate()
    if quarter not in (1, 2, 3, 4) or not (2000 <= year <= 2100) or quarter_start(year, quarter) > today:
        raise Http404
    report = QuarterlyReport.objects.filter(member=member, year=year, quarter=quarter).first()
    deadline = report_deadline(year, quarter)
    is_open = today <= deadline
    form = ReportForm(request.POST or None, initial={"text": report.text if report else ""})
    if request.method == "POST":
        saved = run(
            form,
            lambda data: services.write_report(
                member=member, year=year, quarter=quarter, by=request.user, today=today, **data
            ),
        )
        if saved:
            messages.success(request, _("Your report is handed in."))
            return redirect("assessments:my_serving")
    return render(
        request,
        "assessments/serving/report.html",
        {
            "year": year,
            "quarter": quarter,
            "report": report,
            "deadline": deadline,
            "is_open": is_open,
            "form": form,
        },
    )

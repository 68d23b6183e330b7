from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import roster, selectors, services


@login_required
def home(request):
    """One page per role that says where to go next."""
    return render(request, "members/home.html", selectors.home_context(request.scope))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def create_accounts(request, code):
    """Create logins for a branch's members in bulk and show the initial passwords once, for printing.

    The passwords are in this one response only (never stored, never logged, not cached).
    """
    branch = request.scope.get_or_404(request.scope.branches(write=True), code=code)
    without = selectors.members_without_account(branch)
    if request.method == "POST":
        chosen = without.filter(pk__in=request.POST.getlist("member"))
        if not chosen:
            messages.error(request, _("Tick at least one member."))
            return redirect("create_accounts", code=code)
        created = services.create_accounts(members=chosen, by=request.user)
        return render(request, "members/account_sheet.html", {"branch": branch, "created": created})
    return render(request, "members/create_accounts.html", {"branch": branch, "members": without})


@login_required
def roster_template(request):
    """The blank roster workbook to fill in and import (it holds no personal data)."""
    response = HttpResponse(roster.template_workbook(), content_type=roster.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "花名册模板.xlsx")
    return response

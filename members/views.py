from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import accounts, roster, selectors, services
from .access import get_member_or_404, requires
from .forms import PasswordChangeForm


@login_required
def home(request):
    """One page per role that says where to go next."""
    return render(request, "members/home.html", selectors.home_context(request.scope))


@never_cache
@requires("accounts.manage")
@require_http_methods(["GET", "POST"])
def create_accounts(request, branch):
    """Create logins for a branch's members in bulk and show the initial passwords once, for printing.

    The passwords are in this one response only (never stored, never logged, not cached).
    """
    without = selectors.members_without_account(branch)
    if request.method == "POST":
        chosen = without.filter(pk__in=request.POST.getlist("member"))
        if not chosen:
            messages.error(request, _("Tick at least one member."))
            return redirect("create_accounts", code=branch.code)
        created = services.create_accounts(members=chosen, by=request.user)
        return render(request, "members/account_sheet.html", {"branch": branch, "created": created})
    return render(request, "members/create_accounts.html", {"branch": branch, "members": without})


@login_required
def roster_template(request):
    """The blank roster workbook to fill in and import (it holds no personal data)."""
    response = HttpResponse(roster.template_workbook(), content_type=roster.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "花名册模板.xlsx")
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every user's own password page in the site (not the admin); the first stop after logging
    in with a password somebody else set."""

    form_class = PasswordChangeForm
    template_name = "registration/password_change_form.html"

    def get_success_url(self):
        from django.urls import reverse

        return reverse("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.password_changed(self.request)
        messages.success(self.request, _("Your password has been changed."))
        return response


@never_cache
@requires("logins.unlock")
def branch_logins(request, branch):
    """The branch's member accounts: which are locked out after wrong passwords, which still
    have the initial password; unlock or give a new initial password here."""
    members = list(selectors.members_with_account(branch))
    locked = accounts.locked_usernames(m.user.username for m in members)
    rows = [(m, m.user.username in locked) for m in members]
    return render(request, "members/branch_logins.html", {"branch": branch, "rows": rows})


def _member_with_account(request, branch, pk):
    return get_member_or_404(request, pk, "logins.unlock", selectors.members_with_account(branch))


@never_cache
@requires("logins.unlock")
@require_http_methods(["POST"])
def unlock_login(request, branch, pk):
    member = _member_with_account(request, branch, pk)
    services.unlock_account(user=member.user, by=request.user)
    messages.success(request, _("%(name)s can log in again.") % {"name": member.name})
    return redirect("branch_logins", code=branch.code)


@never_cache
@requires("logins.unlock")
@require_http_methods(["POST"])
def reset_login(request, branch, pk):
    """A new initial password, shown once on a slip like the first one; the lockout goes too."""
    member = _member_with_account(request, branch, pk)
    password = services.reset_password(user=member.user, by=request.user)
    services.unlock_account(user=member.user, by=request.user)
    created = [(member, member.user.username, password)]
    return render(request, "members/account_sheet.html", {"branch": branch, "created": created})

"""The duty log on the member's phone (own log, a new entry, fixing a returned one), the
verifiers' list of a branch (a group leader sees their group's people), and the counts an
overseer compares branches by."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import own_member, requires
from members.models import Organisation
from posts.models import Assignment, BranchPost
from posts.views import page_query

from .. import access
from ..forms.log import EntryForm, LogFilterForm, ReturnForm
from ..models import DutyLogEntry
from ..selectors import log as selectors
from ..services import log as service

PER_PAGE = 30


def refusal(error):
    """A service's ValidationError as one line for the user."""
    return " ".join(str(m) for m in error.messages)


def show_refusal(form, error):
    """A service's refusal beside the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# -- the member's own log ----------------------------------------------------------------


@requires("log.write_own")
def my_log(request):
    member = own_member(request)
    page = Paginator(selectors.member_entries(member), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/log/my_log.html",
        {
            "member": member,
            "page": page,
            "can_add": selectors.serving_assignments(member).exists(),
            # The form just saved ("new" or "edit-<pk>"): the page tells log-draft.js to forget its draft.
            "saved": saved if re.fullmatch(r"new|edit-\d+", saved := request.GET.get("saved", "")) else "",
        },
    )


def _entry_form_page(request, member, entry=None):
    assignments = list(selectors.serving_assignments(member))
    if not assignments:
        messages.error(request, _("You are not serving on a post now, so there is nothing to log."))
        return redirect("assessments:my_log")
    initial = {}
    if entry is not None:
        initial = {
            "done_on": entry.done_on,
            "assignment": entry.assignment_id,
            "what": entry.what,
            "kind": entry.kind,
            "people_served": entry.people_served,
            "place": entry.place,
        }
    form = EntryForm(request.POST or None, request.FILES or None, assignments=_queryset(assignments), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: data[k] for k in ("done_on", "kind", "what", "people_served", "place", "photos")}
        try:
            if entry is None:
                service.add_entry(member=member, assignment=data["assignment"], by=request.user, **fields)
            else:
                service.resubmit(entry=entry, member=member, by=request.user, **fields)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Saved. The entry waits for your group leader or the branch to verify it."))
            return redirect(reverse("assessments:my_log") + "?saved=" + _draft_key(entry))
    return render(
        request,
        "assessments/log/entry_form.html",
        {"form": form, "entry": entry, "several": len(assignments) > 1, "draft_key": _draft_key(entry)},
    )


def _draft_key(entry):
    """The name log-draft.js keeps the form's draft under on the phone."""
    return "new" if entry is None else f"edit-{entry.pk}"


def _queryset(assignments):
    return selectors.serving_assignments(assignments[0].member).filter(pk__in=[a.pk for a in assignments])


@requires("log.write_own")
def log_new(request):
    return _entry_form_page(request, own_member(request))


@requires("log.write_own")
def log_edit(request, pk):
    entry = access.get_own_entry_or_404(request, pk)
    if entry.status != DutyLogEntry.Status.RETURNED:
        messages.error(
            request,
            _("A verified entry is locked; add a new entry for a correction.")
            if entry.status == DutyLogEntry.Status.VERIFIED
            else _("Only a returned entry can be changed and sent again."),
        )
        return redirect("assessments:log_entry", pk=entry.pk)
    return _entry_form_page(request, entry.member, entry)


# -- one entry, its photos, verifying and returning ----------------------------------------


def _can_verify(request, entry):
    return (
        entry.status == DutyLogEntry.Status.SUBMITTED
        and entry.member.user_id != request.user.pk
        and access.entries(request.scope, "log.verify").filter(pk=entry.pk).exists()
    )


@requires("log.write_own", "log.read")
def log_entry(request, pk):
    entry = access.get_entry_or_404(request, pk, ("log.write_own", "log.read"))
    return render(
        request,
        "assessments/log/entry.html",
        {
            "entry": entry,
            "photos": list(entry.photos.all()),
            "is_own": entry.member.user_id == request.user.pk,
            "can_verify": request.scope.holds("log.verify") and _can_verify(request, entry),
            "return_form": ReturnForm(),
            "back": _back(request),
            "can_print": request.scope.can("print", entry.branch),
        },
    )


@requires("log.write_own", "log.read")
def log_photo(request, pk):
    photo = access.get_photo_or_404(request, pk)
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _back(request):
    """Where to go after verifying: the list the verifier came from, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


@requires("log.verify")
@require_POST
def log_verify(request, pk):
    entry = access.get_entry_or_404(request, pk, "log.verify")
    try:
        service.verify(entry=entry, by=request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, _("Verified: %(name)s's entry.") % {"name": entry.member.name})
    return redirect(_back(request) or reverse("assessments:log_entry", kwargs={"pk": entry.pk}))


@requires("log.verify")
@require_POST
def log_return(request, pk):
    entry = access.get_entry_or_404(request, pk, "log.verify")
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the entry is returned."))
        return redirect("assessments:log_entry", pk=entry.pk)
    try:
        service.return_entry(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, _("Returned to %(name)s with your reason.") % {"name": entry.member.name})
    return redirect(_back(request) or reverse("assessments:log_entry", kwargs={"pk": entry.pk}))


# -- a branch's log ---------------------------------------------------------------------------


@access.requires_people("log.read")
def branch_log(request, branch):
    scope = request.scope
    posts = BranchPost.objects.filter(branch=branch).select_related("post_type").order_by("-year", "post_type__name")
    groups = scope.filter(Organisation.objects.filter(parent=branch, level=Organisation.Level.GROUP), "log.read")
    filters = LogFilterForm(request.GET or None, posts=posts, groups=groups.order_by("name"))
    chosen = filters.cleaned_data if filters.is_valid() else {}
    month = selectors.parse_month(chosen.get("month"))
    entries = selectors.branch_entries(
        access.entries(scope, "log.read").filter(branch=branch),
        month=month,
        post=chosen.get("post"),
        group=chosen.get("group"),
        status=chosen.get("status"),
    )
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    verifiable = set()
    if scope.holds("log.verify"):
        on_page = [
            e.pk for e in page if e.status == DutyLogEntry.Status.SUBMITTED and e.member.user_id != request.user.pk
        ]
        verifiable = set(access.entries(scope, "log.verify").filter(pk__in=on_page).values_list("pk", flat=True))
    return render(
        request,
        "assessments/log/branch_log.html",
        {
            "branch": branch,
            "filters": filters,
            "page": page,
            "page_query": page_query(request),
            "verifiable": verifiable,
            "here": request.get_full_path(),
            "print_year": (month or timezone.localdate()).year if scope.can("print", branch) else None,
        },
    )


@access.requires_people("log.verify")
@require_POST
def log_verify_many(request, branch):
    ticked = [int(pk) for pk in request.POST.getlist("entry") if pk.isdigit()]
    chosen = list(access.entries(request.scope, "log.verify").filter(branch=branch, pk__in=ticked).only("pk"))
    if not chosen:
        messages.error(request, _("Tick the entries to verify."))
    else:
        try:
            verified, left = service.verify_many(branch=branch, entries=chosen, by=request.user)
        except ValidationError as error:
            messages.error(request, refusal(error))
        else:
            text = _("%(count)d entries verified.") % {"count": verified}
            if left:
                text += " " + _(
                    "%(count)d could not be verified (already checked, your own, or in a closed month)."
                ) % {"count": left}
            messages.success(request, text)
    return redirect(_back(request) or reverse("assessments:branch_log", kwargs={"code": branch.code}))


# -- counts for overseers ------------------------------------------------------------------------


@requires("log.read")
def log_counts(request):
    scope = request.scope
    branches = access.people_branches(scope, "log.read").select_related("parent").order_by("path")
    name = (request.GET.get("q") or "").strip()
    if name:
        branches = branches.filter(Q(name__contains=name) | Q(parent__name__contains=name))
    page = Paginator(branches, PER_PAGE).get_page(request.GET.get("page"))
    counts = selectors.branch_counts(
        list(page),
        access.entries(scope, "log.read"),
        scope.filter_members(Assignment.objects.all(), "log.read"),
    )
    rows = [(b, counts[b.pk]) for b in page]
    return render(
        request,
        "assessments/log/counts.html",
        {
            "page": page,
            "rows": rows,
            "q": name,
            "page_query": page_query(request),
            "waiting_days": selectors.WAITING_DAYS,
        },
    )

"""Officers' pages for public notices (公示明岗) and the objections they receive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors as post_selectors
from .. import selectors_lifecycle as selectors
from ..forms_lifecycle import HandleObjectionForm, PublishNoticeForm
from ..links import base_url
from ..models import Objection
from ..qr import qr_svg
from ..services import PostError
from ..services import notices as service
from . import attempt, page_query

# The work lists the secretary's home links to (posts.selectors.officer_work counts them).
TODO_OBJECTIONS, TODO_DUE = "objections", "due"


@login_required
def notice_list(request):
    notices = selectors.notices(request.scope)
    branch = request.GET.get("branch", "")
    if branch.isdigit():
        notices = notices.filter(branch_id=branch)
    todo = request.GET.get("todo")
    if todo == TODO_OBJECTIONS:
        notices = notices.filter(pending_count__gt=0)
    elif todo == TODO_DUE:
        notices = post_selectors.due_notices(notices, timezone.localdate())
    else:
        todo = None
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(request, "posts/notices/list.html", {
        "page": page, "can_publish": request.scope.branches(write=True).exists(), "todo": todo,
        "filtered": bool(todo or branch.isdigit()), "page_query": page_query(request),
    })


def _detail(request, notice, handle_forms=None):
    scope = request.scope
    can_manage = scope.can_manage(notice.branch)
    objections = None
    if selectors.sees_objections(scope, notice.branch):
        objections = list(selectors.objections(notice))
    if objections and can_manage:
        handle_forms = handle_forms or {}
        for o in objections:
            if o.status == Objection.Status.PENDING:
                o.form = handle_forms.get(o.pk) or HandleObjectionForm(auto_id=f"o{o.pk}_%s")
    public_url = notice.public_url(base_url(request))
    return render(request, "posts/notices/detail.html", {
        "notice": notice, "entries": selectors.notice_entries(notice), "objections": objections,
        "can_manage": can_manage, "public_url": public_url, "qr": qr_svg(public_url),
        # The printing pages serve the branch's officers and overseers, who also read objections.
        "can_print": selectors.sees_objections(scope, notice.branch),
        "period_over": notice.ends_on < timezone.localdate(),
    })


@login_required
def notice_detail(request, pk):
    return _detail(request, request.scope.get_or_404(selectors.notices(request.scope), pk=pk))


def _publish_branch(request):
    """The branch to publish for: the one asked for, or the only one the officer manages
    (None: several, so ask which)."""
    branches = request.scope.branches(write=True)
    chosen = request.GET.get("branch", "")
    if chosen.isdigit():
        return request.scope.get_or_404(branches, pk=chosen)
    managed = list(branches.order_by("path")[:2])
    if not managed:
        raise Http404
    return managed[0] if len(managed) == 1 else None


@login_required
def notice_publish(request):
    branch = _publish_branch(request)
    if branch is None:
        return render(request, "posts/notices/choose_branch.html", {
            "branches": request.scope.branches(write=True).order_by("path")})
    form = PublishNoticeForm(request.POST or None, branch=branch)
    if request.method == "POST" and form.is_valid():
        try:
            notice = service.publish_notice(branch=branch, by=request.user, **form.cleaned_data)
        except PostError as error:
            # Shown beside the field it is about (the dates, the title) when there is one.
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The notice is published. Print it or share the link and QR code."))
            return redirect("posts:notice_detail", pk=notice.pk)
    return render(request, "posts/notices/publish.html", {"form": form, "branch": branch})


@login_required
@require_POST
def notice_close(request, pk):
    notice = request.scope.get_or_404(selectors.notices(request.scope, write=True), pk=pk)
    attempt(request, lambda: service.close_notice(notice=notice, by=request.user,
                                                  reason=_("Notice period ended; closed by the branch")),
            _("The notice is closed. The members on it have taken effect and their responsibility letters "
              "are ready."))
    return redirect("posts:notice_detail", pk=notice.pk)


@login_required
@require_POST
def objection_handle(request, pk):
    scoped = request.scope.filter_by_org(Objection.objects.select_related("notice__branch"),
                                         via="notice__branch", write=True)
    objection = request.scope.get_or_404(scoped, pk=pk)
    form = HandleObjectionForm(request.POST, auto_id=f"o{objection.pk}_%s")
    if form.is_valid():
        attempt(request,
                lambda: service.handle_objection(objection=objection, by=request.user, **form.cleaned_data),
                _("The handling of the objection is recorded."))
        return redirect("posts:notice_detail", pk=objection.notice_id)
    notice = request.scope.get_or_404(selectors.notices(request.scope), pk=objection.notice_id)
    return _detail(request, notice, handle_forms={objection.pk: form})

"""Officers' pages for public notices (公示明岗) and the objections they receive."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import get_branch_or_404, requires
from papers.links import base_url
from papers.qr import qr_svg

from .. import selectors
from ..access import get_notice_or_404, get_objection_or_404
from ..forms import HandleObjectionForm, PublishNoticeForm
from ..models import Objection
from ..services import PostError
from ..services import notices as service
from . import attempt, page_query

# The work lists the secretary's home links to (posts.selectors.officer_work counts them).
WAITING_OBJECTIONS, WAITING_DUE = "objections", "due"


@requires("notices.read")
def notice_list(request):
    notices = selectors.notices(request.scope, "notices.read")
    branch = request.GET.get("branch", "")
    if branch:
        notices = notices.filter(branch__code=branch)
    todo = request.GET.get("todo")
    if todo == WAITING_OBJECTIONS:
        notices = notices.filter(pending_count__gt=0)
    elif todo == WAITING_DUE:
        notices = selectors.due_notices(notices, timezone.localdate())
    else:
        todo = None
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "posts/notices/list.html",
        {
            "page": page,
            "can_publish": request.scope.holds("notices.publish"),
            "todo": todo,
            "filtered": bool(todo or branch),
            "page_query": page_query(request),
        },
    )


def _detail(request, notice, handle_forms=None):
    scope = request.scope
    can_manage = scope.can("notices.publish", notice.branch)
    objections = None
    if selectors.sees_objections(scope, notice.branch):
        objections = list(selectors.objections(notice))
    if objections and scope.can("objections.handle", notice.branch):
        handle_forms = handle_forms or {}
        for o in objections:
            if o.status == Objection.Status.PENDING:
                o.form = handle_forms.get(o.pk) or HandleObjectionForm(auto_id=f"o{o.pk}_%s")
    public_url = notice.public_url(base_url(request))
    return render(
        request,
        "posts/notices/detail.html",
        {
            "notice": notice,
            "entries": selectors.notice_entries(notice),
            "objections": objections,
            "can_manage": can_manage,
            "public_url": public_url,
            "qr": qr_svg(public_url),
            # The printing pages serve the branch's officers and overseers, who also read objections.
            "can_print": scope.can("print", notice.branch),
            "period_over": notice.ends_on < timezone.localdate(),
        },
    )


@requires("notices.read")
def notice_detail(request, pk):
    return _detail(request, get_notice_or_404(request, pk, "notices.read"))


def _publish_branch(request):
    """The branch to publish for: the one asked for, or the only one the officer manages
    (None: several, so ask which)."""
    chosen = request.GET.get("branch", "")
    if chosen:
        return get_branch_or_404(request, chosen, "notices.publish")
    managed = list(request.scope.branches("notices.publish").order_by("path")[:2])
    if not managed:
        raise Http404
    return managed[0] if len(managed) == 1 else None


@requires("notices.publish")
def notice_publish(request):
    branch = _publish_branch(request)
    if branch is None:
        return render(
            request,
            "posts/notices/choose_branch.html",
            {"branches": request.scope.branches("notices.publish").order_by("path")},
        )
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


@requires("notices.publish")
@require_POST
def notice_close(request, pk):
    notice = get_notice_or_404(request, pk, "notices.publish")
    attempt(
        request,
        lambda: service.close_notice(
            notice=notice, by=request.user, reason=_("Notice period ended; closed by the branch")
        ),
        _("The notice is closed. The members on it have taken effect and their responsibility letters are ready."),
    )
    return redirect("posts:notice_detail", pk=notice.pk)


@requires("objections.handle")
@require_POST
def objection_handle(request, pk):
    objection = get_objection_or_404(request, pk, "objections.handle")
    form = HandleObjectionForm(request.POST, auto_id=f"o{objection.pk}_%s")
    if form.is_valid():
        attempt(
            request,
            lambda: service.handle_objection(objection=objection, by=request.user, **form.cleaned_data),
            _("The handling of the objection is recorded."),
        )
        return redirect("posts:notice_detail", pk=objection.notice_id)
    notice = get_notice_or_404(request, objection.notice_id, "notices.read")
    return _detail(request, notice, handle_forms={objection.pk: form})

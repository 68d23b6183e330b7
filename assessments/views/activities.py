"""Collective activities: organisers set one up and take attendance on a phone; members
confirm with the code shown at the activity and see their own activities."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import own_member, requires
from members.models import Organisation
from posts.models import BranchPost

from .. import access
from ..forms.activities import ActivityForm, CodeForm
from ..selectors import activities as selectors
from ..services import activities as service
from .log import PER_PAGE, refusal, show_refusal


@requires("activities.run")
def activity_list(request):
    scope = request.scope
    page = Paginator(
        selectors.listed(access.activities(scope, "activities.run")).order_by("-held_on", "-pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/activities/list.html",
        {"page": page, "branches": access.people_branches(scope, "activities.run").order_by("path")},
    )


@access.requires_people("activities.run")
def activity_new(request, branch):
    scope = request.scope
    posts = BranchPost.objects.none()
    if scope.can("activities.run", branch):
        latest = BranchPost.objects.filter(branch=branch).order_by("-year").values_list("year", flat=True).first()
        posts = BranchPost.objects.filter(branch=branch, year=latest).select_related("post_type")
        posts = posts.order_by("post_type__post_class__order", "post_type__name")
    groups = scope.filter(
        Organisation.objects.filter(parent=branch, level=Organisation.Level.GROUP), "activities.run"
    ).order_by("name")
    form = ActivityForm(request.POST or None, posts=posts, groups=groups, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = service.create_activity(
                branch=branch,
                title=data["title"],
                held_on=data["held_on"],
                place=data["place"],
                posts=data.get("posts") or [],
                groups=data.get("groups") or [],
                by=request.user,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The activity is set up. Show its code to those who attend."))
            return redirect("assessments:activity_detail", pk=activity.pk)
    return render(request, "assessments/activities/new.html", {"branch": branch, "form": form})


def _tick_list(request, activity):
    """Invited members within the organiser's reach, each with whether they are counted."""
    reach = set(request.scope.members("activities.run").values_list("pk", flat=True))
    counted = set(activity.attendances.values_list("member_id", flat=True))
    return [(a, a.member_id in counted) for a in service.invited_assignments(activity) if a.member_id in reach]


@requires("activities.run")
def activity_detail(request, pk):
    activity = access.get_activity_or_404(request, pk, "activities.run")
    return render(
        request,
        "assessments/activities/detail.html",
        {
            "activity": activity,
            "ticks": _tick_list(request, activity) if activity.is_open else [],
            "attendances": list(selectors.attendances(activity)),
            "invited_posts": list(activity.posts.select_related("post_type")),
            "invited_groups": list(activity.groups.all()),
        },
    )


@requires("activities.run")
@require_POST
def activity_attendance(request, pk):
    activity = access.get_activity_or_404(request, pk, "activities.run")
    ticked = {int(v) for v in request.POST.getlist("member") if v.isdigit()}
    chosen = [a.member for a, counted in _tick_list(request, activity) if a.member_id in ticked and not counted]
    if not chosen:
        messages.error(request, _("Tick those who attended and are not counted yet."))
        return redirect("assessments:activity_detail", pk=activity.pk)
    try:
        added = service.take_attendance(activity=activity, members=chosen, by=request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, _("%(count)d attendees counted; each has a verified entry.") % {"count": len(added)})
    return redirect("assessments:activity_detail", pk=activity.pk)


@requires("activities.run")
@require_POST
def activity_close(request, pk):
    activity = access.get_activity_or_404(request, pk, "activities.run")
    try:
        service.close_activity(activity=activity, by=request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, _("The activity is closed; its code no longer works."))
    return redirect("assessments:activity_detail", pk=activity.pk)


@requires("activities.attend_own")
def attend(request):
    member = own_member(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attendance = service.attend_with_code(member=member, code=form.cleaned_data["code"], by=request.user)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                _("Recorded: you attended “%(title)s” (%(points)d points).")
                % {"title": attendance.activity.title, "points": attendance.entry.points},
            )
            return redirect("assessments:my_activities")
    return render(request, "assessments/activities/attend.html", {"form": form})


@requires("activities.attend_own")
def my_activities(request):
    member = own_member(request)
    page = Paginator(selectors.member_activities(member), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/activities/mine.html",
        {"page": page, "attended": selectors.attended_ids(member, list(page))},
    )

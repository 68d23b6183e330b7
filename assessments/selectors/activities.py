"""Reads of collective activities: lists for organisers, a member's own, the tick list."""

from django.db.models import Count, Q

from posts.models import Assignment

from ..models import Activity, Attendance


def listed(activities):
    return activities.select_related("branch", "created_by").annotate(attendees=Count("attendances", distinct=True))


def member_activities(member):
    """Open activities the member is invited to (on an invited post or in an invited group)
    and those they attended."""
    serving_posts = Assignment.objects.filter(member=member, status__in=Assignment.SERVING).values("post")
    invited = Q(status=Activity.Status.OPEN) & (Q(posts__in=serving_posts) | Q(groups=member.group_id))
    if member.group_id is None:
        invited = Q(status=Activity.Status.OPEN) & Q(posts__in=serving_posts)
    pks = Activity.objects.filter(branch=member.branch_id).filter(invited | Q(attendances__member=member)).values("pk")
    return listed(Activity.objects.filter(pk__in=pks)).order_by("-held_on", "-pk")


def attended_ids(member, activities):
    return set(
        Attendance.objects.filter(member=member, activity__in=[a.pk for a in activities]).values_list(
            "activity_id", flat=True
        )
    )


def attendances(activity):
    return activity.attendances.select_related("member__group", "entry").order_by("member__name")

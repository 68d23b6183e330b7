"""Reads of pledges (承诺 → 践诺 → 评诺), each a fixed number of queries whatever the number of
pledges. Callers pass rows already found through request.scope."""

import re

from django.db.models import Count, F, Prefetch

from members.models import Member
from posts.models import Assignment

from ..models import DutyLogEntry, Pledge, PledgeEvaluation, PledgeProgress

# "1." "2、" "（3）" "①" at the start of a duty line: the menu shows the duty itself.
_NUMBERING = re.compile(
    r"^\s*(?:[0-9]+[.、．)]|[（(][0-9一二三四五六七八九十]+[)）]|[①-⑳]|[一二三四五六七八九十]+、)\s*"
)


def duty_menu(post):
    """The lines a member may pick a pledge from: the post's service menu (履岗菜单), then
    each line of its duties, numbering removed, without repeats."""
    lines = post.post_type.service_items + post.duties.splitlines()
    menu = []
    for line in lines:
        line = _NUMBERING.sub("", line).strip().rstrip("；;")
        if line and line not in menu:
            menu.append(line[:300])
    return menu


def _detailed(queryset):
    return queryset.select_related(
        "branch", "member", "responsible", "assignment__post__post_type", "reviewed_by", "outcome_by"
    ).prefetch_related(
        Prefetch(
            "progress",
            queryset=PledgeProgress.objects.select_related("by").prefetch_related(
                Prefetch("entries", queryset=DutyLogEntry.objects.order_by("done_on", "pk"))
            ),
        ),
        Prefetch("evaluations", queryset=PledgeEvaluation.objects.select_related("by")),
    )


def member_pledges(member, year):
    """The member's pledges of the year, with their progress notes and evaluations."""
    return _detailed(Pledge.objects.filter(member=member, year=year)).order_by("pk")


def pledge_detail(queryset, pk):
    """One pledge from a queryset already within the user's reach, with its history."""
    return _detailed(queryset).get(pk=pk)


def own_entries(member, year):
    """The member's duty-log entries of the year that may serve as evidence (not returned)."""
    return (
        DutyLogEntry.objects.filter(member=member, done_on__year=year)
        .exclude(status=DutyLogEntry.Status.RETURNED)
        .order_by("-done_on", "-pk")
    )


def branch_entries(branch, year):
    """Entries of the branch's members for the evidence of the branch's own pledges."""
    return (
        DutyLogEntry.objects.filter(branch=branch, done_on__year=year)
        .exclude(status=DutyLogEntry.Status.RETURNED)
        .select_related("member")
        .order_by("-done_on", "-pk")
    )


def branch_pledges(branch, year, *, status="", member=None, own=None):
    """The committee's list: the branch's pledges of the year, the branch's own first, then by
    member; filtered by status (a status, or "outcome" for any outcome) and member, or to the
    branch's own (own=True) or the members' (own=False)."""
    qs = Pledge.objects.filter(branch=branch, year=year)
    if status == "outcome":
        qs = qs.filter(status__in=Pledge.OUTCOMES)
    elif status:
        qs = qs.filter(status=status)
    if member is not None:
        qs = qs.filter(member=member)
    if own is not None:
        qs = qs.filter(member__isnull=own)
    return (
        qs.select_related("member", "responsible", "assignment__post__post_type")
        .annotate(progress_count=Count("progress"))
        .order_by(F("member__name").asc(nulls_first=True), "member_id", "pk")
    )


def status_counts(branch, year):
    """{status: count} of the branch's pledges of the year, in one query."""
    counts = dict.fromkeys(Pledge.Status.values, 0)
    for row in Pledge.objects.filter(branch=branch, year=year).values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


def members_without_pledges(branch, year):
    """Members serving on a post of the year who have made no pledge for it yet."""
    serving = Assignment.objects.filter(post__branch=branch, post__year=year, status__in=Assignment.SERVING)
    return (
        Member.objects.filter(pk__in=serving.values("member_id"))
        # Not the branch's own pledges: a NULL in "NOT IN (…)" would match nobody.
        .exclude(pk__in=Pledge.objects.filter(branch=branch, year=year, member__isnull=False).values("member_id"))
        .order_by("name")
    )


def published_pledges(branch, year):
    """The pledges the branch has published for the year (accepted, with or without an outcome):
    the branch's own first, then each member's, in one query. For public boards: each pledge
    carries its member (or None for the branch's), post, text and target date only."""
    return list(
        Pledge.objects.filter(branch=branch, year=year, status__in=Pledge.PUBLISHED)
        .select_related("member", "assignment__post__post_type")
        .order_by(F("member__name").asc(nulls_first=True), "member_id", "pk")
    )


def review_members(branch):
    """Members of the branch the committee may filter by: those with pledges."""
    return Member.objects.filter(branch=branch, pledges__isnull=False).distinct().order_by("name")


# -- papers ------------------------------------------------------------------------------------


def ledger_rows(branches, year):
    """{branch pk: [(member or None, post name, [pledges])]} of accepted-stage pledges, in one
    query for any number of branches (承诺台账 and 践诺统计表)."""
    found = {b.pk: [] for b in branches}
    current = {}
    for pledge in (
        Pledge.objects.filter(branch__in=list(found), year=year, status__in=Pledge.PUBLISHED)
        .select_related("member", "assignment__post__post_type")
        .order_by("branch_id", F("member__name").asc(nulls_first=True), "member_id", "pk")
    ):
        key = (pledge.branch_id, pledge.member_id)
        if key not in current:
            post = pledge.assignment.post.post_type.name if pledge.assignment_id else ""
            current[key] = (pledge.member, post, [])
            found[pledge.branch_id].append(current[key])
        current[key][2].append(pledge)
    return found


def stats_row(pledges):
    """Counts of a member's (or the branch's) published pledges by outcome, and the rate of
    those fulfilled among those whose outcome is set (None before any is)."""
    made = len(pledges)
    fulfilled = sum(p.status == Pledge.Status.FULFILLED for p in pledges)
    partly = sum(p.status == Pledge.Status.PARTLY for p in pledges)
    not_fulfilled = sum(p.status == Pledge.Status.NOT_FULFILLED for p in pledges)
    judged = fulfilled + partly + not_fulfilled
    rate = round(100 * fulfilled / judged) if judged else None
    return {
        "made": made,
        "fulfilled": fulfilled,
        "partly": partly,
        "not_fulfilled": not_fulfilled,
        "open": made - judged,
        "rate": rate,
    }

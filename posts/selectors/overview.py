"""Reads for the overviews: the secretary's branch overview and home (work waiting), and the
township and county summaries of which branches lag. Each is a fixed number of grouped queries."""

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from members.models import Member, expected_to_serve

from ..models import (
    Assignment,
    BranchPost,
    Claim,
    ClaimRound,
    Notice,
    Objection,
    ResponsibilityLetter,
)
from .catalogue import branch_posts
from .notices import due_notices
from .policy import policies_for

# -- the secretary's overview -------------------------------------------------------


# Coverage (上岗率) counts people on post (在岗): went on post after the notice, the letter and
# the training. Approved, on notice, awaiting the letter and suspended (待岗) people hold a place
# of a post's headcount (Assignment.LIVE) but are not yet, or not now, on post; they are
# counted beside it, never in it.
ON_POST = Assignment.Status.ON_POST
# Stages counted beside coverage, in the order a member goes through them.
STAGES = ("approved", "on_notice", "effective", "suspended")


def coverage(on_post, expected):
    """Per cent of the members expected to serve who are on post, to one decimal (95.5);
    None when nobody is expected to serve."""
    return round(100 * on_post / expected, 1) if expected else None


def _stage_counts():
    """Aggregates for a queryset of live assignments: distinct members on post and at each stage."""
    counts = {"on_post": Count("member", filter=Q(status=ON_POST), distinct=True)}
    counts.update({stage: Count("member", filter=Q(status=stage), distinct=True) for stage in STAGES})
    return counts


def overview(branch, year, members):
    """Posts with places, claims and approvals; posts nobody has claimed; members expected to
    take a post who hold none this year. `members` is the roster the user may read."""
    posts = list(branch_posts(branch, year))
    holders = Assignment.objects.filter(post__branch=branch, post__year=year, status__in=Assignment.LIVE)
    pending = Claim.objects.filter(
        member=OuterRef("pk"), post__branch=branch, post__year=year, status=Claim.Status.PENDING
    )
    available = members.filter(branch=branch).available_for_posts()
    without_post = list(
        available.exclude(pk__in=holders.values("member"))
        .annotate(has_pending_claim=Exists(pending))
        .select_related("group")
        .order_by("name")
    )
    available_count = available.count()
    stages = holders.filter(member__in=available.values("pk")).aggregate(**_stage_counts())
    return {
        "posts": posts,
        "unclaimed": [p for p in posts if p.claim_total == 0 and p.taken == 0],
        "without_post": without_post,
        "available_count": available_count,
        "on_post_count": stages["on_post"],
        "stages": stages,
        "coverage": coverage(stages["on_post"], available_count),
        "headcount": sum(p.headcount for p in posts),
        "taken": sum(p.taken for p in posts),
        "pending": sum(p.pending for p in posts),
    }


# -- the secretary's home: work waiting -----------------------------------------------


def officer_work(branches, today=None):
    """What waits for a branch's officers, per branch, with the year each count is for (the
    branch's working year, as the review and overview pages show by default): claims to
    review, objections to handle, notices ready to close, letters awaiting signature or
    training, members expected to serve who hold no post. Six queries, whatever the number
    of branches. Each count matches the list its link opens."""
    today = today or timezone.localdate()
    branches = list(branches)
    ids = [b.pk for b in branches]
    running = dict(
        ClaimRound.objects.filter(branch__in=ids, starts_on__lte=today, ends_on__gte=today)
        .order_by("branch", "starts_on")
        .values_list("branch", "year")  # the newest wins, as in open_round
    )
    year_of = {b.pk: running.get(b.pk, today.year) for b in branches}
    years = {}
    for pk, year in year_of.items():
        years.setdefault(year, []).append(pk)

    def counts(qs, field):
        return dict(qs.values(field).annotate(n=Count("pk", distinct=True)).values_list(field, "n"))

    of_year = Q(pk__in=[])
    for year, pks in years.items():
        of_year |= Q(post__branch__in=pks, post__year=year)
    claims = counts(Claim.objects.filter(of_year, status=Claim.Status.PENDING), "post__branch")
    objections = counts(
        Objection.objects.filter(notice__branch__in=ids, status=Objection.Status.PENDING), "notice__branch"
    )
    due = counts(due_notices(Notice.objects.filter(branch__in=ids), today), "branch")
    letters = counts(
        ResponsibilityLetter.objects.filter(
            assignment__post__branch__in=ids, assignment__status=Assignment.Status.EFFECTIVE
        ),
        "assignment__post__branch",
    )
    holding = Assignment.objects.filter(
        member=OuterRef("pk"), status__in=Assignment.LIVE, post__branch=OuterRef("branch")
    )
    free = Q(pk__in=[])
    for year, pks in years.items():
        free |= Q(branch__in=pks) & ~Exists(holding.filter(post__year=year))
    without_post = counts(Member.objects.available_for_posts().filter(free), "branch")
    return [
        {
            "branch": b,
            "year": year_of[b.pk],
            "claims": claims.get(b.pk, 0),
            "objections": objections.get(b.pk, 0),
            "due": due.get(b.pk, 0),
            "letters": letters.get(b.pk, 0),
            "without_post": without_post.get(b.pk, 0),
        }
        for b in branches
    ]


# -- township and county: which branches lag ------------------------------------------------


def branch_summaries(branches, year):
    """One row per branch with the figures officials compare: roster, members expected to take
    a post, how many of them hold one this year (coverage), places and vacancies, claims
    awaiting review, and the coverage floor of each branch's rules. A fixed number of grouped
    queries, whatever the number of branches."""
    branches = list(branches.select_related("parent").order_by("path"))
    ids = [b.pk for b in branches]

    def by_branch(qs, field="branch"):
        return {row[field]: row for row in qs}

    roster = by_branch(
        Member.objects.filter(branch__in=ids)
        .values("branch")
        .annotate(
            people=Count("pk"),
            expected=Count("pk", filter=expected_to_serve()),
            exempt=Count("pk", filter=Q(exempt=True)),
        )
    )
    live = Assignment.objects.filter(post__branch__in=ids, post__year=year, status__in=Assignment.LIVE)
    serving = by_branch(
        live.filter(expected_to_serve(via="member__")).values("post__branch").annotate(**_stage_counts()),
        "post__branch",
    )
    places = by_branch(
        BranchPost.objects.filter(branch__in=ids, year=year)
        .values("branch")
        .annotate(posts=Count("pk"), headcount=Sum("headcount")),
    )
    taken = by_branch(live.values("post__branch").annotate(taken=Count("pk")), "post__branch")
    pending = by_branch(
        Claim.objects.filter(post__branch__in=ids, post__year=year, status=Claim.Status.PENDING)
        .values("post__branch")
        .annotate(pending=Count("pk")),
        "post__branch",
    )
    policies = policies_for(branches)
    rows = []
    for b in branches:
        r, s, p = roster.get(b.pk, {}), serving.get(b.pk, {}), places.get(b.pk, {})
        expected, on_post = r.get("expected", 0), s.get("on_post", 0)
        headcount = p.get("headcount") or 0
        rows.append(
            {
                "branch": b,
                "people": r.get("people", 0),
                "expected": expected,
                "exempt": r.get("exempt", 0),
                "on_post": on_post,
                **{stage: s.get(stage, 0) for stage in STAGES},
                "coverage": coverage(on_post, expected),
                "posts": p.get("posts", 0),
                "headcount": headcount,
                "vacancies": max(headcount - taken.get(b.pk, {}).get("taken", 0), 0),
                "pending": pending.get(b.pk, {}).get("pending", 0),
                "floor": policies[b.pk].coverage_floor_percent,
            }
        )
    for row in rows:
        # A branch that has set no posts yet is "未设岗", not behind: there is nothing to take.
        row["no_posts"] = row["posts"] == 0
        row["lags"] = not row["no_posts"] and row["expected"] > 0 and row["coverage"] < row["floor"]
    return rows


def summary_totals(rows):
    keys = ["people", "expected", "exempt", "on_post", *STAGES, "posts", "headcount", "vacancies", "pending"]
    totals = {k: sum(r[k] for r in rows) for k in keys}
    totals["coverage"] = coverage(totals["on_post"], totals["expected"])
    totals["lagging"] = sum(1 for r in rows if r["lags"])
    return totals

"""Reads for the post pages. Callers pass rows already found through request.scope;
every list here runs a fixed number of queries whatever the number of posts or people."""

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member, Organisation, expected_to_serve

from .models import (
    Assignment,
    BranchPost,
    Claim,
    ClaimRound,
    Notice,
    Objection,
    Policy,
    PostType,
    ResponsibilityLetter,
)

COMMON_OWNER_LEVELS = (Organisation.Level.COUNTY, Organisation.Level.TOWNSHIP)


# -- the catalogue ---------------------------------------------------------------


def suits(post_type, branch):
    return not post_type.branch_kinds or branch.kind in post_type.branch_kinds


def adoptable_types(branch, year=None):
    """Presets for the branch's kind, common posts of its township and county, and its own posts.

    With a year, the types the branch has set for that year already are left out.
    """
    qs = (
        PostType.objects.filter(is_active=True)
        .filter(Q(owner__isnull=True) | Q(owner__in=branch.ancestors_and_self()))
        .select_related("post_class", "owner")
        .order_by("post_class__order", "owner__path", "name")
    )
    if year is not None:
        qs = qs.exclude(pk__in=BranchPost.objects.filter(branch=branch, year=year).values("post_type"))
    # Kinds are a short JSON list; SQLite cannot search JSON lists, and a catalogue is a
    # few dozen rows, so they are matched here.
    return [t for t in qs if suits(t, branch)]


def visible_post_types(scope):
    """The catalogue a user reads: presets, post types of organisations in their scope, and
    the common posts of the townships and county above those organisations."""
    if scope.is_superuser:
        return PostType.objects.all()
    above = {code for path in scope.paths("posts.read") for code in path.strip("/").split("/")}
    in_scope = scope.filter(PostType.objects.all(), "posts.read", via="owner")
    return PostType.objects.filter(Q(owner__isnull=True) | Q(owner__code__in=above) | Q(pk__in=in_scope.values("pk")))


def common_post_types(scope):
    """Common posts (共性岗位) the user publishes: those of the county or townships they oversee."""
    return (
        scope.filter(
            PostType.objects.filter(owner__level__in=COMMON_OWNER_LEVELS), "catalogue.publish_common", via="owner"
        )
        .select_related("post_class", "owner")
        .order_by("owner__path", "post_class__order", "name")
    )


def editable_post_types(scope):
    """Post types the user may edit: their branch's own posts and the common posts they publish."""
    own = scope.filter(PostType.objects.filter(owner__level=Organisation.Level.BRANCH), "posts.set_up", via="owner")
    return (own | common_post_types(scope)).select_related("post_class", "owner")


def common_owners(scope):
    """The county and townships for which the user may publish common posts."""
    return scope.organisations("catalogue.publish_common").filter(level__in=COMMON_OWNER_LEVELS)


# -- rules set above the branch ------------------------------------------------------


class EffectivePolicy:
    """The rules in force for one organisation: each rule's value as an attribute
    (policy.coverage_floor_percent) and, in `sources`, the organisation that sets it (None:
    the built-in default)."""

    def __init__(self, organisation, values, sources):
        self.organisation = organisation
        self._values = values
        self.sources = sources

    def __getattr__(self, name):
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def source_label(self, rule):
        """Where a rule comes from, as the branch overview says it: 县, 镇, 本支部 or 默认."""
        source = self.sources[rule]
        if source is None:
            return _("built-in default")
        if source["code"] == self.organisation.code:
            return _("set by this branch") if self.organisation.level == Organisation.Level.BRANCH else _("set here")
        return {
            Organisation.Level.COUNTY: _("set by the county"),
            Organisation.Level.TOWNSHIP: _("set by the township"),
        }.get(source["level"], source["name"])

    def rows(self):
        """(name, value, where from) per rule, for the overview box."""
        return [
            (Policy._meta.get_field(rule).verbose_name, self._values[rule], self.source_label(rule))
            for rule in Policy.RULES
        ]


def _codes(organisation):
    return [c for c in organisation.path.strip("/").split("/") if c]


def policies_for(organisations):
    """{organisation pk: EffectivePolicy} in one query, whatever the number of organisations:
    the rows of all of them and their ancestors, then for each organisation and rule the
    nearest row (its own, its township's, its county's) that sets the rule."""
    organisations = list(organisations)
    paths = [_codes(o) for o in organisations]
    # The few organisations above by code, the listed ones through their parents: matching
    # thousands of branch codes took 100 ms on SQLite for 4,000 branches, this 10 ms. Rows of
    # unlisted siblings come along unused.
    above = {c for codes in paths for c in codes[:-1]} | {codes[0] for codes in paths if len(codes) == 1}
    parents = {codes[-2] for codes in paths if len(codes) > 1}
    wanted = Q(organisation__code__in=above) | Q(organisation__parent__code__in=parents)
    rows = {
        r["organisation__code"]: r
        for r in Policy.objects.filter(wanted).values(
            "organisation__code", "organisation__level", "organisation__name", *Policy.RULES
        )
    }
    found = {}
    for o in organisations:
        nearest_first = [rows[c] for c in reversed(_codes(o)) if c in rows]
        values, sources = {}, {}
        for rule, default in Policy.DEFAULTS.items():
            row = next((r for r in nearest_first if r[rule] is not None), None)
            values[rule] = default if row is None else row[rule]
            sources[rule] = (
                None
                if row is None
                else {
                    "code": row["organisation__code"],
                    "level": row["organisation__level"],
                    "name": row["organisation__name"],
                }
            )
        found[o.pk] = EffectivePolicy(o, values, sources)
    return found


def policy_for(organisation):
    """The EffectivePolicy of one organisation (usually a branch), in one query."""
    return policies_for([organisation])[organisation.pk]


def policy_organisations(scope):
    """Organisations whose rules the user may set: county officials their county and its
    townships, township officials their township, branch officers their branch (an override
    for it alone). Overseers do not set a branch's rules; officers do not set those above."""
    if scope.is_superuser:
        return Organisation.objects.filter(level__in=Policy.LEVELS)
    # policy.set reaches an overseer's whole subtree, but a branch's own rules are the branch's
    # business: they are set by those who set up its posts.
    above = scope.filter(Organisation.objects.filter(level__in=COMMON_OWNER_LEVELS), "policy.set")
    own = scope.branches("posts.set_up")
    return Organisation.objects.filter(Q(pk__in=above.values("pk")) | Q(pk__in=own.values("pk")))


# -- a branch's posts for a year ---------------------------------------------------


def with_counts(posts):
    """Annotate live assignments (places taken), pending claims and all claims per post."""
    return posts.annotate(
        taken=Count("assignments", filter=Q(assignments__status__in=Assignment.LIVE), distinct=True),
        pending=Count("claims", filter=Q(claims__status=Claim.Status.PENDING), distinct=True),
        claim_total=Count("claims", distinct=True),
    ).annotate(places_left=F("headcount") - F("taken"))


def branch_posts(branch, year):
    posts = BranchPost.objects.filter(branch=branch, year=year).select_related(
        "post_type__post_class",
        "post_type__owner",
        "lead",
        "contact_cadre",
    )
    return with_counts(posts).order_by("post_type__post_class__order", "post_type__name")


def open_round(branch, today=None):
    """The claim round running in the branch today, if any."""
    today = today or timezone.localdate()
    return ClaimRound.objects.filter(branch=branch, starts_on__lte=today, ends_on__gte=today).first()


def working_year(branch, today=None):
    """The year the post pages show by default: the running round's, else the calendar year."""
    today = today or timezone.localdate()
    current = open_round(branch, today)
    return current.year if current else today.year


def rounds(branch):
    return ClaimRound.objects.filter(branch=branch).select_related("opened_by").order_by("-starts_on")


# -- claims -------------------------------------------------------------------------


def member_claims(member):
    """The member's claims with what the "next step" line needs: the round, the assignment
    and the notices it is on (newest first)."""
    return (
        Claim.objects.filter(member=member)
        .select_related("post__post_type", "post__branch", "assignment__post__post_type", "claim_round")
        .prefetch_related(
            Prefetch("assignment__notices", queryset=Notice.objects.order_by("-starts_on"), to_attr="notice_list")
        )
        .order_by("-created_at")
    )


def pending_post_ids(member):
    return set(Claim.objects.filter(member=member, status=Claim.Status.PENDING).values_list("post_id", flat=True))


def held_post_ids(member):
    """Posts the member holds a place on (approved up to on post, or suspended)."""
    return set(Assignment.objects.filter(member=member, status__in=Assignment.LIVE).values_list("post_id", flat=True))


def nominees(branch, post=None):
    """Who may be nominated for a post of the branch: its members expected to take a post who
    have room under the branch's posts-per-person limit (live places plus claims awaiting
    review, the count services.claims.submit_claim refuses on) and, for `post`, who neither
    hold it nor have applied for it."""
    live = Q(assignments__post__branch=branch, assignments__status__in=Assignment.LIVE)
    waiting = Q(claims__post__branch=branch, claims__status=Claim.Status.PENDING)
    with_room = (
        Member.objects.filter(branch=branch)
        .alias(
            taken=Count("assignments", filter=live, distinct=True),
            waiting=Count("claims", filter=waiting, distinct=True),
        )
        .filter(taken__lt=branch.posts_per_person - F("waiting"))
        .values("pk")
    )
    qs = Member.objects.available_for_posts().filter(branch=branch, pk__in=with_room)
    if post is not None:
        qs = qs.exclude(pk__in=Assignment.objects.filter(post=post, status__in=Assignment.LIVE).values("member"))
        qs = qs.exclude(pk__in=Claim.objects.filter(post=post, status=Claim.Status.PENDING).values("member"))
    return qs.select_related("group").order_by("name")


def review_board(branch, year):
    """The branch's posts for the year, each with its pending claims ranked by votes."""
    pending = (
        Claim.objects.filter(status=Claim.Status.PENDING)
        .select_related("member__group", "nominated_by")
        .order_by(F("votes").desc(nulls_last=True), "created_at")
    )
    return branch_posts(branch, year).prefetch_related(Prefetch("claims", queryset=pending, to_attr="pending_claims"))


def decided_claims(branch, year):
    """Claims decided for the year, newest first, for the record at the foot of the review page."""
    return (
        Claim.objects.filter(post__branch=branch, post__year=year)
        .exclude(status=Claim.Status.PENDING)
        .select_related("member", "post__post_type", "decided_by", "assignment__post__post_type")
        .order_by("-decided_at")
    )


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


def due_notices(notices, today):
    """Notices whose period has ended and that have no objection left to handle: ready to close."""
    return notices.filter(status=Notice.Status.OPEN, ends_on__lt=today).exclude(
        objections__status=Objection.Status.PENDING
    )


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

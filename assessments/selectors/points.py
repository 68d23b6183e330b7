"""Service points (服务积分): what a verified log entry earns, the rules in force, the months a
branch has closed (月登记), the monthly board (积分公示) and a member's points card (积分卡).

Points come from rules, never from a typed number. A rule (PointsRule) is set per kind of
entry by a county, a township or a branch from a start date on; for an entry the nearest
organisation up the tree with a rule in force on the entry's date wins, and until anyone sets
one the defaults of seed 002 apply: 3 points for an individual service, 2 for a collective
activity, none for other entries, no monthly cap.

Every read here runs a fixed number of queries whatever the size of the branch or the year:
a closed month is read from its snapshot (MonthlyPoints), an open month is summed from the
verified entries and adjustments with one aggregate query each.
"""

import datetime
from dataclasses import dataclass, field

from django.core import signing
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member, Organisation
from posts.models import Assignment

from ..models import ClosedMonth, DutyLogEntry, MonthlyPoints, PointsAdjustment, PointsRule

Kind = DutyLogEntry.Kind
VERIFIED = DutyLogEntry.Status.VERIFIED

DEFAULT_POINTS = {Kind.INDIVIDUAL: 3, Kind.COLLECTIVE: 2, Kind.OTHER: 0}

# Members who held a post of the branch in the board's year, even if their term has ended since.
ON_BOARD_STATUSES = (*Assignment.HOLDING, Assignment.Status.ENDED)


# -- months ----------------------------------------------------------------------------------


def month_start(day):
    return day.replace(day=1)


def next_month(month):
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_end(month):
    return next_month(month) - datetime.timedelta(days=1)


def parse_month(text):
    """ "2026-03" → 2026-03-01, or None for anything else."""
    try:
        month = datetime.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        return None
    return month if 2000 <= month.year <= 2100 else None


def recent_months(today, count=12):
    """This month and the `count - 1` before it, newest first: the months the pages offer."""
    month = month_start(today)
    months = []
    for _i in range(count):
        months.append(month)
        month = month_start(month - datetime.timedelta(days=1))
    return months


def is_closed(branch, day):
    """Whether the month of `day` is closed (月登记) for `branch`: nothing dated in it may be
    added, changed, verified or returned until an officer reopens it."""
    return ClosedMonth.objects.filter(branch=branch, month=month_start(day)).exists()


def closed_months(branch, year):
    """The first days of the months of `year` the branch has closed."""
    return set(ClosedMonth.objects.filter(branch=branch, month__year=year).values_list("month", flat=True))


def waiting_count(branch, month):
    """Entries of the month still waiting for verification: the month cannot close before."""
    return DutyLogEntry.objects.filter(
        branch=branch, status=DutyLogEntry.Status.SUBMITTED, done_on__range=(month, month_end(month))
    ).count()


# -- rules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """The rule in force for a kind of entry; `source` is the PointsRule it comes from (None:
    the built-in default)."""

    kind: str
    points: int
    monthly_cap: int | None = None
    source: PointsRule | None = None

    @property
    def kind_label(self):
        return Kind(self.kind).label

    @property
    def source_label(self):
        if self.source is None:
            return _("built-in default")
        return {
            Organisation.Level.COUNTY: _("set by the county"),
            Organisation.Level.TOWNSHIP: _("set by the township"),
            Organisation.Level.BRANCH: _("set by the branch"),
        }[self.source.organisation.level]


def _chain_codes(organisation):
    """Codes from the county down to the organisation (a branch's group is never its own)."""
    codes = [c for c in organisation.path.strip("/").split("/") if c]
    if organisation.level == Organisation.Level.GROUP:
        codes = codes[:-1]
    return codes


def _chain_rules(organisation, **filters):
    return list(
        PointsRule.objects.filter(organisation__code__in=_chain_codes(organisation), **filters).select_related(
            "organisation", "set_by"
        )
    )


def _in_force(rules, codes, kind, day):
    """Of `rules` (of the chain `codes`), the one for `kind` in force on `day`: the nearest
    organisation with a rule started by then, and its latest."""
    for code in reversed(codes):
        started = [r for r in rules if r.organisation.code == code and r.kind == kind and r.starts_on <= day]
        if started:
            rule = max(started, key=lambda r: (r.starts_on, r.pk))
            return Rule(kind, rule.points, rule.monthly_cap, rule)
    return Rule(kind, DEFAULT_POINTS[kind])


def rule_for(branch, kind, day):
    """The Rule for an entry of `kind` dated `day` in `branch`, in one query."""
    rules = _chain_rules(branch, kind=kind, starts_on__lte=day)
    return _in_force(rules, _chain_codes(branch), kind, day)


def points_for(entry):
    """The points `entry` earns when it is verified, by the rules in force on its date: the
    rule's points, but no more than what is left of the rule's monthly cap after the member's
    other verified entries of that kind and month. Entries are never re-scored later."""
    rule = rule_for(entry.branch, entry.kind, entry.done_on)
    if rule.monthly_cap is None:
        return rule.points
    month = month_start(entry.done_on)
    used = (
        DutyLogEntry.objects.filter(
            member_id=entry.member_id,
            kind=entry.kind,
            status=VERIFIED,
            done_on__range=(month, month_end(month)),
        )
        .exclude(pk=entry.pk)
        .aggregate(used=Coalesce(Sum("points"), 0))["used"]
    )
    return max(0, min(rule.points, rule.monthly_cap - used))


@dataclass
class RulesPage:
    organisation: Organisation
    in_force: list
    upcoming: list
    history: list


def rules_page(organisation, today):
    """What the rules page shows, in one query: per kind the rule in force today and where it
    comes from, the rules set to start later, and every rule of the organisation and those
    above it, newest first."""
    rules = _chain_rules(organisation)
    codes = _chain_codes(organisation)
    return RulesPage(
        organisation=organisation,
        in_force=[_in_force(rules, codes, kind, today) for kind in Kind.values],
        upcoming=sorted((r for r in rules if r.starts_on > today), key=lambda r: (r.starts_on, r.pk)),
        history=sorted(rules, key=lambda r: (r.set_at, r.pk), reverse=True),
    )


def rule_organisations(scope):
    """Organisations whose points rules the user may set (policy.set over them)."""
    return scope.filter(Organisation.objects.filter(level__in=PointsRule.LEVELS), "policy.set")


# -- totals ----------------------------------------------------------------------------------


@dataclass
class Totals:
    entry_points: int = 0
    adjustment_points: int = 0
    entries: int = 0

    @property
    def total(self):
        return self.entry_points + self.adjustment_points


def _ranges(months):
    q = Q(pk__in=[])
    for month in months:
        q |= Q(done_on__range=(month, month_end(month)))
    return q


def _live(branch, months, per_month=False):
    """{member pk: Totals} (or {(member pk, month): Totals}) of the open `months`, summed by
    the database: one query for the entries, one for the adjustments."""
    found = {}
    if not months:
        return found
    entries = DutyLogEntry.objects.filter(_ranges(months), branch=branch, status=VERIFIED)
    adjustments = PointsAdjustment.objects.filter(branch=branch, month__in=months)
    if per_month:
        entries = entries.annotate(month=TruncMonth("done_on"))
        keys = ("member_id", "month")
    else:
        keys = ("member_id",)
    for row in entries.values(*keys).annotate(p=Sum("points"), n=Count("pk")).order_by():
        key = tuple(_as_date(row[k]) for k in keys) if per_month else row["member_id"]
        found.setdefault(key, Totals()).entry_points += row["p"]
        found[key].entries += row["n"]
    for row in adjustments.values(*keys).annotate(p=Sum("points")).order_by():
        key = tuple(_as_date(row[k]) for k in keys) if per_month else row["member_id"]
        found.setdefault(key, Totals()).adjustment_points += row["p"]
    return found


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def _snapshots(branch, months):
    found = {}
    if not months:
        return found
    for row in MonthlyPoints.objects.filter(branch=branch, month__in=months).values(
        "member_id", "entry_points", "adjustment_points", "entries"
    ):
        t = found.setdefault(row["member_id"], Totals())
        t.entry_points += row["entry_points"]
        t.adjustment_points += row["adjustment_points"]
        t.entries += row["entries"]
    return found


def _merge(*parts):
    merged = {}
    for part in parts:
        for key, t in part.items():
            m = merged.setdefault(key, Totals())
            m.entry_points += t.entry_points
            m.adjustment_points += t.adjustment_points
            m.entries += t.entries
    return merged


def live_month(branch, month):
    """{member pk: Totals} of a month computed from the log, whether closed or not: what
    close_month stores, and what a snapshot must equal."""
    return _live(branch, [month])


def months_totals(branch, months, closed):
    """{member pk: Totals} over `months`: closed ones from their snapshots, open ones live."""
    return _merge(
        _snapshots(branch, [m for m in months if m in closed]),
        _live(branch, [m for m in months if m not in closed]),
    )


# -- the monthly board (积分公示) -------------------------------------------------------------


@dataclass
class BoardRow:
    member_id: int
    name: str
    month: Totals
    year_total: int
    rank: int = 0


@dataclass
class Board:
    branch: Organisation
    month: datetime.date
    closed: bool
    rows: list = field(default_factory=list)

    @property
    def month_total(self):
        return sum(r.month.total for r in self.rows)


def rank(rows, key):
    """Set `rank` on rows sorted best first: equal scores share a rank, the next rank skips
    (1, 1, 3)."""
    previous, current = object(), 0
    for position, row in enumerate(rows, start=1):
        score = key(row)
        if score != previous:
            previous, current = score, position
        row.rank = current
    return rows


def board(branch, month):
    """The branch's board for `month`: everyone who held a post of the branch that year, and
    anyone else with points that month, with the month's points, the year's total to the end
    of the month and their rank, best first. Seven queries at most, whatever the size."""
    closed = closed_months(branch, month.year)
    months = [datetime.date(month.year, m, 1) for m in range(1, month.month + 1)]
    this_month = months_totals(branch, [month], closed)
    year = months_totals(branch, months, closed)
    on_post = set(
        Assignment.objects.filter(post__branch=branch, post__year=month.year, status__in=ON_BOARD_STATUSES).values_list(
            "member_id", flat=True
        )
    )
    ids = on_post | {pk for pk, t in this_month.items() if t.total or t.entries}
    names = dict(Member.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    rows = [BoardRow(pk, names[pk], this_month.get(pk, Totals()), year.get(pk, Totals()).total) for pk in names]
    rows.sort(key=lambda r: (-r.month.total, -r.year_total, r.name))
    return Board(branch, month, month in closed, rank(rows, lambda r: r.month.total))


# -- a member's points card (积分卡) -----------------------------------------------------------


@dataclass
class CardMonth:
    month: datetime.date
    entries: list = field(default_factory=list)
    adjustments: list = field(default_factory=list)
    closed: bool = False
    totals: Totals = field(default_factory=Totals)


def card(member, year, today=None):
    """A member's year month by month: the verified entries and the adjustments, each month's
    points (from its snapshot once closed) and the year's total. Four queries."""
    today = today or timezone.localdate()
    last = 12 if year < today.year else (today.month if year == today.year else 0)
    months = {datetime.date(year, m, 1): CardMonth(datetime.date(year, m, 1)) for m in range(1, last + 1)}
    entries = DutyLogEntry.objects.filter(member=member, status=VERIFIED, done_on__year=year).order_by("done_on", "pk")
    for e in entries.only("done_on", "kind", "what", "place", "points", "people_served"):
        cm = months.get(month_start(e.done_on))
        if cm is not None:
            cm.entries.append(e)
            cm.totals.entry_points += e.points
            cm.totals.entries += 1
    for a in PointsAdjustment.objects.filter(member=member, month__year=year).select_related("by").order_by("at"):
        cm = months.get(a.month)
        if cm is not None:
            cm.adjustments.append(a)
            cm.totals.adjustment_points += a.points
    for snap in MonthlyPoints.objects.filter(member=member, month__year=year):
        cm = months.get(snap.month)
        if cm is not None:
            cm.closed = True
            cm.totals = Totals(snap.entry_points, snap.adjustment_points, snap.entries)
    ordered = [months[m] for m in sorted(months, reverse=True)]
    return ordered, sum(cm.totals.total for cm in ordered)


def year_totals_for(members, year):
    """{member pk: year total} for several members of any branches, from their cards' sources
    (snapshots of closed months, the log and adjustments of open ones): three queries."""
    ids = [m.pk for m in members]
    snaps = MonthlyPoints.objects.filter(member_id__in=ids, month__year=year)
    closed = {(r["member_id"], r["month"]) for r in snaps.values("member_id", "month")}
    totals = {}
    for r in snaps.values("member_id").annotate(t=Sum("total")).order_by():
        totals[r["member_id"]] = r["t"]
    entries = DutyLogEntry.objects.filter(member_id__in=ids, status=VERIFIED, done_on__year=year)
    adjustments = PointsAdjustment.objects.filter(member_id__in=ids, month__year=year)
    for r in entries.annotate(m=TruncMonth("done_on")).values("member_id", "m").annotate(p=Sum("points")).order_by():
        if (r["member_id"], _as_date(r["m"])) not in closed:
            totals[r["member_id"]] = totals.get(r["member_id"], 0) + r["p"]
    for r in adjustments.values("member_id", "month").annotate(p=Sum("points")).order_by():
        if (r["member_id"], r["month"]) not in closed:
            totals[r["member_id"]] = totals.get(r["member_id"], 0) + r["p"]
    return totals


# -- the public board ------------------------------------------------------------------------

_SALT = "assessments.points-board"


def public_token(branch):
    """The unguessable code of the branch's public board (signed, so nobody can make one for
    another branch; the branch's number in it means nothing without the signature)."""
    return signing.Signer(salt=_SALT, sep=".").sign(signing.b62_encode(branch.pk))


def branch_for_token(token):
    """The branch a public code belongs to, or None for a code nobody issued."""
    try:
        value = signing.Signer(salt=_SALT, sep=".").unsign(token)
        pk = signing.b62_decode(value)
    except (signing.BadSignature, ValueError):
        return None
    return Organisation.objects.filter(pk=pk, level=Organisation.Level.BRANCH).first()


def published_months(branch, limit=12):
    """The closed months the public page offers, newest first."""
    return list(ClosedMonth.objects.filter(branch=branch).order_by("-month").values_list("month", flat=True)[:limit])


# -- papers: many branches at once ------------------------------------------------------------


def monthly_by_member(branches, year, members=None):
    """{(branch pk, member pk): {month number: Totals}} of `year` for any number of branches
    (and, if given, only these members): closed months from their snapshots, open ones summed
    from the log and the adjustments. Four queries whatever the number of branches."""
    branch_ids = [b.pk for b in branches]
    member_filter = {"member__in": [m.pk for m in members]} if members is not None else {}
    closed = set(
        ClosedMonth.objects.filter(branch_id__in=branch_ids, month__year=year).values_list("branch_id", "month")
    )
    found = {}

    def add(branch_id, member_id, month, entry_points=0, adjustment_points=0, entries=0):
        t = found.setdefault((branch_id, member_id), {}).setdefault(month.month, Totals())
        t.entry_points += entry_points
        t.adjustment_points += adjustment_points
        t.entries += entries

    snaps = MonthlyPoints.objects.filter(branch_id__in=branch_ids, month__year=year, **member_filter)
    for r in snaps.values("branch_id", "member_id", "month", "entry_points", "adjustment_points", "entries"):
        add(r["branch_id"], r["member_id"], r["month"], r["entry_points"], r["adjustment_points"], r["entries"])
    entries = DutyLogEntry.objects.filter(
        branch_id__in=branch_ids, status=VERIFIED, done_on__year=year, **member_filter
    ).annotate(m=TruncMonth("done_on"))
    for r in entries.values("branch_id", "member_id", "m").annotate(p=Sum("points"), n=Count("pk")).order_by():
        month = _as_date(r["m"])
        if (r["branch_id"], month) not in closed:
            add(r["branch_id"], r["member_id"], month, entry_points=r["p"], entries=r["n"])
    adjustments = PointsAdjustment.objects.filter(branch_id__in=branch_ids, month__year=year, **member_filter)
    for r in adjustments.values("branch_id", "member_id", "month").annotate(p=Sum("points")).order_by():
        if (r["branch_id"], r["month"]) not in closed:
            add(r["branch_id"], r["member_id"], r["month"], adjustment_points=r["p"])
    return found, closed


def on_board(branches, year):
    """{branch pk: {member pk}} of the members who held a post of the branch in `year`."""
    found = {}
    rows = Assignment.objects.filter(post__branch__in=branches, post__year=year, status__in=ON_BOARD_STATUSES)
    for branch_id, member_id in rows.values_list("post__branch_id", "member_id").distinct():
        found.setdefault(branch_id, set()).add(member_id)
    return found


def close_states(branches, month):
    """[(branch, closed, waiting entries)] of `month` for the given branches (a page of a
    township's or county's list): three queries whatever their number."""
    branches = list(branches)
    closed = set(ClosedMonth.objects.filter(branch__in=branches, month=month).values_list("branch_id", flat=True))
    waiting = dict(
        DutyLogEntry.objects.filter(
            branch__in=branches, status=DutyLogEntry.Status.SUBMITTED, done_on__range=(month, month_end(month))
        )
        .values("branch_id")
        .annotate(n=Count("pk"))
        .values_list("branch_id", "n")
        .order_by()
    )
    return [(b, b.pk in closed, waiting.get(b.pk, 0)) for b in branches]

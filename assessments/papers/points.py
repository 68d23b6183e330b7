"""The papers of service points, registered with the papers app (assessments/papers/ imports
this module): the year's monthly points
board of a branch (积分公示, one row per member, a column per month) and each member's points
card (积分卡). Both read any number of branches in a fixed number of queries; names and
points only (never an ID number or a phone)."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from members.models import Member
from papers.registry import Paper, register
from papers.sections import Section

from ..models import PointsAdjustment
from ..selectors import points as selectors

MONTHS = tuple(range(1, 13))
BOARD_ROWS_PER_PAGE = 28


@dataclass
class BoardLine:
    name: str
    months: list
    total: int
    rank: int = 0


def _names(ids):
    return dict(Member.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def points_board(branches, year):
    """Per branch: every member who held a post that year or earned points, with each month's
    points and the year's total, ranked by the total (ties share a rank)."""
    branches = list(branches)
    totals, closed = selectors.monthly_by_member(branches, year)
    holders = selectors.on_board(branches, year)
    names = _names({m for (_b, m) in totals} | {m for ids in holders.values() for m in ids})
    sections = {}
    for branch in branches:
        ids = holders.get(branch.pk, set()) | {m for (b, m) in totals if b == branch.pk}
        if not ids:
            continue
        lines = []
        for member_id in ids:
            months = totals.get((branch.pk, member_id), {})
            points = [months[m].total if m in months else 0 for m in MONTHS]
            lines.append(BoardLine(names[member_id], points, sum(points)))
        lines.sort(key=lambda line: (-line.total, line.name))
        selectors.rank(lines, lambda line: line.total)
        sections[branch.pk] = Section(
            "points_board",
            branch,
            "assessments/print/points_board.html",
            pages=1 + len(lines) // BOARD_ROWS_PER_PAGE,
            data={
                "year": year,
                "months": MONTHS,
                "rows": lines,
                "closed": sorted(m.month for b, m in closed if b == branch.pk),
            },
        )
    return sections


@dataclass
class CardPaper:
    name: str
    months: list  # (month number, Totals, closed)
    adjustments: list
    total: int


def points_cards(branches, year, members=None):
    """Per branch, a card per member (one page each): each month's verified entries, their
    points, adjustments and total, the adjustments with their reasons, and the year's total.
    For one member when `members` is given; else for everyone on the branch's board."""
    branches = list(branches)
    totals, closed = selectors.monthly_by_member(branches, year, members)
    if members is None:
        holders = selectors.on_board(branches, year)
    else:
        holders = {b.pk: {m.pk for m in members if m.branch_id == b.pk} for b in branches}
    adjustments = {}
    found = PointsAdjustment.objects.filter(branch__in=branches, month__year=year).order_by("month", "at")
    if members is not None:
        found = found.filter(member__in=members)
    for a in found.values("branch_id", "member_id", "month", "points", "reason"):
        adjustments.setdefault((a["branch_id"], a["member_id"]), []).append(a)
    names = _names({m for (_b, m) in totals} | {m for ids in holders.values() for m in ids})
    sections = {}
    for branch in branches:
        ids = holders.get(branch.pk, set()) | {m for (b, m) in totals if b == branch.pk}
        cards = []
        for member_id in sorted(ids, key=lambda pk: names[pk]):
            months = totals.get((branch.pk, member_id), {})
            rows = [
                (m, months.get(m, selectors.Totals()), (branch.pk, datetime.date(year, m, 1)) in closed) for m in MONTHS
            ]
            cards.append(
                CardPaper(
                    names[member_id],
                    rows,
                    adjustments.get((branch.pk, member_id), []),
                    sum(t.total for _m, t, _c in rows),
                )
            )
        if cards:
            sections[branch.pk] = Section(
                "points_card",
                branch,
                "assessments/print/points_card.html",
                pages=len(cards),
                data={"year": year, "cards": cards},
            )
    return sections


register(
    Paper(
        "points_board",
        _("Monthly points board"),
        points_board,
        per_member=False,
        order=60,
        help=_("The year's service points month by month, one row per member, ranked by the year's total."),
    )
)
register(
    Paper(
        "points_card",
        _("Points cards"),
        points_cards,
        items=("cards", 1),
        per_member=True,
        order=61,
        help=_("Each member's service points month by month, with awards and deductions and their reasons."),
    )
)

"""The papers of pledges (承诺践诺), registered with the papers app (assessments/papers/ imports it):
the pledge ledger (承诺台账), each member's pledge letter for signature (承诺践诺书) and the
fulfilment table (践诺统计表).

They print what the branch has published: pledges the committee accepted, with their
outcomes once set. Each gatherer reads any number of branches in a fixed number of queries.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from members.models import Member
from papers.registry import Paper, register
from papers.sections import Section

from ..selectors.pledges import ledger_rows, stats_row

KIND_TITLES = {
    "pledge_ledger": _("Pledge ledger"),
    "pledge_letters": _("Pledge letters"),
    "pledge_stats": _("Pledge fulfilment table"),
}


@dataclass(frozen=True)
class PledgeLine:
    text: str
    due_on: object
    status: str


@dataclass(frozen=True)
class LedgerRow:
    """A member (name "" for the branch's own pledges) and their published pledges."""

    name: str
    post: str
    pledges: tuple


def _lines(pledges):
    return tuple(PledgeLine(p.text, p.due_on, str(p.get_status_display())) for p in pledges)


def _member_counts(branches):
    return dict(
        Member.objects.filter(branch__in=branches)
        .values_list("branch_id")
        .annotate(n=Count("pk"))
        .values_list("branch_id", "n")
    )


def _rows(branches, year, members=None):
    found = ledger_rows(branches, year)
    if members is not None:
        wanted = {m.pk for m in members}
        found = {pk: [r for r in rows if r[0] is not None and r[0].pk in wanted] for pk, rows in found.items()}
    return found


def pledge_ledger(branches, year):
    """承诺台账: per branch, its own pledges then each member's, with target dates and status."""
    found, counts = _rows(branches, year), _member_counts(branches)
    sections = {}
    for b in branches:
        rows = [LedgerRow(m.name if m else "", post, _lines(pledges)) for m, post, pledges in found[b.pk]]
        if not rows:
            continue
        total = sum(len(r.pledges) for r in rows)
        sections[b.pk] = Section(
            "pledge_ledger",
            b,
            "assessments/print/pledge_ledger.html",
            pages=1 + total // 18,
            data={"year": year, "rows": rows, "members": counts.get(b.pk, 0), "total": total},
        )
    return sections


def pledge_letters(branches, year, members=None):
    """承诺践诺书: one page per member with published pledges, for the member's and the
    secretary's signatures; `members` prints only theirs."""
    found = _rows(branches, year, members)
    sections = {}
    for b in branches:
        letters = [LedgerRow(m.name, post, _lines(pledges)) for m, post, pledges in found[b.pk] if m is not None]
        if letters:
            sections[b.pk] = Section(
                "pledge_letters",
                b,
                "assessments/print/pledge_letters.html",
                pages=len(letters),
                data={"year": year, "letters": letters},
            )
    return sections


@dataclass(frozen=True)
class StatsRow:
    name: str
    made: int
    fulfilled: int
    partly: int
    not_fulfilled: int
    open: int
    rate: object


def pledge_stats(branches, year):
    """践诺统计表: per branch, for the branch's own pledges and each member, how many were made,
    fulfilled, partly fulfilled and not, and the share fulfilled of those judged."""
    found, counts = _rows(branches, year), _member_counts(branches)
    sections = {}
    for b in branches:
        rows = [StatsRow(m.name if m else "", **stats_row(pledges)) for m, _post, pledges in found[b.pk]]
        if not rows:
            continue
        everything = [p for _m, _post, pledges in found[b.pk] for p in pledges]
        sections[b.pk] = Section(
            "pledge_stats",
            b,
            "assessments/print/pledge_stats.html",
            pages=1 + len(rows) // 25,
            data={
                "year": year,
                "rows": rows,
                "members": counts.get(b.pk, 0),
                "total": StatsRow("", **stats_row(everything)),
            },
        )
    return sections


register(Paper("pledge_ledger", KIND_TITLES["pledge_ledger"], pledge_ledger, order=70))
register(
    Paper(
        "pledge_letters",
        KIND_TITLES["pledge_letters"],
        pledge_letters,
        items=("letters", 1),
        per_member=True,
        order=71,
    )
)
register(Paper("pledge_stats", KIND_TITLES["pledge_stats"], pledge_stats, order=72))

"""Papers of responsibility areas and mentoring, registered with the papers app: the
responsibility-area table (样例3 党员责任区安排表), each member's area activity ledger
(样例4 党员责任区活动台账) and the mentoring agreement (帮带协议书).

The print pages look the branch (and the person) up under the "print" capability before
anything here runs. Each gatherer reads any number of branches in a fixed number of queries.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from members.models import Member
from papers.registry import Paper, register, register_years
from papers.sections import Section
from posts.models import Assignment

from ..models import AreaActivity, AreaMember, MentoringPair, ResponsibilityArea

ROWS_PER_PAGE = 14


def years(branch):
    """Years the branch has areas or pairs for."""
    found = set(ResponsibilityArea.objects.filter(branch=branch).values_list("year", flat=True).distinct())
    found |= {d.year for d in MentoringPair.objects.filter(branch=branch).dates("starts_on", "year")}
    return found


def _roles(branches, year, member_ids=None):
    """What each member is called in the tables: their office, or else their posts of the year
    (无职党员写岗位名称)."""
    serving = Assignment.objects.filter(post__branch__in=branches, post__year=year, status__in=Assignment.SERVING)
    if member_ids is not None:
        serving = serving.filter(member_id__in=member_ids)
    posts = {}
    for member_id, name in serving.order_by("post__post_type__name").values_list("member_id", "post__post_type__name"):
        posts.setdefault(member_id, []).append(name)
    return lambda m: m.office or "、".join(posts.get(m.pk, []))


# -- 样例3: the responsibility-area table ------------------------------------------------------


@dataclass(frozen=True)
class AreaRow:
    name: str
    role: str
    area: str
    scope: str
    duties: str
    is_lead: bool


def area_table_sections(branches, year):
    people = (
        AreaMember.objects.filter(area__branch__in=branches, area__year=year)
        .select_related("area", "member")
        .order_by("area__branch__path", "area__name", "-is_lead", "member__name", "pk")
    )
    people = list(people)
    role = _roles(branches, year)
    rows = {}
    for p in people:
        rows.setdefault(p.area.branch_id, []).append(
            AreaRow(p.member.name, role(p.member), p.area.name, p.area.scope, p.area.duties, p.is_lead)
        )
    return {
        b.pk: Section(
            "area_table",
            b,
            "assessments/print/area_table.html",
            pages=1 + len(found) // ROWS_PER_PAGE,
            data={"year": year, "rows": found, "area_count": len({r.area for r in found})},
        )
        for b in branches
        if (found := rows.get(b.pk))
    }


# -- 样例4: a member's area activity ledger ----------------------------------------------------


@dataclass(frozen=True)
class LedgerRow:
    what: str
    held_on: datetime.date
    result: str
    notes: str


@dataclass(frozen=True)
class Ledger:
    name: str
    role: str
    areas: str
    rows: list


def area_ledger_sections(branches, year, members=None):
    """Per member with an area in the year: the activities of their areas they took part in.
    For `members`, those people only (a member's own ledger)."""
    belongs = AreaMember.objects.filter(area__branch__in=branches, area__year=year).select_related("area", "member")
    if members is not None:
        belongs = belongs.filter(member__in=members)
    belongs = list(belongs.order_by("member__name", "member_id", "area__name"))
    role = _roles(branches, year, [b.member_id for b in belongs] if members is not None else None)
    pairs = {(b.area_id, b.member_id) for b in belongs}
    took_part = AreaActivity.participants.through.objects.filter(
        areaactivity__area__branch__in=branches, areaactivity__area__year=year
    ).select_related("areaactivity")
    if members is not None:
        took_part = took_part.filter(member__in=members)
    activities = {}
    for t in took_part.order_by("areaactivity__held_on", "areaactivity_id"):
        a = t.areaactivity
        if (a.area_id, t.member_id) in pairs:
            activities.setdefault(t.member_id, []).append(LedgerRow(a.what, a.held_on, a.result, a.notes))
    ledgers, areas_of = {}, {}
    for b in belongs:
        areas_of.setdefault(b.member_id, []).append(b.area.name)
    for b in belongs:
        if b.member_id in ledgers.setdefault(b.area.branch_id, {}):
            continue
        ledgers[b.area.branch_id][b.member_id] = Ledger(
            b.member.name, role(b.member), "、".join(areas_of[b.member_id]), activities.get(b.member_id, [])
        )
    return {
        br.pk: Section(
            "area_ledger",
            br,
            "assessments/print/area_ledger.html",
            pages=sum(1 + len(led.rows) // ROWS_PER_PAGE for led in found),
            data={"year": year, "ledgers": found},
        )
        for br in branches
        if (found := list(ledgers.get(br.pk, {}).values()))
    }


# -- 帮带协议书: the mentoring agreement ----------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    mentee: str
    mentors: list
    starts_on: datetime.date
    ends_on: datetime.date


def mentoring_sections(branches, year, members=None):
    """An agreement per pair that runs in the year; for `members`, their pairs as activists."""
    pairs = MentoringPair.objects.filter(branch__in=branches, starts_on__year__lte=year).filter(
        Q(ends_on__isnull=True) | Q(ends_on__year__gte=year)
    )
    if members is not None:
        pairs = pairs.filter(mentee__in=members)
    pairs = pairs.select_related("mentee", "branch").prefetch_related(
        Prefetch("mentors", queryset=Member.objects.order_by("name"))
    )
    found = {}
    for p in pairs.order_by("branch__path", "mentee__name", "starts_on", "pk"):
        found.setdefault(p.branch_id, []).append(
            Agreement(p.mentee.name, [m.name for m in p.mentors.all()], p.starts_on, p.ends_on)
        )
    return {
        b.pk: Section(
            "mentoring_agreement",
            b,
            "assessments/print/mentoring_agreement.html",
            pages=len(items),
            data={"year": year, "agreements": items},
        )
        for b in branches
        if (items := found.get(b.pk))
    }


register_years(years)
register(Paper("area_table", _("Responsibility-area table"), area_table_sections, order=60))
register(Paper("area_ledger", _("Area activity ledgers"), area_ledger_sections, per_member=True, order=61))
register(
    Paper(
        "mentoring_agreement",
        _("Mentoring agreements"),
        mentoring_sections,
        items=("agreements", 1),
        per_member=True,
        order=62,
    )
)

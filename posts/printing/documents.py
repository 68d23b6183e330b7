"""What each printed paper shows, gathered in a fixed number of queries.

Printing belongs to the people who run or oversee a branch (secretary, committee,
township and county): plain members and group leaders read notices on screen, they do
not print the branch's papers. The views look the branch, notice or letter up under the
"print" capability (members.access, posts.access) before anything here runs.

Papers carry plain rows (`Person`, `LetterPaper`, `Card`, …) rather than model instances:
a template can only print what is put here, and the ID number and a phone without the
member's consent are never put here.
"""

import math
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import groupby

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organisation

from ..models import Assignment, BranchPost, Notice, ResponsibilityLetter
from ..qr import qr_data_uri
from ..selectors.notices import notice_entries

Status = Assignment.Status

# Letters and certificates printed in a packet: posts that took effect but whose holders
# are not on post yet (the letter is still to be signed and the card handed over).
NEW = (Status.EFFECTIVE,)

CARDS_PER_SHEET = 8
# A letter is printed twice (一式两份), each copy marked with who keeps it.
COPIES = (_("Copy 1 · kept by the branch"), _("Copy 2 · kept by the member"))
KIND_TITLES = {
    "notice": _("Public notice"),
    "roster": _("Post roster"),
    "letters": _("Responsibility letters"),
    "certificates": _("Post certificates"),
    "packet": _("Notice-board packet"),
}


@dataclass(frozen=True)
class Person:
    name: str
    # Only filled when the member agreed to have it shown publicly.
    phone: str = ""


def person(member):
    if member is None:
        return None
    return Person(member.name, member.phone if member.show_phone_publicly else "")


@dataclass
class Section:
    """One document of a print run: one kind of paper for one branch."""

    kind: str
    branch: Organisation
    template: str
    # A rough page count, for progress and to decide whether a run is rendered inline.
    pages: int
    data: dict = field(default_factory=dict)


# Sections made of many one-page items (a sheet of cards) split into smaller sections of the
# same kind; their pages carry no page count. The others are numbered "page X of Y" and
# always rendered whole; letters never come here (render.plan merges them).
_ITEMS = {"certificates": ("sheets", 1)}


def numbered(section):
    return section.kind not in _ITEMS


def split(section, max_pages):
    """The section as parts of at most `max_pages` pages (whole items; at least one each)."""
    if section.kind not in _ITEMS:
        return [section]
    key, pages_each = _ITEMS[section.kind]
    items, per_part = section.data[key], max(1, max_pages // pages_each)
    return [
        replace(section, pages=len(part) * pages_each, data={**section.data, key: part})
        for part in (items[i : i + per_part] for i in range(0, len(items), per_part))
    ]


def branches_beneath(organisation):
    """The branches an organisation prints for: itself, or every branch under a township/county."""
    if organisation.is_branch:
        return [organisation]
    return list(
        Organisation.objects.filter(level=Organisation.Level.BRANCH, path__startswith=organisation.path).order_by(
            "path"
        )
    )


def years(branch):
    """Years the branch has set posts for, newest first; this year when it has none yet."""
    found = list(branch.branch_posts.order_by("-year").values_list("year", flat=True).distinct())
    return found or [timezone.localdate().year]


# -- public notice (公示) ------------------------------------------------------------------


@dataclass
class NoticeRow:
    post: str
    duties: str
    holders: list


def notice_section(notice, base_url=None):
    entries = notice_entries(notice, public=True)
    classes = []
    for class_name, in_class in groupby(entries, key=lambda a: a.post.post_type.post_class.name):
        rows = []
        for _post_id, holding in groupby(in_class, key=lambda a: a.post_id):
            holding = list(holding)
            rows.append(
                NoticeRow(
                    post=holding[0].post.post_type.name,
                    duties=holding[0].post.duties,
                    holders=[(person(a.member), [p.text for p in a.pledge_list]) for a in holding],
                )
            )
        classes.append((class_name, rows))
    link = notice.public_url(base_url)
    data = {
        "notice": notice,
        "classes": classes,
        "total": len({a.member_id for a in entries}),
        "post_count": sum(len(rows) for _c, rows in classes),
        "link": link,
        "qr": qr_data_uri(link),
    }
    return Section("notice", notice.branch, "posts/print/notice.html", pages=1 + len(entries) // 12, data=data)


def notice_sections(branches, year, base_url=None):
    """Per branch, its newest notice of the year's posts; their links start with `base_url`."""
    notices = (
        Notice.objects.filter(branch__in=branches, assignments__post__year=year)
        .select_related("branch")
        .distinct()
        .order_by("branch_id", "-starts_on", "-pk")
    )
    latest = {}
    for notice in notices:
        latest.setdefault(notice.branch_id, notice)
    return {pk: notice_section(notice, base_url) for pk, notice in latest.items()}


# -- post roster (设岗定责一览表) ------------------------------------------------------------


@dataclass
class RosterRow:
    post_class: str
    post: str
    headcount: int
    holders: list
    duties: str
    lead: Person
    contact: Person


def roster_sections(branches, year):
    posts = (
        BranchPost.objects.filter(branch__in=branches, year=year)
        .select_related("post_type__post_class", "lead", "contact_cadre")
        .order_by("branch__path", "post_type__post_class__order", "post_type__post_class__name", "post_type__name")
    )
    live = Assignment.objects.filter(post__branch__in=branches, post__year=year, status__in=Assignment.LIVE)
    holders = {}
    for a in live.select_related("member").order_by("member__name", "pk"):
        holders.setdefault(a.post_id, []).append(person(a.member))
    by_branch = {}
    for post in posts:
        by_branch.setdefault(post.branch_id, []).append(
            RosterRow(
                post_class=post.post_type.post_class.name,
                post=post.post_type.name,
                headcount=post.headcount,
                holders=holders.get(post.pk, []),
                duties=post.duties,
                lead=person(post.lead),
                contact=person(post.contact_cadre),
            )
        )
    return {
        b.pk: Section(
            "roster",
            b,
            "posts/print/roster.html",
            pages=1 + len(rows) // 10,
            data={"year": year, "rows": rows, "holder_count": sum(len(r.holders) for r in rows)},
        )
        for b in branches
        if (rows := by_branch.get(b.pk))
    }


# -- target responsibility letters (目标责任状) -------------------------------------------


def _letters():
    return ResponsibilityLetter.objects.select_related(
        "assignment__member", "assignment__post__post_type__post_class", "assignment__post__branch"
    ).order_by("assignment__post__branch__path", "assignment__member__name", "pk")


def letter_sections(branches, year, statuses=Assignment.HOLDING):
    letters = _letters().filter(
        assignment__post__branch__in=branches, assignment__post__year=year, assignment__status__in=statuses
    )
    return _letters_by_branch(letters)


@dataclass(frozen=True)
class LetterPaper:
    pk: int
    name: str
    post: str
    post_class: str
    duties: str
    member_obligations: str
    branch_obligations: str
    starts_on: object
    ends_on: object
    member_signed_on: object
    branch_signed_on: object
    # On paper: the anchor prefix of the letter's slots for the name and copy mark (merge.py).
    slot: str = ""


def _letters_by_branch(letters):
    grouped = {}
    for letter in letters:
        a = letter.assignment
        grouped.setdefault(a.post.branch, []).append(
            LetterPaper(
                pk=letter.pk,
                name=a.member.name,
                post=a.post.post_type.name,
                post_class=a.post.post_type.post_class.name,
                duties=letter.duties,
                member_obligations=letter.member_obligations,
                branch_obligations=letter.branch_obligations,
                starts_on=letter.term_starts_on,
                ends_on=letter.term_ends_on,
                member_signed_on=letter.member_signed_on,
                branch_signed_on=letter.branch_signed_on,
            )
        )
    return {
        branch.pk: Section(
            "letters", branch, "posts/print/letters.html", pages=len(COPIES) * len(items), data={"letters": items}
        )
        for branch, items in grouped.items()
    }


def single_letter_section(letter):
    return _letters_by_branch([letter])[letter.assignment.post.branch_id]


# -- post certificates (上岗证) -------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    name: str
    post: str
    post_class: str
    starts_on: object
    ends_on: object


def certificate_sections(branches, year, statuses=Assignment.SERVING):
    holding = Assignment.objects.filter(post__branch__in=branches, post__year=year, status__in=statuses)
    grouped = {}
    for a in holding.select_related("member", "post__post_type__post_class", "post__branch", "letter").order_by(
        "post__branch__path", "member__name", "pk"
    ):
        letter = getattr(a, "letter", None)
        grouped.setdefault(a.post.branch, []).append(
            Card(
                name=a.member.name,
                post=a.post.post_type.name,
                post_class=a.post.post_type.post_class.name,
                starts_on=letter.term_starts_on if letter else a.starts_on,
                ends_on=letter.term_ends_on if letter else a.ends_on,
            )
        )
    return {
        branch.pk: Section(
            "certificates",
            branch,
            "posts/print/certificates.html",
            pages=math.ceil(len(cards) / CARDS_PER_SHEET),
            data={"year": year, "sheets": _sheets(cards)},
        )
        for branch, cards in grouped.items()
    }


def _sheets(cards):
    """Cards in sheets of rows of two; an odd last card gets an empty neighbour."""
    rows = [(cards[i], cards[i + 1] if i + 1 < len(cards) else None) for i in range(0, len(cards), 2)]
    per_sheet = CARDS_PER_SHEET // 2
    return [rows[i : i + per_sheet] for i in range(0, len(rows), per_sheet)]


# -- print runs -----------------------------------------------------------------------------


# What each kind gathers: functions (branches, year) → {branch pk: Section}. The packet is
# the notice-board set: the newest notice, the roster, and the letters and certificates of
# the holders not yet on post.
GATHER = {
    "notice": [notice_sections],
    "roster": [roster_sections],
    "letters": [letter_sections],
    "certificates": [certificate_sections],
    "packet": [
        notice_sections,
        roster_sections,
        partial(letter_sections, statuses=NEW),
        partial(certificate_sections, statuses=NEW),
    ],
}


# Gatherers whose papers print a notice's short link and QR code.
LINKED = {notice_sections}


def sections_for(branches, year, kinds, base_url=None):
    """Every section the kinds ask for, branch by branch in tree order: a few queries per
    kind whatever the number of branches, plus two per notice. Printed links start with
    `base_url` (links.base_url(request)), which a background job cannot ask for later."""
    branches = list(branches)
    found = [
        gather(branches, year, base_url) if gather in LINKED else gather(branches, year)
        for kind in kinds
        for gather in GATHER[kind]
    ]
    return [by_branch[b.pk] for b in branches for by_branch in found if b.pk in by_branch]


def kind_or_404(kind):
    if kind not in GATHER:
        raise Http404
    return kind

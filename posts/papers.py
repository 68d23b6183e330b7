"""The papers of the post workflow, registered with the papers app: the public notice (公示),
the post roster (设岗定责一览表), target responsibility letters (目标责任状), post
certificates (上岗证) and the notice-board packet that bundles them.

Printing belongs to the people who run or oversee a branch (secretary, committee, township
and county): the print pages look the branch, notice or letter up under the "print"
capability before anything here runs. Each gatherer reads any number of branches in a fixed
number of queries.
"""

import math
from dataclasses import dataclass
from itertools import groupby

from django.utils.translation import gettext_lazy as _

from papers.qr import qr_data_uri
from papers.registry import FormLetters, Paper, register, register_block, register_years
from papers.sections import Person, Section, person

from .models import Assignment, BranchPost, Notice, ResponsibilityLetter
from .selectors.notices import notice_entries

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


def years(branch):
    """Years the branch has set posts for."""
    return branch.branch_posts.values_list("year", flat=True).distinct()


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


def certificate_sections(branches, year, statuses=Assignment.SERVING, members=None):
    """Certificates of the holders on post, or of `members` only (one person's card)."""
    holding = Assignment.objects.filter(post__branch__in=branches, post__year=year, status__in=statuses)
    if members is not None:
        holding = holding.filter(member__in=members)
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


# -- registered -----------------------------------------------------------------------------


def packet_sections(branches, year, base_url=None):
    """The notice-board set: the newest notice, the roster, and the letters and certificates of
    the holders not yet on post."""
    found = [
        notice_sections(branches, year, base_url),
        roster_sections(branches, year),
        letter_sections(branches, year, statuses=NEW),
        certificate_sections(branches, year, statuses=NEW),
    ]
    return {b.pk: [by_branch[b.pk] for by_branch in found if b.pk in by_branch] for b in branches}


register_years(years)
register(Paper("notice", KIND_TITLES["notice"], notice_sections, linked=True, listed=False, order=10))
register(Paper("roster", KIND_TITLES["roster"], roster_sections, order=20))
register(
    Paper(
        "letters",
        KIND_TITLES["letters"],
        letter_sections,
        order=30,
        form_letters=FormLetters(template="posts/print/letters.html", copies=COPIES),
    )
)
register(
    Paper(
        "certificates",
        KIND_TITLES["certificates"],
        certificate_sections,
        items=("sheets", 1),
        per_member=True,
        order=40,
    )
)
register(
    Paper(
        "packet",
        KIND_TITLES["packet"],
        packet_sections,
        linked=True,
        order=50,
        help=_(
            "The packet holds the newest notice, the post roster, and the letters and certificates of members "
            "whose posts have taken effect but who are not on post yet."
        ),
    )
)


def _notices_block(branch):
    return {"notices": Notice.objects.filter(branch=branch).order_by("-starts_on", "-pk")[:20]}


register_block("posts/print/_notices_block.html", _notices_block)

"""The duty log's paper, registered with the papers app.

- log_book: the duty-log book (履岗纪实簿), one per member per year: a cover with the
  member's name, branch, posts and year, then the entries month by month with subtotals.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from papers.registry import Paper, register
from papers.sections import Section
from posts.models import Assignment

from ..models import DutyLogEntry

Status = DutyLogEntry.Status
ROWS_PER_PAGE = 18


@dataclass
class BookRow:
    done_on: object
    what: str
    kind: str
    people_served: object
    place: str
    status: str
    verified: bool
    points: int
    checked_by: str


@dataclass
class BookMonth:
    month: int
    rows: list = field(default_factory=list)

    @property
    def verified(self):
        return sum(1 for r in self.rows if r.verified)

    @property
    def points(self):
        return sum(r.points for r in self.rows if r.verified)


@dataclass
class Book:
    name: str
    posts: list
    months: list

    @property
    def entries(self):
        return sum(len(m.rows) for m in self.months)

    @property
    def verified(self):
        return sum(m.verified for m in self.months)

    @property
    def points(self):
        return sum(m.points for m in self.months)


def _checker(user):
    if user is None:
        return ""
    return user.get_full_name() or user.username


def log_book_sections(branches, year, members=None):
    """{branch pk: [Section per member]}: members who logged anything in the year or held a post
    of it; three queries for any number of branches and members."""
    entries = DutyLogEntry.objects.filter(branch__in=branches, done_on__year=year)
    held = Assignment.objects.filter(post__branch__in=branches, post__year=year).exclude(
        status__in=[Assignment.Status.APPROVED, Assignment.Status.ON_NOTICE, Assignment.Status.WITHDRAWN]
    )
    if members is not None:
        entries = entries.filter(member__in=members)
        held = held.filter(member__in=members)
    people, posts = {}, {}
    for a in held.select_related("member", "post__post_type", "post__branch").order_by("post__post_type__name"):
        people.setdefault(a.post.branch_id, {})[a.member_id] = a.member
        posts.setdefault(a.member_id, []).append(a.post.post_type.name)
    books = {}
    for e in entries.select_related("member", "checked_by", "assignment__post__post_type").order_by("done_on", "pk"):
        people.setdefault(e.branch_id, {})[e.member_id] = e.member
        if e.assignment.post.post_type.name not in posts.setdefault(e.member_id, []):
            posts[e.member_id].append(e.assignment.post.post_type.name)
        months = books.setdefault(e.member_id, {})
        months.setdefault(e.done_on.month, BookMonth(e.done_on.month)).rows.append(
            BookRow(
                done_on=e.done_on,
                what=e.what,
                kind=e.get_kind_display(),
                people_served=e.people_served,
                place=e.place,
                status=e.get_status_display(),
                verified=e.status == Status.VERIFIED,
                points=e.points,
                checked_by=_checker(e.checked_by) if e.status == Status.VERIFIED else "",
            )
        )
    found = {}
    for b in branches:
        sections = []
        for member in sorted(people.get(b.pk, {}).values(), key=lambda m: (m.name, m.pk)):
            book = Book(
                name=member.name,
                posts=posts.get(member.pk, []),
                months=[m for _n, m in sorted(books.get(member.pk, {}).items())],
            )
            sections.append(
                Section(
                    "log_book",
                    b,
                    "assessments/print/log_book.html",
                    pages=2 + book.entries // ROWS_PER_PAGE,
                    data={"year": year, "book": book},
                )
            )
        if sections:
            found[b.pk] = sections
    return found


register(
    Paper(
        "log_book",
        _("Duty-log books"),
        log_book_sections,
        per_member=True,
        order=60,
        help=_("Each member's duty log of the year, month by month with subtotals, for checking and signing."),
    )
)

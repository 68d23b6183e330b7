"""The papers every app prints, registered by the app that owns their data.

An app's `papers.py` calls `register(Paper(...))` for each kind of paper; the print pages,
the background jobs and the `print_documents` command find them here by kind. A paper's
`gather(branches, year, **options)` returns {branch pk: Section} in a fixed number of queries
whatever the number of branches; the options are `base_url` (for papers with `linked`) and
`members` (for papers with `per_member`: one person's paper, or None for the whole branch).
"""

from dataclasses import dataclass

from django.http import Http404


@dataclass(frozen=True)
class FormLetters:
    """Papers printed as the same letter for many people (responsibility letters): each
    different text is laid out once and each copy gets its name and copy mark drawn in
    (render.plan, merge.py). The section's data holds the letters under `key`; each letter is
    a frozen dataclass with `pk`, `name` and `slot` fields, its template marks the slots."""

    template: str
    copies: tuple
    key: str = "letters"


@dataclass(frozen=True)
class Paper:
    kind: str
    title: str
    gather: object
    # Papers made of many one-page items (a sheet of cards): (data key, pages per item); a big
    # run splits between items, and its pages carry no "page X of Y".
    items: tuple = None
    # gather takes base_url: the paper prints a short link and QR code.
    linked: bool = False
    # gather takes members: the paper can be printed for one person.
    per_member: bool = False
    form_letters: FormLetters = None
    # Listed on a branch's print page (the notice prints from its own page instead).
    listed: bool = True
    # Where it sits among a branch's papers, and what the print page says of it.
    order: int = 100
    help: str = ""

    def sections(self, branches, year, *, base_url=None, members=None):
        options = {}
        if self.linked:
            options["base_url"] = base_url
        if self.per_member:
            options["members"] = members
        return self.gather(branches, year, **options)


_papers = {}
_year_sources = []
_blocks = []


def register(paper):
    if paper.kind in _papers and _papers[paper.kind] != paper:
        raise ValueError(f"Two papers of kind {paper.kind!r}")
    _papers[paper.kind] = paper
    return paper


def get(kind):
    return _papers[kind]


def get_or_404(kind):
    try:
        return _papers[kind]
    except KeyError:
        raise Http404 from None


def kinds():
    return list(_papers)


def listed():
    return sorted((p for p in _papers.values() if p.listed), key=lambda p: (p.order, p.kind))


def register_years(source):
    """`source(branch)` gives the years the branch has papers for (posts: the years it set
    posts for); the print page offers their union, newest first."""
    if source not in _year_sources:
        _year_sources.append(source)


def years(branch, today):
    found = {year for source in _year_sources for year in source(branch)}
    return sorted(found or {today.year}, reverse=True)


def register_block(template, context):
    """A box on a branch's print page above its papers: `template` rendered with
    `context(branch)` (posts: the branch's notices, each printed from its own page)."""
    if (template, context) not in _blocks:
        _blocks.append((template, context))


def blocks(branch):
    return [(template, context(branch)) for template, context in _blocks]

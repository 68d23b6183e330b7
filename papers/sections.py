"""What a print run is made of: sections, one kind of paper for one branch, in tree order.

Papers carry plain rows (`Person` and each app's own dataclasses) rather than model
instances: a template can only print what is put there, and the ID number and a phone
without the member's consent are never put there.
"""

from dataclasses import dataclass, field, replace

from members.models import Organisation

from . import registry


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


def _items(section):
    try:
        return registry.get(section.kind).items
    except KeyError:  # the letter slot sheets render.plan adds
        return None


def numbered(section):
    """Whether the section's pages say "page X of Y" (not a sheet of one-page items)."""
    return _items(section) is None


def split(section, max_pages):
    """The section as parts of at most `max_pages` pages (whole items; at least one each)."""
    items = _items(section)
    if items is None:
        return [section]
    key, pages_each = items
    found, per_part = section.data[key], max(1, max_pages // pages_each)
    return [
        replace(section, pages=len(part) * pages_each, data={**section.data, key: part})
        for part in (found[i : i + per_part] for i in range(0, len(found), per_part))
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


def sections_for(branches, year, kinds, base_url=None, members=None):
    """Every section the kinds ask for, branch by branch in tree order: a few queries per kind
    whatever the number of branches. Printed links start with `base_url`
    (posts.links.base_url(request)), which a background job cannot ask for later; `members`
    narrows papers printed per person to those people."""
    branches = list(branches)
    found = [registry.get(kind).sections(branches, year, base_url=base_url, members=members) for kind in kinds]
    sections = []
    for b in branches:
        for by_branch in found:
            got = by_branch.get(b.pk)
            if got:
                sections += got if isinstance(got, list) else [got]
    return sections

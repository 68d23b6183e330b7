"""Papers registered by the apps: the print page lists them, a per-person paper prints for
one member within the printer's reach, and kinds nobody registered are a 404."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.tests.factories import MemberFactory
from papers import registry
from papers.sections import Section, sections_for


def _names(branches, year, members=None):
    from members.models import Member

    people = Member.objects.filter(branch__in=branches).order_by("name")
    if members is not None:
        people = people.filter(pk__in=[m.pk for m in members])
    found = {}
    for m in people:
        found.setdefault(m.branch_id, []).append(m.name)
    return {
        b.pk: Section("test_names", b, "papers/tests/names.html", pages=1, data={"names": found[b.pk], "year": year})
        for b in branches
        if b.pk in found
    }


@pytest.fixture
def names_paper(monkeypatch, settings, tmp_path):
    (tmp_path / "papers" / "tests").mkdir(parents=True)
    (tmp_path / "papers" / "tests" / "names.html").write_text(
        '<section class="sheet">{% for n in d.names %}<p>{{ n }}</p>{% endfor %}</section>', encoding="utf-8"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    paper = registry.Paper("test_names", _("Names"), _names, per_member=True, order=999)
    monkeypatch.setitem(registry._papers, paper.kind, paper)
    return paper


def test_every_app_registers_its_papers():
    kinds = registry.kinds()
    assert {"notice", "roster", "letters", "certificates", "packet"} <= set(kinds)
    assert "notice" not in [p.kind for p in registry.listed()]


def test_the_branch_page_lists_registered_papers(client, world, names_paper):
    client.force_login(world.secretary)
    page = client.get(reverse("papers:branch", args=["B1"])).content.decode()
    year = registry.years(world.branch, timezone.localdate())[0]
    assert reverse("papers:run", args=["B1", year, "test_names"]) in page
    # posts' block: the branch's notices, each printed from its own page.
    assert "公示" in page


def test_a_per_person_paper_prints_for_one_member_in_reach(client, world, names_paper):
    other = MemberFactory(name="钱七", branch=world.branch)
    client.force_login(world.secretary)
    page = client.get(reverse("papers:member", args=["B1", 2026, "test_names", other.pk])).content.decode()
    assert "钱七" in page and "张三" not in page
    whole = client.get(reverse("papers:run", args=["B1", 2026, "test_names"])).content.decode()
    assert "钱七" in whole and "张三" in whole
    pdf = client.get(reverse("papers:member_pdf", args=["B1", 2026, "test_names", other.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_a_per_person_paper_is_not_found_for_someone_outside_the_branch(client, world, names_paper):
    client.force_login(world.secretary)
    for member in (world.sibling_member, world.far_member):
        url = reverse("papers:member", args=["B1", 2026, "test_names", member.pk])
        assert client.get(url).status_code == 404
    # Nor through a branch the printer does not reach.
    url = reverse("papers:member", args=["B3", 2026, "test_names", world.far_member.pk])
    assert client.get(url).status_code == 404


def test_papers_for_the_whole_branch_are_not_printed_per_person(client, world):
    client.force_login(world.secretary)
    url = reverse("papers:member", args=["B1", 2026, "roster", world.member.pk])
    assert client.get(url).status_code == 404


def test_unknown_kinds_are_not_found(client, world):
    client.force_login(world.secretary)
    assert client.get(reverse("papers:run", args=["B1", 2026, "minutes"])).status_code == 404


def test_sections_follow_the_tree_and_the_people_asked_for(world, names_paper):
    sections = sections_for([world.branch, world.sibling], 2026, ["test_names"])
    assert [s.branch for s in sections] == [world.branch, world.sibling]
    one = sections_for([world.branch], 2026, ["test_names"], members=[world.neighbour])
    assert one[0].data["names"] == ["李四"]

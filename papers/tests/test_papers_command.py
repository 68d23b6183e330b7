"""manage.py print_documents: one branch, or every branch of a township in one PDF."""

import io

import pytest
from django.core.management import CommandError, call_command

from posts.models import Notice
from posts.tests.pdf import flat, page_texts, text
from posts.tests.printing_data import branch_with_papers

pytestmark = pytest.mark.django_db

BASE = "https://shegang.example.cn"


def call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("print_documents", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "kind, first_line",
    [
        ("notice", "无职党员设岗定责公示"),
        ("roster", "东村党支部2026年度无职党员设岗定责一览表"),
        ("letters", "第一联"),
        ("certificates", "无职党员设岗定责"),
    ],
)
def test_one_branch_one_kind(tmp_path, world, kind, first_line):
    branch_with_papers(world.branch, members=3)
    target = tmp_path / f"{kind}.pdf"
    out, _err = call("--org", "B1", "--kind", kind, "--output", str(target), "--base-url", BASE)
    assert out.strip() == str(target)
    pages = page_texts(target)
    assert pages[0].split()[0] == "东村党支部" and pages[0].split()[1] == first_line


def test_township_packet_gives_each_branch_its_own_pages_and_header(tmp_path, world):
    branch_with_papers(world.branch, members=30)
    branch_with_papers(world.sibling, members=2)
    target = tmp_path / "town.pdf"
    _out, err = call("--org", "T1", "--kind", "packet", "--output", str(target), "--base-url", BASE)
    pages = page_texts(target)
    headers = [page.split()[0] for page in pages]
    first_sibling = headers.index("南村党支部")
    # All of 东村's pages come first, then 南村's; no page mixes the two.
    assert set(headers[:first_sibling]) == {"东村党支部"} and set(headers[first_sibling:]) == {"南村党支部"}
    assert "南村党支部无职党员根据自身情况" in "".join(pages[first_sibling].split())
    # A big run reports its progress on stderr.
    assert "2 branch(es)" in err and "100%" in err


def test_county_default_year_and_output_name(tmp_path, world, monkeypatch):
    branch_with_papers(world.far, members=1)
    monkeypatch.chdir(tmp_path)
    out, err = call("--org", "C1", "--kind", "roster")
    assert out.strip() == "C1-roster-2026.pdf"
    assert page_texts(tmp_path / "C1-roster-2026.pdf")[0].split()[0] == "西社区党支部"
    assert "%" not in err


def test_unknown_codes_groups_and_empty_runs_are_refused(world):
    with pytest.raises(CommandError, match="No branch"):
        call("--org", "NOPE", "--kind", "roster")
    with pytest.raises(CommandError, match="No branch"):
        call("--org", "B1G1", "--kind", "roster")
    with pytest.raises(CommandError, match="Nothing to print"):
        call("--org", "B2", "--kind", "letters", "--year", "2026")


@pytest.mark.parametrize("kind", ["notice", "packet"])
def test_notices_print_the_link_of_the_base_url_given_or_refuse_without_one(tmp_path, world, settings, kind):
    branch_with_papers(world.branch, members=2)
    settings.PUBLIC_BASE_URL = ""
    with pytest.raises(CommandError, match="PUBLIC_BASE_URL"):
        call("--org", "B1", "--kind", kind, "--output", str(tmp_path / "refused.pdf"))
    notice = Notice.objects.get(branch=world.branch)
    call("--org", "B1", "--kind", kind, "--output", str(tmp_path / "given.pdf"), "--base-url", "http://10.0.0.5:8080/")
    assert f"http://10.0.0.5:8080/n/{notice.token}/" in flat(text(tmp_path / "given.pdf"))
    settings.PUBLIC_BASE_URL = BASE
    call("--org", "B1", "--kind", kind, "--output", str(tmp_path / "setting.pdf"))
    assert f"{BASE}/n/{notice.token}/" in flat(text(tmp_path / "setting.pdf"))

"""The Content-Security-Policy: the header every page carries, and templates that keep to it
(no inline scripts, handlers, javascript: links or style attributes). The browser tests then
run every page under the policy and fail on any violation (tests/plugin.py)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response):
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/login/", "/admin/login/", "/n/no-such-token/"])
def test_every_page_carries_the_strict_policy(client, url):
    response = client.get(url)
    assert policy(response) == EXPECTED
    assert "unsafe" not in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_logged_in_pages_carry_it_too(client, world):
    client.force_login(world.secretary)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert policy(response) == EXPECTED


# What a strict policy blocks, as it would be written in a template.
BLOCKED = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> element": re.compile(r"<style\b", re.I),
    "on*= handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I | re.S),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def project_templates():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        yield from folder.rglob("*.html")


def test_templates_have_nothing_the_policy_blocks():
    found = [
        f"{path.relative_to(ROOT)}: {what}: {match.group(0)[:80]!r}"
        for path in project_templates()
        for what, pattern in BLOCKED.items()
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert list(project_templates()), "no templates found"
    assert not found, "\n".join(found)


def test_form_widgets_set_no_style_attribute():
    # Widget attrs end up in the page as attributes, out of reach of the template check.
    style_key = re.compile(r"""["']style["']\s*:""")
    found = [
        str(path.relative_to(ROOT))
        for app in ("members", "posts", "assessments", "config")
        for path in (ROOT / app).rglob("*.py")
        if "tests" not in path.parts and style_key.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


@pytest.mark.django_db
def test_inline_pdfs_go_out_without_the_policy(client, world):
    # Chrome's PDF viewer is an <embed>, which object-src 'none' blocks; the HTML view of
    # the same paper keeps the policy.
    from posts.tests.factories import NoticeFactory

    notice = NoticeFactory(branch=world.branch)
    client.force_login(world.secretary)
    pdf = client.get(reverse("posts:notice_print_pdf", args=[notice.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in pdf.headers
    assert pdf["X-Frame-Options"] == "DENY"
    page = client.get(reverse("posts:notice_print", args=[notice.pk]))
    assert policy(page) == EXPECTED

"""axe-core over the pages members, officers, overseers and the public use: no serious or
critical accessibility violation. Members and officers are checked on a 360-pixel phone (how
they use the site), the back office on a desktop. Run with -s to see every finding, minor
and moderate ones included."""

import datetime

import pytest
from django.utils import timezone

from tests.plugin import login

BLOCKING = {"serious", "critical"}
# No CSSOM preload: axe would fetch the stylesheets and parse them in <style> elements of its
# own, which the site's style-src blocks (the admin's CSS @imports others). Only the
# css-orientation-lock rule needs it.
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}


def audit(page, url, findings):
    """Open `url`, run axe over it and note every violation as (url, rule, impact, nodes)."""
    from axe_playwright_python.sync_playwright import Axe

    response = page.goto(url)
    assert response.ok, f"{url}: {response.status}"
    assert "/login/" not in page.url or url.endswith("/login/"), f"{url} asked to log in"
    for violation in Axe().run(page, options=AXE_OPTIONS).response["violations"]:
        targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
        findings.append((url, violation["id"], violation["impact"], targets))


def check(findings, live_server):
    for url, rule, impact, targets in findings:
        print(f"{impact:9} {rule:28} {len(targets):3} {url.removeprefix(live_server.url)}  {targets[:3]}")
    blocking = [f for f in findings if f[2] in BLOCKING]
    assert not blocking, "\n".join(f"{impact} {rule} on {url}: {targets}" for url, rule, impact, targets in blocking)


@pytest.fixture
def season(world):
    """A branch in its claim season: an open round, a post claimed and awaiting review, one
    still free, and an approved member on public notice with an objection lodged."""
    from posts.models import Objection
    from posts.services.claims import approve_claim
    from posts.tests.factories import BranchPostFactory, ClaimFactory, ClaimRoundFactory, NoticeFactory

    year = timezone.localdate().year
    ClaimRoundFactory(branch=world.branch, year=year)
    claimed = BranchPostFactory(branch=world.branch, year=year, headcount=2, post_type__name="河塘管护责任岗")
    ClaimFactory(post=claimed, member=world.member)
    free = BranchPostFactory(branch=world.branch, year=year, post_type__name="环境卫生岗")
    noticed = BranchPostFactory(branch=world.branch, year=year, post_type__name="政策宣传岗")
    approved = approve_claim(
        claim=ClaimFactory(post=noticed, member=world.neighbour), by=world.secretary, reason="支委会研究同意"
    )
    notice = NoticeFactory(branch=world.branch, starts_on=timezone.localdate() - datetime.timedelta(days=1))
    notice.assignments.set([approved])
    Objection.objects.create(notice=notice, assignment=approved, text="李四常年在外打工，恐怕顾不上")
    world.approved = approved
    # A member whose post took effect, with a letter waiting for signatures and training.
    from members.tests.factories import MemberFactory
    from posts.models import Assignment
    from posts.services.lifecycle import make_letter
    from posts.tests.factories import AssignmentFactory

    serving = AssignmentFactory(
        post=BranchPostFactory(branch=world.branch, year=year, post_type__name="科技示范岗"),
        member=MemberFactory(name="王芳", branch=world.branch),
        status=Assignment.Status.EFFECTIVE,
    )
    make_letter(assignment=serving)
    world.serving = serving
    return world, free, notice


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_and_member_pages_on_a_phone(live_server, phone_page, season):
    world, free, notice = season
    page, base, findings = phone_page, live_server.url, []
    audit(page, f"{base}/login/", findings)
    audit(page, f"{base}/n/{notice.token}/", findings)
    login(page, live_server, "member")
    for path in [
        "/",
        "/posts/browse/",
        f"/posts/post/{free.pk}/claim/",
        "/posts/my-claims/",
        "/posts/my-post/",
        "/password/",
    ]:
        audit(page, base + path, findings)
    check(findings, live_server)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_and_overseer_pages_on_a_phone(live_server, phone_page, season):
    world, free, notice = season
    page, base, findings = phone_page, live_server.url, []
    login(page, live_server, "secretary")
    branch = world.branch.code
    for path in [
        "/",
        f"/posts/branches/{branch}/review/",
        "/posts/notices/",
        f"/posts/notices/{notice.pk}/",
        f"/posts/branches/{branch}/catalogue/",
        f"/posts/branches/{branch}/overview/",
        "/posts/letters/",
        f"/branches/{world.branch.code}/accounts/",
        f"/branches/{world.branch.code}/logins/",
        "/print/",
        f"/print/branch/{world.branch.code}/",
        f"/posts/notices/{notice.pk}/print/",
        "/posts/notices/publish/",
        f"/posts/post/{free.pk}/nominate/",
        f"/posts/post/{free.pk}/edit/",
        f"/posts/branches/{branch}/catalogue/adopt/",
        f"/posts/branches/{branch}/catalogue/own/",
        f"/posts/branches/{branch}/rounds/new/",
        f"/posts/assignments/{world.approved.pk}/",
        f"/posts/members/{world.neighbour.pk}/history/",
        f"/posts/assignments/{world.serving.pk}/",
        f"/posts/letters/{world.serving.letter.pk}/print/",
        f"/posts/branches/{branch}/new-term/",
        f"/audit/branches/{world.branch.code}/",
        f"/audit/objects/posts.claim/{world.approved.claim_id}/",
    ]:
        audit(page, base + path, findings)
    page.context.clear_cookies()
    login(page, live_server, "township")
    for path in ["/", "/posts/branches/", "/posts/common/", f"/posts/branches/{branch}/overview/", "/audit/"]:
        audit(page, base + path, findings)
    check(findings, live_server)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_back_office_pages(live_server, desktop_page, season):
    world, free, notice = season
    page, base, findings = desktop_page, live_server.url, []
    login(page, live_server, "secretary")
    for path in [
        "/admin/",
        "/admin/members/member/",
        f"/admin/members/member/{world.member.pk}/change/",
        "/admin/members/member/import/",
        "/admin/members/member/export/",
        "/admin/members/organisation/",
        "/admin/posts/claim/",
        "/admin/posts/branchpost/",
        f"/admin/posts/branchpost/{free.pk}/change/",
        "/admin/posts/policy/add/",
        "/admin/password_change/",
    ]:
        audit(page, base + path, findings)
    check(findings, live_server)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_pages_on_a_desktop_with_the_menu_open(live_server, desktop_page, season):
    # On a phone the menu folds away behind its button; on a desktop it shows on every page.
    page, base, findings = desktop_page, live_server.url, []
    audit(page, f"{base}/login/", findings)
    for user in ["member", "secretary", "county"]:
        page.context.clear_cookies()
        login(page, live_server, user)
        audit(page, f"{base}/", findings)
    check(findings, live_server)

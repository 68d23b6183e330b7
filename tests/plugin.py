"""Shared fixtures for every app's tests (loaded with `-p tests.plugin`).

`world` is a small county: two townships, three branches, a group, and one user
per role, with members in and out of each scope. Tests of scope use it to check
that an outsider gets a 404.
"""

import os
from types import SimpleNamespace

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache (rate limits and pending roster
    uploads must not leak from one test into the next, on Redis as in local memory)."""
    from tests import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    # Imported here: this plugin loads before Django is set up.
    from members.models import Organisation, Role
    from members.tests.factories import (
        BranchFactory,
        CountyFactory,
        GroupFactory,
        MemberFactory,
        RoleFactory,
        TownshipFactory,
        UserFactory,
    )

    county = CountyFactory(code="C1", name="示范县")
    town_a = TownshipFactory(code="T1", name="东镇", parent=county)
    town_b = TownshipFactory(code="T2", name="西镇", parent=county)
    branch = BranchFactory(code="B1", name="东村党支部", parent=town_a, kind=Organisation.Kind.VILLAGE)
    sibling = BranchFactory(code="B2", name="南村党支部", parent=town_a, kind=Organisation.Kind.VILLAGE)
    far = BranchFactory(code="B3", name="西社区党支部", parent=town_b, kind=Organisation.Kind.COMMUNITY)
    group = GroupFactory(code="B1G1", name="第一党小组", parent=branch)

    def officer(username, org, kind):
        user = UserFactory(username=username)
        RoleFactory(user=user, organisation=org, kind=kind)
        if kind in Role.MANAGING or kind in (Role.Kind.TOWNSHIP_OFFICIAL, Role.Kind.COUNTY_OFFICIAL):
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        return user

    member_user = UserFactory(username="member")
    member = MemberFactory(name="张三", branch=branch, group=group, user=member_user)
    w = SimpleNamespace(
        county=county,
        town_a=town_a,
        town_b=town_b,
        branch=branch,
        sibling=sibling,
        far=far,
        group=group,
        member=member,
        member_user=member_user,
        secretary=officer("secretary", branch, Role.Kind.BRANCH_SECRETARY),
        committee=officer("committee", branch, Role.Kind.BRANCH_COMMITTEE),
        group_leader=officer("leader", group, Role.Kind.GROUP_LEADER),
        township=officer("township", town_a, Role.Kind.TOWNSHIP_OFFICIAL),
        county_official=officer("county", county, Role.Kind.COUNTY_OFFICIAL),
        superuser=UserFactory(username="root", is_superuser=True, is_staff=True),
        outsider=officer("outsider", far, Role.Kind.BRANCH_SECRETARY),
    )
    w.neighbour = MemberFactory(name="李四", branch=branch)
    w.sibling_member = MemberFactory(name="王五", branch=sibling)
    w.far_member = MemberFactory(name="赵六", branch=far)
    return w


# Every page a browser test opens runs under the site's Content-Security-Policy; anything it
# blocks (an inline script or handler, a style="" attribute, a foreign source) is reported
# here, as is any uncaught script error, and fails the test. Chromium fires
# securitypolicyviolation at the document; the binding reports it back to Python, outside
# the page's policy. Blocked items also show as "Refused to ..." console messages.
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation(e.effectiveDirective + " blocked " + (e.blockedURI || "?") + " in "
                        + e.documentURI + " (" + (e.sourceFile || "") + ":" + e.lineNumber + ")");
});
"""


def watch(context, problems):
    """Collect the CSP violations and script errors of every page in `context`."""
    context.expose_function("__cspViolation", lambda text: problems.append("CSP: " + text))
    context.add_init_script(CSP_WATCH)

    def on_console(message):
        if message.type == "error" and ("Content Security Policy" in message.text or "Refused to" in message.text):
            problems.append(f"console: {message.text} ({message.location.get('url', '')})")

    context.on("console", on_console)
    context.on("weberror", lambda error: problems.append(f"script error: {error.error}"))


@pytest.fixture
def page_problems():
    """What the watched pages broke; `browser` fails the test unless it is empty at the end."""
    return []


@pytest.fixture
def browser(page_problems):
    """Debian's Chromium driven by Playwright; never a downloaded browser.

    Every context opened on it, by the page fixtures or by a test itself, is watched; the
    test fails at teardown if any page broke the Content-Security-Policy or threw."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    problems = page_problems
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        new_context = b.new_context

        def watched_context(**options):
            context = new_context(**options)
            watch(context, problems)
            return context

        b.new_context = watched_context
        yield b
        b.close()
        # While Playwright runs, the test's code runs in another context, where Django keeps
        # connections of its own that its teardown never sees; PostgreSQL would then refuse
        # to drop the test database while they are open.
        connections.close_all()
    assert not problems, "The pages broke the Content-Security-Policy or threw:\n" + "\n".join(problems)


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def login(page, live_server, username, password="pass-1234"):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()

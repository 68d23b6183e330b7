"""On a 360-pixel phone, under the site's Content-Security-Policy: a member hands in the
quarter's report, the area's lead records an activity, and the officers' and township's pages
of areas, pairs and checks raise no serious accessibility finding and never scroll sideways."""

import pytest
from django.utils import timezone

from assessments.models import AreaActivity, QuarterlyReport
from assessments.models.checks import quarter_of
from assessments.services import areas, checks, mentoring
from tests.plugin import login
from tests.test_browser_accessibility import audit, check

from .factories import activist, on_post

TODAY = timezone.localdate()


@pytest.fixture
def serving(world):
    on_post(world.member, year=TODAY.year)
    on_post(world.neighbour, year=TODAY.year)
    area = areas.create_area(
        branch=world.branch,
        year=TODAY.year,
        name="东街片区",
        scope="东街1-30号",
        duties="走访住户，宣传政策",
        members=[world.member, world.neighbour],
        lead=world.member,
        by=None,
    )
    pair = mentoring.create_pair(
        branch=world.branch,
        mentee=activist(world.branch),
        mentors=[world.neighbour],
        starts_on=TODAY,
        by=None,
        today=TODAY,
    )
    inspection = checks.record_inspection(
        branch=world.branch,
        kind="township_quarterly",
        held_on=TODAY,
        findings="台账齐全",
        follow_ups="补记一次活动",
        by=world.township,
        today=TODAY,
    )
    return world, area, pair, inspection


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_reports_and_records_on_a_phone(live_server, phone_page, serving):
    world, area, _pair, _inspection = serving
    page, base = phone_page, live_server.url
    login(page, live_server, "member")
    page.goto(f"{base}/serve/my/")
    assert "东街片区" in page.content() and "我的季度述职" in page.content()
    no_sideways_scroll(page)
    page.click(f"a[href='/serve/my/reports/{TODAY.year}/{quarter_of(TODAY)}/']")
    page.fill("textarea[name=text]", "本季度在东街走访住户8户，调解纠纷1起。")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "述职已提交" in page.content()
    assert QuarterlyReport.objects.get(member=world.member).text.startswith("本季度在东街")
    page.goto(f"{base}/serve/areas/{area.pk}/")
    page.click("summary")
    page.fill("input[name=what]", "入户走访")
    page.fill("textarea[name=result]", "走访独居老人3户")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "活动已登记" in page.content()
    assert AreaActivity.objects.get().recorded_by == world.member_user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_and_township_pages_on_a_phone(live_server, phone_page, serving):
    world, area, pair, inspection = serving
    page, base, findings = phone_page, live_server.url, []
    login(page, live_server, "member")
    for path in ["/serve/my/", f"/serve/areas/{area.pk}/"]:
        audit(page, base + path, findings)
        no_sideways_scroll(page)
    page.context.clear_cookies()
    login(page, live_server, "secretary")
    for path in [
        "/serve/branches/B1/areas/",
        "/serve/branches/B1/areas/new/",
        f"/serve/areas/{area.pk}/edit/",
        f"/serve/areas/{area.pk}/",
        "/serve/branches/B1/pairs/",
        f"/serve/pairs/{pair.pk}/",
        "/serve/branches/B1/meetings/",
        "/serve/branches/B1/reports/",
        "/serve/branches/B1/inspections/",
        f"/serve/inspections/{inspection.pk}/",
        f"/print/branch/B1/{TODAY.year}/area_table/",
    ]:
        audit(page, base + path, findings)
        no_sideways_scroll(page)
    page.context.clear_cookies()
    login(page, live_server, "township")
    for path in ["/serve/inspections/", "/serve/branches/B1/inspections/new/", "/serve/branches/B1/reports/"]:
        audit(page, base + path, findings)
        no_sideways_scroll(page)
    check(findings, live_server)

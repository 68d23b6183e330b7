"""The points pages in a real browser on a 360-pixel phone: the board and its public page
without sideways scrolling, and a township closing a month for its branches with the
progress bar and the branches that could not close."""

import pytest

from tests.plugin import login

from .points_data import Status, entry, last_month


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_board_and_public_page_on_a_phone(live_server, phone_page, world):
    from assessments.services.points import close_month

    month = last_month()
    entry(world.member, month)
    entry(world.neighbour, month)
    close_month(branch=world.branch, month=month, by=world.secretary)
    page = phone_page
    login(page, live_server, "secretary")
    page.goto(f"{live_server.url}/serve/branches/B1/points/{month:%Y-%m}/")
    main = page.inner_text("main")
    assert "服务积分榜" in main and "张三" in main and "已关闭并公示" in main
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("a.text-break")  # the public link, as a villager scanning the QR code
    main = page.inner_text("main")
    assert "张三" in main and "李四" in main
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_township_closes_a_month_and_sees_progress(live_server, phone_page, world):
    month = last_month()
    entry(world.member, month)
    entry(world.sibling_member, month, status=Status.SUBMITTED)
    page = phone_page
    login(page, live_server, "township")
    page.goto(f"{live_server.url}/serve/orgs/T1/points/close/")
    page.select_option("select[name=month]", month.isoformat())
    page.click("button:has-text('开始关闭')")
    page.locator("#close-done").wait_for(state="visible")
    assert page.inner_text(".progress-bar") == "100%"
    assert "南村党支部" in page.inner_text("#close-refused")
    assert "本次关闭：1 个" in page.inner_text("#close-counts")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_points_pages_pass_axe_on_a_phone(live_server, phone_page, world):
    from assessments.models import PointsAdjustment
    from assessments.selectors.points import public_token
    from assessments.services.points import close_month
    from tests.test_browser_accessibility import audit, check

    month = last_month()
    entry(world.member, month)
    entry(world.neighbour, month)
    PointsAdjustment.objects.create(member=world.member, branch=world.branch, month=month, points=2, reason="表现突出")
    close_month(branch=world.branch, month=month, by=world.secretary)
    findings, page, base = [], phone_page, live_server.url
    audit(page, f"{base}/serve/p/{public_token(world.branch)}/", findings)
    login(page, live_server, "member")
    audit(page, f"{base}/serve/points/card/?year={month.year}", findings)
    audit(page, f"{base}/serve/branches/B1/points/{month:%Y-%m}/", findings)
    page.context.clear_cookies()
    login(page, live_server, "secretary")
    for path in (
        f"/serve/branches/B1/points/{month:%Y-%m}/",
        "/serve/branches/B1/points/rules/",
        "/serve/branches/B1/points/adjust/",
        f"/serve/points/card/{world.neighbour.pk}/?year={month.year}",
    ):
        audit(page, base + path, findings)
    page.context.clear_cookies()
    login(page, live_server, "township")
    for path in ("/serve/orgs/T1/points/rules/", "/serve/orgs/T1/points/close/"):
        audit(page, base + path, findings)
    check(findings, live_server)

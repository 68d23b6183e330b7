"""Pledges in a real browser on a 360-pixel phone: a member makes pledges, the committee
returns one, the member fixes it and submits again, the committee accepts them, and the
member's pledge letter (承诺践诺书) prints."""

import datetime

import pytest

from tests.plugin import login


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_make_return_fix_accept_and_print_on_a_phone(live_server, browser, phone_page, world):
    from assessments.models import Pledge
    from assessments.tests.pledges_data import on_post

    today = datetime.date.today()
    on_post(world.member, year=today.year)
    due = max(today + datetime.timedelta(days=30), datetime.date(today.year, 12, 31)).isoformat()
    page = phone_page
    login(page, live_server, "member")

    # The member writes three pledges: two picked from the post's duties, one of their own.
    for pick, own in (("每月入户走访一次", ""), ("收集群众意见", ""), ("", "帮助两户困难群众")):
        page.goto(f"{live_server.url}/serve/pledges/")
        page.click("a:has-text('新增承诺')")
        if pick:
            page.select_option("select[name=from_duty]", pick)
            assert page.input_value("textarea[name=text]") == pick  # copied in, to make concrete
        else:
            page.fill("textarea[name=text]", own)
        page.fill("input[name=due_on]", due)
        no_sideways_scroll(page)
        page.click("button:has-text('保存')")
        assert "承诺已存为草稿" in page.inner_text("main")
    no_sideways_scroll(page)
    page.click("button:has-text('提交承诺审核')")
    assert "承诺已提交" in page.inner_text("main")
    assert Pledge.objects.filter(member=world.member, status="submitted").count() == 3

    # The committee returns the vague one with a reason.
    committee = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN").new_page()
    login(committee, live_server, "committee")
    committee.goto(f"{live_server.url}/serve/branches/B1/pledges/")
    no_sideways_scroll(committee)
    committee.click("a:has-text('收集群众意见')")
    committee.fill("textarea[name=reason]", "请写明每月收集几次、向谁报告")
    committee.click("button:has-text('退回给党员')")
    assert "承诺已退回党员" in committee.inner_text("main")

    # The member sees why, fixes it and submits again.
    page.goto(f"{live_server.url}/serve/pledges/")
    assert "请写明每月收集几次" in page.inner_text("main")
    page.locator(".card", has_text="收集群众意见").locator("a:has-text('修改')").click()
    page.fill("textarea[name=text]", "每月收集一次群众意见，向支部书记报告")
    page.click("button:has-text('保存')")
    page.click("button:has-text('提交承诺审核')")
    assert Pledge.objects.filter(member=world.member, status="submitted").count() == 3

    # The committee accepts all three at once.
    committee.goto(f"{live_server.url}/serve/branches/B1/pledges/")
    for box in committee.locator("input.pledge-check").all():
        box.check()
    committee.click("button:has-text('审核通过所选承诺')")
    assert "所选承诺已审核通过并公开" in committee.inner_text("main")
    assert Pledge.objects.filter(member=world.member, status="accepted").count() == 3

    # The member's pledge letter prints: the page shows it and the PDF answers.
    page.goto(f"{live_server.url}/serve/pledges/")
    page.click("a:has-text('打印承诺践诺书')")
    main = page.inner_text("main")
    assert "党员公开承诺践诺书" in main and "每月收集一次群众意见，向支部书记报告" in main and "承诺人（签名）" in main
    no_sideways_scroll(page)
    pdf_url = page.get_attribute("a:has-text('PDF')", "href")
    response = page.request.get(f"{live_server.url}{pdf_url}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

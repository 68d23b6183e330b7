"""On a 360-pixel phone: a member logs a service (the draft survives a reload), the group
leader verifies it, and the member sees it verified with its points."""

import pytest

from tests.plugin import login

from .log_data import photo_bytes


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_log_verify_and_see_points_on_a_phone(live_server, phone_page, world, settings, tmp_path):
    from assessments.models import DutyLogEntry

    from .log_data import on_post

    settings.MEDIA_ROOT = tmp_path
    on_post(world.member)
    page = phone_page
    url = live_server.url

    login(page, live_server, "member")
    page.goto(f"{url}/serve/log/")
    page.click("text=填写履岗纪实")
    assert fits_the_screen(page)
    page.fill("textarea[name=what]", "帮王奶奶联系维修工修好漏水的屋顶")
    page.fill("input[name=people_served]", "2")
    page.fill("input[name=place]", "三组")
    # The connection drops (the page reloads) before the member presses save: nothing is lost.
    page.reload()
    assert page.input_value("textarea[name=what]") == "帮王奶奶联系维修工修好漏水的屋顶"
    assert page.input_value("input[name=people_served]") == "2"
    assert page.is_visible("[data-log-draft-note]")
    page.set_input_files(
        "input[name=photos]", files=[{"name": "屋顶.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    page.click("button:has-text('保存')")
    body = page.inner_text("body")
    assert "已保存" in body and "待核实" in body and fits_the_screen(page)
    # Saved: the draft is gone, a new form starts empty.
    page.goto(f"{url}/serve/log/new/")
    assert page.input_value("textarea[name=what]") == ""
    entry = DutyLogEntry.objects.get()
    assert entry.photos.count() == 1

    page.context.clear_cookies()
    login(page, live_server, "leader")
    page.goto(f"{url}/serve/branches/B1/log/")
    assert "张三" in page.inner_text("main") and fits_the_screen(page)
    page.click("text=帮王奶奶联系维修工")
    assert page.locator("img").count() == 1 and fits_the_screen(page)
    page.click("button:has-text('核实')")
    assert "已核实张三的纪实" in page.inner_text("body")

    page.context.clear_cookies()
    login(page, live_server, "member")
    page.goto(f"{url}/serve/log/")
    card = page.inner_text(".card")
    assert "已核实" in card and "3 分" in card
    entry.refresh_from_db()
    assert (entry.status, entry.points, entry.checked_by) == ("verified", 3, world.group_leader)

    # The points appear on the branch's board of this month and on the member's card.
    page.goto(f"{url}/serve/branches/B1/points/")
    row = page.locator("tr", has_text="张三").first
    assert "3" in row.inner_text() and fits_the_screen(page)
    page.goto(f"{url}/serve/points/card/")
    assert "3" in page.inner_text("main") and fits_the_screen(page)

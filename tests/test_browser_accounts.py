"""On a phone, the secretary ticks every member at once, creates their accounts and prints
the slips: the "select all" box and the print button are scripts from static/js/site.js,
wired by data attributes, as the Content-Security-Policy requires."""

import pytest

from tests.plugin import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_select_all_create_accounts_and_print_the_slips(live_server, phone_page, world):
    page = phone_page
    login(page, live_server, "secretary")
    page.goto(f"{live_server.url}/branches/{world.branch.code}/accounts/")
    boxes = page.locator("input[name=member]")
    assert boxes.count() == 1  # 李四; 张三 has an account already
    page.check("#all")
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.uncheck("#all")
    assert not any(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.check("#all")
    page.click("main button[type=submit]")
    assert page.locator(".slip").count() == 1 and "李四" in page.inner_text(".slips")

    # Count the calls instead of opening the print dialog.
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.click("button[data-print]")
    assert page.evaluate("window.printed") == 1
    world.neighbour.refresh_from_db()
    assert world.neighbour.user is not None

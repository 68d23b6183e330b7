"""The Django admin and import-export's pages under the site's Content-Security-Policy: the
scripts they run (actions, filters, the related-object popup, date shortcuts, the import
page's format guess) are all files, so they work; the browser fixture fails the test on any
violation or script error (tests/plugin.py)."""

import pytest

from tests.plugin import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_pages_work_under_the_policy(live_server, desktop_page, world):
    from members.models import Member, Organisation

    page = desktop_page
    login(page, live_server, "secretary")
    admin = f"{live_server.url}/admin"

    # Changelist: tick a row, choose the delete action, then back out on the confirmation page.
    page.goto(f"{admin}/members/member/")
    page.check(f"input.action-select[value='{world.neighbour.pk}']")
    assert "2 个中的 1 个" in page.inner_text(".action-counter")  # actions.js counted the tick
    page.select_option("select[name=action]", "delete_selected")
    page.click("button[name=index]")
    assert page.locator("a.cancel-link").count() == 1
    page.click("a.cancel-link")  # cancel.js goes back in history
    page.wait_for_url(f"{admin}/members/member/")
    assert Member.objects.filter(pk=world.neighbour.pk).exists()

    # Change form: add a party group through the related-object popup; it lands in the select.
    page.goto(f"{admin}/members/member/{world.member.pk}/change/")
    assert page.locator(".datetimeshortcuts").count() >= 1  # the date widgets' script ran
    with page.expect_popup() as popup_info:
        page.click("#add_id_group")
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.fill("input[name=code]", "B1G2")
    popup.fill("input[name=name]", "第二党小组")
    popup.select_option("select[name=level]", "group")
    popup.select_option("select[name=parent]", str(world.branch.pk))
    popup.click("input[name=_save]")
    popup.wait_for_event("close")  # popup_response.js closed it
    added = Organisation.objects.get(code="B1G2")
    assert page.input_value("select[name=group]") == str(added.pk)

    # import-export: the import page guesses the format from the file name; the export page.
    page.goto(f"{admin}/members/member/import/")
    page.set_input_files(
        "input[name=import_file]", files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": b"x"}]
    )
    assert page.locator("select[name=format] option:checked").inner_text() == "csv"
    page.goto(f"{admin}/members/member/export/")
    assert page.locator("select[name=format]").count() == 1

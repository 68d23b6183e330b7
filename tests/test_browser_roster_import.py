"""A branch secretary imports the roster in the admin: a bad file first, then a good one."""

import pytest

from members.models import Member
from members.roster import XLSX_CONTENT_TYPE
from members.tests.test_roster_import import person, xlsx
from tests.plugin import login


def choose_file(page, name, data):
    upload = {"name": name, "mimeType": XLSX_CONTENT_TYPE, "buffer": data}
    page.set_input_files("input[name=import_file]", files=[upload])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_secretary_fixes_a_bad_roster_file_and_imports_it(live_server, desktop_page, world):
    page = desktop_page
    login(page, live_server, "secretary")
    page.goto(f"{live_server.url}/admin/members/member/")
    page.click("a.import_link")

    # The only branch the secretary manages is already chosen.
    assert page.locator("select[name=branch] option:checked").inner_text() == "东村党支部"
    good = [person(姓名="钱学森"), person(姓名="邓稼先", 学历="本科")]
    # A mistyped last digit, and a joining date without the day.
    bad = [good[0], {**good[1], "身份证号": "110101198005171235", "入党时间": "2005年7月"}]
    choose_file(page, "东村花名册.xlsx", xlsx(bad))
    # import-export's script picks the format from the file name.
    assert page.locator("select[name=format] option:checked").inner_text() == "xlsx"
    page.click("form input[type=submit]")

    errors = page.inner_text("ul.roster-errors")
    assert "第 3 行，第 F 列（身份证号）：身份证号校验位不正确，请逐位核对。" in errors
    assert "第 3 行，第 H 列（入党时间）：日期要写到日，例如 1980-05-17。" in errors
    assert "文件中有 2 处错误，未导入任何数据。" in page.inner_text("#content")
    assert page.locator("input[name=confirm]").count() == 0
    assert not Member.objects.filter(name__in=["钱学森", "邓稼先"]).exists()

    choose_file(page, "东村花名册.xlsx", xlsx(good))
    page.click("form input[type=submit]")
    preview = page.inner_text("table.import-preview")
    assert "钱学森" in preview and "邓稼先" in preview and "新增" in preview
    assert good[0]["身份证号"] not in page.content()  # masked on screen

    page.click("input[name=confirm]")
    page.wait_for_url(f"{live_server.url}/admin/members/member/")
    assert "已导入 2 行到东村党支部：新增 2 人，更新 0 人，0 人无变化。" in page.inner_text("ul.messagelist")
    listed = page.inner_text("#result_list")
    assert "钱学森" in listed and "邓稼先" in listed
    imported = Member.objects.get(name="邓稼先")
    assert (imported.branch, imported.education) == (world.branch, Member.Education.BACHELOR)

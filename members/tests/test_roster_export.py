"""Roster files going out: the export (formula-safe, masked for overseers) and the template."""

import csv
import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members import roster
from members.models import Member
from members.roster.columns import COLUMNS
from members.scope import Scope
from members.tests.factories import MemberFactory

RISKY = {
    "name": "@SUM(1+1)",
    "office": "-2+3",
    "specialities": "+cmd|' /C calc'!A0",
    "notes": '=HYPERLINK("http://example.com","点我")',
    "phone": "+86 138 0013 8000",
}
HEADER_NAME = [c.header for c in COLUMNS].index("姓名")
HEADER_ID = [c.header for c in COLUMNS].index("身份证号")


@pytest.fixture
def risky(world):
    return MemberFactory(
        branch=world.branch,
        group=world.group,
        works_away=True,
        birth_date=datetime.date(1980, 5, 17),
        joined_party_on=datetime.date(2001, 7, 1),
        **RISKY,
    )


def export(scope_user, queryset=None, file_format="xlsx"):
    scope = Scope(scope_user)
    headers, rows = roster.export_rows(queryset or scope.members("roster.read"), scope=scope)
    return (roster.write_xlsx if file_format == "xlsx" else roster.write_csv)(headers, rows)


def test_xlsx_export_never_holds_a_formula(world, risky):
    data = export(world.secretary)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml

    sheet = load_workbook(io.BytesIO(data)).active
    headers = [cell.value for cell in sheet[1]]
    rows = sheet.iter_rows(min_row=2)
    row = next(r for r in rows if r[headers.index("姓名")].value == RISKY["name"])
    by_header = dict(zip(headers, row))
    for key, text in RISKY.items():
        header = next(c.header for c in COLUMNS if c.key == key)
        cell = by_header[header]
        # The text is unchanged, stored as text, and marked so an edit keeps it text.
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True), header
    assert by_header["出生日期"].is_date and by_header["出生日期"].value == datetime.datetime(1980, 5, 17)
    assert by_header["是否外出务工"].value == "是"
    assert by_header["所在党小组/网格"].value == "第一党小组"


def test_csv_export_neutralises_formulas_with_an_apostrophe(world, risky):
    text = export(world.secretary, file_format="csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    headers = rows[0]
    row = next(r for r in rows if r[headers.index("身份证号")] == risky.id_number)
    for key, value in RISKY.items():
        header = next(c.header for c in COLUMNS if c.key == key)
        assert row[headers.index(header)] == "'" + value
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_officers_export_full_id_numbers_and_everyone_else_masked_ones(world):
    def ids(user):
        sheet = load_workbook(io.BytesIO(export(user))).active
        rows = sheet.iter_rows(min_row=2, values_only=True)
        return {row[HEADER_NAME]: row[HEADER_ID] for row in rows}

    assert ids(world.secretary) == {"张三": world.member.id_number, "李四": world.neighbour.id_number}
    assert ids(world.committee) == {"张三": world.member.id_number, "李四": world.neighbour.id_number}
    township_members = (world.member, world.neighbour, world.sibling_member)
    masked = {m.name: m.masked_id_number for m in township_members}
    assert ids(world.township) == masked
    assert ids(world.county_official) == {**masked, "赵六": world.far_member.masked_id_number}
    # A group leader reads the people of their group, and their ID numbers masked.
    assert ids(world.group_leader) == {"张三": world.member.masked_id_number}


def test_birth_dates_go_only_to_those_who_see_the_whole_id_number(world):
    """The mask hides the eight birth-date digits, so a date beside a masked number would
    give the number back: whoever gets the mask gets no date."""

    def birth_dates(user):
        rows = list(load_workbook(io.BytesIO(export(user))).active.iter_rows(values_only=True))
        column = rows[0].index("出生日期")
        return {row[HEADER_NAME]: row[column] for row in rows[1:]}

    assert all(birth_dates(world.secretary).values())
    for overseer in (world.township, world.county_official, world.group_leader):
        dates = birth_dates(overseer)
        assert dates and not any(dates.values()), overseer


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_an_export_imports_again_without_changing_anything(world, risky, file_format):
    before = list(Member.objects.order_by("pk").values())
    data = export(world.secretary, file_format=file_format)
    sheet = roster.read_sheet(data, name=f"roster.{file_format}")
    report = roster.import_roster(sheet=sheet, branch=world.branch, scope=Scope(world.secretary))
    assert report.ok, [str(p) for p in report.errors]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert not report.warnings
    assert list(Member.objects.order_by("pk").values()) == before


def test_the_template_download(client, world):
    url = reverse("roster_template")
    assert client.get(url).status_code == 302  # login first

    client.force_login(world.secretary)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == roster.XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and ".xlsx" in disposition

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["花名册", "填写说明"]
    sheet = workbook["花名册"]
    assert [cell.value for cell in sheet[1]] == [
        "姓名",
        "性别",
        "民族",
        "出生日期",
        "学历",
        "身份证号",
        "联系电话",
        "入党时间",
        "人员类别",
        "现任职务",
        "所在党小组/网格",
        "特长",
        "健康状况",
        "是否外出务工",
        "家庭情况",
        "备注",
    ]
    assert sheet.column_dimensions["F"].number_format == "@"  # ID numbers stay text
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["B2"] == '"男,女"'
    assert lists["I2"] == '"正式党员,预备党员,入党积极分子,非党员能人"'
    notes = [row[0] for row in workbook["填写说明"].iter_rows(values_only=True)]
    assert "身份证号" in notes

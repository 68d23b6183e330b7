"""The roster import in every workbook format secretaries send (.xlsx, .xls from old Excel,
.ods from WPS and LibreOffice), with files of every bad kind, and files made to exhaust the
server (issue items 4, 5, 7, 8)."""

import datetime
import io
import logging
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from members import idnumber, roster
from members.models import Member
from members.roster import reading
from members.tests import spreadsheets
from members.tests.factories import BranchFactory
from members.tests.spreadsheets import WRITERS, Formula, ods_content, workbook, xlsx_of
from members.tests.test_roster_import import HEADERS, assert_nothing_written, new_id, person

FORMATS = ["xlsx", "xls", "ods"]
NOT_A_SPREADSHEET = "这不是电子表格（.xlsx、.xls 或 .ods）。请下载花名册模板，填写后再导入。"
FORMULA_MESSAGE = "此单元格是公式，但文件中没有保存它的计算结果。请在 Excel 或 WPS 中打开后重新保存，或直接填写数值。"


def import_file(tmp_path, data, file_format, *extra):
    path = tmp_path / f"花名册.{file_format}"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", str(path), "--branch", "B1", *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(tmp_path, data, file_format):
    with pytest.raises(CommandError) as caught:
        import_file(tmp_path, data, file_format)
    return str(caught.value)


@pytest.fixture
def members_before(world):
    return set(Member.objects.values_list("pk", "updated_at"))


# -- the corpus: every bad kind, in every format --------------------------------------------------

# xls and ods carry dates as text here (the .xls writer has no date cells); xlsx as date cells.
BAD_FILES = {
    "bad checksum": (
        [person(身份证号="110101198005171235")],
        "第 3 行，第 F 列（身份证号）：身份证号校验位不正确，请逐位核对。",
    ),
    "bad date": ([person(入党时间="1980-13-01")], "第 3 行，第 H 列（入党时间）：没有“1980-13-01”这个日期。"),
    "bad value": ([person(学历="大学生")], "第 3 行，第 E 列（学历）：“大学生”不是允许的值"),
    "formula without a value": (
        [person(备注=Formula('HYPERLINK("http://example.com")'))],
        f"第 3 行，第 P 列（备注）：{FORMULA_MESSAGE}",
    ),
}
# An .xls formula record always carries its result: there is no .xls formula without one
# (test_a_formula_with_its_saved_result_is_read_in_xls reads it).
BAD_CASES = [
    (kind, file_format)
    for kind in sorted(BAD_FILES)
    for file_format in FORMATS
    if (kind, file_format) != ("formula without a value", "xls")
]


@pytest.mark.parametrize("kind, file_format", BAD_CASES)
def test_bad_rows_are_named_and_nothing_is_written(tmp_path, world, members_before, file_format, kind):
    rows, _message = BAD_FILES[kind]
    data = workbook(file_format, [person(), *rows], HEADERS)
    with pytest.raises(CommandError, match="文件中有 1 处错误，未导入任何数据。"):
        import_file(tmp_path, data, file_format)
    assert_nothing_written(members_before)


@pytest.mark.parametrize("kind, file_format", BAD_CASES)
def test_the_messages_name_row_and_column(world, file_format, kind):
    rows, message = BAD_FILES[kind]
    sheet = roster.read_sheet(workbook(file_format, [person(), *rows], HEADERS))
    report = roster.import_roster(sheet=sheet, branch=world.branch)
    assert [str(p) for p in report.errors][0].startswith(message)
    assert len(report.errors) == 1 and not report.written


@pytest.mark.parametrize("file_format", FORMATS)
def test_duplicate_rows(world, members_before, file_format):
    twin = new_id()
    data = workbook(file_format, [person(身份证号=twin), person(), person(身份证号=twin)], HEADERS)
    report = roster.import_roster(sheet=roster.read_sheet(data), branch=world.branch)
    assert [str(p) for p in report.errors] == ["第 4 行，第 F 列（身份证号）：与第 2 行的身份证号重复。"]
    assert_nothing_written(members_before)


@pytest.mark.parametrize("file_format", FORMATS)
def test_wrong_headers(world, members_before, file_format):
    data = workbook(file_format, [["张三", new_id()]], ["name", "id number"])
    report = roster.import_roster(sheet=roster.read_sheet(data), branch=world.branch)
    assert "第 1 行：缺少必需的列“姓名”。列标题须使用花名册模板中的列名。" in [str(p) for p in report.errors]
    assert_nothing_written(members_before)


@pytest.mark.parametrize("file_format", FORMATS)
def test_empty_workbooks(tmp_path, world, members_before, file_format):
    assert refused(tmp_path, workbook(file_format, [], HEADERS), file_format) == "文件只有列标题，下面没有人员。"
    assert refused(tmp_path, workbook(file_format, [], []), file_format) == "文件里没有任何内容，连列标题行也没有。"
    assert refused(tmp_path, b"", file_format) == "文件是空的。"
    assert_nothing_written(members_before)


@pytest.mark.parametrize("file_format", FORMATS)
def test_not_a_spreadsheet(tmp_path, world, members_before, file_format):
    assert refused(tmp_path, b"%PDF-1.7 a PDF renamed", file_format) == NOT_A_SPREADSHEET
    assert_nothing_written(members_before)


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_messy_but_valid_file_imports(tmp_path, world, file_format):
    """A title row, headers with marks and synonyms, spaces in names, full-width digits, text
    that starts with "=", a formula whose result was saved, and an unknown column."""
    headers = ["姓  名", "身份证号码*", "联系电话（必填）", "文化程度", "人员类别", "备注", "微信号"]
    full_width = new_id().translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    # openpyxl cannot save a formula's result; Excel's own (<f> with <v>) is read in
    # test_roster_files.test_a_workbook_as_excel_and_wps_save_it.
    computed = 2 if file_format == "xlsx" else Formula("1+1", 2)
    rows = [
        [" 钱 学 森 ", full_width, 13900000000, "本科", "党员", "=家中排行老二", "wx1"],
        ["邓稼先", new_id(), "0571-8888 6666", "大专", "积极分子", computed, ""],
    ]
    data = workbook(file_format, rows, headers, title="东村党支部党员花名册")
    out, err = import_file(tmp_path, data, file_format)
    assert "已导入 2 行到东村党支部：新增 2 人" in out
    assert "这一列不属于花名册，已忽略。" in err
    qian = Member.objects.get(name="钱学森")
    assert qian.id_number == idnumber.normalise(full_width) and qian.id_number.isascii()
    assert (qian.phone, qian.education, qian.notes) == ("13900000000", "bachelor", "=家中排行老二")
    deng = Member.objects.get(name="邓稼先")
    assert (deng.category, deng.notes) == ("activist", "2")


def test_a_formula_with_its_saved_result_is_read_in_xls(world):
    sheet = roster.read_sheet(workbook("xls", [person(备注=Formula("1+1", 2))], HEADERS))
    assert sheet.rows[0][1][HEADERS.index("备注")] == 2.0


def test_a_formula_without_a_value_in_an_unread_column_is_harmless(world):
    # Before, any formula cell saved without a value made the whole workbook "damaged".
    data = xlsx_of([["姓名", "身份证号", "链接"], ["华罗庚", new_id(), Formula('HYPERLINK("x")')]])
    report = roster.import_roster(sheet=roster.read_sheet(data), branch=world.branch)
    assert report.ok and report.created == 1


def test_the_admin_accepts_xls_and_ods(client, world):
    from members.tests.test_roster_admin import PROCESS_URL, confirm_fields, upload

    client.force_login(world.secretary)
    for file_format, index, name in (("xls", "2", "严济慈"), ("ods", "3", "周培源")):
        data = workbook(file_format, [person(姓名=name)], HEADERS)
        response = upload(client, data, branch=world.branch, name=f"花名册.{file_format}", file_format=index)
        assert response.status_code == 200 and "confirm_form" in response.context
        client.post(PROCESS_URL, confirm_fields(response))
        assert Member.objects.filter(name=name, branch=world.branch).exists()


# -- files made to exhaust the server (item 4) --------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def crafted_xlsx(sheet_chunks, *, shared=None):
    """An xlsx whose sheet (and shared strings) are written from chunks, so a test can make
    one of hundreds of megabytes without holding it."""
    buffer = io.BytesIO()
    rels = f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
    if shared is not None:
        rels += f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
            '<sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{RELS}">{rels}</Relationships>')
        if shared is not None:
            with archive.open("xl/sharedStrings.xml", "w") as part:
                part.write(f'<sst xmlns="{MAIN}">'.encode())
                for chunk in shared:
                    part.write(chunk)
                part.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for chunk in sheet_chunks:
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def header_and_person():
    row = person()
    cells = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in ("姓名", "身份证号"))
    person_cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in (row["姓名"], row["身份证号"]))
    return f"<row>{cells}</row>".encode(), f"<row>{person_cells}</row>".encode()


def workbook_of_table(file_format, table):
    return WRITERS[file_format](table)


def file_error(data):
    with pytest.raises(roster.RosterFileError) as caught:
        roster.read_sheet(data)
    return caught.value.message


def test_a_workbook_of_blank_rows_is_refused_at_once():
    header, row = header_and_person()
    # 120 MB of blank <row/> elements in a zip of about 120 KB.
    bomb = crafted_xlsx([header, row] + [b"<row/>" * 1_000_000] * 20)
    assert len(bomb) < 1_000_000
    started = time.perf_counter()
    assert file_error(bomb) == "工作簿远大于任何花名册，无法导入。"
    assert time.perf_counter() - started < 2


def test_blank_rows_count_toward_the_row_limit(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    header, row = header_and_person()
    # 3 people under the header: fine; 3 people and 30 blank rows: too many rows.
    assert len(roster.read_sheet(crafted_xlsx([header] + [row] * 3)).rows) == 3
    assert (
        file_error(crafted_xlsx([header] + [row] * 3 + [b"<row/>"] * 30))
        == "工作表超过 3 行（空行也计算在内）。请删除花名册下方的空行，或拆分成几个较小的文件，保存后再导入。"
    )


def test_a_huge_shared_strings_part_is_refused_at_once():
    header, row = header_and_person()
    bomb = crafted_xlsx([header, row], shared=[b"<si><t>" + b"a" * 1_000_000 + b"</t></si>"] * 60)
    started = time.perf_counter()
    assert file_error(bomb) == "工作簿远大于任何花名册，无法导入。"
    assert time.perf_counter() - started < 2


def test_a_part_larger_than_the_zip_directory_says_is_refused():
    header, row = header_and_person()
    data = bytearray(crafted_xlsx([header, row, b"<row/>" * 10_000]))
    # Make the central directory declare the sheet 100 bytes long (its CRC left as it was).
    directory = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/worksheets/sheet1.xml"))
    data[directory + 24 : directory + 28] = (100).to_bytes(4, "little")
    assert file_error(bytes(data)) in (
        "工作簿远大于任何花名册，无法导入。",
        "工作簿已损坏，或不是常规的 Excel 文件。请在 Excel 或 WPS 中打开，重新保存为 .xlsx 后再导入。",
    )


def test_a_value_far_outside_the_roster_is_refused_before_calamine_builds_the_grid():
    header, row = header_and_person()
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    assert file_error(crafted_xlsx([header, row, far])) == (
        "单元格 XFD1048576 有内容，但花名册最多只有 64 列。请删除花名册各列右侧的内容，保存后再导入。"
    )
    far_down = b'<row r="900000"><c r="A900000"><v>1</v></c></row>'
    assert file_error(crafted_xlsx([header, row, far_down])).startswith("工作表超过 100000 行（空行也计算在内）。")


def test_an_ods_that_repeats_a_cell_a_hundred_million_times_is_refused():
    bomb = ods_content(
        '<table:table table:name="x"><table:table-row table:number-rows-repeated="100000">'
        '<table:table-cell office:value-type="string" table:number-columns-repeated="1000">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    )
    assert file_error(bomb).startswith("单元格 BM1 有内容，但花名册最多只有 64 列。")


def test_an_xls_larger_than_the_upload_limit_is_refused(settings):
    settings.ROSTER_MAX_UPLOAD_BYTES = 4096
    data = workbook("xls", [person() for _ in range(60)], HEADERS)
    assert len(data) > 4096
    assert file_error(data) == "工作簿远大于任何花名册，无法导入。"


# -- ID numbers in other digit systems (item 5) ---------------------------------------------------

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_an_id_number_in_arabic_indic_digits_is_an_error_naming_row_and_column(world, members_before):
    lookalike = world.member.id_number.translate(ARABIC_INDIC)
    data = workbook("xlsx", [person(), person(身份证号=lookalike)], HEADERS)
    report = roster.import_roster(sheet=roster.read_sheet(data), branch=world.branch)
    assert [str(p) for p in report.errors] == [
        f"第 3 行，第 F 列（身份证号）：身份证号第 1 位“{lookalike[0]}”不是允许的字符，只能使用数字 0-9 和 X。"
    ]
    assert_nothing_written(members_before)


def test_full_width_digits_and_x_are_the_same_person(world):
    member = world.member
    typed = member.id_number.translate(str.maketrans("0123456789Xx", "０１２３４５６７８９ＸＸ"))
    data = workbook("xlsx", [person(姓名="张三", 身份证号=typed, 联系电话="13911112222")], HEADERS)
    report = roster.import_roster(sheet=roster.read_sheet(data), branch=world.branch)
    assert report.ok and (report.created, report.updated) == (0, 1)
    member.refresh_from_db()
    assert member.phone == "13911112222"


@pytest.mark.parametrize(
    "value",
    [
        "11010519491231002X".translate(ARABIC_INDIC),
        "١1010519491231002X",
        "①1010519491231002X",
        "11010519491231002X\u200b",
    ],
)
def test_forms_and_the_admin_refuse_other_digits(db, value):
    # The admin's and every ModelForm's check of a member is the model's full_clean.
    assert idnumber.problem(value)
    member = Member(name="王芳", id_number=value, branch=BranchFactory())
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "id_number" in error.value.message_dict


def test_forms_accept_full_width_digits_as_ascii(db):
    member = Member(name="王芳", id_number="１１０１０５１９４９１２３１００２ｘ", branch=BranchFactory())
    member.full_clean()
    assert member.id_number == "11010519491231002X"


# -- a person on another branch's roster (item 8) -------------------------------------------------


def test_a_person_on_another_roster_is_refused_without_naming_the_branch_and_recorded(world, members_before, caplog):
    from audit.models import Entry

    other = world.sibling_member
    data = workbook("xlsx", [person(), person(姓名="王五", 身份证号=other.id_number)], HEADERS)
    with caplog.at_level(logging.INFO):
        report = roster.import_roster(sheet=roster.read_sheet(data), branch=world.branch, by=world.secretary)
    message = str(report.errors[0])
    assert message.startswith("第 3 行，第 F 列（身份证号）：此人已在其他支部的花名册上")
    assert world.sibling.name not in message and world.sibling.code not in message
    assert_nothing_written(members_before)
    # Recorded in the audit log, in this branch, masked, without the other branch.
    [entry] = Entry.objects.all()
    assert (entry.action, entry.actor, entry.organisation) == (
        "members.roster.refused_other_roster",
        world.secretary,
        world.branch,
    )
    assert entry.payload["refused"] == [{"row": 3, "id_number": idnumber.mask(other.id_number)}]
    assert entry.payload["dry_run"] is False
    stored = str(entry.payload) + entry.reason + entry.object_label
    assert other.id_number not in stored and other.id_number[6:14] not in stored
    assert world.sibling.name not in stored and world.sibling.code not in stored
    assert entry.at.timestamp() <= time.time()
    assert other.id_number not in caplog.text and other.id_number[6:14] not in caplog.text


def test_the_dry_run_preview_is_recorded_too(world):
    from audit.models import Entry

    data = workbook("xlsx", [person(身份证号=world.far_member.id_number)], HEADERS)
    roster.import_roster(sheet=roster.read_sheet(data), branch=world.branch, by=world.secretary, dry_run=True)
    [entry] = Entry.objects.all()
    assert entry.action == "members.roster.refused_other_roster" and entry.payload["dry_run"] is True


def test_dates_from_every_format_agree(world):
    for file_format in FORMATS:
        sheet = roster.read_sheet(workbook(file_format, [person(入党时间=datetime.date(2005, 7, 1))], HEADERS))
        report = roster.import_roster(sheet=sheet, branch=world.branch, dry_run=True)
        assert report.ok, (file_format, [str(p) for p in report.errors])


def test_an_xls_with_one_value_far_away_is_refused_before_calamine_builds_the_grid():
    # Calamine reads every sheet of an .xls into a grid from A1 to its last cell when it opens
    # the file: this 6 KB file took a gigabyte and seven seconds.
    table = [["姓名", "身份证号"], ["张三", new_id()]] + [[] for _ in range(65532)]
    table.append([""] * 255 + ["x"])
    # A stream this small lives in the container's mini stream; bigger ones in its sectors.
    for data in (
        workbook_of_table("xls", table),
        spreadsheets.compound_file(spreadsheets._workbook_stream(table), mini=False),
    ):
        assert len(data) < 10_000
        started = time.perf_counter()
        assert file_error(data) == (
            "单元格 IV65535 有内容，但花名册最多只有 64 列。请删除花名册各列右侧的内容，保存后再导入。"
        )
        assert time.perf_counter() - started < 1


def test_an_xls_with_more_rows_than_a_roster_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    table = [["姓名", "身份证号"]] + [["张三", new_id()] for _ in range(3)]
    assert len(roster.read_sheet(workbook_of_table("xls", table)).rows) == 3
    table += [[] for _ in range(30)] + [["李四", new_id()]]
    assert (
        file_error(workbook_of_table("xls", table))
        == "工作表超过 3 行（空行也计算在内）。请删除花名册下方的空行，或拆分成几个较小的文件，保存后再导入。"
    )


def test_an_xls_that_makes_calamine_panic_is_a_damaged_file_not_a_crash():
    data = bytearray(
        spreadsheets.compound_file(
            spreadsheets._workbook_stream([["姓名", "身份证号"], ["张三", new_id()]]), mini=False
        )
    )
    # The directory (sector 1) says the stream is 160 bytes: it should then be in a mini
    # stream the file does not have. Calamine 0.37 panics on that.
    entry = 512 * 2 + 128
    data[entry + 120 : entry + 128] = (160).to_bytes(8, "little")
    assert file_error(bytes(data)).startswith("工作簿已损坏，或不是常规的 Excel 文件。")


def test_an_ods_with_a_million_blank_rows_above_a_value_is_refused():
    # LibreOffice ends every sheet with a million blank rows in one element: harmless (every
    # corpus file above has them). The same element above a value makes the grid that tall.
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    header = f"<table:table-row>{cell.format('姓名')}{cell.format('身份证号')}</table:table-row>"
    bomb = ods_content(
        f'<table:table table:name="x">{header}'
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>'
        f"<table:table-row>{cell.format('张三')}</table:table-row></table:table>"
    )
    started = time.perf_counter()
    assert file_error(bomb).startswith("工作表超过 100000 行（空行也计算在内）。")
    assert time.perf_counter() - started < 1

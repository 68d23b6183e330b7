"""Reading roster files: what Excel, WPS and LibreOffice save, and what they do not."""

import datetime
import io
import os
import time
import zipfile

import pytest

from members import roster
from members.roster import reading
from members.tests.test_roster_import import HEADERS, person, xlsx


def file_error(data, **kwargs):
    with pytest.raises(roster.RosterFileError) as caught:
        roster.read_sheet(data, **kwargs)
    return caught.value.message


def test_an_empty_file():
    assert file_error(b"", name="花名册.xlsx") == "文件是空的。"


def test_a_workbook_with_nothing_in_it():
    assert file_error(xlsx([], headers=[])) == "文件里没有任何内容，连列标题行也没有。"


def test_a_workbook_with_headers_but_nobody():
    assert file_error(xlsx([])) == "文件只有列标题，下面没有人员。"
    assert file_error(roster.template_workbook()) == "文件只有列标题，下面没有人员。"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 a PDF renamed to .xlsx",
        "姓名,身份证号\n张三,110101198005170017\n".encode(),  # a CSV with the wrong extension
        b"\x89PNG\r\n\x1a\n",
    ],
)
def test_a_file_that_is_not_an_excel_workbook(content):
    assert (
        file_error(content, name="花名册.xlsx")
        == "这不是电子表格（.xlsx、.xls 或 .ods）。请下载花名册模板，填写后再导入。"
    )


def test_an_ole2_file_that_is_not_an_xls_workbook():
    # What a Word document, or an .xlsx encrypted with a password, starts like.
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    assert file_error(ole2, name="花名册.xls").startswith("此文件设有密码，或不是 Excel 工作簿。")


def test_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert file_error(buffer.getvalue()).startswith("工作簿已损坏，或不是常规的 Excel 文件。")


def test_a_truncated_workbook():
    data = xlsx([person()])
    assert file_error(data[: len(data) // 2]).startswith("这不是电子表格")


def test_ten_megabytes_of_junk_are_refused_quickly():
    junk = os.urandom(10 * 1024 * 1024)
    started = time.perf_counter()
    assert file_error(junk, name="花名册.xlsx").startswith("这不是电子表格")
    # Junk that starts like a zip archive is looked into, and refused as well.
    assert file_error(b"PK\x03\x04" + junk, name="花名册.xlsx").startswith("这不是电子表格")
    assert time.perf_counter() - started < 5


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    monkeypatch.setattr(reading, "MAX_SHEET_BYTES", 10_000)
    data = xlsx([person() for _ in range(200)])
    assert file_error(data) == "工作簿远大于任何花名册，无法导入。"


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    assert roster.read_sheet(xlsx([person() for _ in range(3)])).rows
    assert file_error(xlsx([person() for _ in range(4)])) == "文件超过 3 行，请拆分成几个较小的文件。"


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_spreadsheet():
    sheet = roster.read_sheet(xlsx([person(姓名="甲"), {}, {}, person(姓名="乙"), {}]))
    assert [(number, values[0]) for number, values in sheet.rows] == [(2, "甲"), (5, "乙")]


def test_real_excel_date_cells_come_back_as_dates():
    sheet = roster.read_sheet(xlsx([person(出生日期=datetime.date(1980, 5, 17))]))
    assert sheet.rows[0][1][HEADERS.index("出生日期")] == datetime.date(1980, 5, 17)


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FIRST_SHEET = '<sheet name="花名册" sheetId="1" r:id="rId1"/>'


def relation(rid, kind, target):
    return f'<Relationship Id="{rid}" Type="{DOC}/{kind}" Target="{target}"/>'


def inline(*texts):
    """Cells holding inline strings, without cell references."""
    return "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in texts)


def workbook(sheets_xml, *, shared=None, styles=None, properties="", sheets=FIRST_SHEET):
    """A minimal workbook as Excel writes one (shared strings, styles by index, one part per
    sheet), which openpyxl cannot produce: it writes every string inline. `sheets_xml` holds
    the <sheetData> of sheet1.xml and, optionally, of sheet2.xml (relation rId9)."""
    buffer = io.BytesIO()
    rels = [
        relation("rId1", "worksheet", "worksheets/sheet1.xml"),
        # An absolute target, as some writers use.
        relation("rId9", "worksheet", "/xl/worksheets/sheet2.xml"),
    ]
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}">{relation("rId1", "officeDocument", "xl/workbook.xml")}</Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}">{properties}<sheets>{sheets}</sheets></workbook>',
        )
        if shared is not None:
            rels.append(relation("rId2", "sharedStrings", "sharedStrings.xml"))
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{shared}</sst>')
        if styles is not None:
            rels.append(relation("rId3", "styles", "styles.xml"))
            archive.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>')
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{RELS}">{"".join(rels)}</Relationships>')
        for number, sheet_data in enumerate(sheets_xml, start=1):
            archive.writestr(
                f"xl/worksheets/sheet{number}.xml",
                f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>',
            )
    return buffer.getvalue()


def test_a_workbook_as_excel_and_wps_save_it():
    shared = (
        "<si><t>姓名</t></si><si><t>身份证号</t></si><si><t>出生日期</t></si><si><t>入党时间</t></si>"
        # Rich text runs, and a phonetic guide that is not part of the text.
        "<si><r><t>欧阳</t></r><r><rPr><b/></rPr><t>修</t></r>"
        '<rPh sb="0" eb="2"><t>ōuyáng</t></rPh></si>'
        "<si><t>110101198005170017</t></si>"
    )
    year_month_day = "yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"
    styles = (
        f'<numFmts count="1"><numFmt numFmtId="176" formatCode="{year_month_day}"/></numFmts>'
        # General; built-in date 14; the custom date above; East Asian built-in date 31.
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/>'
        '<xf numFmtId="31"/></cellXfs>'
    )
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>5</v></c>'
        '<c r="C3" s="1"><v>29358</v></c><c r="D3"><v>13800138000</v></c>'
        '<c r="E3" s="2"><v>36342</v></c><c r="F3" s="3"><v>36342</v></c>'
        '<c r="G3" t="b"><v>1</v></c><c r="H3" t="str"><f>A3</f><v>公式结果</v></c>'
        '<c r="I3" t="e"><v>#N/A</v></c></row>'
    )
    result = roster.read_sheet(workbook([sheet], shared=shared, styles=styles))
    assert result.headers == ["姓名", "身份证号", "出生日期", "", "入党时间"]
    assert result.rows == [
        (
            3,
            [
                # Numbers come as floats; an error cell (#N/A) as empty.
                "欧阳修",
                "110101198005170017",
                datetime.date(1980, 5, 17),
                13800138000.0,
                datetime.date(1999, 7, 1),
                datetime.date(1999, 7, 1),
                True,
                "公式结果",
                "",
            ],
        )
    ]


def test_the_1904_date_system_of_old_mac_workbooks():
    styles = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>'
    sheet = f'<row r="1">{inline("姓名", "出生日期")}</row><row r="2">{inline("张三")}<c s="1"><v>27896</v></c></row>'
    data = workbook([sheet], styles=styles, properties='<workbookPr date1904="1"/>')
    # Cells without an "r" reference count on from the previous one.
    assert roster.read_sheet(data).rows == [(2, ["张三", datetime.date(1980, 5, 17)])]


def test_the_first_visible_sheet_is_read():
    sheets = '<sheet name="说明" sheetId="1" r:id="rId1" state="hidden"/><sheet name="花名册" sheetId="2" r:id="rId9"/>'
    hidden = f'<row r="1">{inline("别的")}</row>'
    visible = f'<row r="1">{inline("姓名", "身份证号")}</row><row r="2">{inline("李四")}</row>'
    # Rows are as wide as the sheet; empty cells are "".
    assert roster.read_sheet(workbook([hidden, visible], sheets=sheets)).rows == [(2, ["李四", ""])]


def test_csv_in_utf8_with_a_byte_order_mark_and_in_gbk():
    text = '姓名,身份证号,备注\r\n张三,110101198005170017,"说明，含逗号"\r\n'
    for data in (("\ufeff" + text).encode("utf-8"), text.encode("gb18030")):
        sheet = roster.read_sheet(data, name="roster.csv")
        assert sheet.headers == ["姓名", "身份证号", "备注"]
        assert sheet.rows == [(2, ["张三", "110101198005170017", "说明，含逗号"])]


def test_tab_separated_text_as_copied_from_a_spreadsheet():
    sheet = roster.read_csv("姓名\t身份证号\n张三\t110101198005170017\n".encode())
    assert sheet.rows == [(2, ["张三", "110101198005170017"])]


def test_csv_that_is_not_text():
    not_text = b"\xff\xfe\x00\x00binary\x80\x81"
    assert file_error(not_text, name="roster.csv") == "CSV 文件不是 UTF-8 或 GBK 编码的文本。"
    assert file_error(b"a,b\n\x00\x01,2\n", name="roster.csv") == "这不是 CSV 文本文件。"


def test_formulas_are_read_by_their_saved_value_and_found_without_one():
    headers = f'<row r="1">{inline("姓名", "身份证号", "备注")}</row>'
    sheet = headers + (
        # A result saved with the formula: the result is the value.
        '<row r="2"><c r="A2" t="str"><f>"张"&amp;"三"</f><v>张三</v></c>'
        '<c r="C2"><f t="shared" ref="C2:C4" si="0">ROW()</f><v>2</v></c></row>'
        # Formulas saved without a result, in the ways writers save them.
        '<row r="3"><c r="A3" t="inlineStr"><is><t>李四</t></is></c>'
        '<c r="C3"><f t="shared" si="0"/></c></row>'
        '<row r="4"><c r="A4" t="inlineStr"><is><t>王五</t></is></c>'
        '<c r="B4"><f>HYPERLINK("http://example.com")</f><v></v></c><c r="C4"><f>1+1</f></c></row>'
        # Text that starts with "=" is text.
        '<row r="5"><c r="A5" t="inlineStr"><is><t>=赵六</t></is></c></row>'
    )
    result = roster.read_sheet(workbook([sheet]))
    assert result.rows[0] == (2, ["张三", "", 2.0])
    assert result.rows[3] == (5, ["=赵六", "", ""])
    assert result.formulas == {3: {2}, 4: {1, 2}}
    # Cells without references are placed by counting, element by element: same answer.
    unplaced = headers + '<row r="2"><c t="inlineStr"><is><t>李四</t></is></c><c/><c><f>1+1</f></c></row>'
    assert roster.read_sheet(workbook([unplaced])).formulas == {2: {2}}

"""Roster files going out: the export of a roster and the blank template to fill in.

Both come back in through the import, so they use its headers and labels (columns.py), and
an exported file re-imports without changes. Text that a spreadsheet would run as a formula
is neutralised on the way out.
"""

import csv
import datetime
import io
from operator import attrgetter

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .columns import (
    BRANCH_COLUMN,
    CATEGORY_LABELS,
    COLUMN_BY_KEY,
    COLUMNS,
    EDUCATION_LABELS,
    FORMULA_TRIGGERS,
    GENDER_LABELS,
    HEALTH_LABELS,
    HOUSEHOLD_LABELS,
    NO,
    YES,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
SHEET_TITLE = "花名册"
# An export says which branch each person belongs to: a township's export spans many.
EXPORT_COLUMNS = (*COLUMNS, BRANCH_COLUMN)
# Rows of the template that get drop-down lists and text formats.
TEMPLATE_ROWS = 2000
_TEXT_COLUMNS = {"id_number", "phone"}
_DATE_COLUMNS = {"birth_date", "joined_party_on"}


def export_rows(queryset, *, scope, keys=None):
    """(headers, rows) for the members of `queryset`, which must come from `scope`.

    ID numbers are in full only for officers of the member's own branch (they keep the
    roster); everyone else, such as township and county overseers, gets them masked and
    the birth date left out.
    `keys` picks and orders columns (default: all of EXPORT_COLUMNS). Rows are generated
    lazily, a chunk of members at a time.
    """
    columns = [COLUMN_BY_KEY[key] for key in keys] if keys else list(EXPORT_COLUMNS)
    getters = _getters(scope)
    chosen = [getters[column.key] for column in columns]
    members = queryset.select_related("branch", "group").iterator(chunk_size=2000)
    return [column.header for column in columns], ([get(m) for get in chosen] for m in members)


def _getters(scope):
    full_id = {}

    def sees_full(member):
        # One decision per branch, not per member: the scope check walks the user's roles.
        if member.branch_id not in full_id:
            full_id[member.branch_id] = scope.sees_full_id(member)
        return full_id[member.branch_id]

    def id_number(member):
        return member.id_number if sees_full(member) else member.masked_id_number

    def birth_date(member):
        # The mask hides exactly the eight birth-date digits: with the date beside it the
        # masked number is the whole number again. Those who see it masked get no date.
        return member.birth_date if sees_full(member) else None

    return {
        "name": attrgetter("name"),
        "gender": lambda m: GENDER_LABELS.get(m.gender, ""),
        "ethnicity": attrgetter("ethnicity"),
        "birth_date": birth_date,
        "education": lambda m: EDUCATION_LABELS.get(m.education, ""),
        "id_number": id_number,
        "phone": attrgetter("phone"),
        "joined_party_on": attrgetter("joined_party_on"),
        "category": lambda m: CATEGORY_LABELS.get(m.category, ""),
        "office": attrgetter("office"),
        "group": lambda m: m.group.name if m.group_id else "",
        "specialities": attrgetter("specialities"),
        "health": lambda m: HEALTH_LABELS.get(m.health, ""),
        "works_away": lambda m: YES if m.works_away else NO,
        "household": lambda m: HOUSEHOLD_LABELS.get(m.household, ""),
        "notes": attrgetter("notes"),
        "branch": lambda m: m.branch.name,
    }


def neutralise(text):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice for
    CSV files); the import takes it off again (columns.cell_text)."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def write_csv(headers, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    # The byte-order mark makes Excel read UTF-8 instead of the system's GBK. ID numbers stay
    # plain text; Excel shows long digit strings from a CSV in E-notation, so xlsx is the
    # format to offer for editing.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return value


def write_xlsx(headers, rows, *, title=SHEET_TITLE):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, header in enumerate(headers, start=1):
        column = _column_for(header)
        sheet.column_dimensions[get_column_letter(index)].width = column.width if column else 14
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_value(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(sheet, value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        # A string-typed cell is never evaluated, and the quote prefix (what Excel sets when
        # one types '=...) keeps it text if someone edits it. openpyxl would otherwise write
        # "=..." as a formula. The text itself is unchanged.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    # Dates become real date cells (openpyxl gives them a yyyy-mm-dd format).
    return value


def _column_for(header):
    return next((c for c in EXPORT_COLUMNS if c.header == header), None)


def template_workbook():
    """The blank roster to fill in: the headers, drop-down lists for the fixed values, text
    format for ID numbers (so Excel does not turn them into 1.1E+17), and a sheet of notes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    header_fill = PatternFill("solid", start_color="FFF2CC")
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        if column.key in _TEXT_COLUMNS:
            dimension.number_format = "@"
        elif column.key in _DATE_COLUMNS:
            dimension.number_format = "yyyy-mm-dd"
        if column.choices:
            # Drop-downs warn rather than refuse: the import also accepts common synonyms.
            validation = DataValidation(
                type="list",
                formula1='"{}"'.format(",".join(column.choices)),
                allow_blank=True,
                errorStyle="warning",
                showErrorMessage=True,
                error="请从下拉列表中选择。",
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "可填写的值", "说明"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        notes.append([column.header, "必填" if column.required else "", "、".join(column.choices), column.help])
    notes.append([])
    notes.append(["第一行是列标题，请勿修改；列的顺序可以调整，多余的列导入时会被忽略。"])
    notes.append(["日期可写成 1980-05-17、1980/5/17、1980.05.17、19800517 或 1980年5月17日。"])
    notes.append(["已在本支部花名册上的人员按身份证号匹配并更新，不会重复登记。"])
    for letter, width in zip("ABCD", (16, 10, 44, 60)):
        notes.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

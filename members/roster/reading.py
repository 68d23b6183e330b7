"""Reading a roster file (xlsx or csv) into a Sheet: the header row and the data rows, each
with the row number the user sees in their spreadsheet.

Why not openpyxl for reading: its read-only mode builds a descriptor-laden object for every
string cell, and on a workbook without a <dimension> element (openpyxl's own output) it
parses the whole sheet twice. A 40,000-row roster took 3.3-4.6 s to read that way, more than
the whole import may take. The first worksheet is a single XML stream, so it is read here
with the standard library's incremental parser (about four times faster) and openpyxl's
public helpers for the fiddly parts (date formats, Excel serial dates). Reading stays
streaming and bounded: sizes are checked before anything is decompressed and rows are
capped, so a zip bomb or a million blank rows costs nothing.
"""

import csv
import gc
import io
import posixpath
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from .columns import cell_text, match_header

# A branch roster has hundreds of rows, a township-wide file tens of thousands.
MAX_ROWS = 100_000
# Columns beyond these are never ours (the format has 17).
MAX_COLUMNS = 64
# Title rows ("东村党支部党员花名册") may sit above the header row.
MAX_TITLE_ROWS = 10
# Uncompressed size limits, checked against the zip directory before reading: a 40,000-row
# sheet is about 35 MB of XML; shared strings and the workbook parts are far smaller.
MAX_SHEET_BYTES = 256 * 1024 * 1024
MAX_PART_BYTES = 64 * 1024 * 1024

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _CELL, _VALUE, _TEXT = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}t"
_INLINE, _RUN, _ITEM = f"{_MAIN}is", f"{_MAIN}r", f"{_MAIN}si"

# Built-in number formats that show dates or times. openpyxl knows 14-22; 27-36 and 50-58
# are the East Asian built-ins (yyyy"年"m"月"d"日" and friends) that Chinese Excel and WPS use
# without writing their definition into the file.
_BUILTIN_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), *range(50, 59)])

_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@contextmanager
def paused_gc():
    """Reading and checking a roster builds hundreds of thousands of small lists and dicts that
    live until the import ends. The cyclic garbage collector re-scans all of them again and
    again as they pile up: a third of the time of a 40,000-row import. They form no cycles
    (reference counting frees them), so cyclic collection waits until the work is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class RosterFileError(Exception):
    """The file cannot be read as a roster at all; the message says why, in the user's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


@dataclass
class Sheet:
    """The cells of a roster file, before any validation."""

    headers: list
    # The spreadsheet row number of the header row (1 unless title rows sit above it).
    header_row: int = 1
    # (spreadsheet row number, [cell values]) for every row with something in it.
    rows: list = field(default_factory=list)

    def __len__(self):
        return len(self.rows)


def read_sheet(source, *, name=""):
    """Read an uploaded or local roster file: bytes or a binary file object. The content
    decides between xlsx and csv; `name` only tells a csv from a file of junk."""
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    head = stream.read(8)
    stream.seek(0)
    if not head:
        raise RosterFileError(_("The file is empty."))
    if head.startswith(b"PK\x03\x04"):
        return read_xlsx(stream)
    if head.startswith(_OLE2_SIGNATURE):
        raise RosterFileError(_("This is an old-style .xls workbook or a password-protected one. "
                                "Open it in Excel or WPS, save it as an .xlsx workbook without a "
                                "password, and import that."))
    if name.lower().endswith((".csv", ".txt")):
        return read_csv(stream.read())
    raise _not_a_workbook()


def _not_a_workbook():
    return RosterFileError(_("This is not an Excel workbook (.xlsx). Download the roster "
                             "template, fill it in, and import that."))


def read_xlsx(stream):
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError):
        raise _not_a_workbook() from None
    try:
        with archive:
            return _collect(_XlsxRows(archive))
    except RosterFileError:
        raise
    except (KeyError, IndexError, ValueError, OverflowError, EOFError, NotImplementedError,
            ElementTree.ParseError, zipfile.BadZipFile, zlib.error):
        # Missing parts, broken XML, bad compressed data or a dangling reference: the file
        # is damaged or was not written by a spreadsheet program.
        raise RosterFileError(_("The workbook is damaged or is not a normal Excel file. Open it in "
                                "Excel or WPS, save it again as .xlsx, and import that.")) from None


def read_csv(data):
    # Excel on Chinese Windows saves "CSV" in GBK (GB18030 is its superset); everyone else in UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterFileError(_("The CSV file is not text in UTF-8 or GBK."))
    if "\x00" in text:
        raise RosterFileError(_("This is not a CSV text file."))
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _collect((number, [value or None for value in record[:MAX_COLUMNS]])
                        for number, record in enumerate(reader, start=1))
    except csv.Error:
        raise RosterFileError(_("The CSV file is malformed (a quote is not closed, or a cell is "
                                "far too long).")) from None


def _is_blank(values):
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _collect(numbered_rows):
    """Find the header row among the first rows, then keep every non-blank row after it."""
    with paused_gc():
        return _collect_rows(numbered_rows)


def _collect_rows(numbered_rows):
    numbered_rows = iter(numbered_rows)
    leading = []
    for number, values in numbered_rows:
        if _is_blank(values):
            continue
        leading.append((number, values))
        known = sum(1 for v in values if v is not None and match_header(cell_text(v)))
        if known >= 2 or len(leading) == MAX_TITLE_ROWS:
            break
    if not leading:
        raise RosterFileError(_("The file has no rows: not even a header row."))
    # The header row is the one naming at least two of our columns; failing that, the first
    # row, so the user is told which headers are missing.
    header_at = len(leading) - 1 if known >= 2 else 0
    header_row, header_values = leading[header_at]
    sheet = Sheet(headers=[cell_text(v) for v in header_values], header_row=header_row,
                  rows=leading[header_at + 1:])
    for number, values in numbered_rows:
        if _is_blank(values):
            continue
        if len(sheet.rows) == MAX_ROWS:
            raise RosterFileError(_("The file has more than %(max)d rows. Split it into smaller "
                                    "files.") % {"max": MAX_ROWS})
        sheet.rows.append((number, values))
    if not sheet.rows:
        raise RosterFileError(_("The file has a header row but no people under it."))
    return sheet


@cache
def _column_index(letters):
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


class _XlsxRows:
    """The rows of the first visible worksheet, as (row number, [values]) pairs."""

    def __init__(self, archive):
        self.archive = archive
        workbook_path = self._office_document()
        workbook = self._xml(workbook_path)
        properties = workbook.find(f"{_MAIN}workbookPr")
        date1904 = properties is not None and properties.get("date1904") in ("1", "true")
        self.epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
        relations = self._relations(workbook_path)
        sheets = workbook.findall(f"{_MAIN}sheets/{_MAIN}sheet")
        visible = [s for s in sheets if s.get("state", "visible") == "visible"] or sheets
        self.sheet_path = relations[visible[0].get(f"{_DOC_RELS}id")][1]
        self.strings = []
        self.date_styles = frozenset()
        for kind, path in relations.values():
            if kind == "sharedStrings":
                self.strings = self._shared_strings(path)
            elif kind == "styles":
                self.date_styles = self._date_styles(path)

    def _check_size(self, path, limit):
        if self.archive.getinfo(path).file_size > limit:
            raise RosterFileError(
                _("The workbook is far larger than any roster; it cannot be imported."))

    def _xml(self, path):
        self._check_size(path, MAX_PART_BYTES)
        return ElementTree.fromstring(self.archive.read(path))

    def _relations(self, part_path):
        """{relation id: (kind, part path)} for one part of the package."""
        folder, name = posixpath.split(part_path)
        rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
        relations = {}
        for rel in self._xml(rels_path).iter(f"{_PKG_RELS}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            relations[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
        return relations

    def _office_document(self):
        for kind, path in self._relations("").values():
            if kind == "officeDocument":
                return path
        raise KeyError("officeDocument")

    def _shared_strings(self, path):
        self._check_size(path, MAX_PART_BYTES)
        strings = []
        with self.archive.open(path) as stream:
            for _event, element in ElementTree.iterparse(stream):
                if element.tag == _ITEM:
                    strings.append(_string_item(element))
                    element.clear()
        return strings

    def _date_styles(self, path):
        styles = self._xml(path)
        custom = {int(f.get("numFmtId")): f.get("formatCode", "")
                  for f in styles.iter(f"{_MAIN}numFmt")}
        date_styles = set()
        cell_formats = styles.find(f"{_MAIN}cellXfs")
        for index, xf in enumerate(cell_formats if cell_formats is not None else ()):
            number_format = int(xf.get("numFmtId", 0))
            if number_format in custom:
                is_date = is_date_format(custom[number_format])
            elif number_format in _BUILTIN_DATE_FORMATS:
                is_date = True
            else:
                is_date = is_date_format(BUILTIN_FORMATS.get(number_format) or "General")
            if is_date:
                date_styles.add(str(index))
        return frozenset(date_styles)

    def __iter__(self):
        self._check_size(self.sheet_path, MAX_SHEET_BYTES)
        strings, date_styles, epoch = self.strings, self.date_styles, self.epoch
        dates = {}
        row_number = 0
        with self.archive.open(self.sheet_path) as stream:
            for _event, element in ElementTree.iterparse(stream):
                if element.tag != _ROW:
                    continue
                row_number = int(element.get("r") or row_number + 1)
                values = []
                column = 0
                for cell in element:
                    if cell.tag != _CELL:
                        continue
                    ref = cell.get("r")
                    column = _column_index(ref.rstrip("0123456789")) if ref else column + 1
                    if column > MAX_COLUMNS:
                        break
                    kind = cell.get("t")
                    if kind == "inlineStr":
                        inline = cell.find(_INLINE)
                        value = _string_item(inline) if inline is not None else None
                    else:
                        raw = cell.findtext(_VALUE)
                        if raw is None:
                            value = None
                        elif kind == "s":
                            value = strings[int(raw)]
                        elif kind is None or kind == "n":
                            if cell.get("s") in date_styles:
                                # Rosters repeat dates a lot (birth dates, joining days).
                                value = dates.get(raw)
                                if value is None:
                                    value = dates[raw] = _date(_number(raw), epoch)
                            else:
                                value = _number(raw)
                        elif kind == "b":
                            value = raw == "1"
                        else:
                            # "str" (a formula's text result), "e" (#N/A and other errors,
                            # which then fail validation visibly), "d" (ISO date text).
                            value = raw
                    if column > len(values) + 1:
                        values.extend([None] * (column - 1 - len(values)))
                    values.append(value)
                element.clear()
                yield row_number, values


def _number(raw):
    try:
        return int(raw)
    except ValueError:
        return float(raw)


def _date(serial, epoch):
    try:
        return from_excel(serial, epoch)
    except (ValueError, OverflowError):
        # A date-formatted cell holding a number no calendar has: validation reports it.
        return serial


def _string_item(element):
    """The plain text of a shared or inline string: either one <t>, or rich-text runs <r><t>.
    Phonetic guides (<rPh>) are not part of the text."""
    text = element.find(_TEXT)
    if text is not None:
        return text.text or ""
    return "".join(run.findtext(_TEXT) or "" for run in element.iterfind(_RUN))

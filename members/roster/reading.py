"""Reading a roster file (xlsx, xls, ods or csv) into a Sheet: the header row and the data
rows, each with the row number the user sees in their spreadsheet.

Workbooks are read with python-calamine (Rust): about 70,000 rows/s, against about 6,000 for
openpyxl's read-only mode, and it reads the .xls that old Excel saves and the .ods of WPS and
LibreOffice as well. Calamine trusts the file, though: it inflates every zip part it needs
whatever its size, and it holds a sheet as a dense grid from the first to the last cell with
a value, so one value at XFD1048576, or one cell repeated a million times in an .ods, asks
for gigabytes. So a zip workbook is looked over first, without building anything
(see _inspect_archive): every part is inflated once in chunks and thrown away, its real size
checked against the limits and against what the zip directory declares, and the sheet
XML scanned with a few regular expressions for the rows (blank ones count), the cells far
outside a roster, and formulas saved without their value. Only a workbook that passes is
handed to calamine. An .xls (not a zip) is bounded by its file size and by the format itself
(65,536 rows, 256 columns).
"""

import csv
import gc
import io
import re
import struct
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

from .columns import cell_text, match_header

# A branch roster has hundreds of rows, a township-wide file tens of thousands.
MAX_ROWS = 100_000
# Columns beyond these are never ours (the format has 17).
MAX_COLUMNS = 64
# Title rows ("东村党支部党员花名册") may sit above the header row.
MAX_TITLE_ROWS = 10
# Real sizes of the parts of a zip workbook. A 40,000-row sheet written by openpyxl (inline
# strings, the most verbose layout) is about 35 MB of XML, the same in .ods about 60 MB;
# shared strings and styles are far smaller.
MAX_SHEET_BYTES = 192 * 1024 * 1024
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_PARTS = 1000
# Spreadsheet XML deflates 5 to 30 times; a bomb's parts, hundreds of times. Small parts
# (styles, a sheet of blank cells) may compress far better, harmlessly.
MAX_RATIO = 150
RATIO_FLOOR = 2 * 1024 * 1024
_CHUNK = 1024 * 1024

_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


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
    # {row number: {0-based column}} of cells holding a formula saved without its value: the
    # value there is unknown, which the import reports for the columns it reads.
    formulas: dict = field(default_factory=dict)

    def __len__(self):
        return len(self.rows)


def max_file_bytes():
    return settings.ROSTER_MAX_UPLOAD_BYTES


def read_sheet(source, *, name=""):
    """Read an uploaded or local roster file: bytes or a binary file object. The content
    decides between the workbook formats and csv; `name` only tells a csv from junk."""
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    head = stream.read(8)
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if not head:
        raise RosterFileError(_("The file is empty."))
    if size > max_file_bytes():
        raise _too_large()
    if head.startswith(b"PK\x03\x04"):
        return read_workbook(stream)
    if head.startswith(_OLE2_SIGNATURE):
        return read_workbook(stream, zipped=False)
    if name.lower().endswith((".csv", ".txt")):
        return read_csv(stream.read())
    raise _not_a_workbook()


def _not_a_workbook():
    return RosterFileError(
        _("This is not a spreadsheet (.xlsx, .xls or .ods). Download the roster template, fill it in, and import that.")
    )


def _damaged():
    return RosterFileError(
        _(
            "The workbook is damaged or is not a normal Excel file. Open it in "
            "Excel or WPS, save it again as .xlsx, and import that."
        )
    )


def _too_large():
    return RosterFileError(_("The workbook is far larger than any roster; it cannot be imported."))


def _too_many_rows():
    # Raised before the rows are read, so blank rows count: they cost as much to read.
    return RosterFileError(
        _(
            "The sheet runs to more than %(max)d rows, counting blank ones. "
            "Delete the empty rows below the roster or split it into smaller "
            "files, save, and import again."
        )
        % {"max": MAX_ROWS}
    )


def _row_limit():
    # Counted from the top of the sheet, blank rows included: title rows, the header row, and
    # at most MAX_ROWS rows under it.
    return MAX_ROWS + MAX_TITLE_ROWS + 1


def read_workbook(stream, *, zipped=True):
    """An xlsx or ods (zip) or xls (OLE2) workbook: its first visible worksheet."""
    if zipped:
        inspection = _inspect_archive(stream)
    else:
        _inspect_xls(stream.read())
        inspection = _Inspection()
    stream.seek(0)
    try:
        return _read_with_calamine(stream, inspection, zipped=zipped)
    except BaseException as error:
        # Calamine (Rust) panics on some malformed files; pyo3 raises that as PanicException,
        # which derives from BaseException so that it is not caught by accident. Caught here
        # on purpose: the file is damaged, and the worker lives on.
        if type(error).__name__ == "PanicException":
            raise _damaged() from None
        raise


def _read_with_calamine(stream, inspection, *, zipped):
    try:
        workbook = CalamineWorkbook.from_filelike(stream)
    except PasswordError:
        raise RosterFileError(
            _(
                "The workbook is protected by a password. Open it in Excel or WPS, "
                "remove the password, save it, and import that."
            )
        ) from None
    except (CalamineError, ValueError, OSError, OverflowError):
        if not zipped:
            # An OLE2 file calamine cannot read: a Word document, or an .xlsx encrypted with a
            # password (Office keeps those in an OLE2 container).
            raise RosterFileError(
                _(
                    "This file is protected by a password or is not an Excel "
                    "workbook. Open it in Excel or WPS, save it as a workbook "
                    "without a password, and import that."
                )
            ) from None
        raise _damaged() from None
    with workbook:
        try:
            sheets = workbook.sheets_metadata
            visible = [i for i, meta in enumerate(sheets) if meta.visible == SheetVisibleEnum.Visible] or range(
                len(sheets)
            )
            if not sheets:
                raise _damaged()
            index = visible[0]
            sheet = workbook.get_sheet_by_index(index)
        except CalamineError:
            raise _damaged() from None
        return _collect(_calamine_rows(sheet), inspection.formulas_of(index, sheet.name))


def _calamine_rows(sheet):
    """(row number, values) of a calamine sheet. Empty cells come as ""."""
    start = sheet.start
    if start is None:
        return
    if start[0] + sheet.height > _row_limit():
        raise _too_many_rows()
    if start[1] >= MAX_COLUMNS:
        return
    # iter_rows starts at row 1 but at the first column with a value: pad back to column A,
    # so column letters in messages are the spreadsheet's.
    pad = [""] * start[1]
    width = MAX_COLUMNS - start[1]
    for number, values in enumerate(sheet.iter_rows(), start=1):
        if len(values) > width:
            values = values[:width]
        yield number, (pad + values if pad else values)


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
        return _collect(
            (number, [value or None for value in record[:MAX_COLUMNS]]) for number, record in enumerate(reader, start=1)
        )
    except csv.Error:
        raise RosterFileError(
            _("The CSV file is malformed (a quote is not closed, or a cell is far too long).")
        ) from None


def _is_blank(values):
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _collect(numbered_rows, formulas=None):
    """Find the header row among the first rows, then keep every non-blank row after it."""
    with paused_gc():
        return _collect_rows(numbered_rows, formulas or {})


def _collect_rows(numbered_rows, formulas):
    numbered_rows = iter(numbered_rows)
    leading = []
    for number, values in numbered_rows:
        if _is_blank(values) and number not in formulas:
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
    headers = [cell_text(v) for v in header_values]
    # Workbook rows are as wide as the sheet: blank cells after the last header are no column.
    while headers and not headers[-1]:
        headers.pop()
    sheet = Sheet(headers=headers, header_row=header_row, rows=leading[header_at + 1 :], formulas=formulas)
    for number, values in numbered_rows:
        if _is_blank(values) and number not in formulas:
            continue
        if len(sheet.rows) == MAX_ROWS:
            raise RosterFileError(
                _("The file has more than %(max)d rows. Split it into smaller files.") % {"max": MAX_ROWS}
            )
        sheet.rows.append((number, values))
    if not sheet.rows:
        raise RosterFileError(_("The file has a header row but no people under it."))
    return sheet


# -- looking a zip workbook over before calamine reads it ---------------------------------------


# Scanning runs over every byte of the sheet, so it uses bytes.count and `in` (C loops over
# literals) and one regular expression with a literal prefix; patterns that start with "<"
# and an alternation were ten times slower.
# References beyond column BL (64), or with a row number as long as the row limit's.
def _far_reference(limit):
    return re.compile(rb' r="((?:[A-Z]{3,}|B[M-Z]|[C-Z][A-Z])[0-9]+|[A-Z]+([0-9]{%d,}))"' % len(str(limit)))


# A cell element without a reference first (placed by counting, or written in an unusual
# attribute order): the literal "<c" is searched fast, the rest checked where it occurs.
_CELL_WITHOUT_REFERENCE = re.compile(rb'<c(?:>|/>| (?!r="))')
# A formula element with no value after it before its cell ends (an empty <v> is no value):
# what openpyxl and scripts save. Each pattern starts with a literal, which re searches fast.
_FORMULAS_WITHOUT_VALUE = tuple(
    re.compile(start + rb"(?:<v\s*/>|<v>\s*</v>)?</c>") for start in (rb"</f>", rb"<f [^>]*/>", rb"<f/>")
)
_CELL_REFERENCE = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')


class _SheetScan:
    """Fed a sheet part's XML in chunks as it is inflated: counts its rows (blank ones too),
    finds formulas saved without a value, and notes what needs a closer look (an element by
    element parse), without building anything."""

    def __init__(self, *, ods=False):
        self.ods = ods
        self.prefixed = None  # SpreadsheetML written with a namespace prefix (<x:row>)
        self.rows = 0
        self.closer_look = False  # prefixed tags, or cells without a reference
        self.limit = _row_limit()
        self.far = _far_reference(self.limit)
        self.formulas = {}  # {row: {0-based column}}
        self.carry = b""

    def feed(self, data):
        # Cut after the last whole row, so no cell is split between two chunks; failing that
        # (a blank-row bomb, a row over a megabyte), after the last ">", so no tag is.
        data = self.carry + data
        cut = data.rfind(b"</row>")
        cut = cut + 6 if cut >= 0 else data.rfind(b">") + 1
        self.carry = data[cut:]
        if len(self.carry) > _CHUNK:
            raise _damaged()  # a megabyte without a ">" is not spreadsheet XML
        self._scan(data[:cut])

    def close(self):
        self._scan(self.carry)

    def _scan(self, text):
        if self.ods:
            # Rows are counted as elements here (a repeated row is one); _look_at_ods counts
            # what they repeat.
            self.rows += text.count(b"<table:table-row")
            if self.rows > self.limit:
                raise _too_many_rows()
            return
        if self.prefixed is None:
            self.prefixed = b"<sheetData" not in text and b":sheetData" in text
            self.closer_look = self.prefixed
        # Opening tags only: <row ...>, <row/>, and <x:row ...> in prefixed files.
        self.rows += text.count(b"<row")
        if self.prefixed:
            self.rows += text.count(b":row ") + text.count(b":row>") + text.count(b":row/>")
        if self.rows > self.limit:
            raise _too_many_rows()
        for match in self.far.finditer(text):
            end = text.find(b">", match.end())
            if end < 0 or text[end - 1 : end] == b"/":
                continue  # an empty cell: calamine skips it
            if match.group(2) is None:
                raise _beyond_columns(match.group(1).decode())
            if int(match.group(2)) > self.limit:
                raise _too_many_rows()
        if self.closer_look:
            return
        # Cells without a reference are placed and checked element by element.
        self.closer_look = _CELL_WITHOUT_REFERENCE.search(text) is not None
        if not self.closer_look and b"<f" in text:
            self._find_formulas_without_value(text)

    def _find_formulas_without_value(self, text):
        for pattern in _FORMULAS_WITHOUT_VALUE:
            for match in pattern.finditer(text):
                start = text.rfind(b"<c ", 0, match.start())
                reference = _CELL_REFERENCE.match(text, start + 2) if start >= 0 else None
                if reference is None or text.find(b"</c>", start, match.start()) >= 0:
                    self.closer_look = True  # not where a cell should be: parse it properly
                    return
                letters, row = reference.groups()
                column = 0
                for letter in letters:
                    column = column * 26 + letter - 64
                self.formulas.setdefault(int(row), set()).add(column - 1)


def _beyond_columns(cell):
    return RosterFileError(
        _(
            "Cell %(cell)s holds something, but a roster has at most %(max)d columns. Delete what is "
            "to the right of the roster's columns, save, and import again."
        )
        % {"cell": cell, "max": MAX_COLUMNS}
    )


@dataclass
class _Inspection:
    """What looking a zip workbook over found: where formulas lack their value."""

    # ods: {table index: {row: {column}}}; xlsx: {sheet name: {row: {column}}}
    formulas: dict = field(default_factory=dict)

    def formulas_of(self, index, name):
        return self.formulas.get(index) or self.formulas.get(name) or {}


def _inspect_archive(stream):
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _not_a_workbook() from None
    try:
        with archive:
            return _inspect(archive)
    except RosterFileError:
        raise
    except (
        KeyError,
        IndexError,
        ValueError,
        OverflowError,
        EOFError,
        OSError,
        struct.error,
        ElementTree.ParseError,
        zipfile.BadZipFile,
        zlib.error,
    ):
        raise _damaged() from None


def _inspect(archive):
    infos = archive.infolist()
    if len(infos) > MAX_PARTS or sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
        raise _too_large()
    names = {info.filename for info in infos}
    if "content.xml" in names:
        sheet_parts = {"content.xml": None}
        ods = True
    elif "xl/workbook.xml" in names:
        sheet_parts = _xlsx_sheet_parts(archive)
        ods = False
    else:
        raise _damaged()
    for info in infos:
        if info.file_size > (MAX_SHEET_BYTES if info.filename in sheet_parts else MAX_PART_BYTES):
            raise _too_large()
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _too_large()
    closer_look = []
    inspection = _Inspection()
    for info in infos:
        scan = _SheetScan(ods=ods) if info.filename in sheet_parts else None
        _inflate(archive, info, scan.feed if scan else None)
        if scan:
            scan.close()
            if scan.closer_look or ods:
                closer_look.append(info.filename)
            elif scan.formulas:
                inspection.formulas[sheet_parts[info.filename]] = scan.formulas
    for part in closer_look:
        with archive.open(part) as stream:
            if ods:
                inspection.formulas.update(_look_at_ods(stream))
            else:
                inspection.formulas[sheet_parts[part]] = _look_at_xlsx_sheet(stream)
    return inspection


def _inflate(archive, info, sink):
    """Inflate one part in chunks, checking its real size and checksum against the zip
    directory (calamine trusts the directory; a forged one could hide a bomb behind a small
    declared size). `sink`, if any, gets the chunks."""
    if info.flag_bits & 0x1:
        raise _damaged()  # an encrypted part
    handle = archive.fp
    handle.seek(info.header_offset)
    local = handle.read(30)
    if len(local) != 30 or local[:4] != b"PK\x03\x04":
        raise _damaged()
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    if info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
    elif info.compress_type == zipfile.ZIP_STORED:
        inflater = None
    else:
        raise _damaged()
    left, produced, crc = info.compress_size, 0, 0
    while left > 0:
        data = handle.read(min(left, _CHUNK))
        if not data:
            raise _damaged()
        left -= len(data)
        while data:
            if inflater is None:
                out, data = data, b""
            else:
                out = inflater.decompress(data, _CHUNK)
                data = inflater.unconsumed_tail
            produced += len(out)
            if produced > info.file_size:
                raise _too_large()
            crc = zlib.crc32(out, crc)
            if sink:
                sink(out)
    if produced != info.file_size or crc != info.CRC or (inflater and not inflater.eof):
        raise _damaged()


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _xlsx_sheet_parts(archive):
    """{part path: sheet name} of the worksheets, from the workbook and its relations (small
    parts, read through zipfile, which stops at their declared size)."""
    for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        if archive.getinfo(name).file_size > MAX_PART_BYTES:
            raise _too_large()
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for relation in relations.iter(f"{_PKG_RELS}Relationship"):
        target = relation.get("Target", "")
        targets[relation.get("Id")] = (
            target.lstrip("/") if target.startswith("/") else "xl/" + target.removeprefix("./")
        )
    return {
        targets[sheet.get(f"{_DOC_RELS}id")]: sheet.get("name")
        for sheet in workbook.iter(f"{_MAIN}sheet")
        if sheet.get(f"{_DOC_RELS}id") in targets
    }


def _column_letters(index):
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _cell_position(ref, row, column):
    """(row, column) from a reference such as "H12", or the next cell along without one."""
    if not ref:
        return row, column + 1
    letters = ref.rstrip("0123456789")
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return int(ref[len(letters) :] or row), index


def _look_at_xlsx_sheet(stream):
    """A sheet with formulas or unplaced cells, element by element: {row: {0-based column}}
    of formulas saved without a value; cells with a value beyond the roster are refused."""
    formulas = {}
    row = column = 0
    limit = _row_limit()
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        name = _local(element.tag)
        if event == "start":
            if name == "row":
                row = int(element.get("r") or row + 1)
                column = 0
            elif name == "c":
                row, column = _cell_position(element.get("r"), row, column)
            continue
        if name == "c":
            value = formula = False
            for child in element:
                kind = _local(child.tag)
                if kind == "f":
                    formula = True
                elif kind in ("v", "is") and (kind == "is" or child.text):
                    value = True
            if value or formula:
                if column > MAX_COLUMNS:
                    raise _beyond_columns(f"{_column_letters(column)}{row}")
                if row > limit:
                    raise _too_many_rows()
            if formula and not value:
                formulas.setdefault(row, set()).add(column - 1)
            element.clear()
        elif name == "row":
            element.clear()
    return formulas


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_PARAGRAPH = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"


def _look_at_ods(stream):
    """OpenDocument repeats rows and cells by count (number-rows-repeated), which calamine
    expands: every table's extent with something in it is checked against the limits, blank
    rows above content included, before calamine builds it. Returns {table index: {row:
    {0-based column}}} of formulas saved without a value."""
    found = {}
    limit = _row_limit()
    table = -1
    row = 0
    elements = 0
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{_TABLE}table":
                table += 1
                row = 0
            elif tag == f"{_TABLE}table-row":
                elements += 1
                if elements > limit:
                    raise _too_many_rows()
                row_repeat = int(element.get(f"{_TABLE}number-rows-repeated") or 1)
                first_row, row = row + 1, row + row_repeat
                column = 0
            continue
        if tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            repeat = int(element.get(f"{_TABLE}number-columns-repeated") or 1)
            first_column, column = column + 1, column + repeat
            # A comment (office:annotation) alone is not a value.
            has_value = element.get(f"{_OFFICE}value-type") is not None or element.find(_ODS_PARAGRAPH) is not None
            formula = element.get(f"{_TABLE}formula") is not None
            if has_value or formula:
                if column > MAX_COLUMNS:
                    raise _beyond_columns(f"{_column_letters(min(column, MAX_COLUMNS + 1))}{first_row}")
                if row > limit:
                    raise _too_many_rows()
            if formula and element.get(f"{_OFFICE}value-type") is None:
                cells = found.setdefault(table, {})
                for number in range(first_row, row + 1):
                    cells.setdefault(number, set()).update(range(first_column - 1, column))
            element.clear()
        elif tag == f"{_TABLE}table-row":
            element.clear()
    return found


# -- looking an .xls over: its cells' places, before calamine builds the grid -------------------

# BIFF cell records that hold a value: FORMULA, LABELSST, NUMBER, LABEL, BOOLERR, RK, RSTRING;
# MULRK holds several cells of one row, its last column in its last two bytes.
_BIFF_CELLS = frozenset([0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6])
_BIFF_MULRK = 0x00BD
_CFB_END = 0xFFFFFFFE


def _inspect_xls(data):
    """An .xls is small, but calamine reads every sheet of it into a grid from A1 to its last
    cell at open: a 6 KB file with one value at IV65536 took a gigabyte and seven seconds.
    The workbook stream is taken out of its Compound File container and its cell records'
    places checked first. A file that is not a readable container is left to calamine, which
    tells a password-protected workbook from junk."""
    try:
        stream = _compound_file_stream(data, ("Workbook", "Book"))
    except (IndexError, ValueError, struct.error, KeyError):
        return
    limit = _row_limit()
    position, end = 0, len(stream)
    while position + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, position)
        body = position + 4
        if kind in _BIFF_CELLS or kind == _BIFF_MULRK:
            if body + 4 > end:
                break
            row, column = struct.unpack_from("<HH", stream, body)
            if kind == _BIFF_MULRK and length >= 6:
                (column,) = struct.unpack_from("<H", stream, body + length - 2)
            if column >= MAX_COLUMNS:
                raise _beyond_columns(f"{_column_letters(column + 1)}{row + 1}")
            if row >= limit:
                raise _too_many_rows()
        position = body + length


def _compound_file_stream(data, names):
    """The bytes of the first stream called one of `names` in a Compound File (MS-CFB)."""
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini_size = 1 << struct.unpack_from("<H", data, 0x20)[0]
    (fat_count, directory_start, _signature, mini_cutoff, mini_fat_start, _mini_fat_count, difat_start, difat_count) = (
        struct.unpack_from("<IIIIIIII", data, 0x2C)
    )
    sectors = len(data) // sector_size

    def sector(number):
        if number >= sectors:
            raise ValueError("sector outside the file")
        offset = (number + 1) * sector_size
        return data[offset : offset + sector_size]

    per_sector = sector_size // 4
    fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
    next_difat = difat_start
    for _step in range(min(difat_count, sectors)):
        if next_difat >= _CFB_END:
            break
        entries = struct.unpack(f"<{per_sector}I", sector(next_difat))
        fat_sectors.extend(entries[:-1])
        next_difat = entries[-1]
    fat = []
    for number in fat_sectors[:fat_count]:
        fat.extend(struct.unpack(f"<{per_sector}I", sector(number)))

    def chain(start, table, limit):
        seen = 0
        while start < _CFB_END:
            yield start
            seen += 1
            if seen > limit:
                raise ValueError("a sector chain that loops")
            start = table[start]

    directory = b"".join(sector(n) for n in chain(directory_start, fat, sectors))
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    root_start = struct.unpack_from("<I", entries[0], 116)[0]
    for entry in entries:
        name_length, kind = struct.unpack_from("<HB", entry, 64)
        name = entry[: max(name_length - 2, 0)].decode("utf-16-le", "replace")
        if kind != 2 or name not in names:
            continue
        start, size = struct.unpack_from("<IQ", entry, 116)
        size &= 0xFFFFFFFF  # version 3 files keep the size in the low half
        if size > len(data):
            raise ValueError("a stream larger than the file")
        if size >= mini_cutoff:
            return b"".join(sector(n) for n in chain(start, fat, sectors))[:size]
        mini_fat = []
        for number in chain(mini_fat_start, fat, sectors):
            mini_fat.extend(struct.unpack(f"<{per_sector}I", sector(number)))
        mini_stream = b"".join(sector(n) for n in chain(root_start, fat, sectors))
        return b"".join(
            mini_stream[n * mini_size : (n + 1) * mini_size]
            for n in chain(start, mini_fat, len(mini_stream) // mini_size)
        )[:size]
    raise KeyError("no workbook stream")

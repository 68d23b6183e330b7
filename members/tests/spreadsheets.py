"""Writing roster files in the three workbook formats the import reads, for tests.

openpyxl writes .xlsx. Nothing installed here writes .xls (xlwt is not a dependency and
LibreOffice is not on the machine) or .ods (odfpy is not a dependency), so this module has
two small writers of its own: an .ods is a zip holding one content.xml, and an .xls is a BIFF8
record stream (BOF, BOUNDSHEET, cells, EOF) in a minimal Compound File container. They write
what a roster needs (text, numbers, booleans, and formulas with or without a saved value),
as WPS, LibreOffice and Excel 97-2003 lay it out; calamine reads them back as it reads
theirs.
"""

import datetime
import io
import math
import struct
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from openpyxl import Workbook


@dataclass(frozen=True)
class Formula:
    """A formula cell: `text` without the "=", and the result saved with it (None: none)."""

    text: str
    value: object = None


def rows_of(rows, headers, title=None):
    """Lists of cells: an optional title row, the header row, then one row per person (a dict
    by header, or a list)."""
    table = [[title]] if title else []
    table.append(list(headers))
    for row in rows:
        table.append([row.get(h) for h in headers] if isinstance(row, dict) else list(row))
    return table


# -- xlsx ---------------------------------------------------------------------------------------


def xlsx_of(table):
    workbook = Workbook()
    sheet = workbook.active
    for values in table:
        # openpyxl saves a formula without its result, as a script or a web export does.
        sheet.append([f"={v.text}" if isinstance(v, Formula) else v for v in values])
        for cell, value in zip(sheet[sheet.max_row], values):
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text that starts with "=", typed as text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- ods ----------------------------------------------------------------------------------------

_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"'
)


def _ods_cell(value):
    if value is None or value == "":
        return "<table:table-cell/>"
    formula = ""
    if isinstance(value, Formula):
        formula = f" table:formula={quoteattr('of:=' + value.text)}"
        value = value.value
        if value is None:
            return f"<table:table-cell{formula}/>"
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
        kind = f'office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
    elif isinstance(value, (int, float)):
        text = str(value)
        kind = f'office:value-type="float" office:value="{value}"'
    elif isinstance(value, datetime.date):
        text = value.isoformat()
        kind = f'office:value-type="date" office:date-value="{value.isoformat()}"'
    else:
        text = str(value)
        kind = 'office:value-type="string"'
    return f"<table:table-cell{formula} {kind}><text:p>{escape(text)}</text:p></table:table-cell>"


def ods_of(table, *, tail=True):
    """`tail`: end the sheet as LibreOffice does, with a million blank rows in one element."""
    body = "".join(f"<table:table-row>{''.join(map(_ods_cell, values))}</table:table-row>" for values in table)
    if tail:
        body += (
            '<table:table-row table:number-rows-repeated="1048000">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
    return ods_content(f'<table:table table:name="花名册">{body}</table:table>')


def ods_content(tables_xml):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # The mimetype comes first and uncompressed, as the format requires.
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "META-INF/manifest.xml",
            (
                '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
            ),
        )
        archive.writestr(
            "content.xml",
            (
                f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NAMESPACES} '
                f'office:version="1.2"><office:body><office:spreadsheet>{tables_xml}'
                "</office:spreadsheet></office:body></office:document-content>"
            ),
        )
    return buffer.getvalue()


# -- xls ----------------------------------------------------------------------------------------


def _record(kind, data=b""):
    return struct.pack("<HH", kind, len(data)) + data


def _bof(substream):
    # BIFF8, build and year of Excel 97, no history flags, lowest version 6.
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, substream, 0x0DBB, 0x07CC, 0, 6))


def _xls_cell(row, column, value):
    place = struct.pack("<HHH", row, column, 0)
    if isinstance(value, Formula):
        # The cached result (a number here) and a parsed expression: ptgInt of it.
        result = float(value.value or 0)
        expression = struct.pack("<BH", 0x1E, int(result) & 0xFFFF)
        return _record(0x0006, place + struct.pack("<dHIH", result, 0, 0, len(expression)) + expression)
    if isinstance(value, bool):
        return _record(0x0205, place + struct.pack("<BB", int(value), 0))
    if isinstance(value, (int, float)) and math.isfinite(value):
        return _record(0x0203, place + struct.pack("<d", value))
    if isinstance(value, datetime.date):
        value = value.isoformat()  # dates go in as text, which the import reads too
    text = str(value)
    return _record(0x0204, place + struct.pack("<HB", len(text), 1) + text.encode("utf-16-le"))


def _workbook_stream(table):
    sheet = [
        _bof(0x0010),
        _record(0x0200, struct.pack("<IIHHH", 0, len(table), 0, max((len(r) for r in table), default=0), 0)),
    ]
    for row, values in enumerate(table):
        for column, value in enumerate(values):
            if value is not None and value != "":
                sheet.append(_xls_cell(row, column, value))
    sheet.append(_record(0x000A))
    name = "花名册"

    def globals_(sheet_offset):
        boundsheet = _record(0x0085, struct.pack("<IBBBB", sheet_offset, 0, 0, len(name), 1) + name.encode("utf-16-le"))
        return b"".join([_bof(0x0005), _record(0x0042, struct.pack("<H", 1200)), boundsheet, _record(0x000A)])

    head = globals_(0)
    return globals_(len(head)) + b"".join(sheet)


_SECTOR = 512
_FREE, _END, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _directory_entry(name, kind, child, start, size):
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _NO_STREAM, _NO_STREAM, child)
        + bytes(16)
        + struct.pack("<I", 0)
        + bytes(16)
        + struct.pack("<IQ", start, size)
    )


def compound_file(stream, name="Workbook", *, mini=None):
    """`stream` as the one stream of a version 3 Compound File (what .xls files are). A stream
    under 4096 bytes lives in the mini stream (64-byte sectors), as in a small real file;
    `mini=False` pads it to ordinary sectors instead."""
    if mini is None:
        mini = len(stream) < 4096
    size = len(stream)
    if mini:
        mini_sectors = -(-size // 64)
        mini_fat = [n + 1 for n in range(mini_sectors - 1)] + [_END]
        mini_fat += [_FREE] * (128 - len(mini_fat))
        # The mini stream is the root entry's stream, in ordinary sectors after the mini FAT.
        payload = struct.pack("<128I", *mini_fat) + stream.ljust(mini_sectors * 64, b"\0")
        mini_fat_sector, payload_start = 2, 3
        root = (payload_start, mini_sectors * 64)
        entry_start = 0
    else:
        stream = stream.ljust(4096, b"\0")
        size = len(stream)  # nothing reads past the workbook's last EOF record
        payload, payload_start, root, entry_start = stream, 2, (_END, 0), 2
    data_sectors = -(-len(payload) // _SECTOR)
    # Sector 0: the FAT; 1: the directory; then the payload (mini FAT and mini stream, or the
    # stream itself), each chain in order.
    fat = [_FAT_SECTOR, _END]
    if mini:
        fat += [_END]  # the mini FAT, one sector
        stream_sectors = data_sectors - 1
    else:
        stream_sectors = data_sectors
    first = payload_start
    fat += [first + n + 1 for n in range(stream_sectors - 1)] + [_END]
    if len(fat) > 128:
        raise ValueError("this writer keeps the FAT to one sector (about 60 KB of stream)")
    fat += [_FREE] * (128 - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, mini_fat_sector if mini else _END, 1 if mini else 0, _END, 0)
        + struct.pack("<109I", 0, *[_FREE] * 108)
    )
    directory = (
        _directory_entry("Root Entry", 5, 1, *root)
        + _directory_entry(name, 2, _NO_STREAM, entry_start, size)
        + _directory_entry("", 0, _NO_STREAM, 0, 0) * 2
    )
    return header + struct.pack("<128I", *fat) + directory + payload.ljust(data_sectors * _SECTOR, b"\0")


def xls_of(table):
    return compound_file(_workbook_stream(table))


WRITERS = {"xlsx": xlsx_of, "xls": xls_of, "ods": ods_of}


def workbook(file_format, rows, headers, *, title=None):
    return WRITERS[file_format](rows_of(rows, headers, title))

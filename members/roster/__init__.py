"""The roster's spreadsheets: the template, the import (admin and `manage.py import_roster`)
and the export.

- columns: the file format (Chinese headers, choice labels, how each cell is read);
- reading: xlsx / xls / ods / csv bytes to a Sheet of numbered rows;
- importing: check every row, then write all of them in one transaction, or none;
- exporting: the roster and the blank template as xlsx / csv.
"""

from .columns import COLUMNS
from .exporting import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    export_rows,
    template_workbook,
    write_csv,
    write_xlsx,
)
from .importing import ImportReport, Problem, import_roster
from .reading import RosterFileError, Sheet, read_csv, read_sheet, read_workbook

__all__ = [
    "COLUMNS",
    "CSV_CONTENT_TYPE",
    "XLSX_CONTENT_TYPE",
    "ImportReport",
    "Problem",
    "RosterFileError",
    "Sheet",
    "export_rows",
    "import_roster",
    "read_csv",
    "read_sheet",
    "read_workbook",
    "template_workbook",
    "write_csv",
    "write_xlsx",
]

"""django-import-export glue for the roster.

The admin's import and export pages (upload, preview, confirm; choose a format, download)
are django-import-export's; the reading, checking, writing and file rendering behind them
are members.roster's, so the admin, `manage.py import_roster` and the benchmark share one
validator and one writer. Hence a Resource whose import_data hands the file to the roster
service, and file formats that read and write through members.roster instead of tablib.
"""

import tablib
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.formats.base_formats import CSV, XLSX, Format
from import_export.results import Result, RowResult

from . import roster
from .roster.exporting import EXPORT_COLUMNS


class RosterXLSX(XLSX):
    """xlsx read and written by members.roster: its fast reader, Chinese messages for files
    it cannot read (an old .xls gets its own), and formula-safe cells on export."""

    def create_dataset(self, in_stream, **kwargs):
        return roster.read_sheet(in_stream)

    def export_data(self, dataset, **kwargs):
        return roster.write_xlsx(dataset.headers, dataset)


class _RosterWorkbookReader(Format):
    """A workbook format import-export has no reader for without extra packages (xlrd,
    odfpy): read by members.roster (calamine). Import only: exports are .xlsx or .csv."""

    EXTENSION = ""
    CONTENT_TYPE = "application/octet-stream"

    def __init__(self, encoding=None):
        # import-export passes the encoding to every format; a workbook has none.
        self.encoding = encoding

    def get_title(self):
        return self.EXTENSION

    def get_extension(self):
        return self.EXTENSION

    def get_content_type(self):
        return self.CONTENT_TYPE

    def can_import(self):
        return True

    def create_dataset(self, in_stream, **kwargs):
        return roster.read_sheet(in_stream)


class RosterXLS(_RosterWorkbookReader):
    """The .xls of Excel 97-2003, which secretaries still save from old Excel and WPS."""

    EXTENSION = "xls"
    CONTENT_TYPE = "application/vnd.ms-excel"


class RosterODS(_RosterWorkbookReader):
    """The OpenDocument spreadsheet of WPS and LibreOffice."""

    EXTENSION = "ods"
    CONTENT_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


class RosterCSV(CSV):
    """csv read and written by members.roster. Handled as bytes: the reader itself tells
    UTF-8 from the GBK that Excel on Chinese Windows writes."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        # The content decides: a workbook uploaded with "csv" chosen is still read as one.
        return roster.read_sheet(in_stream, name="upload.csv")

    def export_data(self, dataset, **kwargs):
        return roster.write_csv(dataset.headers, dataset)


class RosterResult(Result):
    """An import-export Result that carries the roster's own ImportReport for the templates."""

    def __init__(self, report):
        super().__init__()
        self.report = report
        self.total_rows = report.rows
        self.totals[RowResult.IMPORT_TYPE_NEW] = report.created
        self.totals[RowResult.IMPORT_TYPE_UPDATE] = report.updated
        self.totals[RowResult.IMPORT_TYPE_SKIP] = report.unchanged

    def has_errors(self):
        return not self.report.ok

    def has_validation_errors(self):
        # Every problem is reported through has_errors(), with its row and column.
        return False


class RosterResource(resources.Resource):
    """The roster's columns for import-export's pages, and the roster service behind them.

    `branch` is where an import goes (chosen on the import form among the user's writable
    branches); `scope` is the user's members.scope.Scope, which decides who sees full ID
    numbers in an export. Without a scope an export masks every ID number.
    """

    def __init__(self, *, branch=None, scope=None, user=None, **kwargs):
        super().__init__(**kwargs)
        self.branch = branch
        self.scope = scope
        self.user = user
        # The file format's columns, listed on the import and export pages.
        self.fields = {
            column.key: fields.Field(attribute=column.key, column_name=column.header) for column in EXPORT_COLUMNS
        }

    @classmethod
    def get_display_name(cls):
        return _("Roster")

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        if self.branch is None:
            raise ValueError("RosterResource needs the branch to import into.")
        report = roster.import_roster(
            sheet=dataset, branch=self.branch, by=self.user, scope=self.scope, dry_run=dry_run
        )
        return RosterResult(report)

    def export(self, queryset=None, **kwargs):
        headers, rows = roster.export_rows(queryset, scope=self.scope or _NoScope())
        return tablib.Dataset(*rows, headers=headers)


class _NoScope:
    """Stands in for a missing scope: nobody sees a full ID number."""

    def sees_full_id(self, member):
        return False

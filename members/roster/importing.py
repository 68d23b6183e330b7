"""Importing a roster file into one branch.

Every row is checked before anything is written; then everything is written in one
transaction, or nothing is. People are matched by ID number: a person already on this
branch's roster is updated, a new one is added, and a person on another branch's roster is
an error for that row (members move between branches by transfer, never by a spreadsheet).

Speed matters (a township may load 40,000 rows): the checks are plain Python over sets and
dicts loaded with one query each (the ID lookup runs in batches of the database's parameter
limit), and the writes are one executemany each (see _insert_members).
"""

import datetime
import logging
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import get_column_letter

from audit import log as audit_log
from audit import service

from .. import idnumber
from ..models import Member, Organisation
from .columns import (
    CATEGORY_LABELS,
    CHOICE_LABELS,
    COLUMNS,
    GENDER_LABELS,
    NO,
    NOT_GIVEN,
    YES,
    CellError,
    cell_text,
    fold,
    match_header,
)
from .reading import paused_gc

log = logging.getLogger(__name__)

PREVIEW_ROWS = 100
SHOWN_ERRORS = 200

# The group column names a group; what it sets is the member's foreign key.
_FIELD_OF_COLUMN = {"group": "group_id"}
_COLUMN_OF_FIELD = {f: c for c, f in _FIELD_OF_COLUMN.items()}
# Member fields a file can set, in column order.
FILE_FIELDS = tuple(_FIELD_OF_COLUMN.get(c.key, c.key) for c in COLUMNS)
# Always set from the ID number, whether or not the file has the columns.
DERIVED_FIELDS = ("gender", "birth_date")


@dataclass(frozen=True, order=True)
class Problem:
    """An error or warning, located as the user sees it in their spreadsheet."""

    row: int = 0  # 0: the file as a whole
    column: int = 0  # 1-based; 0: the whole row
    header: str = ""
    message: str = ""

    def __str__(self):
        if self.row and self.column:
            return _("Row %(row)d, column %(column)s (%(header)s): %(message)s") % {
                "row": self.row,
                "column": get_column_letter(self.column),
                "header": self.header,
                "message": self.message,
            }
        if self.row:
            return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


@dataclass
class PreviewRow:
    row: int
    status: str  # "new", "update" or "unchanged"
    values: list
    changed: list = field(default_factory=list)  # headers of the columns an update changes


@dataclass
class ImportReport:
    branch: Organisation
    dry_run: bool = False
    rows: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    preview_headers: list = field(default_factory=list)
    preview: list = field(default_factory=list)
    written: bool = False

    @property
    def ok(self):
        return not self.errors

    @property
    def shown_errors(self):
        """The first errors in spreadsheet order: a file with thousands is fixed a screenful
        at a time."""
        return sorted(self.errors)[:SHOWN_ERRORS]

    @property
    def hidden_error_count(self):
        return max(0, len(self.errors) - SHOWN_ERRORS)

    @property
    def sorted_warnings(self):
        return sorted(self.warnings)

    def summary(self):
        numbers = {
            "rows": self.rows,
            "branch": self.branch.name,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "count": len(self.errors),
        }
        if not self.ok:
            return (
                ngettext(
                    "The file has %(count)d error. Nothing was imported.",
                    "The file has %(count)d errors. Nothing was imported.",
                    len(self.errors),
                )
                % numbers
            )
        if self.written:
            return (
                _(
                    "Imported %(rows)d rows into %(branch)s: %(created)d new, %(updated)d "
                    "updated, %(unchanged)d unchanged."
                )
                % numbers
            )
        return (
            _(
                "All %(rows)d rows are valid. Importing them into %(branch)s will add "
                "%(created)d, update %(updated)d and leave %(unchanged)d unchanged. Nothing has "
                "been written yet."
            )
            % numbers
        )


@service
def import_roster(*, sheet, branch, by=None, scope=None, dry_run=False):
    """Check a roster Sheet against `branch` and, unless `dry_run` or any row is wrong, write it.

    `scope` (the importing user's members.scope.Scope) must be able to manage the branch;
    management commands run as the operator and pass none. Returns an ImportReport.
    """
    if branch.level != Organisation.Level.BRANCH:
        raise ValueError("A roster is imported into a branch.")
    if scope is not None and not scope.can("roster.change", branch):
        raise PermissionDenied
    job = _RosterImport(sheet, branch, dry_run=dry_run, by=by)
    with paused_gc():
        report = job.check() if dry_run else _check_and_write(job)
    _audit(job, report)
    # Counts only: ID numbers and names never go to the logs.
    log.info(
        "roster import into branch %s by user %s%s: %d rows, %d new, %d updated, %d unchanged, %d errors",
        branch.pk,
        getattr(by, "pk", None),
        " (dry run)" if dry_run else "",
        report.rows,
        report.created,
        report.updated,
        report.unchanged,
        len(report.errors),
    )
    return report


def _audit(job, report):
    """One entry per import: the counts of a written import, or the rows refused because the
    person is on another branch's roster (an attempt worth knowing about even on a dry run)."""
    if job.refused:
        # Masked ID numbers and row numbers only; the other branch is not named (its officers'
        # business, and outside this branch's scope).
        audit_log(
            "members.roster.refused_other_roster",
            actor=job.by,
            organisation=job.branch,
            obj=job.branch,
            payload={
                "dry_run": job.dry_run,
                "rows": report.rows,
                "refused": [{"row": row, "id_number": idnumber.mask(number)} for row, number in job.refused[:200]],
                "refused_count": len(job.refused),
            },
        )
    elif report.written:
        audit_log(
            "members.roster.imported",
            actor=job.by,
            organisation=job.branch,
            obj=job.branch,
            payload={
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            },
        )


def _check_and_write(job):
    try:
        with transaction.atomic():
            # Two imports into one branch run one after the other, and what is checked is what
            # gets written. (SQLite already serialises writers for the whole database.)
            branch_row = Organisation.objects.select_for_update().filter(pk=job.branch.pk)
            list(branch_row.values_list("pk"))
            report = job.check()
            if report.ok:
                job.write()
    except IntegrityError:
        # Only a race gets here: someone put one of these ID numbers on another roster between
        # the check and the write. The transaction has been rolled back.
        report = job.report
        report.written = False
        report.errors.append(
            Problem(
                message=_(
                    "The roster was changed by someone else while this file was being imported, so "
                    "nothing was written. Import the file again."
                )
            )
        )
    return report


class _RosterImport:
    def __init__(self, sheet, branch, *, dry_run, by=None):
        self.sheet = sheet
        self.branch = branch
        self.by = by
        self.dry_run = dry_run
        self.report = ImportReport(branch=branch, dry_run=dry_run, rows=len(sheet))
        self.columns = []  # (0-based index, Column) of the columns the file has
        self.index = {}  # column key -> 0-based index
        self.seen = {}  # ID number -> the row it first appears on
        self.valid = []  # (row, cleaned values) of rows without errors
        self.creates = []
        self.updates = []
        self.update_fields = []
        self.refused = []  # (row, ID number) of people on another branch's roster

    # -- reporting ---------------------------------------------------------

    def _error(self, row, index, header, message):
        self.report.errors.append(Problem(row, index + 1, header, str(message)))

    def _warn(self, row, index, header, message):
        self.report.warnings.append(Problem(row, index + 1, header, str(message)))

    # -- checking ------------------------------------------------------------

    def check(self):
        self._map_headers()
        if not self.report.ok:
            # Without the right columns, row-by-row messages would only be noise.
            return self.report
        self._load_branch()
        for row, values in self.sheet.rows:
            self._check_row(row, values)
        self._check_other_branches()
        if self.report.ok:
            self._plan()
        return self.report

    def _map_headers(self):
        row = self.sheet.header_row
        self.unheaded = set()  # columns without a header: what is under them is ignored
        for index, text in enumerate(self.sheet.headers):
            if not text:
                self.unheaded.add(index)
                continue
            column = match_header(text)
            if column is None:
                self._warn(row, index, text, _("This column is not part of the roster and has been ignored."))
            elif column.key in self.index:
                self._error(
                    row,
                    index,
                    text,
                    _("This column appears twice (also column %(other)s).")
                    % {"other": get_column_letter(self.index[column.key] + 1)},
                )
            else:
                self.index[column.key] = index
                self.columns.append((index, column))
        for column in COLUMNS:
            if column.required and column.key not in self.index:
                self.report.errors.append(
                    Problem(
                        row,
                        0,
                        "",
                        _(
                            "The required column %(header)s is missing. The header row must use the column "
                            "names of the roster template."
                        )
                        % {"header": column.header},
                    )
                )
        self.header_count = len(self.sheet.headers)
        self.warned_columns = set()
        self.parsers = [(index, column.key, column.parse) for index, column in self.columns]

    def _load_branch(self):
        self.groups = {}
        self.group_names = {}
        groups = Organisation.objects.filter(parent=self.branch, level=Organisation.Level.GROUP)
        for pk, name, code in groups.values_list("pk", "name", "code"):
            self.groups.setdefault(fold(name), pk)
            self.groups.setdefault(fold(code), pk)
            self.group_names[pk] = name
        self.branch_keys = {fold(self.branch.name), fold(self.branch.code)}
        self.existing = {
            values["id_number"]: values
            for values in Member.objects.filter(branch=self.branch).values("pk", *FILE_FIELDS)
        }

    def _check_row(self, row, values):
        cleaned = {}
        width = len(values)
        # Workbook rows are as wide as the sheet, so blank cells past the headers are common.
        if self.unheaded or (width > self.header_count and any(values[self.header_count :])):
            self._check_unheaded(row, values)
        if width < self.header_count:
            values = values + [None] * (self.header_count - width)
        ok = True
        # Cells holding a formula saved without its result: their value is unknown.
        formulas = self.sheet.formulas.get(row)
        # The innermost loop of an import: 16 cells times tens of thousands of rows.
        for index, key, parse in self.parsers:
            if formulas and index in formulas:
                self._error(
                    row,
                    index,
                    self.sheet.headers[index],
                    _(
                        "This cell holds a formula whose result was not saved in the file. Open the "
                        "file in Excel or WPS and save it again, or type the value itself."
                    ),
                )
                ok = False
                continue
            try:
                value = parse(values[index])
            except CellError as error:
                self._error(row, index, self.sheet.headers[index], error.message)
                ok = False
            else:
                if value is not NOT_GIVEN:
                    cleaned[key] = value
        id_number = cleaned.get("id_number")
        if id_number:
            first = self.seen.setdefault(id_number, row)
            if first != row:
                self._error(
                    row,
                    self.index["id_number"],
                    self._header("id_number"),
                    _("The same ID number is already on row %(row)d.") % {"row": first},
                )
                ok = False
            ok = self._check_person(row, cleaned, id_number) and ok
        if "group" in cleaned:
            ok = self._resolve_group(row, values, cleaned) and ok
        if "branch" in cleaned:
            ok = self._check_branch(row, values, cleaned.pop("branch")) and ok
        if ok:
            self.valid.append((row, cleaned))

    def _check_unheaded(self, row, values):
        for index, value in enumerate(values):
            unheaded = index >= self.header_count or index in self.unheaded
            if unheaded and index not in self.warned_columns and cell_text(value):
                self.warned_columns.add(index)
                self._warn(row, index, "", _("This column has no header, so what is in it has been ignored."))

    def _header(self, key):
        return self.sheet.headers[self.index[key]]

    def _check_person(self, row, cleaned, id_number):
        """The ID number says when the person was born and whether a man or a woman; what the
        file says must agree, and the Party dates must fit."""
        ok = True
        born = idnumber.birth_date(id_number)
        gender = idnumber.gender(id_number)
        if cleaned.get("birth_date") and cleaned["birth_date"] != born:
            self._error(
                row,
                self.index["birth_date"],
                self._header("birth_date"),
                _("The birth date does not match the ID number, which says %(date)s.") % {"date": born.isoformat()},
            )
            ok = False
        if cleaned.get("gender") and cleaned["gender"] != gender:
            self._error(
                row,
                self.index["gender"],
                self._header("gender"),
                _("The gender does not match the ID number, which says %(gender)s.")
                % {"gender": GENDER_LABELS[gender]},
            )
            ok = False
        cleaned["birth_date"] = born
        cleaned["gender"] = gender
        joined = cleaned.get("joined_party_on")
        if joined:
            category = cleaned.get("category")
            if category is None:  # not in the file: the roster's, or the default for newcomers
                current = self.existing.get(id_number)
                category = current["category"] if current else Member.Category.FULL
            if category in (Member.Category.ACTIVIST, Member.Category.NON_MEMBER):
                self._error(
                    row,
                    self.index["joined_party_on"],
                    self._header("joined_party_on"),
                    _(
                        "A person in the category %(category)s has not joined the Party: leave the "
                        "date empty or correct the category."
                    )
                    % {"category": CATEGORY_LABELS[category]},
                )
                ok = False
            elif joined < _eighteenth_birthday(born):
                self._error(
                    row,
                    self.index["joined_party_on"],
                    self._header("joined_party_on"),
                    _("This is before the person's 18th birthday; check the date and the ID number."),
                )
                ok = False
        return ok

    def _resolve_group(self, row, values, cleaned):
        key = cleaned.pop("group")
        if key is None:
            cleaned["group_id"] = None
            return True
        pk = self.groups.get(key)
        if pk is not None:
            cleaned["group_id"] = pk
            return True
        index = self.index["group"]
        if self.group_names:
            message = _('%(branch)s has no party group or grid called "%(value)s". Its groups are: %(groups)s.') % {
                "branch": self.branch.name,
                "value": cell_text(values[index]),
                "groups": "、".join(sorted(self.group_names.values())),
            }
        else:
            message = _(
                "%(branch)s has no party groups or grids yet. Leave the cell empty, or add "
                "the group in the back office first."
            ) % {"branch": self.branch.name}
        self._error(row, index, self._header("group"), message)
        return False

    def _check_branch(self, row, values, key):
        if key is None or key in self.branch_keys:
            return True
        index = self.index["branch"]
        self._error(
            row,
            index,
            self._header("branch"),
            _(
                "This row belongs to another branch (%(value)s), not to %(branch)s. Import each "
                "branch's rows into that branch."
            )
            % {"value": cell_text(values[index]), "branch": self.branch.name},
        )
        return False

    def _check_other_branches(self):
        """ID numbers in the file that are not on this branch's roster but are on another's."""
        candidates = [n for n in self.seen if n not in self.existing]
        # SQLite allows 999 parameters per query; PostgreSQL far more.
        step = (connection.features.max_query_params or 10_000) - 1
        index = self.index["id_number"]
        for start in range(0, len(candidates), step):
            elsewhere = Member.objects.filter(id_number__in=candidates[start : start + step])
            for id_number in elsewhere.values_list("id_number", flat=True):
                # Which branch is not said: that would tell this branch's officers where a
                # person outside their scope is registered.
                self._error(
                    self.seen[id_number],
                    index,
                    self._header("id_number"),
                    _(
                        "This person is already on the roster of another branch, so they cannot be "
                        "imported here. A member moves between branches by a transfer of their Party "
                        "relationship, not by import."
                    ),
                )
                self._record_refusal(self.seen[id_number], id_number)

    def _record_refusal(self, row, id_number):
        """Someone tried to put a person registered elsewhere on this roster: the import's
        audit entry records it (masked), see _audit."""
        self.refused.append((row, id_number))

    def _plan(self):
        present = {_FIELD_OF_COLUMN.get(key, key) for key in self.index} | set(DERIVED_FIELDS)
        self.update_fields = [f for f in FILE_FIELDS if f in present and f != "id_number"]
        report = self.report
        report.preview_headers = [column.header for _index, column in self.columns if column.key != "branch"]
        for row, values in self.valid:
            current = self.existing.get(values["id_number"])
            changed = []
            if current is None:
                self.creates.append(values)
                status = "new"
                report.created += 1
            else:
                changed = [k for k, v in values.items() if current[k] != v]
                if changed:
                    self.updates.append((current["pk"], {**current, **values}))
                    status = "update"
                    report.updated += 1
                else:
                    status = "unchanged"
                    report.unchanged += 1
            if len(report.preview) < PREVIEW_ROWS:
                report.preview.append(self._preview_row(row, status, values, changed))

    def _preview_row(self, row, status, values, changed):
        shown = [
            _display(_FIELD_OF_COLUMN.get(c.key, c.key), values, self.group_names)
            for _index, c in self.columns
            if c.key != "branch"
        ]
        # Derived fields may change without a column of their own; they are not listed.
        columns = [_COLUMN_OF_FIELD.get(key, key) for key in changed]
        headers = [self._header(key) for key in columns if key in self.index]
        return PreviewRow(row=row, status=status, values=shown, changed=headers)

    # -- writing -------------------------------------------------------------

    def write(self):
        now = timezone.now()
        _insert_members(self.creates, branch=self.branch, now=now)
        _update_members(self.updates, self.update_fields, now=now)
        self.report.written = True


# bulk_create and bulk_update push each of the 25 values of every row through the SQL
# compiler and the field's conversions: on SQLite that was 3.5-6 s of a 40,000-row import,
# three quarters of it. The checked values already have exactly the Python types the fields
# hold (the parsers made them), so these two write them with executemany in one statement
# each, converting only what the database driver cannot take as it is. Same transaction,
# same constraints: a duplicate ID number still raises IntegrityError.

# Fields whose Python values every backend takes unchanged; any other field's values go
# through its own get_db_prep_save, as the ORM would do.
_PLAIN_FIELDS = (models.CharField, models.TextField, models.BooleanField, models.IntegerField, models.ForeignKey)
_WRITE_BATCH = 5000


def _converters(fields):
    return {
        f.attname: partial(f.get_db_prep_save, connection=connection)
        for f in fields
        if not isinstance(f, _PLAIN_FIELDS)
    }


def _execute_many(sql, rows):
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _WRITE_BATCH):
            cursor.executemany(sql, rows[start : start + _WRITE_BATCH])


def _insert_members(creates, *, branch, now):
    if not creates:
        return
    quote = connection.ops.quote_name
    fields = [f for f in Member._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    converters = _converters(fields)
    # What every new row shares (defaults, branch, timestamps), converted once.
    shared = {f.attname: f.get_default() for f in fields}
    shared.update(branch_id=branch.pk, created_at=now, updated_at=now)
    template = [converters[n](shared[n]) if n in converters else shared[n] for n in names]
    position = {name: index for index, name in enumerate(names)}
    rows = []
    for values in creates:
        row = template.copy()
        for name, value in values.items():
            convert = converters.get(name)
            row[position[name]] = value if convert is None else convert(value)
        rows.append(row)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(Member._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    _execute_many(sql, rows)


def _update_members(updates, field_names, *, now):
    if not updates:
        return
    quote = connection.ops.quote_name
    meta = Member._meta
    fields = [meta.get_field(name) for name in field_names]
    converters = _converters(fields)
    stamp = meta.get_field("updated_at").get_db_prep_save(now, connection)
    rows = [
        [converters[n](values[n]) if n in converters else values[n] for n in field_names] + [stamp, pk]
        for pk, values in updates
    ]
    sql = "UPDATE {} SET {}, {} = %s WHERE {} = %s".format(
        quote(meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(meta.get_field("updated_at").column),
        quote(meta.pk.column),
    )
    _execute_many(sql, rows)


def _eighteenth_birthday(born):
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # born on 29 February
        return datetime.date(born.year + 18, 3, 1)


def _display(key, values, group_names):
    """How a checked value shows in the import preview (ID numbers masked, as on every screen)."""
    value = values.get(key)
    if value is None:
        return ""
    if key == "id_number":
        return idnumber.mask(value)
    if key == "group_id":
        return group_names.get(value, "")
    if key in CHOICE_LABELS:
        return CHOICE_LABELS[key].get(value, "")
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value

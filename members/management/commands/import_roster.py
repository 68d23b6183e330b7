"""manage.py import_roster FILE.xlsx|.xls|.ods|.csv --branch CODE [--dry-run]

The admin's roster import for the command line: same checks, same messages. Any error
in any row means nothing is written and the command exits with status 1.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from members import roster
from members.models import Organisation


class Command(BaseCommand):
    help = (
        "Import a roster spreadsheet (.xlsx, .xls, .ods, or .csv with the same columns) into "
        "one branch. "
        "Every row is checked first; if any row is wrong, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx, .xls, .ods (or .csv) file, with the roster template's headers.")
        parser.add_argument("--branch", required=True, help="Code of the branch to import into.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report what would change, writing nothing."
        )

    def handle(self, *args, file, branch, dry_run, verbosity, **options):
        try:
            target = Organisation.objects.get(code=branch, level=Organisation.Level.BRANCH)
        except Organisation.DoesNotExist:
            raise CommandError(_("There is no branch with the code %(code)s.") % {"code": branch}) from None
        try:
            with open(file, "rb") as stream:
                sheet = roster.read_sheet(stream, name=file)
        except OSError as error:
            raise CommandError(
                _("Cannot open %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        except roster.RosterFileError as error:
            raise CommandError(error.message) from error

        report = roster.import_roster(sheet=sheet, branch=target, dry_run=dry_run)

        for warning in report.sorted_warnings:
            self.stderr.write(self.style.WARNING(str(warning)))
        if not report.ok:
            # Everything at -v 2; otherwise the first screenful, like the admin.
            shown = sorted(report.errors) if verbosity > 1 else report.shown_errors
            for problem in shown:
                self.stderr.write(str(problem))
            hidden = len(report.errors) - len(shown)
            if hidden:
                self.stderr.write(_("… and %(count)d more (use -v 2 to list them all).") % {"count": hidden})
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))

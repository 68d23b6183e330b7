"""Print a branch's papers, or those of every branch under a township or county, as one PDF.

    python manage.py print_documents --org T01 --kind packet --output township.pdf

Each branch's section starts on a new page and carries its own name in the page header.
The command runs with the operator's authority over the whole database, like any other
management command; people print through the web pages, which go through their scope.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from members.models import Organisation
from papers import registry, render
from papers.sections import branches_beneath, sections_for

# Below this many pages a run takes a second or two: no progress lines needed.
QUIET_PAGES = 40


class Command(BaseCommand):
    help = "Print one kind of registered paper (notices, rosters, letters, ledgers, …) as an A4 PDF."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Code of a branch, township or county.")
        parser.add_argument("--kind", required=True, choices=registry.kinds())
        parser.add_argument("--year", type=int, help="Year of the posts (default: the newest year with posts).")
        parser.add_argument("--output", help="PDF file to write (default: <org>-<kind>-<year>.pdf).")
        parser.add_argument(
            "--base-url",
            help="Address the printed short link and QR code start with, "
            "e.g. https://shegang.example.cn (default: PUBLIC_BASE_URL).",
        )

    def handle(self, *args, org, kind, year=None, output=None, base_url=None, **options):
        base_url = base_url or settings.PUBLIC_BASE_URL
        if not base_url and registry.get(kind).linked:
            # A web page knows the address it was opened at; a command does not, and a QR code
            # pointing at a guess would be printed and pinned up before anyone noticed.
            raise CommandError("Notices print a link and QR code: set PUBLIC_BASE_URL or pass --base-url.")
        organisation = Organisation.objects.filter(code=org).first()
        if organisation is None or organisation.level == Organisation.Level.GROUP:
            raise CommandError(f"No branch, township or county has the code {org!r}.")
        branches = branches_beneath(organisation)
        year = year or self._newest_year(branches)
        sections = sections_for(branches, year, [kind], base_url)
        if not sections:
            raise CommandError(f"Nothing to print: {organisation.name} has no {kind} for {year}.")
        output = output or f"{organisation.code}-{kind}-{year}.pdf"
        pages = sum(s.pages for s in sections)
        self.stderr.write(
            f"{organisation.name}: {len(branches)} branch(es), {len(sections)} document(s), about {pages} page(s)"
        )
        loud = pages > QUIET_PAGES
        render.render_pdf(
            sections,
            title=f"{organisation.name} {kind} {year}",
            target=output,
            progress=self._progress() if loud else None,
        )
        if loud:
            self.stderr.write("  100%")
        self.stdout.write(output)

    def _newest_year(self, branches):
        today = timezone.localdate()
        return max((registry.years(b, today)[0] for b in branches), default=today.year)

    def _progress(self):
        shown = [-1]

        def report(fraction):
            tenth = int(fraction * 10)
            if tenth > shown[0]:
                shown[0] = tenth
                self.stderr.write(f"  {tenth * 10}%")

        return report

from django.core.management.base import BaseCommand

from posts.services.notices import close_due_notices


class Command(BaseCommand):
    help = "Close every public notice whose period has ended and has no objection left to handle (run daily from cron)."

    def handle(self, *args, **options):
        closed = close_due_notices()
        for notice in closed:
            self.stdout.write(f"closed notice {notice.pk}")
        self.stdout.write(self.style.SUCCESS(f"{len(closed)} notice(s) closed"))

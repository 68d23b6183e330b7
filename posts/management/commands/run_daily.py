"""The site's daily round, for one cron line (README, Production):

    5 0 * * *  cd /srv/shegang && .venv/bin/python manage.py run_daily

Each step runs here, in this process, in order; a step that fails is reported and the others
still run, and the command then exits non-zero so cron mails the operator. Work that has to
happen on a date (a deadline passing, a reminder) is added to STEPS.
"""

import traceback

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from papers import jobs
from posts.services.notices import close_due_notices

# Finished task records in the queue's table are kept this long (the print jobs that need
# them are gone after jobs.KEEP).
TASK_RECORDS_KEEP_DAYS = 14


def close_notices():
    closed = close_due_notices()
    return f"{len(closed)} notice(s) closed" + "".join(f"\n  closed notice {n.pk}" for n in closed)


def prune_task_records():
    if not isinstance(task_backends["default"], DatabaseBackend):
        return "no task queue in the database"
    call_command("prune_db_task_results", queue_name="*", min_age_days=TASK_RECORDS_KEEP_DAYS, verbosity=0)
    return f"task records finished over {TASK_RECORDS_KEEP_DAYS} days ago pruned"


# (name, function returning what it did in a line); run in this order.
STEPS = [
    ("close_due_notices", close_notices),
    ("print_jobs", jobs.tidy),
    ("task_records", prune_task_records),
]


class Command(BaseCommand):
    help = (
        "The daily round (run once a day from cron): close notices whose period ended, give up "
        "stuck print jobs and remove old ones, prune finished task records."
    )

    def handle(self, *args, **options):
        failed = []
        for name, step in STEPS:
            try:
                done = step()
            except Exception:
                failed.append(name)
                self.stderr.write(f"{name}: FAILED\n{traceback.format_exc()}")
                continue
            self.stdout.write(f"{name}: {done}")
        if failed:
            raise CommandError(f"{len(failed)} step(s) failed: {', '.join(failed)}")

"""Print runs too big to lay out inside a request (a packet of a large branch, hundreds of
letters) become a PrintJob row and a task on the queue (django-tasks, settings.TASKS).

A worker process (`manage.py db_worker`) gathers the papers from the database, makes the PDF,
saves it under MEDIA_ROOT/print_jobs/ and reports its progress on the row, which the status
page polls. So any web process can answer the poll, and a job outlives a restart of the web
server: nothing of it lives in the web process.

A worker that dies mid-job (killed, out of memory, the machine restarted) leaves its job
running with nobody reporting on it. Such a job is given up, not retried: once the worker has
been silent for STALE the job is failed and the starter's page says to try again. Laying out
the same papers again could kill the next worker the same way; pressing the button again
costs one click. The task starts only a job that is still queued, so a task delivered twice,
or picked up after its job was given up, does nothing. A job still queued after
WAIT_FOR_WORKER is given up too: no worker is running, and the page says so.
"""

import logging
import time
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django_tasks import task

from audit import log as audit_log
from audit import service

from . import render
from .models import PrintJob
from .sections import sections_for

logger = logging.getLogger(__name__)

FOLDER = "print_jobs"
# A job, its row and its PDF are kept this long; the daily command removes older ones.
KEEP = timedelta(days=1)
# The worker reports at least this often while it lays pages out; the final write of a run of
# thousands of pages takes well under a minute.
STALE = timedelta(minutes=5)
# A worker picks a job up within seconds; one queued this long has no worker to run it.
WAIT_FOR_WORKER = timedelta(minutes=15)
# Progress is written at most this often (seconds): the page polls once a second.
REPORT_EVERY = 1.0

Status, Failure = PrintJob.Status, PrintJob.Failure


@service
def start(*, user, branch, kind, year, base_url, title):
    """Queue the run of `kind` papers of `branch` for `year` for `user`; returns the job.

    The papers are gathered again by the worker, so the caller has checked that `user` may
    print for `branch`. `base_url` starts the links and QR codes on notices (links.base_url of
    the request): the worker has no request to ask. Runs in one transaction (audit.service):
    the database backend writes the task in it too, so the job, its task and its audit entry
    are saved together or not at all, and no worker sees the task before the job exists."""
    job = PrintJob.objects.create(started_by=user, branch=branch, kind=kind, year=year, base_url=base_url, title=title)
    queued = make_pdf.enqueue(str(job.pk))
    PrintJob.objects.filter(pk=job.pk).update(task_id=str(queued.id))
    # Rosters and letters carry personal data: who printed which papers is worth knowing.
    # The entry names the branch: a job's number is a UUID, which the log's object ids are not.
    audit_log(
        "papers.print_job.started",
        actor=user,
        organisation=branch,
        obj=branch,
        label=title,
        payload={"kind": kind, "year": year, "job": str(job.pk)},
    )
    return job


@task()
def make_pdf(job_id):
    """The queued task: lay the job's papers out and save the PDF. Only a queued job starts."""
    job = _begin(job_id)
    if job is None:
        logger.info("Print job %s is not waiting to run; nothing to do", job_id)
        return
    try:
        sections = sections_for([job.branch], job.year, [job.kind], job.base_url)
        if not sections:
            _fail(job_id, Failure.NOTHING)
            return
        pdf = render.write_pdf(render.plan(sections, title=job.title), progress=_Reporter(job_id))
    except Exception:
        _fail(job_id, Failure.ERROR)
        # The queue records the task as failed, and the worker logs the traceback.
        raise
    _finish(job_id, pdf)


def _begin(job_id):
    now = timezone.now()
    # One UPDATE guarded by the status: of two workers handed the same task, one starts it.
    if not PrintJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now, heartbeat_at=now
    ):
        return None
    return PrintJob.objects.select_related("branch").get(pk=job_id)


class _Reporter:
    """render's progress callback: writes the percentage, and thereby that the worker is alive."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.percent = 0
        self.written_at = time.monotonic()

    def __call__(self, fraction):
        # 100 is written with the PDF: a page at 100% offers the download.
        percent = min(int(fraction * 100), 99)
        now = time.monotonic()
        if percent > self.percent and now - self.written_at >= REPORT_EVERY:
            self.percent, self.written_at = percent, now
            PrintJob.objects.filter(pk=self.job_id, status=Status.RUNNING).update(
                progress=percent, heartbeat_at=timezone.now()
            )


def _finish(job_id, pdf):
    # Saved before the job says done, so a download never finds half a file.
    name = default_storage.save(f"{FOLDER}/{job_id}.pdf", ContentFile(pdf))
    done = PrintJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
        status=Status.DONE, progress=100, pdf=name, finished_at=timezone.now()
    )
    if not done:
        # Given up (or removed) meanwhile: its starter was told it failed.
        default_storage.delete(name)


def _fail(job_id, failure):
    PrintJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
        status=Status.FAILED, failure=failure, finished_at=timezone.now()
    )


def give_up_stuck(jobs):
    """Fail the jobs among `jobs` that no worker will finish: running with a worker silent for
    STALE (it died), or queued for WAIT_FOR_WORKER (none is running). Returns how many."""
    now = timezone.now()
    lost = Q(status=Status.RUNNING, heartbeat_at__lt=now - STALE)
    unstarted = Q(status=Status.QUEUED, created_at__lt=now - WAIT_FOR_WORKER)
    # One guarded UPDATE: a job that reports or starts meanwhile is not touched.
    return jobs.filter(lost | unstarted).update(
        status=Status.FAILED,
        finished_at=now,
        failure=Case(When(status=Status.RUNNING, then=Value(Failure.LOST)), default=Value(Failure.NOT_STARTED)),
    )


def job_or_404(scope, job_id):
    """The job, if the scope's user started it and may still print for its branch; else a 404."""
    jobs = PrintJob.objects.filter(started_by=scope.user, branch__in=scope.branches("print"))
    job = scope.get_or_404(jobs, pk=job_id)
    if job.status in PrintJob.UNFINISHED and give_up_stuck(jobs.filter(pk=job.pk)):
        job.refresh_from_db()
    return job


def remove_old(*, now=None):
    """Remove jobs created more than KEEP ago with their PDFs, and PDFs no job knows (a worker
    stopped between saving one and recording it). Returns (jobs, files) removed."""
    cutoff = (now or timezone.now()) - KEEP
    old = PrintJob.objects.filter(created_at__lt=cutoff)
    files = 0
    for name in old.exclude(pdf="").values_list("pdf", flat=True):
        default_storage.delete(name)
        files += 1
    removed, _by_model = old.delete()
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return removed, files
    known = set(PrintJob.objects.exclude(pdf="").values_list("pdf", flat=True))
    for name in (f"{FOLDER}/{n}" for n in names):
        if name not in known and default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
            files += 1
    return removed, files


def tidy():
    """The daily round (run_daily): give up stuck jobs, remove old ones."""
    given_up = give_up_stuck(PrintJob.objects.all())
    removed, files = remove_old()
    return f"{given_up} stuck print job(s) given up, {removed} old job(s) and {files} PDF file(s) removed"

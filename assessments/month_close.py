"""Closing a month for every branch of a township or county (月登记) in the background.

A township has tens of branches and a county hundreds: each branch is closed by
services.points.close_month (its own transaction and audit entry) in a worker process
(`manage.py db_worker`, django-tasks as in papers/jobs.py), which reports its
progress on the MonthCloseJob row that the starter's page polls. A branch that cannot close
(entries still waiting for verification, say) is listed with the reason and the run goes on;
a branch already closed is counted as such. Only a queued job starts, so a task delivered
twice does nothing the second time. A job no worker has picked up after WAIT_FOR_WORKER,
or whose worker fell silent for STALE, is given up and the page says so.
"""

import logging
import time
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from members.models import Organisation

from .models import ClosedMonth, MonthCloseJob

logger = logging.getLogger(__name__)

Status = MonthCloseJob.Status
STALE = timedelta(minutes=5)
WAIT_FOR_WORKER = timedelta(minutes=15)
# Progress is written at most this often (seconds): the page polls once a second.
REPORT_EVERY = 1.0


def _message(error):
    return "；".join(str(m) for m in error.messages)


@task()
def run(job_id):
    """The queued task: close the job's month for each branch below its organisation."""
    from .services.points import close_month

    now = timezone.now()
    # One UPDATE guarded by the status: of two workers handed the same task, one runs it.
    if not MonthCloseJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now, heartbeat_at=now
    ):
        logger.info("Month close %s is not waiting to run; nothing to do", job_id)
        return
    job = MonthCloseJob.objects.select_related("organisation", "started_by").get(pk=job_id)
    try:
        branches = list(
            Organisation.objects.filter(
                path__startswith=job.organisation.path, level=Organisation.Level.BRANCH
            ).order_by("path")
        )
        done_before = set(
            ClosedMonth.objects.filter(branch__in=branches, month=job.month).values_list("branch_id", flat=True)
        )
        MonthCloseJob.objects.filter(pk=job_id).update(branches=len(branches))
        closed, already, refused = 0, 0, []
        written_at = time.monotonic()
        for position, branch in enumerate(branches, start=1):
            if branch.pk in done_before:
                already += 1
            else:
                try:
                    close_month(branch=branch, month=job.month, by=job.started_by)
                    closed += 1
                except ValidationError as error:
                    refused.append({"code": branch.code, "name": branch.name, "reason": _message(error)})
            if time.monotonic() - written_at >= REPORT_EVERY or position == len(branches):
                written_at = time.monotonic()
                MonthCloseJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
                    progress=min(99, position * 100 // max(len(branches), 1)),
                    closed=closed,
                    already_closed=already,
                    refused=refused,
                    heartbeat_at=timezone.now(),
                )
    except Exception:
        MonthCloseJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
            status=Status.FAILED, finished_at=timezone.now()
        )
        raise
    MonthCloseJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
        status=Status.DONE,
        progress=100,
        closed=closed,
        already_closed=already,
        refused=refused,
        finished_at=timezone.now(),
    )


def give_up_stuck(jobs):
    """Fail the jobs among `jobs` no worker will finish: running with a silent worker, or
    queued too long (no worker runs). Returns how many."""
    now = timezone.now()
    lost = Q(status=Status.RUNNING, heartbeat_at__lt=now - STALE)
    unstarted = Q(status=Status.QUEUED, created_at__lt=now - WAIT_FOR_WORKER)
    return jobs.filter(lost | unstarted).update(status=Status.FAILED, finished_at=now)


def job_or_404(scope, job_id):
    """The job, if the scope's user started it and may still close months there; else a 404."""
    jobs = MonthCloseJob.objects.filter(
        started_by=scope.user, organisation__in=scope.organisations("log.close_month")
    ).select_related("organisation")
    job = scope.get_or_404(jobs, pk=job_id)
    if job.status in MonthCloseJob.UNFINISHED and give_up_stuck(jobs.filter(pk=job.pk)):
        job.refresh_from_db()
    return job

"""Print runs too big to render inside a request (a packet of a large branch, hundreds of
letters): a background thread writes the PDF to MEDIA_ROOT/print_jobs/<uuid>.pdf and keeps
its progress in the cache, where the status page polls it.

No model: a job lives for a few hours and means nothing once downloaded. The thread is
handed a finished render.Plan (HTML and how to put the pages together) and touches no
database row, so it needs no connection of its own and does not wait for any transaction.
With several server processes the cache must be shared (REDIS_URL), or a poll may reach a
process that never heard of the job.
"""

import logging
import os
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import Http404

from . import render

logger = logging.getLogger(__name__)

KEEP_SECONDS = 6 * 3600
# A running job that has not reported for this long died with its process.
STALE_SECONDS = 10 * 60


def _key(job_id):
    return f"print-job:{job_id}"


def folder():
    return Path(settings.MEDIA_ROOT) / "print_jobs"


def pdf_path(job_id):
    return folder() / f"{job_id}.pdf"


def _update(job_id, **changes):
    job = cache.get(_key(job_id)) or {}
    job.update(changes, updated=time.time())
    cache.set(_key(job_id), job, KEEP_SECONDS)
    return job


def start(*, user, plan, filename):
    """Queue a render of `plan` for `user`; returns the job id (an unguessable uuid4)."""
    job_id = str(uuid.uuid4())
    _update(job_id, user_id=user.pk, state="running", progress=0, filename=filename)
    remove_old_files()
    threading.Thread(target=_run, args=(job_id, plan), daemon=True,
                     name=f"print-{job_id[:8]}").start()
    return job_id


def _run(job_id, plan):
    target = pdf_path(job_id)
    partial = target.with_suffix(".part")
    reported = [-1]

    def progress(fraction):
        percent = int(fraction * 100)
        if percent != reported[0]:
            reported[0] = percent
            _update(job_id, progress=percent)

    try:
        folder().mkdir(parents=True, exist_ok=True)
        render.write_pdf(plan, target=partial, progress=progress)
        # Renamed only when complete, so a download never gets half a file.
        os.replace(partial, target)
        _update(job_id, state="done", progress=100)
    except Exception:
        logger.exception("Print job %s failed", job_id)
        partial.unlink(missing_ok=True)
        _update(job_id, state="failed")


def get(job_id, user):
    """The job, if it exists and belongs to `user`; anything else is a 404."""
    job = cache.get(_key(job_id))
    if not job or job.get("user_id") != user.pk:
        raise Http404
    if job["state"] == "running" and time.time() - job["updated"] > STALE_SECONDS:
        job["state"] = "failed"
    return job


def remove_old_files():
    """PDFs of jobs whose status has expired from the cache are of no use to anyone."""
    if not folder().is_dir():
        return
    cutoff = time.time() - KEEP_SECONDS
    for path in folder().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:  # another process cleaned up first
            pass

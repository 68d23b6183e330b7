"""Print jobs: print runs made by a background worker (papers/jobs.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Organisation


class PrintJob(models.Model):
    """A print run too big to lay out inside a request (打印任务). A worker process makes the PDF
    (papers/jobs.py) and reports on this row, which the starter's page polls: any web
    process can answer, and a job outlives a restart of the web server."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the background worker")
        RUNNING = "running", _("being made")
        DONE = "done", _("ready to download")
        FAILED = "failed", _("failed")

    # Why a job failed, in words for the person who started it.
    class Failure(models.TextChoices):
        ERROR = (
            "error",
            _("The PDF could not be made. Please try again; if it fails again, tell the system administrator."),
        )
        LOST = "lost", _("Making the PDF stopped part-way (the background worker stopped). Please try again.")
        NOT_STARTED = (
            "not_started",
            _("The PDF was not started: the background worker is not running. Please tell the system administrator."),
        )
        NOTHING = "nothing", _("Nothing is left to print: the papers changed after the PDF was asked for.")

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    # In the job's URLs: unguessable, and it says nothing about the branch.
    id = models.UUIDField(_("job number"), primary_key=True, default=uuid.uuid4, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.CASCADE, related_name="+"
    )
    branch = models.ForeignKey(Organisation, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("papers"), max_length=16)
    year = models.PositiveSmallIntegerField(_("year"))
    # Short links and QR codes on notices start with it: the address of the request that started
    # the job (posts.links), since the worker has no request to ask.
    base_url = models.CharField(_("address printed links start with"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    failure = models.CharField(_("why it failed"), max_length=16, choices=Failure.choices, blank=True)
    # Under MEDIA_ROOT, which nothing serves: the download view checks who asks.
    pdf = models.FileField(_("PDF"), upload_to="print_jobs/", blank=True)
    # The queue's id of the task (the worker's log lines name it).
    task_id = models.CharField(_("task number"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Moved on whenever the worker reports progress; a running job the worker stopped reporting
    # on is given up (jobs.give_up_stuck).
    heartbeat_at = models.DateTimeField(_("last heard from the worker"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        # The index and constraint names date from when print jobs lived in posts.
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")
        indexes = [
            # The daily clean-up: jobs created before a cutoff (jobs.remove_old).
            models.Index(fields=["created_at"], name="posts_printjob_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="posts_printjob_progress_percent"),
            models.CheckConstraint(condition=~Q(status="done") | ~Q(pdf=""), name="posts_printjob_done_has_pdf"),
            models.CheckConstraint(
                condition=Q(status="failed", failure__gt="") | (Q(failure="") & ~Q(status="failed")),
                name="posts_printjob_failed_says_why",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def state(self):
        """What the status page shows: running (queued or being made), done or failed."""
        return "running" if self.status in self.UNFINISHED else self.status

    @property
    def filename(self):
        return f"{self.title}.pdf"

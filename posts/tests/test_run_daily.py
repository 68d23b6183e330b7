"""`manage.py run_daily`, the one cron line: every daily step runs, in order, and a step that
fails does not stop the others but makes the command fail (cron mails the operator)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from papers.models import PrintJob
from posts.management.commands import run_daily
from posts.models import Notice
from posts.services import notices as service
from posts.tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def daily():
    out, err = io.StringIO(), io.StringIO()
    call_command("run_daily", stdout=out, stderr=err)
    return out.getvalue()


def job(world, **fields):
    return PrintJob.objects.create(
        started_by=world.secretary,
        branch=world.branch,
        kind="packet",
        year=2026,
        base_url="http://127.0.0.1:8000",
        title="公开栏全套材料",
        **fields,
    )


def test_one_command_closes_notices_and_tidies_print_jobs(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    past = today - datetime.timedelta(days=10)
    due = service.publish_notice(
        branch=world.branch,
        assignments=[AssignmentFactory(post__branch=world.branch)],
        starts_on=past,
        ends_on=today - datetime.timedelta(days=1),
        title="东村无职党员设岗定责公示",
        by=world.secretary,
        today=past,
    )
    now = timezone.now()
    lost = job(world, status=PrintJob.Status.RUNNING, started_at=now, heartbeat_at=now - datetime.timedelta(hours=1))
    old = job(world, status=PrintJob.Status.DONE, progress=100, pdf="print_jobs/old.pdf")
    PrintJob.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(days=2))
    (tmp_path / "print_jobs").mkdir()
    (tmp_path / "print_jobs" / "old.pdf").write_bytes(b"%PDF")

    out = daily()

    assert "close_due_notices: 1 notice(s) closed" in out
    assert "print_jobs: 1 stuck print job(s) given up, 1 old job(s) and 1 PDF file(s) removed" in out
    # The suite runs tasks immediately: there is no queue table to prune.
    assert "task_records: no task queue in the database" in out
    due.refresh_from_db()
    assert due.status == Notice.Status.CLOSED
    assert list(PrintJob.objects.values_list("pk", "status", "failure")) == [(lost.pk, "failed", "lost")]
    assert not (tmp_path / "print_jobs" / "old.pdf").exists()


def test_finished_task_records_are_pruned_from_the_database_queue(world, settings):
    from django_tasks_db.models import DBTaskResult

    from papers import jobs

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    done = jobs.make_pdf.enqueue("00000000-0000-0000-0000-000000000000")
    waiting = jobs.make_pdf.enqueue("00000000-0000-0000-0000-000000000001")
    DBTaskResult.objects.filter(pk=done.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - datetime.timedelta(days=15)
    )
    assert "task_records: task records finished over 14 days ago pruned" in daily()
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [waiting.db_result.pk]


def test_a_failing_step_does_not_stop_the_others(world, monkeypatch):
    ran = []

    def broken():
        raise RuntimeError("disk full")

    monkeypatch.setattr(run_daily, "STEPS", [("first", broken), ("second", lambda: ran.append(1) or "fine")])
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 step\\(s\\) failed: first"):
        call_command("run_daily", stdout=out, stderr=err)
    assert ran == [1] and "second: fine" in out.getvalue()
    assert "first: FAILED" in err.getvalue() and "RuntimeError: disk full" in err.getvalue()

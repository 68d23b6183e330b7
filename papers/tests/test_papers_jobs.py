"""Big print runs as background jobs (papers/jobs.py): a PrintJob row and a task on
the queue. Under TESTING the task runs immediately inside the request that starts it; the
tests marked so run it through the database queue and a worker, as production does."""

import datetime
import os

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from members.models import Role
from papers import jobs, render, views
from papers.models import PrintJob
from posts.tests.printing_data import branch_with_papers

pytestmark = pytest.mark.django_db

Status, Failure = PrintJob.Status, PrintJob.Failure
JOB_URLS = ("papers:job", "papers:job_progress", "papers:job_pdf")


@pytest.fixture
def papers(world, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # Every run counts as big here, so these small ones go through a job.
    monkeypatch.setattr(views, "INLINE_PAGES", 0)
    branch_with_papers(world.branch, members=4)
    return world


def start(client, user, kind="letters", **extra):
    client.force_login(user)
    response = client.post(reverse("papers:run_pdf", args=["B1", 2026, kind]), **extra)
    assert response.status_code == 302, response.status_code
    return PrintJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def progress(client, job):
    return client.get(reverse("papers:job_progress", args=[job.pk])).json()


def queued_job(world, **fields):
    """A job as the view leaves it, without running its task."""
    fields = {"kind": "letters", "year": 2026, **fields}
    return PrintJob.objects.create(
        started_by=world.secretary,
        branch=world.branch,
        base_url="http://127.0.0.1:8000",
        title="东村党支部 目标责任状 2026",
        **fields,
    )


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def test_the_suite_runs_tasks_immediately():
    assert isinstance(task_backends["default"], ImmediateBackend)


def test_a_big_run_becomes_a_job_only_its_starter_follows(client, papers, tmp_path):
    job = start(client, papers.secretary, HTTP_HOST="127.0.0.1:8080")
    assert (job.started_by, job.branch, job.kind, job.year) == (papers.secretary, papers.branch, "letters", 2026)
    assert job.base_url == "http://127.0.0.1:8080" and job.task_id
    assert job.status == Status.DONE and job.progress == 100 and not job.failure
    assert job.created_at <= job.started_at <= job.finished_at
    page = client.get(reverse("papers:job", args=[job.pk])).content.decode()
    assert "正在生成 PDF" in page and "progress-bar" in page and "下载 PDF" in page

    assert progress(client, job) == {
        "state": "done",
        "progress": 100,
        "error": None,
        "download": reverse("papers:job_pdf", args=[job.pk]),
    }
    response = client.get(reverse("papers:job_pdf", args=[job.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert job.pdf.name == f"print_jobs/{job.pk}.pdf" and (tmp_path / job.pdf.name).exists()

    # The committee member of the same branch did not ask for it: it does not exist for them.
    client.force_login(papers.committee)
    for name in JOB_URLS:
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_starting_a_job_writes_one_audit_entry_naming_branch_and_papers(client, papers):
    from audit.models import Entry

    job = start(client, papers.secretary)
    entry = Entry.objects.get(action="papers.print_job.started")
    assert (entry.actor, entry.organisation, entry.object_id) == (papers.secretary, papers.branch, papers.branch.pk)
    assert entry.payload == {"kind": "letters", "year": 2026, "job": str(job.pk)}


def test_a_starter_who_left_the_branch_reaches_the_job_no_more(client, papers):
    job = start(client, papers.secretary)
    Role.objects.filter(user=papers.secretary).delete()
    for name in JOB_URLS:
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_overseers_start_jobs_too_and_follow_only_their_own(client, papers):
    job = start(client, papers.township, kind="packet")
    assert progress(client, job)["state"] == "done"
    client.force_login(papers.county_official)
    assert client.get(reverse("papers:job_pdf", args=[job.pk])).status_code == 404


def test_progress_reads_a_constant_number_of_queries(client, papers, django_assert_max_num_queries):
    job = start(client, papers.secretary)
    running = queued_job(papers, status=Status.RUNNING, started_at=ago(seconds=3), heartbeat_at=ago(seconds=1))
    # Session, user, roles, the job (the scope in a subquery); an unfinished job one guarded UPDATE.
    with django_assert_max_num_queries(5):
        progress(client, running)
    with django_assert_max_num_queries(4):
        progress(client, job)


# -- what the worker does ---------------------------------------------------------------------


def test_the_worker_reports_progress_on_the_row(papers, monkeypatch):
    seen = []

    def write_pdf(plan, *, progress):
        for fraction in (0.1, 0.4, 0.8, 1.0):
            progress(fraction)
            seen.append(PrintJob.objects.values_list("status", "progress").get())
        return b"%PDF-1.7 made"

    monkeypatch.setattr(jobs, "REPORT_EVERY", 0)
    monkeypatch.setattr(render, "write_pdf", write_pdf)
    job = jobs.start(
        user=papers.secretary,
        branch=papers.branch,
        kind="letters",
        year=2026,
        base_url="http://127.0.0.1:8000",
        title="责任状",
    )
    # 100% only comes with the PDF: a page at 100% offers the download.
    assert seen == [("running", 10), ("running", 40), ("running", 80), ("running", 99)]
    job.refresh_from_db()
    assert (job.status, job.progress, job.pdf.read()) == (Status.DONE, 100, b"%PDF-1.7 made")


def test_a_task_runs_only_a_queued_job(papers, monkeypatch):
    """Delivered twice, or picked up after its job was given up: the task does nothing."""
    made = []
    monkeypatch.setattr(render, "write_pdf", lambda plan, progress: made.append(plan) or b"%PDF")
    done = queued_job(papers)
    jobs.make_pdf.call(str(done.pk))
    jobs.make_pdf.call(str(done.pk))
    given_up = queued_job(papers, status=Status.FAILED, failure=Failure.NOT_STARTED)
    jobs.make_pdf.call(str(given_up.pk))
    assert len(made) == 1
    given_up.refresh_from_db()
    assert given_up.status == Status.FAILED and not given_up.pdf


def test_a_failing_render_fails_the_job_and_the_task(client, papers, monkeypatch):
    def broken(plan, progress):
        raise RuntimeError("out of paper")

    monkeypatch.setattr(render, "write_pdf", broken)
    job = start(client, papers.secretary)
    assert (job.status, job.failure, job.pdf.name) == (Status.FAILED, Failure.ERROR, "")
    assert progress(client, job) == {
        "state": "failed",
        "progress": 0,
        "download": None,
        "error": "PDF 生成失败。请重试；如果仍然失败，请联系系统管理员。",
    }
    assert client.get(reverse("papers:job_pdf", args=[job.pk])).status_code == 404


def test_papers_gone_before_the_worker_starts(papers):
    job = queued_job(papers, kind="certificates", year=2031)
    jobs.make_pdf.call(str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.failure) == (Status.FAILED, Failure.NOTHING)


# -- a worker that dies, a worker that never comes ---------------------------------------------


def test_a_job_whose_worker_died_shows_failed_not_stuck(client, papers):
    """The worker was killed at 40%: after STALE without a report the job is given up."""
    job = queued_job(papers, status=Status.RUNNING, progress=40, started_at=ago(minutes=7), heartbeat_at=ago(minutes=4))
    client.force_login(papers.secretary)
    assert progress(client, job)["state"] == "running"

    PrintJob.objects.filter(pk=job.pk).update(heartbeat_at=ago(minutes=6))
    assert progress(client, job) == {
        "state": "failed",
        "progress": 40,
        "download": None,
        "error": "PDF 生成到一半中断了（后台处理程序停止了）。请重试。",
    }
    page = client.get(reverse("papers:job", args=[job.pk])).content.decode()
    assert "PDF 生成到一半中断了" in page

    # Had the worker only been slow, its late PDF is thrown away: the starter was told it failed.
    jobs._finish(job.pk, b"%PDF late")
    job.refresh_from_db()
    assert job.status == Status.FAILED and not job.pdf
    assert not default_storage.exists(f"print_jobs/{job.pk}.pdf")


def test_a_job_no_worker_picks_up_says_so(client, papers):
    job = queued_job(papers)
    PrintJob.objects.filter(pk=job.pk).update(created_at=ago(minutes=16))
    client.force_login(papers.secretary)
    assert progress(client, job)["error"] == "PDF 没有开始生成：后台处理程序没有运行。请联系系统管理员。"
    job.refresh_from_db()
    assert (job.status, job.failure) == (Status.FAILED, Failure.NOT_STARTED)


def test_giving_up_leaves_live_and_finished_jobs_alone(papers):
    live = queued_job(papers, status=Status.RUNNING, started_at=ago(hours=1), heartbeat_at=ago(seconds=5))
    waiting = queued_job(papers)
    finished = queued_job(papers, status=Status.FAILED, failure=Failure.ERROR)
    PrintJob.objects.filter(pk=finished.pk).update(created_at=ago(hours=2))
    assert jobs.give_up_stuck(PrintJob.objects.all()) == 0
    assert [
        j.status for j in PrintJob.objects.filter(pk__in=[live.pk, waiting.pk, finished.pk]).order_by("created_at")
    ] == [Status.FAILED, Status.RUNNING, Status.QUEUED]


# -- on the database queue, with a worker -------------------------------------------------------


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    """What `manage.py db_worker --batch` does, in this process: every ready task, then stop.
    Tests that use it commit for real (transaction=True): the worker closes connections that
    are inside a transaction, as the test's own would be."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.mark.django_db(transaction=True)
def test_on_the_database_queue_the_job_waits_for_a_worker(client, papers, database_queue):
    job = start(client, papers.secretary)
    # Saved with its task in one transaction, and nothing is made in the web process.
    assert job.status == Status.QUEUED
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == TaskResultStatus.READY and task.args_kwargs == {"args": [str(job.pk)], "kwargs": {}}
    assert progress(client, job) == {"state": "running", "progress": 0, "download": None, "error": None}

    run_worker()
    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert job.status == Status.DONE
    pdf = client.get(reverse("papers:job_pdf", args=[job.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_dead_worker_is_not_run_again(client, papers, database_queue, monkeypatch):
    """The queue keeps a killed worker's task RUNNING and never hands it out again: the job is
    given up (above), not retried."""
    job = start(client, papers.secretary)
    DBTaskResult.objects.filter(pk=job.task_id).update(status=TaskResultStatus.RUNNING)
    PrintJob.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, started_at=ago(minutes=6), heartbeat_at=ago(minutes=6)
    )
    made = []
    monkeypatch.setattr(render, "write_pdf", lambda plan, progress: made.append(plan) or b"%PDF")
    run_worker()
    assert made == []
    assert progress(client, job)["state"] == "failed"


# -- the daily round ---------------------------------------------------------------------------


def test_old_jobs_and_stray_files_are_removed(papers, tmp_path):
    old = queued_job(papers, status=Status.DONE, progress=100, pdf="print_jobs/old.pdf")
    PrintJob.objects.filter(pk=old.pk).update(created_at=ago(days=1, minutes=1))
    recent = queued_job(papers, status=Status.DONE, progress=100, pdf="print_jobs/recent.pdf")
    folder = tmp_path / "print_jobs"
    folder.mkdir()
    for name in ("old.pdf", "recent.pdf", "stray-old.pdf", "stray-new.pdf"):
        (folder / name).write_bytes(b"%PDF")
    day_old = ago(days=1, minutes=1).timestamp()
    os.utime(folder / "stray-old.pdf", (day_old, day_old))
    assert jobs.remove_old() == (1, 2)
    assert sorted(p.name for p in folder.iterdir()) == ["recent.pdf", "stray-new.pdf"]
    assert list(PrintJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert jobs.remove_old() == (0, 0)


def test_remove_old_without_a_folder_yet(papers):
    assert jobs.remove_old() == (0, 0)

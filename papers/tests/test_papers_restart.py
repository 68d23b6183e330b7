"""A print job started in the browser finishes although the web server is killed and started
again while the job is under way: the job lives in the database and runs in a worker process.

Everything runs as in production, in child processes on a SQLite file: `runserver` (one
process, no reloader, so killing it kills the site), `db_worker` on the database queue, and
Chromium driving the pages. The suite's own tasks run immediately; here they do not.
`make serve` (what `make run` ends with) starts such a worker beside the server.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest

from posts.tests.pdf import flat, text
from tests.plugin import login

ROOT = Path(__file__).resolve().parent.parent.parent

SEED = """
from members.models import Role
from members.tests.factories import BranchFactory, CountyFactory, RoleFactory, TownshipFactory, UserFactory
from posts.tests.printing_data import branch_with_papers

town = TownshipFactory(code="T1", name="东镇", parent=CountyFactory(code="C1", name="示范县"))
branch = BranchFactory(code="B1", name="东村党支部", parent=town)
RoleFactory(user=UserFactory(username="secretary", is_staff=True), organisation=branch,
            kind=Role.Kind.BRANCH_SECRETARY)
# About 70 pages: well above what is printed inside the request.
branch_with_papers(branch, members=30)
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    """The site's processes on one database file; each started process is stopped at the end."""

    def __init__(self, folder):
        self.database = folder / "site.sqlite3"
        self.logs = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        dropped = {
            "TESTING",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "REDIS_URL",
            "DATABASE_URL",
            "MEDIA_ROOT",
            "PUBLIC_BASE_URL",
            "DEBUG",
            "SECRET_KEY",
        }
        self.env = {k: v for k, v in os.environ.items() if k not in dropped}
        self.env.update(DATABASE_URL=f"sqlite:///{self.database}", MEDIA_ROOT=str(folder / "media"))
        self.processes = []

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=180
        )
        assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"

    def spawn(self, name, *args):
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        process.log = log
        self.processes.append(process)
        return process

    def start_web(self):
        web = self.spawn("web", "runserver", f"127.0.0.1:{self.port}", "--noreload")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert web.poll() is None, self.log("web")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return web
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the web server did not start\n" + self.log("web"))

    def job(self):
        """The one print job's status and progress, read from the database file."""
        with sqlite3.connect(self.database, timeout=20) as db:
            return db.execute("SELECT id, status, progress FROM papers_printjob").fetchone()

    def task(self):
        with sqlite3.connect(self.database, timeout=20) as db:
            return db.execute("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult").fetchone()

    def log(self, name):
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)
            process.log.close()


@pytest.fixture
def site(tmp_path):
    site = Site(tmp_path)
    site.manage("migrate", "--no-input", "-v", "0")
    site.manage("shell", "--no-imports", "-c", SEED)
    try:
        yield site
    finally:
        site.stop_all()


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.browser
def test_a_print_job_finishes_across_a_web_server_restart(site, desktop_page, tmp_path):
    page = desktop_page
    web = site.start_web()
    login(page, SimpleNamespace(url=site.url), "secretary")
    page.goto(f"{site.url}/print/branch/B1/")
    page.locator("li", has_text="公开栏全套材料").locator("button:has-text('PDF')").click()
    assert "正在生成 PDF" in page.inner_text("main")
    job_id, status, _progress = site.job()
    # No worker yet: the web process made nothing itself.
    assert status == "queued" and page.inner_text(".progress-bar") == "0%"

    worker = site.spawn(
        "worker", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", "--worker-id", "restart-test"
    )
    wait_until(lambda: site.job()[1] != "queued", 60, "the worker to take the job")
    # The web server dies while the job is under way (SIGKILL: no chance to tidy up).
    web.send_signal(signal.SIGKILL)
    web.wait(timeout=10)
    at_kill = site.job()
    assert at_kill[1] == "running", at_kill

    site.start_web()
    # The open page keeps polling; the new server process answers from the database.
    download = page.locator("#job-download")
    download.wait_for(state="visible", timeout=90000)
    assert page.inner_text(".progress-bar") == "100%"
    assert site.job()[1:] == ("done", 100)
    status, worker_ids = site.task()
    assert status == "SUCCESSFUL" and "restart-test" in worker_ids
    assert worker.poll() is None, site.log("worker")

    with page.expect_download() as downloaded:
        download.click()
    saved = tmp_path / "packet.pdf"
    downloaded.value.save_as(saved)
    printed = flat(text(saved))
    assert saved.read_bytes().startswith(b"%PDF") and "无职党员设岗定责公示" in printed
    # The QR link on the notice has the address the job was started from, kept with the job.
    assert f"127.0.0.1:{site.port}/n/" in printed
    assert (tmp_path / "media" / "print_jobs" / f"{uuid.UUID(job_id)}.pdf").is_file()


def session_processes(leader):
    """{pid: command line} of the processes in the session `leader` started."""
    listed = subprocess.run(["ps", "-o", "pid=,args=", "-s", str(leader)], capture_output=True, text=True).stdout
    return {int(pid): args for pid, args in (line.split(None, 1) for line in listed.splitlines() if line.strip())}


def test_make_serve_runs_a_worker_that_stops_with_the_server(site):
    enqueue = (
        "from django.contrib.auth.models import User; from members.models import Organisation; "
        "from papers import jobs; "
        "jobs.start(user=User.objects.get(username='secretary'), branch=Organisation.objects.get(code='B1'), "
        "kind='roster', year=2026, base_url='http://127.0.0.1:8000', title='roster')"
    )
    site.manage("shell", "--no-imports", "-c", enqueue)
    make = subprocess.Popen(
        ["make", "-s", "serve", f"PORT={site.port}", f"PY={sys.executable}"],
        cwd=ROOT,
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        # The worker beside the server runs the job queued before it started.
        wait_until(lambda: site.job()[1] == "done", 90, "the worker of make serve to run the job")
        servers = [pid for pid, args in session_processes(make.pid).items() if "runserver" in args]
        assert servers and any("db_worker" in args for args in session_processes(make.pid).values())
        for pid in servers:
            os.kill(pid, signal.SIGKILL)
        # The server gone, make's shell stops the worker and make ends.
        make.wait(timeout=30)
        wait_until(lambda: not session_processes(make.pid), 30, "the worker to stop")
    finally:
        if make.poll() is None or session_processes(make.pid):
            os.killpg(make.pid, signal.SIGKILL)
            make.wait(timeout=30)

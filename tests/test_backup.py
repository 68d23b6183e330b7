"""`make backup` then `make restore` into an empty database and an empty media folder gives
back every row and every file, on the database engine the suite runs on (SQLite in one CI
run, PostgreSQL in the other).

The commands run in child processes, as an operator runs them: the backup is of a real
database filled by `load_demo`, not of the test database inside its transaction.
"""

import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def run(args, env, timeout=300):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def manage(*args, env):
    return run([sys.executable, "manage.py", *args], env)


def make(target, env):
    # The targets the README documents, with this interpreter.
    return run(["make", "-s", target, f"PY={sys.executable}"], env)


def base_env(**extra):
    # A deployment has none of the test run's switches, nor a cache shared with it.
    dropped = {"TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "DATABASE_URL", "MEDIA_ROOT", "BACKUP_DIR"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(extra)
    return env


class Postgres:
    """Scratch databases beside the test database, on the same server and account."""

    def __init__(self):
        self.params = connection.settings_dict
        self.created = []

    def _admin(self, sql):
        import psycopg

        with psycopg.connect(
            dbname="postgres",
            user=self.params["USER"],
            host=self.params["HOST"] or None,
            port=self.params["PORT"] or None,
            password=self.params["PASSWORD"] or None,
            autocommit=True,
        ) as admin:
            admin.execute(sql)

    def new(self):
        name = f"{connection.settings_dict['NAME']}_bk_{uuid.uuid4().hex[:8]}"
        self._admin(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        p = self.params
        auth = p["USER"] + (f":{p['PASSWORD']}" if p["PASSWORD"] else "")
        return f"postgres://{auth}@{p['HOST'] or 'localhost'}:{p['PORT'] or 5432}/{name}"

    def drop_all(self):
        for name in self.created:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def databases(tmp_path):
    """Two database URLs of the suite's engine: one to fill, one empty to restore into."""
    if connection.vendor == "sqlite":
        # The empty database is a file that does not exist yet.
        yield f"sqlite:///{tmp_path / 'site.sqlite3'}", f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    assert connection.vendor == "postgresql", connection.vendor
    pg = Postgres()
    try:
        yield pg.new(), pg.new()
    finally:
        pg.drop_all()


def tree(folder):
    """Every file under `folder`: its path and a digest of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_restore_into_an_empty_database_brings_back_every_row_and_file(tmp_path, databases):
    site_db, empty_db = databases
    backups, media, empty_media = tmp_path / "backups", tmp_path / "media", tmp_path / "restored-media"
    site = base_env(DATABASE_URL=site_db, MEDIA_ROOT=str(media), BACKUP_DIR=str(backups))
    manage("migrate", "--no-input", "-v", "0", env=site)
    manage("load_demo", env=site)
    # Media: a finished print job, and a nested file with a Chinese name and binary content.
    (media / "print_jobs").mkdir(parents=True)
    (media / "print_jobs" / f"{uuid.uuid4()}.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(4096))
    (media / "附件" / "东湖村").mkdir(parents=True)
    (media / "附件" / "东湖村" / "花名册.xlsx").write_bytes(bytes(range(256)) * 20)

    make("backup", site)
    made = sorted(p.name for p in backups.iterdir())
    assert len(made) == 3 and made[-1].endswith(".tar"), made  # database, its metadata, media

    restored = base_env(DATABASE_URL=empty_db, MEDIA_ROOT=str(empty_media), BACKUP_DIR=str(backups))
    make("restore", restored)

    # Every row of every model, field by field, in primary-key order.
    dump = ("dumpdata", "--indent", "1")
    original = manage(*dump, env=site)
    assert '"model": "posts.notice"' in original and '"model": "members.member"' in original
    assert manage(*dump, env=restored) == original
    assert tree(empty_media) == tree(media) and len(tree(media)) == 2
    # The restored site is whole: no migration missing, and new rows get fresh keys
    # (PostgreSQL's sequences came back too).
    manage("migrate", "--check", env=restored)
    manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; User.objects.create(username='after-restore')",
        env=restored,
    )

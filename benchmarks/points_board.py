"""How the points pages hold up in a county: the monthly board of a branch and a member's
points card, against a demo-sized branch, and a township closing a month (月登记) as a
background task that reports its progress.

    .venv/bin/python benchmarks/points_board.py                      # a few minutes on 2 cores
    .venv/bin/python benchmarks/points_board.py --members 40000 --entries 500000   # the county

Builds a throwaway SQLite database in a temporary folder (migrated and filled here with
bulk_create): a county of 10 townships and 200 branches with --members members on post and
--entries verified log entries spread over the year up to last month, a few adjustments,
and the months before last closed through the services. A demo-sized branch (30 members,
about 15 entries each) sits in the same database. Then it prints, for both branches, the
queries and time of the board of a closed month, of the open month, and of a member's card,
each as the page a secretary opens (test client, templates included); and the time of one
township closing last month for all its branches as the background task, with the progress
the task reports on its row while the status page would poll it.

The query counts must be the same for the county's branch as for the demo's: the pages read
summaries of closed months and aggregate the open one in the database.

A run at full size (40,000 members, 500,452 entries; SQLite, a 2-core machine shared with
other work, 2026-11-30): build 402 s; 9 months closed for 201 branches through close_month
in 163 s (257,771 monthly rows). Board of a closed month 10 queries / 107 ms (demo branch:
10 / 81 ms); board of the open month 14 / 139 ms (14 / 89 ms); a member's card 7 / 59 ms
(7 / 62 ms). The township's close of last month for 21 branches as the background task:
1.9 s, progress reported at 23, 38, 52, 66, 80 and 100 %, 19 closed and 2 listed as not
closed (an entry waiting for verification each).
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOWNSHIPS = 10
BRANCHES_PER_TOWNSHIP = 20
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
GIVEN = "国建华明秀英丽军文志海平玉兰桂芳永强德伟红霞春梅金林云飞晓燕东宇凤杰涛静敏"
WHAT = ["入户走访困难群众", "参加环境整治", "宣讲惠民政策", "调解邻里纠纷", "夜间治安巡逻", "帮助老人代办事项"]


def setup(folder):
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Production serves hashed files collected beforehand; the pages here only name them.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    call_command("migrate", verbosity=0)


def timed(work):
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def build(members, entries, today, rng):
    """The county, its branches, members on post, the year's entries and some adjustments.
    Returns (a county branch, the demo branch, the secretary user, last month, months closed)."""
    from django.contrib.auth import get_user_model

    from assessments.models import DutyLogEntry, PointsAdjustment
    from assessments.selectors.points import month_start, next_month
    from members import idnumber
    from members.models import Member, Organisation, Role
    from posts.models import Assignment, BranchPost, PostClass, PostType

    Level = Organisation.Level
    county = Organisation.objects.create(code="C", name="示范县", level=Level.COUNTY)
    branches = []
    for t in range(TOWNSHIPS):
        town = Organisation.objects.create(code=f"T{t}", name=f"第{t + 1}镇", level=Level.TOWNSHIP, parent=county)
        for b in range(BRANCHES_PER_TOWNSHIP):
            branches.append(
                Organisation.objects.create(
                    code=f"T{t}B{b}",
                    name=f"第{t + 1}镇{b + 1}村党支部",
                    level=Level.BRANCH,
                    kind="village",
                    parent=town,
                )
            )
    demo = Organisation.objects.create(
        code="DEMO", name="示范村党支部", level=Level.BRANCH, kind="village", parent=branches[0].parent
    )
    post_type = PostType.objects.create(
        post_class=PostClass.objects.create(name="公共事务类", order=1), name="政策宣传岗", duties="宣传政策"
    )
    year = today.year if today.month > 1 else today.year - 1
    posts = {
        b.pk: BranchPost.objects.create(branch=b, post_type=post_type, year=year, headcount=500)
        for b in [*branches, demo]
    }

    def people(count, start, where):
        made = Member.objects.bulk_create(
            Member(
                name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                birth_date=datetime.date(1970, 1, 1),
                id_number=idnumber.make(
                    110000 + (start + n) // 500, datetime.date(1970, 1, 1), ((start + n) % 500) * 2 + 1
                ),
                gender=Member.Gender.MALE,
                branch=where(n),
                category=Member.Category.FULL,
            )
            for n in range(count)
        )
        assignments = Assignment.objects.bulk_create(
            Assignment(post=posts[m.branch_id], member=m, status=Assignment.Status.ON_POST) for m in made
        )
        return made, assignments

    county_members, county_assignments = people(members, 0, lambda n: branches[n % len(branches)])
    demo_members, demo_assignments = people(30, members, lambda n: demo)

    last = month_start(month_start(today) - datetime.timedelta(days=1))
    if last.year != year:
        last = datetime.date(year, 12, 1)
    months = []
    month = datetime.date(year, 1, 1)
    while month <= last:
        months.append(month)
        month = next_month(month)

    def log(assignments, count):
        Kind, Status = DutyLogEntry.Kind, DutyLogEntry.Status
        batch = []
        for _n in range(count):
            a = assignments[rng.randrange(len(assignments))]
            month = months[rng.randrange(len(months))]
            kind = Kind.INDIVIDUAL if rng.random() < 0.6 else Kind.COLLECTIVE
            batch.append(
                DutyLogEntry(
                    assignment=a,
                    member_id=a.member_id,
                    branch_id=a.post.branch_id,
                    done_on=month + datetime.timedelta(days=rng.randrange(28)),
                    kind=kind,
                    what=rng.choice(WHAT),
                    status=Status.VERIFIED,
                    points=3 if kind == Kind.INDIVIDUAL else 2,
                )
            )
            if len(batch) == 20_000:
                DutyLogEntry.objects.bulk_create(batch)
                batch = []
        DutyLogEntry.objects.bulk_create(batch)

    for a in [*county_assignments, *demo_assignments]:
        a.post = posts[a.member.branch_id]
    log(county_assignments, entries)
    log(demo_assignments, 30 * 15)
    # One branch in ten of the first township still has an entry of last month to verify.
    for b in branches[:BRANCHES_PER_TOWNSHIP:10]:
        a = next(x for x in county_assignments if x.member.branch_id == b.pk)
        DutyLogEntry.objects.create(
            assignment=a, member_id=a.member_id, branch=b, done_on=last, what="待核实的记录", points=0
        )
    PointsAdjustment.objects.bulk_create(
        PointsAdjustment(
            member=m,
            branch_id=m.branch_id,
            month=rng.choice(months),
            points=rng.choice([-2, 3, 5]),
            reason="支委会研究",
        )
        for m in rng.sample(county_members, min(len(county_members), 2000)) + demo_members[:3]
    )
    secretary = get_user_model().objects.create_user("secretary", password="x")
    for b in (branches[0], demo):
        Role.objects.create(user=secretary, organisation=b, kind=Role.Kind.BRANCH_SECRETARY)
    official = get_user_model().objects.create_user("township", password="x")
    Role.objects.create(user=official, organisation=branches[0].parent, kind=Role.Kind.TOWNSHIP_OFFICIAL)
    county_official = get_user_model().objects.create_user("county", password="x")
    Role.objects.create(user=county_official, organisation=county, kind=Role.Kind.COUNTY_OFFICIAL)
    return branches[0], demo, secretary, official, county_official, months


def close_months(branches, months, by):
    """Close every month but the last for the given branches, through the service."""
    from assessments.services.points import close_month

    for branch in branches:
        for month in months[:-1]:
            close_month(branch=branch, month=month, by=by)


def measure(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm
    with CaptureQueriesContext(connection) as queries:
        (response, seconds) = timed(lambda: client.get(url))
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=4000)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="points-bench-") as tmp:
        setup(Path(tmp))
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from assessments import month_close
        from assessments.models import DutyLogEntry, MonthCloseJob, MonthlyPoints
        from assessments.services.points import start_month_close
        from members.models import Member, Organisation

        today = timezone.localdate()
        print(f"Building a county: {args.members:,} members, {args.entries:,} verified entries …", flush=True)
        (built, seconds) = timed(lambda: build(args.members, args.entries, today, rng))
        branch, demo, secretary, official, county_official, months = built
        print(f"  built in {seconds:.1f} s ({DutyLogEntry.objects.count():,} entries in the database)")
        everyone = list(Organisation.objects.filter(level=Organisation.Level.BRANCH))
        (_none, seconds) = timed(lambda: close_months(everyone, months, county_official))
        print(
            f"  closed {len(months) - 1} months for {len(everyone)} branches through close_month in {seconds:.1f} s "
            f"({MonthlyPoints.objects.count():,} monthly rows)"
        )

        client = Client(secure=True)
        client.force_login(secretary)
        closed, open_month = months[-2] if len(months) > 1 else months[-1], months[-1]
        print()
        print(f"{'page':<34}{'county branch':>22}{'demo branch':>22}")
        members_of = {b.pk: Member.objects.filter(branch=b).order_by("pk").first() for b in (branch, demo)}
        for label, url_for in (
            (
                f"board, closed month {closed:%Y-%m}",
                lambda b: reverse("assessments:points_board", args=[b.code, f"{closed:%Y-%m}"]),
            ),
            (
                f"board, open month {open_month:%Y-%m}",
                lambda b: reverse("assessments:points_board", args=[b.code, f"{open_month:%Y-%m}"]),
            ),
            (
                "member's points card",
                lambda b: (
                    reverse("assessments:points_member_card", args=[members_of[b.pk].pk]) + f"?year={open_month.year}"
                ),
            ),
        ):
            cells = []
            for b in (branch, demo):
                queries, seconds = measure(client, url_for(b))
                cells.append(f"{queries:>3} queries {seconds * 1000:>7.1f} ms")
            print(f"{label:<34}{cells[0]:>22}{cells[1]:>22}")
        print(
            f"  (members: {Member.objects.filter(branch=branch).count()} in the county branch, "
            f"{Member.objects.filter(branch=demo).count()} in the demo branch)"
        )

        # The township closes last month for its 21 branches, as the worker would run it.
        township = branch.parent
        job = _start(start_month_close, township, open_month, official)
        reports = []
        stop = threading.Event()

        def poll():
            from django.db import connection

            while not stop.is_set():
                row = MonthCloseJob.objects.filter(pk=job.pk).values("status", "progress", "closed", "refused").first()
                if row and (not reports or reports[-1][1:] != (row["status"], row["progress"], row["closed"])):
                    reports.append((time.perf_counter(), row["status"], row["progress"], row["closed"]))
                time.sleep(0.1)
            connection.close()

        watcher = threading.Thread(target=poll)
        month_close.REPORT_EVERY = 0.2
        watcher.start()
        (_none, seconds) = timed(lambda: month_close.run.call(str(job.pk)))
        stop.set()
        watcher.join()
        job.refresh_from_db()
        reports.append((time.perf_counter(), job.status, job.progress, job.closed))
        print()
        print(
            f"Township month close {open_month:%Y-%m} ({job.branches} branches) as the background task: "
            f"{seconds:.2f} s; closed {job.closed}, refused {len(job.refused)}, status {job.status}"
        )
        started = reports[0][0] if reports else 0
        for at, status, progress, done in reports:
            print(f"  +{at - started:5.2f} s  {status:<8} {progress:>3}%  branches closed {done}")
        for refused in job.refused:
            print(f"  not closed: {refused['name']}: {refused['reason']}")


def _start(start_month_close, township, month, official):
    """Queue the run as the page does, without letting the queue run it: the benchmark runs
    the task itself below, to time it and watch its progress."""
    from unittest import mock

    from django.db import transaction

    with mock.patch.object(transaction, "on_commit", lambda f: None):
        return start_month_close(organisation=township, month=month, by=official)


if __name__ == "__main__":
    main()

"""How fast is the roster import, against a plain django-import-export ModelResource?

    .venv/bin/python benchmarks/import_roster.py [--rows 40000] [--plain-rows 2000]

Generates a roster workbook of --rows people (varied, valid, as a branch would fill the
template), then times on a throwaway SQLite database (migrated in a temporary directory):

- our import (members.roster: read, check every row, write in one transaction) of the
  whole file into an empty branch, then the same file again (everyone unchanged);
- a plain ModelResource with default settings, on the first --plain-rows rows of the same
  data (it takes a query or more per row, so the whole file would take minutes), and our
  import of that same slice, for a like-for-like ratio.

Each measurement runs in its own process, so the peak RSS it prints (getrusage) is that
measurement's own. Targets: at least 10,000 rows/s for our import with full validation,
and at least 5 times the plain resource. Last, an upload bomb (a zip of a few hundred KB
holding 250 MB of blank rows) must be refused at once, with memory flat.

The machine may be shared: the CPU seconds (process time) and the rate they give are printed
beside the wall clock, which on a busy machine measures the neighbours too.
"""

import argparse
import datetime
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_ROWS_PER_SECOND = 10_000
TARGET_SPEED_UP = 5
BRANCH_CODE = "BENCH"
GROUPS = [f"第{n}党小组" for n in "一二三四五六七八"]


def setup_django(database):
    """Settings read the environment at import: point them at the throwaway database and run
    as production does (DEBUG off, so no query log grows in memory)."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


# -- the roster file ---------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
GIVEN = "国建华明秀英丽军文志海平玉兰桂芳永强德伟红霞春梅金林云飞晓燕东宇凤杰涛静敏"
SPECIALITIES = ["种植", "养殖", "电工", "驾驶", "农机维修", "调解纠纷", "电商销售", "财务会计", "木工", "厨艺", ""]


def generate_rows(count, seed=2024):
    """Valid, varied rows in template column order, as the template's drop-downs and date
    cells produce them. Every cell the plain resource needs is filled (it cannot derive the
    birth date from the ID number, nor read 1980年5月17日), so both imports read the same file."""
    from members import idnumber

    rng = random.Random(seed)
    today = datetime.date.today()
    for n in range(count):
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(65 * 365))
        # (region, sequence) is unique per row; the sequence's parity gives the gender.
        sequence = n // 500
        category = rng.choices(["正式党员", "预备党员", "入党积极分子", "非党员能人"], [85, 5, 7, 3])[0]
        joined = None
        if category in ("正式党员", "预备党员"):
            earliest = datetime.date(born.year + 19, born.month, min(born.day, 28))
            if earliest < today:
                days = rng.randrange(max(1, (today - earliest).days))
                joined = earliest + datetime.timedelta(days=days)
            else:
                category = "入党积极分子"
        yield [
            rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
            "男" if sequence % 2 else "女",
            rng.choices(["汉族", "回族", "畲族"], [95, 3, 2])[0],
            born,
            rng.choice(["研究生", "大学本科", "大学专科", "中专", "高中", "初中", "小学及以下"]),
            idnumber.make(330100 + n % 500, born, sequence),
            "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9)),
            joined,
            category,
            rng.choices(["", "村委委员", "村民小组长"], [90, 5, 5])[0],
            rng.choice(GROUPS + [""]),
            rng.choice(SPECIALITIES),
            rng.choices(["好", "一般", "较差", "丧失劳动能力"], [80, 12, 6, 2])[0],
            rng.choices(["否", "是"], [75, 25])[0],
            rng.choices(["一般", "富裕", "困难"], [80, 12, 8])[0],
            rng.choice(["", "", "", "流动党员", "返乡创业"]),
        ]


def write_roster(path, rows):
    from members import roster

    headers = [column.header for column in roster.COLUMNS]
    path.write_bytes(roster.write_xlsx(headers, rows))


def prepare_database(database):
    from django.core.management import call_command

    from members.models import Organisation

    call_command("migrate", verbosity=0)
    county = Organisation.objects.create(code="BC", name="基准县", level="county")
    town = Organisation.objects.create(code="BT", name="基准镇", level="township", parent=county)
    branch = Organisation.objects.create(
        code=BRANCH_CODE, name="基准村党支部", level="branch", kind="village", parent=town
    )
    for n, name in enumerate(GROUPS, start=1):
        Organisation.objects.create(code=f"{BRANCH_CODE}G{n}", name=name, level="group", parent=branch)


# -- the measurements (each in its own process) ----------------------------------------------


def measure_ours(path, *, repeat=False):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members import roster
    from members.models import Organisation

    branch = Organisation.objects.get(code=BRANCH_CODE)
    if repeat:
        roster.import_roster(sheet=roster.read_sheet(path.read_bytes()), branch=branch)
    data = path.read_bytes()
    started, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        sheet = roster.read_sheet(data)
        report = roster.import_roster(sheet=sheet, branch=branch)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert report.ok, [str(p) for p in report.shown_errors[:5]]
    return {
        "rows": report.rows,
        "seconds": seconds,
        "cpu": cpu,
        "queries": len(queries),
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }


def plain_resource_class(branch):
    """A ModelResource with default settings: only the column names mapped to the Chinese
    headers, the ID number as the key, and the branch set on new rows. It does not translate
    labels or check anything beyond what the widgets do."""
    from import_export import fields, resources, widgets

    from members.models import Member, Organisation
    from members.roster import COLUMNS

    attributes = {}
    for column in COLUMNS:
        if column.key == "group":
            widget = widgets.ForeignKeyWidget(Organisation, field="name")
        elif column.key in ("birth_date", "joined_party_on"):
            widget = widgets.DateWidget()
        elif column.key == "works_away":
            widget = widgets.BooleanWidget()
        else:
            widget = widgets.CharWidget()
        attributes[column.key] = fields.Field(attribute=column.key, column_name=column.header, widget=widget)

    class Meta:
        model = Member
        import_id_fields = ("id_number",)
        fields = tuple(c.key for c in COLUMNS)

    def init_instance(self, row=None):
        return Member(branch=branch)

    return type(
        "PlainMemberResource", (resources.ModelResource,), {**attributes, "Meta": Meta, "init_instance": init_instance}
    )


def write_bomb(path):
    """The issue's upload bomb: an xlsx whose sheet is 250 MB of blank <row/> elements."""
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    doc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{rels}"><Relationship Id="r1" '
            f'Type="{doc}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{doc}"><sheets>'
            '<sheet name="S" sheetId="1" r:id="r1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{rels}">'
            f'<Relationship Id="r1" Type="{doc}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f'<worksheet xmlns="{main}"><sheetData>'.encode())
            for _chunk in range(250):
                part.write(b"<row/>" * 174_763)  # about 1 MB
            part.write(b"</sheetData></worksheet>")


def measure_bomb(path):
    from members import roster

    data = path.read_bytes()
    started, cpu = time.perf_counter(), time.process_time()
    try:
        roster.read_sheet(data)
        message = "READ (not refused)"
    except roster.RosterFileError as error:
        message = error.message
    return {
        "rows": 0,
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "queries": 0,
        "message": message,
        "bytes": len(data),
    }


def measure_plain(path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from import_export.formats.base_formats import XLSX

    from members.models import Organisation

    branch = Organisation.objects.get(code=BRANCH_CODE)
    resource_instance = plain_resource_class(branch)()
    data = path.read_bytes()
    started, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        dataset = XLSX().create_dataset(data)
        result = resource_instance.import_data(dataset, dry_run=False, raise_errors=True)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert not result.has_errors() and not result.has_validation_errors()
    return {
        "rows": result.total_rows,
        "seconds": seconds,
        "cpu": cpu,
        "queries": len(queries),
        "created": result.totals["new"],
        "updated": result.totals["update"],
        "unchanged": result.totals["skip"],
    }


PHASES = {
    "ours": lambda path: measure_ours(path),
    "ours-again": lambda path: measure_ours(path, repeat=True),
    "plain": measure_plain,
    "bomb": measure_bomb,
}


def run_phase(phase, database, path):
    """Run one measurement in a fresh process on its own copy of the prepared database."""
    command = [sys.executable, __file__, "--phase", phase, "--database", str(database), "--file", str(path)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode:
        sys.exit(f"The {phase} measurement failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def child(args):
    setup_django(args.database)
    baseline = peak_rss_mb()
    result = PHASES[args.phase](Path(args.file))
    result.update(baseline_rss=baseline, peak_rss=peak_rss_mb())
    print(json.dumps(result))


# -- the report --------------------------------------------------------------------------------


def line(label, r):
    rate = r["rows"] / r["seconds"]
    cpu_rate = r["rows"] / r["cpu"]
    return (
        f"{label:<44} {r['rows']:>7,} rows in {r['seconds']:6.2f} s = {rate:>8,.0f} rows/s "
        f"(CPU {r['cpu']:.2f} s = {cpu_rate:,.0f} rows/s) | {r['queries']:>6,} queries | "
        f"peak RSS {r['peak_rss']:.0f} MB (Django alone {r['baseline_rss']:.0f} MB)"
    ), rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=40_000)
    parser.add_argument(
        "--plain-rows",
        type=int,
        default=2_000,
        help="rows of the same data for the plain ModelResource (default 2,000)",
    )
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        return child(args)

    workdir = Path(tempfile.mkdtemp(prefix="roster-bench-"))
    try:
        template_db = workdir / "prepared.sqlite3"
        setup_django(template_db)
        prepare_database(template_db)
        from django.db import connections

        connections.close_all()
        full, slice_ = workdir / "roster.xlsx", workdir / "roster-slice.xlsx"
        rows = list(generate_rows(args.rows))
        write_roster(full, rows)
        plain_rows = min(args.plain_rows, args.rows)
        write_roster(slice_, rows[:plain_rows])
        del rows

        def fresh_db(name):
            path = workdir / f"{name}.sqlite3"
            shutil.copyfile(template_db, path)
            return path

        print(
            f"Roster import benchmark: SQLite {sqlite3.sqlite_version}, Python "
            f"{sys.version.split()[0]}, "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        size = full.stat().st_size / 1e6
        print(
            f"File: {args.rows:,} generated rows, {size:.1f} MB xlsx written by openpyxl "
            f"(inline strings: the slowest layout to read; Excel and WPS write shared strings)"
        )
        print(f"Databases: throwaway copies of a migrated SQLite file in {workdir}")
        print()
        text, ours_rate = line("our import, new people", run_phase("ours", fresh_db("ours"), full))
        print(text)
        text, _rate = line(
            "our import, same file again (all unchanged)", run_phase("ours-again", fresh_db("again"), full)
        )
        print(text + "  [RSS covers both runs]")
        text, plain_rate = line(
            f"plain ModelResource, first {plain_rows:,} rows", run_phase("plain", fresh_db("plain"), slice_)
        )
        print(text)
        text, slice_rate = line(
            f"our import, the same {plain_rows:,} rows", run_phase("ours", fresh_db("slice"), slice_)
        )
        print(text)
        print()
        if plain_rows < args.rows:
            print(
                f"The plain resource was timed on the first {plain_rows:,} rows only (a query or "
                f"more per row); its rate does not improve on more rows."
            )
        print(
            f"Speed-up over the plain resource: {ours_rate / plain_rate:.0f}x (our "
            f"{args.rows:,}-row run), {slice_rate / plain_rate:.0f}x (same {plain_rows:,} rows)"
        )
        bomb = workdir / "bomb.xlsx"
        write_bomb(bomb)
        r = run_phase("bomb", fresh_db("bomb"), bomb)
        print(
            f"Upload bomb ({r['bytes'] / 1e3:,.0f} KB xlsx, 250 MB of blank rows): "
            f"{r['seconds']:.2f} s (CPU {r['cpu']:.2f} s), peak RSS {r['peak_rss']:.0f} MB "
            f"(Django alone {r['baseline_rss']:.0f} MB): {r['message']}"
        )
        verdict = {True: "met", False: "NOT met"}
        rate_ok = ours_rate >= TARGET_ROWS_PER_SECOND
        ratio_ok = ours_rate / plain_rate >= TARGET_SPEED_UP
        print(
            f"Target {TARGET_ROWS_PER_SECOND:,} rows/s with full validation: {verdict[rate_ok]}; "
            f"target {TARGET_SPEED_UP}x the plain resource: {verdict[ratio_ok]}"
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

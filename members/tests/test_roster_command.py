"""manage.py import_roster: the admin's import for the command line."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from members.management.commands.import_roster import Command
from members.models import Member
from members.tests.test_roster_import import person, xlsx


def write(tmp_path, rows, name="花名册.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx(rows))
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_a_good_file(tmp_path, world):
    rows = [person(姓名="甲"), person(姓名="乙")]
    out, err = run(write(tmp_path, rows), "--branch", "B1")
    assert "已导入 2 行到东村党支部：新增 2 人，更新 0 人，0 人无变化。" in out
    assert err == ""
    names = set(Member.objects.filter(branch=world.branch).values_list("name", flat=True))
    assert names >= {"甲", "乙"}


def test_dry_run_writes_nothing(tmp_path, world):
    count = Member.objects.count()
    out, _err = run(write(tmp_path, [person()]), "--branch", "B1", "--dry-run")
    assert "全部 1 行检查无误" in out and "尚未写入任何数据" in out
    assert Member.objects.count() == count


def test_errors_are_listed_and_the_command_exits_non_zero(tmp_path, world, capsys, monkeypatch):
    count = Member.objects.count()
    path = write(tmp_path, [person(), person(身份证号="110101198005171235"), person(性别="未知")])
    # run_from_argv (what manage.py runs) closes every database connection on its way out,
    # the test's own included; here that is left to the test.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["manage.py", "import_roster", path, "--branch", "B1"])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "第 3 行，第 F 列（身份证号）：身份证号校验位不正确，请逐位核对。" in err
    assert "第 4 行，第 B 列（性别）：“未知”不是允许的值，请填写：男、女。" in err
    assert "文件中有 2 处错误，未导入任何数据。" in err
    assert Member.objects.count() == count


def test_warnings_go_to_stderr_and_the_import_still_happens(tmp_path, world):
    path = tmp_path / "extra.xlsx"
    headers = ["姓名", "身份证号", "籍贯"]
    row = person()
    path.write_bytes(xlsx([[row["姓名"], row["身份证号"], "浙江"]], headers))
    out, err = run(str(path), "--branch", "B1")
    assert "第 1 行，第 C 列（籍贯）：这一列不属于花名册，已忽略。" in err
    assert "新增 1 人" in out


def test_an_unreadable_file(tmp_path, world):
    path = tmp_path / "junk.xlsx"
    path.write_bytes(b"not a workbook at all")
    with pytest.raises(CommandError, match="这不是电子表格"):
        run(str(path), "--branch", "B1")


def test_a_missing_file_and_an_unknown_branch(tmp_path, world):
    with pytest.raises(CommandError, match="无法打开"):
        run(str(tmp_path / "nowhere.xlsx"), "--branch", "B1")
    with pytest.raises(CommandError, match="没有代码为 T1 的支部"):
        run(write(tmp_path, [person()]), "--branch", "T1")  # a township is not a branch


def test_a_csv_file(tmp_path, world):
    row = person(姓名="丙")
    path = tmp_path / "roster.csv"
    path.write_text(f"姓名,身份证号\n{row['姓名']},{row['身份证号']}\n", encoding="gb18030")
    out, _err = run(str(path), "--branch", "B1")
    assert "新增 1 人" in out
    assert Member.objects.get(id_number=row["身份证号"]).name == "丙"


def test_the_example_roster_in_fixtures_imports_cleanly(world):
    example = settings.BASE_DIR / "fixtures" / "roster_example.xlsx"
    out, err = run(str(example), "--branch", "B1")
    assert "已导入 12 行到东村党支部：新增 12 人" in out and err == ""
    # Exempting the old and sick stays the branch's decision; the file only records health.
    assert Member.objects.get(name="赵德明").health == Member.Health.UNABLE
    assert Member.objects.get(name="李建华").gender == Member.Gender.MALE  # from the ID number

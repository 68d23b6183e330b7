"""Importing a roster file: every problem reported with its row and column, nothing written
unless every row is right, people matched by ID number.

The helpers at the top build roster files the way a branch would fill them in; the other
roster test modules use them too.
"""

import datetime
import io
import itertools
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from members import idnumber, roster
from members.models import Member
from members.roster.importing import SHOWN_ERRORS
from members.scope import Scope
from members.tests.factories import GroupFactory

HEADERS = [column.header for column in roster.COLUMNS]
_sequence = itertools.count(1)


def new_id(born=datetime.date(1980, 5, 17), male=True):
    """A valid ID number that no factory uses (region 3301xx)."""
    n = next(_sequence)
    return idnumber.make(330100 + n // 400, born, (n % 400) * 2 + (1 if male else 2))


def person(**cells):
    """One row as {header: value}: a valid full member of the world's branch, changed by `cells`
    (keyword arguments by header, e.g. person(姓名="王芳"))."""
    row = {
        "姓名": "王建国",
        "性别": "男",
        "民族": "汉族",
        "出生日期": None,
        "学历": "高中",
        "身份证号": new_id(),
        "联系电话": "13800138000",
        "入党时间": datetime.date(2005, 7, 1),
        "人员类别": "正式党员",
        "现任职务": "",
        "所在党小组/网格": "第一党小组",
        "特长": "种植",
        "健康状况": "好",
        "是否外出务工": "否",
        "家庭情况": "一般",
        "备注": "",
    }
    row.update(cells)
    return row


def xlsx(rows, headers=HEADERS, *, title=None):
    """A workbook as Excel would save it: the header row, then one row per person (dicts by
    header, or plain lists); dates become real date cells."""
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(h) for h in headers] if isinstance(row, dict) else list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(world, rows, headers=HEADERS, *, dry_run=False, branch=None, user=None):
    sheet = roster.read_sheet(xlsx(rows, headers))
    scope = Scope(user or world.secretary)
    return roster.import_roster(sheet=sheet, branch=branch or world.branch, by=scope.user, scope=scope, dry_run=dry_run)


def messages(report):
    return [str(problem) for problem in report.shown_errors]


@pytest.fixture
def members_before(world):
    return set(Member.objects.values_list("pk", "updated_at"))


def assert_nothing_written(members_before):
    assert set(Member.objects.values_list("pk", "updated_at")) == members_before


# -- a good file -------------------------------------------------------------------------


def test_good_file_adds_everyone_with_values_read_from_chinese_labels(world):
    rows = [
        person(
            姓名="王 芳",
            性别="",
            身份证号=new_id(datetime.date(1990, 3, 8), male=False),
            学历="本科",
            人员类别="预备党员",
            入党时间="2023/7/1",
            现任职务="无",
            是否外出务工="是",
            家庭情况="困难",
            健康状况="一般",
        ),
        person(
            姓名="李明",
            学历="大专",
            人员类别="入党积极分子",
            入党时间=None,
            现任职务="村委委员",
            特长="电工、驾驶",
            备注="2024年返乡",
            **{"所在党小组/网格": ""},
        ),
    ]
    report = run_import(world, rows)

    assert report.ok, messages(report)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert report.summary() == "已导入 2 行到东村党支部：新增 2 人，更新 0 人，0 人无变化。"
    wang = Member.objects.get(id_number=rows[0]["身份证号"])
    assert wang.name == "王芳"  # the space that lines names up in a roster is not part of it
    assert wang.branch == world.branch and wang.group == world.group
    assert (wang.gender, wang.birth_date) == (Member.Gender.FEMALE, datetime.date(1990, 3, 8))
    assert (wang.education, wang.category, wang.joined_party_on) == (
        Member.Education.BACHELOR,
        Member.Category.PROBATIONARY,
        datetime.date(2023, 7, 1),
    )
    assert (wang.office, wang.works_away, wang.household, wang.health) == (
        "",
        True,
        Member.Household.DIFFICULTY,
        Member.Health.FAIR,
    )
    li = Member.objects.get(id_number=rows[1]["身份证号"])
    assert (li.education, li.category, li.office, li.group) == (
        Member.Education.COLLEGE,
        Member.Category.ACTIVIST,
        "村委委员",
        None,
    )
    assert (li.specialities, li.notes) == ("电工、驾驶", "2024年返乡")
    # Written rows are valid model instances with the model's defaults.
    for member in (wang, li):
        member.full_clean()
        assert member.created_at and member.updated_at and not member.exempt


def test_headers_in_any_order_and_only_the_required_columns(world):
    headers = ["身份证号", "姓名"]
    id_number = new_id(datetime.date(1975, 1, 2), male=False)
    report = run_import(world, [[id_number, "赵敏"]], headers)
    assert report.ok, messages(report)
    member = Member.objects.get(id_number=id_number)
    # Birth date and gender come from the ID number; the rest is the model's defaults.
    assert (member.name, member.gender) == ("赵敏", "female")
    assert member.birth_date == datetime.date(1975, 1, 2)
    assert (member.category, member.ethnicity, member.health) == ("full", "汉族", "good")


@pytest.mark.parametrize(
    "written",
    [
        "1980-05-17",
        "1980/5/17",
        "1980.05.17",
        "19800517",
        19800517,
        "1980年5月17日",
        "1980-05-17 00:00:00",
        "１９８０－０５－１７",
        datetime.date(1980, 5, 17),
        datetime.datetime(1980, 5, 17),
    ],
)
def test_common_ways_of_writing_a_date(world, written):
    row = person(出生日期=written)
    report = run_import(world, [row])
    assert report.ok, messages(report)
    member = Member.objects.get(id_number=row["身份证号"])
    assert member.birth_date == datetime.date(1980, 5, 17)


@pytest.mark.parametrize(
    "cells, attribute, value",
    [
        ({"学历": "大学本科"}, "education", "bachelor"),
        ({"学历": "本科"}, "education", "bachelor"),
        ({"学历": "大学专科"}, "education", "college"),
        ({"学历": "大专"}, "education", "college"),
        ({"学历": "中专"}, "education", "vocational"),
        ({"学历": "初中"}, "education", "middle_school"),
        ({"学历": "研究生"}, "education", "postgraduate"),
        ({"学历": ""}, "education", ""),
        ({"是否外出务工": "Y"}, "works_away", True),
        ({"是否外出务工": "n"}, "works_away", False),
        ({"是否外出务工": True}, "works_away", True),
        ({"是否外出务工": ""}, "works_away", False),
        ({"健康状况": "丧失劳动能力"}, "health", "unable"),
        ({"健康状况": "较差"}, "health", "poor"),
        ({"家庭情况": "富裕"}, "household", "well_off"),
        ({"人员类别": "中共党员"}, "category", "full"),
        ({"人员类别": "非党员能人", "入党时间": None}, "category", "non_member"),
        ({"现任职务": "无"}, "office", ""),
        ({"现任职务": " 村党支部委员 "}, "office", "村党支部委员"),
        ({"性别": "男"}, "gender", "male"),
        ({"所在党小组/网格": "B1G1"}, "group_id", "world.group"),
        ({"联系电话": 13912345678}, "phone", "13912345678"),
        ({"联系电话": "0571-8888 6666"}, "phone", "0571-8888 6666"),
    ],
)
def test_allowed_values_and_their_common_synonyms(world, cells, attribute, value):
    row = person(**cells)
    report = run_import(world, [row])
    assert report.ok, messages(report)
    if value == "world.group":
        value = world.group.pk
    assert getattr(Member.objects.get(id_number=row["身份证号"]), attribute) == value


def test_headers_are_matched_forgivingly(world):
    headers = ["姓  名", "身份证号码*", "联系电话（必填）", "所在党小组／网格", "文化程度"]
    row = [" 孙 悟 空 ", new_id(), "13800000000", "第一党小组", "高中"]
    report = run_import(world, [row], headers)
    assert report.ok, messages(report)
    assert not report.warnings
    member = Member.objects.get(id_number=row[1])
    assert (member.name, member.group, member.education) == ("孙悟空", world.group, "high_school")


def test_a_title_row_above_the_headers_keeps_the_row_numbers_right(world):
    data = xlsx([person(身份证号="110101198005171235")], title="东村党支部党员花名册")
    report = roster.import_roster(sheet=roster.read_sheet(data), branch=world.branch)
    assert messages(report) == ["第 3 行，第 F 列（身份证号）：身份证号校验位不正确，请逐位核对。"]


def test_unknown_extra_column_is_a_warning_and_the_import_goes_ahead(world):
    headers = [*HEADERS, "微信号"]
    row = person(微信号="wx-123")
    report = run_import(world, [row], headers)
    assert report.ok
    assert [str(w) for w in report.warnings] == ["第 1 行，第 Q 列（微信号）：这一列不属于花名册，已忽略。"]
    assert Member.objects.filter(id_number=row["身份证号"]).exists()


def test_reimport_updates_people_matched_by_id_number_instead_of_adding_them_again(world):
    rows = [person(姓名="周一"), person(姓名="周二"), person(姓名="周三")]
    assert run_import(world, rows).created == 3
    count = Member.objects.count()

    rows[1]["联系电话"] = "13700000000"
    rows[2]["现任职务"] = "村委委员"
    report = run_import(world, rows)

    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    assert Member.objects.count() == count
    assert Member.objects.get(id_number=rows[1]["身份证号"]).phone == "13700000000"
    assert Member.objects.get(id_number=rows[2]["身份证号"]).office == "村委委员"
    changed = {p.row: p.changed for p in report.preview if p.status == "update"}
    assert changed == {3: ["联系电话"], 4: ["现任职务"]}


def test_reimport_keeps_what_the_file_does_not_say(world):
    member = world.neighbour
    member.category, member.ethnicity, member.exempt = Member.Category.PROBATIONARY, "回族", True
    member.exemption_reason = "年老体弱"
    member.save()
    # A file with fewer columns, and empty cells where every person has a value.
    headers = ["姓名", "身份证号", "人员类别", "民族", "联系电话"]
    report = run_import(world, [["李四", member.id_number, "", "", "13600000000"]], headers)
    assert report.ok, messages(report)
    member.refresh_from_db()
    assert (member.category, member.ethnicity) == ("probationary", "回族")
    assert member.phone == "13600000000"
    assert member.exempt and member.exemption_reason == "年老体弱"
    assert member.user_id is None and member.branch == world.branch


def test_dry_run_checks_and_counts_but_writes_nothing(world, members_before):
    rows = [person(), person(身份证号=world.neighbour.id_number, 姓名="李四")]
    report = run_import(world, rows, dry_run=True)
    assert report.ok and not report.written
    assert (report.created, report.updated) == (1, 1)
    assert "尚未写入任何数据" in report.summary()
    assert_nothing_written(members_before)


# -- bad files: a clear Chinese message for each problem, and nothing written ---------------


def test_bad_checksum(world, members_before):
    report = run_import(world, [person(), person(身份证号="110101198005171235")])
    assert messages(report) == ["第 3 行，第 F 列（身份证号）：身份证号校验位不正确，请逐位核对。"]
    assert report.summary() == "文件中有 1 处错误，未导入任何数据。"
    assert_nothing_written(members_before)


@pytest.mark.parametrize(
    "written, message",
    [
        ("1980-13-01", "没有“1980-13-01”这个日期。"),
        ("1980/2/30", "没有“1980/2/30”这个日期。"),
        ("17/05/1980", "“17/05/1980”不是日期，请写成 1980-05-17 这样的格式。"),
        ("1980.05", "日期要写到日，例如 1980-05-17。"),
        ("明年", "“明年”不是日期，请写成 1980-05-17 这样的格式。"),
        ("1880-05-17", "日期 1880-05-17 早于 1900 年。"),
        (datetime.date(2999, 1, 1), "日期 2999-01-01 在今天之后。"),
    ],
)
def test_bad_dates(world, members_before, written, message):
    report = run_import(world, [person(入党时间=written)])
    assert messages(report) == [f"第 2 行，第 H 列（入党时间）：{message}"]
    assert_nothing_written(members_before)


def test_values_that_are_not_allowed(world, members_before):
    report = run_import(world, [person(学历="大学生", 性别="未知", 健康状况="很差", 是否外出务工="偶尔")])
    assert messages(report) == [
        "第 2 行，第 B 列（性别）：“未知”不是允许的值，请填写：男、女。",
        "第 2 行，第 E 列（学历）：“大学生”不是允许的值，请填写：研究生、大学本科、大学专科、中专、高中、初中、小学及以下。",
        "第 2 行，第 M 列（健康状况）：“很差”不是允许的值，请填写：好、一般、较差、丧失劳动能力。",
        "第 2 行，第 N 列（是否外出务工）：请填写“是”或“否”。",
    ]
    assert_nothing_written(members_before)


def test_what_the_file_says_must_agree_with_the_id_number(world, members_before):
    report = run_import(world, [person(出生日期="1981-05-17", 性别="女")])
    assert messages(report) == [
        "第 2 行，第 B 列（性别）：性别与身份证号不符，身份证号显示为男。",
        "第 2 行，第 D 列（出生日期）：出生日期与身份证号不符，身份证号显示为 1980-05-17。",
    ]
    assert_nothing_written(members_before)


def test_party_dates_must_fit_the_person(world, members_before):
    report = run_import(
        world,
        [
            person(人员类别="入党积极分子", 入党时间="2010-01-01"),
            person(入党时间="1995-01-01"),  # born 1980: joined at 14
        ],
    )
    assert messages(report) == [
        "第 2 行，第 H 列（入党时间）：人员类别为入党积极分子的人尚未入党，请删去入党时间或改正人员类别。",
        "第 3 行，第 H 列（入党时间）：早于本人年满 18 周岁的日期，请核对入党时间和身份证号。",
    ]
    assert_nothing_written(members_before)


def test_missing_name_and_id_number_and_an_id_number_stored_as_a_number(world, members_before):
    report = run_import(world, [person(姓名=""), person(身份证号=""), person(身份证号=1.10101198005171e17)])
    assert messages(report) == [
        "第 2 行，第 A 列（姓名）：没有填写姓名。",
        "第 3 行，第 F 列（身份证号）：没有填写身份证号。",
        "第 4 行，第 F 列（身份证号）：身份证号被存成了数字，表格已丢失末尾几位。请把该列设为文本格式后重新填写。",
    ]
    assert_nothing_written(members_before)


def test_duplicate_id_numbers_in_the_file(world, members_before):
    twin = new_id()
    # The second copy is written differently, as typed numbers often are.
    report = run_import(world, [person(身份证号=twin), person(), person(身份证号=f"{twin[:6]} {twin[6:]}")])
    assert messages(report) == ["第 4 行，第 F 列（身份证号）：与第 2 行的身份证号重复。"]
    assert_nothing_written(members_before)


def test_a_person_on_another_branchs_roster_is_an_error_not_a_move(world, members_before):
    report = run_import(world, [person(), person(姓名="王五", 身份证号=world.sibling_member.id_number)])
    assert messages(report) == [
        (
            "第 3 行，第 F 列（身份证号）：此人已在其他支部的花名册上，不能导入本支部。党员在支部间的调动须办理"
            "组织关系转接，不能通过导入完成。"
        )
    ]
    assert_nothing_written(members_before)
    assert Member.objects.get(pk=world.sibling_member.pk).branch == world.sibling


def test_a_person_in_a_branch_the_importer_also_manages_is_still_not_moved(world, members_before):
    # The superuser may write every branch; an import still never moves people between them.
    report = run_import(world, [person(身份证号=world.far_member.id_number)], user=world.superuser)
    assert len(report.errors) == 1 and "其他支部" in str(report.errors[0])
    assert_nothing_written(members_before)


def test_unknown_group(world, members_before):
    GroupFactory(code="B1G2", name="第二党小组", parent=world.branch)
    report = run_import(world, [person(**{"所在党小组/网格": "第九党小组"})])
    assert messages(report) == [
        (
            "第 2 行，第 K 列（所在党小组/网格）：东村党支部没有名为“第九党小组”的党小组或网格。"
            "本支部现有：第一党小组、第二党小组。"
        )
    ]
    assert_nothing_written(members_before)


def test_a_group_of_another_branch_is_unknown(world, members_before):
    GroupFactory(code="B2G1", name="南村第一组", parent=world.sibling)
    report = run_import(world, [person(**{"所在党小组/网格": "南村第一组"})])
    assert len(report.errors) == 1 and "没有名为“南村第一组”" in str(report.errors[0])
    assert_nothing_written(members_before)


def test_rows_of_another_branch_in_an_export_are_refused(world, members_before):
    headers = [*HEADERS, "所属支部"]
    report = run_import(world, [person(所属支部="东村党支部"), person(所属支部="南村党支部")], headers)
    assert messages(report) == [
        "第 3 行，第 Q 列（所属支部）：这一行属于其他支部（南村党支部），不属于东村党支部。请把各支部的行分别导入各自的支部。"
    ]
    assert_nothing_written(members_before)


@pytest.mark.parametrize(
    "headers, expected",
    [
        (
            ["name", "id number", "phone"],
            [
                "第 1 行：缺少必需的列“姓名”。列标题须使用花名册模板中的列名。",
                "第 1 行：缺少必需的列“身份证号”。列标题须使用花名册模板中的列名。",
            ],
        ),
        (["姓名", "性别", "电话"], ["第 1 行：缺少必需的列“身份证号”。列标题须使用花名册模板中的列名。"]),
        (["姓名", "身份证号", "姓名"], ["第 1 行，第 C 列（姓名）：这一列重复出现（另见第 A 列）。"]),
    ],
)
def test_wrong_or_missing_required_headers(world, members_before, headers, expected):
    report = run_import(world, [["张三", new_id(), "x"]], headers)
    assert messages(report) == expected
    assert_nothing_written(members_before)


def test_every_error_is_reported_in_order_and_the_screen_shows_the_first(world, members_before):
    rows = [person(身份证号="11010119800517123X", 学历="幼儿园") for _ in range(SHOWN_ERRORS)]
    report = run_import(world, rows)
    assert len(report.errors) == 2 * SHOWN_ERRORS
    assert report.hidden_error_count == SHOWN_ERRORS
    shown = messages(report)
    assert len(shown) == SHOWN_ERRORS
    assert shown[:2] == [
        "第 2 行，第 E 列（学历）：“幼儿园”不是允许的值，请填写：研究生、大学本科、大学专科、中专、高中、初中、小学及以下。",
        "第 2 行，第 F 列（身份证号）：身份证号校验位不正确，请逐位核对。",
    ]
    assert shown[-1].startswith("第 101 行，第 F 列")
    assert_nothing_written(members_before)


def test_only_officers_who_manage_the_branch_may_import_into_it(world, members_before):
    sheet = roster.read_sheet(xlsx([person()]))
    for user in (world.outsider, world.township, world.county_official, world.group_leader):
        with pytest.raises(PermissionDenied):
            roster.import_roster(sheet=sheet, branch=world.branch, scope=Scope(user))
    assert_nothing_written(members_before)


def test_id_numbers_and_names_never_reach_the_logs(world, caplog):
    rows = [person(姓名="欧阳锋"), person(身份证号="110101198005171235")]
    with caplog.at_level(logging.DEBUG):
        run_import(world, rows)
        run_import(world, rows[:1])
    logged = caplog.text
    assert "roster import into branch" in logged
    for secret in (rows[0]["身份证号"], rows[1]["身份证号"], "欧阳锋", rows[0]["身份证号"][6:14]):
        assert secret not in logged


def test_the_number_of_queries_does_not_grow_with_the_rows(world):
    def queries(rows):
        sheet = roster.read_sheet(xlsx(rows))
        with CaptureQueriesContext(connection) as captured:
            report = roster.import_roster(sheet=sheet, branch=world.branch)
        assert report.ok and report.created == len(rows)
        return len(captured)

    assert queries([person() for _ in range(5)]) == queries([person() for _ in range(300)])

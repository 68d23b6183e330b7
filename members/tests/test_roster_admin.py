"""The roster's import and export in the admin: preview, confirm, and the scope around them."""

import datetime
import io
import tempfile

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from members import idnumber
from members.models import Member
from members.roster import XLSX_CONTENT_TYPE
from members.roster.storage import PendingUploadStorage
from members.tests.factories import RoleFactory
from members.tests.test_roster_import import person, xlsx
from tests import cache as cached

IMPORT_URL = reverse("admin:members_member_import")
PROCESS_URL = reverse("admin:members_member_process_import")
EXPORT_URL = reverse("admin:members_member_export")
CHANGELIST_URL = reverse("admin:members_member_changelist")
XLSX_FORMAT, CSV_FORMAT = "0", "1"


def upload(client, data, *, branch, name="花名册.xlsx", file_format=XLSX_FORMAT):
    stream = io.BytesIO(data)
    stream.name = name
    return client.post(IMPORT_URL, {"branch": branch.pk, "resource": "0", "format": file_format, "import_file": stream})


def confirm_fields(response):
    """What the preview page's confirm form posts (its hidden fields)."""
    form = response.context["confirm_form"]
    return {name: form[name].value() for name in form.fields}


@pytest.fixture
def members_before(world):
    return set(Member.objects.values_list("pk", "updated_at"))


def test_secretary_sees_the_import_page_with_only_their_branch(client, world):
    client.force_login(world.secretary)
    response = client.get(IMPORT_URL)
    assert response.status_code == 200
    choices = list(response.context["form"].fields["branch"].queryset)
    assert choices == [world.branch]
    page = response.content.decode()
    assert reverse("roster_template") in page
    assert "身份证号" in page and "所在党小组/网格" in page


def test_bad_file_shows_every_error_with_its_row_and_column(client, world, members_before):
    client.force_login(world.secretary)
    rows = [person(), person(身份证号="110101198005171235"), person(学历="大学生", 入党时间="1980.05")]
    response = upload(client, xlsx(rows), branch=world.branch)

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "文件中有 3 处错误，未导入任何数据。" in page
    assert "第 3 行，第 F 列（身份证号）：身份证号校验位不正确，请逐位核对。" in page
    assert "第 4 行，第 E 列（学历）：“大学生”不是允许的值" in page
    assert "第 4 行，第 H 列（入党时间）：日期要写到日，例如 1980-05-17。" in page
    assert set(Member.objects.values_list("pk", "updated_at")) == members_before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"%PDF-1.7 not a workbook" * 100, "这不是电子表格（.xlsx、.xls 或 .ods）。请下载花名册模板，填写后再导入。"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024),
            ("此文件设有密码，或不是 Excel 工作簿。请在 Excel 或 WPS 中打开，另存为不设密码的工作簿后再导入。"),
        ),
    ],
)
def test_unreadable_file_is_explained_on_the_form(client, world, members_before, content, message):
    client.force_login(world.secretary)
    response = upload(client, content, branch=world.branch)
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == [message]
    assert set(Member.objects.values_list("pk", "updated_at")) == members_before


def test_preview_then_confirm_imports_the_rows(client, world):
    client.force_login(world.secretary)
    neighbour = person(
        姓名="李四",
        身份证号=world.neighbour.id_number,
        联系电话="13900000000",
        学历="",
        入党时间=None,
        特长="",
        **{"所在党小组/网格": ""},
    )
    rows = [person(姓名="钱学森"), person(姓名="邓稼先"), neighbour]
    response = upload(client, xlsx(rows), branch=world.branch)

    assert response.status_code == 200, response.content.decode()[:2000]
    page = response.content.decode()
    assert "全部 3 行检查无误。导入东村党支部后将新增 2 人，更新 1 人，0 人无变化。" in page
    assert "钱学森" in page and "邓稼先" in page
    # The preview masks ID numbers like every other screen.
    assert rows[0]["身份证号"] not in page and idnumber.mask(rows[0]["身份证号"]) in page
    assert "更新：联系电话" in page
    assert not Member.objects.filter(name="钱学森").exists()

    response = client.post(PROCESS_URL, confirm_fields(response), follow=True)

    assert response.redirect_chain[-1][0] == CHANGELIST_URL
    assert "已导入 3 行到东村党支部：新增 2 人，更新 1 人，0 人无变化。" in response.content.decode()
    names = set(Member.objects.filter(branch=world.branch).values_list("name", flat=True))
    assert names >= {"钱学森", "邓稼先"}
    world.neighbour.refresh_from_db()
    assert world.neighbour.phone == "13900000000"


def test_an_unconfirmed_upload_waits_in_the_cache_not_on_disk(client, world, tmp_path, monkeypatch):
    # Anything import-export wrote to the temp folder would land here.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client.force_login(world.secretary)
    response = upload(client, xlsx([person(姓名="钱学森")]), branch=world.branch)
    name = confirm_fields(response)["import_file_name"]
    assert list(tmp_path.iterdir()) == []
    key = PendingUploadStorage.CACHE_PREFIX + name
    assert cache.get(key) is not None
    assert 0 < cached.ttl(key) <= PendingUploadStorage.CACHE_LIFETIME
    client.post(PROCESS_URL, confirm_fields(response))
    assert Member.objects.filter(name="钱学森").exists()
    assert cache.get(key) is None


def test_csv_import_through_the_admin(client, world):
    client.force_login(world.secretary)
    id_number = idnumber.make(330200, datetime.date(1985, 1, 1), 5)
    data = f"姓名,身份证号,人员类别\r\n华罗庚,{id_number},正式党员\r\n".encode("gb18030")
    response = upload(client, data, branch=world.branch, name="roster.csv", file_format=CSV_FORMAT)
    assert response.status_code == 200
    client.post(PROCESS_URL, confirm_fields(response))
    assert Member.objects.get(id_number=id_number).name == "华罗庚"


def test_secretary_cannot_import_into_another_branch(client, world, members_before):
    client.force_login(world.secretary)
    response = upload(client, xlsx([person()]), branch=world.sibling)
    assert response.status_code == 200
    assert "branch" in response.context["form"].errors
    assert set(Member.objects.values_list("pk", "updated_at")) == members_before


def test_a_tampered_confirm_step_cannot_switch_the_branch(client, world, members_before):
    client.force_login(world.secretary)
    response = upload(client, xlsx([person()]), branch=world.branch)
    fields = confirm_fields(response)
    fields["branch"] = world.sibling.pk
    response = client.post(PROCESS_URL, fields)
    assert response.status_code == 200
    assert "branch" in response.context["confirm_form"].errors
    assert set(Member.objects.values_list("pk", "updated_at")) == members_before


def test_an_officer_of_several_branches_chooses_among_them_only(client, world):
    RoleFactory(user=world.secretary, organisation=world.sibling)
    client.force_login(world.secretary)
    field = client.get(IMPORT_URL).context["form"].fields["branch"]
    assert list(field.queryset) == [world.branch, world.sibling]
    assert field.empty_label  # no silent default when there is a choice to make
    rows = [person(姓名="南村新人", **{"所在党小组/网格": ""})]
    response = upload(client, xlsx(rows), branch=world.sibling)
    client.post(PROCESS_URL, confirm_fields(response))
    assert Member.objects.get(name="南村新人").branch == world.sibling


def test_the_roster_changing_between_preview_and_confirm_is_reported(client, world):
    client.force_login(world.secretary)
    rows = [person(姓名="迟到者")]
    response = upload(client, xlsx(rows), branch=world.branch)
    # Meanwhile the same person is registered in another branch.
    Member.objects.create(
        name="迟到者",
        id_number=rows[0]["身份证号"],
        branch=world.sibling,
        gender="male",
        birth_date=idnumber.birth_date(rows[0]["身份证号"]),
    )
    response = client.post(PROCESS_URL, confirm_fields(response))
    assert response.status_code == 200
    assert "此人已在其他支部的花名册上" in response.content.decode()
    assert not Member.objects.filter(branch=world.branch, name="迟到者").exists()


@pytest.mark.parametrize("username", ["township", "county_official"])
def test_overseers_cannot_import(client, world, username):
    client.force_login(getattr(world, username))
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {}).status_code == 403
    assert client.post(PROCESS_URL, {}).status_code == 403
    page = client.get(CHANGELIST_URL).content.decode()
    assert IMPORT_URL not in page and EXPORT_URL in page


def export(client, file_format=XLSX_FORMAT):
    response = client.post(EXPORT_URL, {"format": file_format, "resource": "0"})
    assert response.status_code == 200, response.content[:500]
    return response


def exported_ids(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    column = headers.index("身份证号")
    rows = sheet.iter_rows(min_row=2, values_only=True)
    return {row[headers.index("姓名")]: row[column] for row in rows}


def test_secretary_exports_their_branch_with_full_id_numbers(client, world):
    client.force_login(world.secretary)
    response = export(client)
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="roster-')
    assert exported_ids(response) == {"张三": world.member.id_number, "李四": world.neighbour.id_number}


def test_township_exports_its_branches_with_masked_id_numbers(client, world):
    client.force_login(world.township)
    ids = exported_ids(export(client))
    assert ids == {
        "张三": world.member.masked_id_number,
        "李四": world.neighbour.masked_id_number,
        "王五": world.sibling_member.masked_id_number,
    }


def test_county_csv_export_masks_and_names_each_branch(client, world):
    client.force_login(world.county_official)
    text = export(client, CSV_FORMAT).content.decode("utf-8-sig")
    assert world.far_member.masked_id_number in text and "西社区党支部" in text
    for member in Member.objects.all():
        assert member.id_number not in text


def test_export_follows_the_changelist_filters(client, world):
    client.force_login(world.township)
    response = client.post(f"{EXPORT_URL}?branch={world.sibling.pk}", {"format": XLSX_FORMAT, "resource": "0"})
    assert set(exported_ids(response)) == {"王五"}


def test_a_secretary_of_one_branch_never_exports_another(client, world):
    client.force_login(world.outsider)
    assert set(exported_ids(export(client))) == {"赵六"}


def test_an_oversized_upload_is_refused_before_it_is_read(client, world, settings):
    settings.ROSTER_MAX_UPLOAD_BYTES = 1024
    client.force_login(world.secretary)
    response = upload(client, b"x" * 2048, branch=world.branch)
    errors = [e.replace("\xa0", " ") for e in response.context["form"].errors["import_file"]]
    assert errors == ["文件大小为 2.0 KB，花名册文件最大为 1.0 KB。"]

"""The duty log pages: the member's phone, the verifiers' list, overseers' counts; scope per role."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import ClosedMonth, DutyLogEntry, LogPhoto
from assessments.services import log
from members.tests.factories import MemberFactory
from posts.tests.roles import by_role, only

from .log_data import TODAY, on_post, upload

S = DutyLogEntry.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def entry_of(member, by=None, **kwargs):
    fields = {"done_on": TODAY, "kind": "individual", "what": "为独居老人代购药品"} | kwargs
    return log.add_entry(member=member, assignment=on_post(member), by=by, **fields)


@pytest.fixture
def entries(world):
    return {
        "own": entry_of(world.member, by=world.member_user, photos=[upload()]),
        "branch": entry_of(world.neighbour),  # same branch, not in the group
        "sibling": entry_of(world.sibling_member),
        "far": entry_of(world.far_member),
    }


def test_member_adds_an_entry_from_the_phone_form(client, world):
    on_post(world.member)
    client.force_login(world.member_user)
    page = client.get(reverse("assessments:log_new")).content.decode()
    for text in (
        "填写履岗纪实",
        "做了什么",
        "个人服务",
        "集体活动",
        "服务人数",
        "照片（最多3张）",
        'data-log-draft="new"',
    ):
        assert text in page, text
    assert f'value="{TODAY.isoformat()}"' in page
    assert 'name="assignment"' in page and "<select" not in page.split('name="assignment"')[0][-200:]
    response = client.post(
        reverse("assessments:log_new"),
        {
            "done_on": TODAY.isoformat(),
            "assignment": world.member.assignments.get().pk,
            "what": "帮助李大爷修好自来水管",
            "kind": "individual",
            "people_served": "1",
            "place": "三组",
            "photos": [upload("修水管.jpg")],
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?saved=new")
    entry = DutyLogEntry.objects.get()
    assert (entry.what, entry.people_served, entry.photos.count()) == ("帮助李大爷修好自来水管", 1, 1)
    page = client.get(response["Location"]).content.decode()
    assert 'data-log-draft-clear="new"' in page and "待核实" in page and "帮助李大爷" in page


def test_several_posts_offer_a_choice(client, world):
    on_post(world.member)
    on_post(world.member)
    client.force_login(world.member_user)
    page = client.get(reverse("assessments:log_new")).content.decode()
    assert '<select name="assignment"' in page


def test_refusals_show_beside_the_field_in_chinese(client, world):
    assignment = on_post(world.member)
    client.force_login(world.member_user)
    data = {"assignment": assignment.pk, "what": "走访", "kind": "individual"}
    page = client.post(
        reverse("assessments:log_new"), data | {"done_on": (TODAY + datetime.timedelta(days=2)).isoformat()}
    ).content.decode()
    assert "日期不能晚于今天" in page
    page = client.post(
        reverse("assessments:log_new"),
        data
        | {"done_on": TODAY.isoformat(), "photos": [upload("合同.pdf", data=b"%PDF", content_type="application/pdf")]},
    ).content.decode()
    assert "文件“合同.pdf”不是照片" in page
    ClosedMonth.objects.create(branch=world.branch, month=TODAY.replace(day=1))
    page = client.post(reverse("assessments:log_new"), data | {"done_on": TODAY.isoformat()}).content.decode()
    assert "已关闭" in page
    assert not DutyLogEntry.objects.exists()


def test_without_a_post_there_is_nothing_to_log(client, world):
    client.force_login(world.member_user)
    assert "你目前没有在岗" in client.get(reverse("assessments:my_log")).content.decode()
    assert client.get(reverse("assessments:log_new")).status_code == 302


def test_my_log_shows_status_and_reason_and_only_my_entries(client, world, entries):
    log.return_entry(entry=entries["own"], by=world.group_leader, reason="请写明代购了什么药")
    client.force_login(world.member_user)
    page = client.get(reverse("assessments:my_log")).content.decode()
    assert "已退回" in page and "请写明代购了什么药" in page and "修改后重新提交" in page
    assert page.count('href="/serve/log/') == 1 + 1  # the entry, and the button to add one
    response = client.post(
        reverse("assessments:log_edit", args=[entries["own"].pk]),
        {
            "done_on": TODAY.isoformat(),
            "assignment": entries["own"].assignment_id,
            "what": "代购降压药",
            "kind": "individual",
        },
    )
    assert response.status_code == 302
    entries["own"].refresh_from_db()
    assert (entries["own"].status, entries["own"].what) == (S.SUBMITTED, "代购降压药")
    assert entries["own"].photos.count() == 1


def test_a_verified_entry_cannot_be_edited(client, world, entries):
    log.verify(entry=entries["own"], by=world.secretary)
    client.force_login(world.member_user)
    url = reverse("assessments:log_edit", args=[entries["own"].pk])
    response = client.post(url, {"done_on": TODAY.isoformat(), "what": "改", "kind": "other"}, follow=True)
    assert "已核实的纪实不能修改" in response.content.decode()
    entries["own"].refresh_from_db()
    assert entries["own"].what == "为独居老人代购药品"


def test_entry_page_per_role(client, world, entries):
    # The member's own, their group leader's, and their branch's and overseers'.
    url = reverse("assessments:log_entry", args=[entries["own"].pk])
    assert by_role(client, world, url) == only(
        200, "member_user", "group_leader", "secretary", "committee", "township", "county_official", "superuser"
    )
    url = reverse("assessments:log_entry", args=[entries["branch"].pk])  # not in the group
    assert by_role(client, world, url) == only(
        200, "secretary", "committee", "township", "county_official", "superuser"
    )
    url = reverse("assessments:log_entry", args=[entries["far"].pk])
    assert by_role(client, world, url) == only(200, "county_official", "superuser", "outsider")


def test_photos_only_through_the_scoped_view(client, world, entries):
    photo = LogPhoto.objects.get()
    url = reverse("assessments:log_photo", args=[photo.pk])
    assert by_role(client, world, url) == only(
        200, "member_user", "group_leader", "secretary", "committee", "township", "county_official", "superuser"
    )
    client.force_login(world.group_leader)
    response = client.get(url)
    assert response["Content-Type"] == "image/jpeg" and b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert not photo.image.url.startswith("/serve/")  # the storage URL is never linked
    client.force_login(world.member_user)
    assert photo.image.url not in client.get(reverse("assessments:log_entry", args=[photo.entry_id])).content.decode()


def test_branch_log_per_role_and_what_each_sees(client, world, entries):
    url = reverse("assessments:branch_log", args=["B1"])
    assert by_role(client, world, url) == only(
        200, "group_leader", "secretary", "committee", "township", "county_official", "superuser"
    )
    client.force_login(world.group_leader)
    page = client.get(url).content.decode()
    assert "张三" in page and "李四" not in page  # only the group's people
    client.force_login(world.secretary)
    page = client.get(url).content.decode()
    assert "张三" in page and "李四" in page and "王五" not in page
    assert 'name="entry"' in page and "核实勾选的纪实" in page
    client.force_login(world.township)
    page = client.get(url).content.decode()
    assert "李四" in page and 'name="entry"' not in page and "核实勾选" not in page  # read-only
    assert by_role(client, world, reverse("assessments:branch_log", args=["B3"]))["group_leader"] == 404


def test_branch_log_filters(client, world, entries):
    last_month = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=15)
    old = (
        log.add_entry(
            member=world.neighbour,
            assignment=entries["branch"].assignment,
            done_on=last_month,
            kind="other",
            what="上月整理档案",
            by=None,
        )
        if entries["branch"].assignment.starts_on <= last_month
        else None
    )
    log.verify(entry=entries["own"], by=world.secretary)
    client.force_login(world.committee)
    url = reverse("assessments:branch_log", args=["B1"])
    page = client.get(url, {"status": "verified"}).content.decode()
    assert "张三" in page and "李四" not in page
    page = client.get(url, {"group": world.group.pk}).content.decode()
    assert "张三" in page and "李四" not in page
    page = client.get(url, {"post": entries["branch"].assignment.post_id}).content.decode()
    assert "李四" in page and "张三" not in page
    if old:
        page = client.get(url, {"month": f"{last_month:%Y-%m}"}).content.decode()
        assert "上月整理档案" in page and "为独居老人代购药品" not in page
    assert client.get(url, {"month": "2026-13"}).status_code == 200  # a bad month is ignored


def test_verify_and_return_from_the_pages(client, world, entries):
    client.force_login(world.group_leader)
    page = client.get(reverse("assessments:log_entry", args=[entries["own"].pk])).content.decode()
    assert "核实" in page and "退回给党员" in page
    response = client.post(reverse("assessments:log_verify", args=[entries["own"].pk]), follow=True)
    assert "已核实张三的纪实" in response.content.decode()
    entries["own"].refresh_from_db()
    assert (entries["own"].status, entries["own"].points, entries["own"].checked_by) == (
        S.VERIFIED,
        3,
        world.group_leader,
    )
    # The group leader cannot reach an entry outside their group.
    assert client.post(reverse("assessments:log_verify", args=[entries["branch"].pk])).status_code == 404
    client.force_login(world.secretary)
    response = client.post(reverse("assessments:log_return", args=[entries["branch"].pk]), {"reason": ""}, follow=True)
    assert "请写明退回原因" in response.content.decode()
    client.post(reverse("assessments:log_return", args=[entries["branch"].pk]), {"reason": "请补充服务对象"})
    entries["branch"].refresh_from_db()
    assert (entries["branch"].status, entries["branch"].return_reason) == (S.RETURNED, "请补充服务对象")


def test_own_entry_shows_no_verify_buttons(client, world):
    world.neighbour.user = world.committee
    world.neighbour.save(update_fields=["user"])
    mine = entry_of(world.neighbour, by=world.committee)
    client.force_login(world.committee)
    page = client.get(reverse("assessments:log_entry", args=[mine.pk])).content.decode()
    assert "退回给党员" not in page
    response = client.post(reverse("assessments:log_verify", args=[mine.pk]), follow=True)
    assert "不能核实或退回自己的纪实" in response.content.decode()


def test_bulk_verify(client, world, entries):
    extra = log.add_entry(
        member=world.member, assignment=entries["own"].assignment, done_on=TODAY, kind="other", what="参加培训", by=None
    )
    client.force_login(world.secretary)
    response = client.post(
        reverse("assessments:log_verify_many", args=["B1"]),
        {"entry": [entries["own"].pk, extra.pk, entries["branch"].pk, entries["sibling"].pk]},
        follow=True,
    )
    assert "已核实 3 条" in response.content.decode()
    assert DutyLogEntry.objects.filter(status=S.VERIFIED).count() == 3
    assert DutyLogEntry.objects.get(pk=entries["sibling"].pk).status == S.SUBMITTED


def test_branch_log_queries_do_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.secretary)
    url = reverse("assessments:branch_log", args=["B1"])
    entry_of(MemberFactory(branch=world.branch, group=world.group))
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for _i in range(12):
        entry_of(MemberFactory(branch=world.branch, group=world.group), photos=[upload()])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_my_log_queries_do_not_grow(client, world, django_assert_max_num_queries):
    assignment = on_post(world.member)
    log.add_entry(member=world.member, assignment=assignment, done_on=TODAY, kind="other", what="学习", by=None)
    client.force_login(world.member_user)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("assessments:my_log"))
    for _i in range(10):
        log.add_entry(member=world.member, assignment=assignment, done_on=TODAY, kind="other", what="学习", by=None)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("assessments:my_log"))


def test_counts_per_role_and_numbers(client, world, entries):
    log.verify(entry=entries["own"], by=world.secretary)
    DutyLogEntry.objects.filter(pk=entries["branch"].pk).update(
        created_at=timezone.now() - datetime.timedelta(days=10)  # waiting over seven days
    )
    on_post(MemberFactory(branch=world.branch))  # on post, nothing logged
    url = reverse("assessments:log_counts")
    assert by_role(client, world, url) == only(
        200, "group_leader", "secretary", "committee", "township", "county_official", "superuser", "outsider"
    )
    client.force_login(world.township)
    response = client.get(url)
    rows = {b.code: n for b, n in response.context["rows"]}
    assert set(rows) == {"B1", "B2"}
    assert rows["B1"] == {"submitted": 2, "verified": 1, "waiting": 1, "silent": 1}
    assert rows["B2"] == {"submitted": 1, "verified": 0, "waiting": 0, "silent": 0}
    assert "在岗未填写" in response.content.decode()


def test_counts_queries_do_not_grow(client, world, django_assert_max_num_queries):
    from members.tests.factories import BranchFactory

    client.force_login(world.county_official)
    url = reverse("assessments:log_counts")
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for i in range(6):
        branch = BranchFactory(code=f"X{i}", parent=world.town_b)
        entry_of(MemberFactory(branch=branch))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)

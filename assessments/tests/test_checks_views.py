"""Pages of areas, pairs and the branch's checks: who reaches them, what they show (in Chinese),
the forms working through the services, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import AreaActivity, BranchMeeting, Inspection, MentoringPair, QuarterlyReport
from assessments.models.checks import quarter_of
from assessments.selectors import areas as area_selectors
from assessments.services import areas, checks, mentoring
from members.tests.factories import BranchFactory, MemberFactory, UserFactory
from posts.tests.roles import MANAGERS, SUPERVISORS, by_role, only

from .factories import activist, full_member, on_post

TODAY = timezone.localdate()
YEAR = TODAY.year


def make_area(w, branch=None, name="东街", members=None, lead=None):
    branch = branch or w.branch
    members = members or [w.member]
    return areas.create_area(
        branch=branch, year=YEAR, name=name, duties="宣传政策，走访住户", members=members, lead=lead, by=None
    )


def make_pair(w, branch=None, mentors=None):
    branch = branch or w.branch
    return mentoring.create_pair(
        branch=branch, mentee=activist(branch), mentors=mentors or [w.member], starts_on=TODAY, by=None, today=TODAY
    )


def make_inspection(w, branch=None, follow_ups="补齐活动台账"):
    return checks.record_inspection(
        branch=branch or w.branch,
        kind=Inspection.Kind.TOWNSHIP_QUARTERLY,
        held_on=TODAY,
        findings="台账不全",
        follow_ups=follow_ups,
        by=None,
        today=TODAY,
    )


# -- who reaches which page ------------------------------------------------------------------


def test_branch_pages_per_role(client, world):
    for name in ("assessments:areas", "assessments:area_new", "assessments:pairs", "assessments:meetings"):
        assert by_role(client, world, reverse(name, args=["B1"])) == only(200, *MANAGERS), name
    for name in ("assessments:reports", "assessments:inspections"):
        assert by_role(client, world, reverse(name, args=["B1"])) == only(200, *SUPERVISORS), name
    url = reverse("assessments:inspection_new", args=["B1"])
    assert by_role(client, world, url) == only(200, "township", "county_official", "superuser")
    # B3 lies in another township: its own secretary and the county reach it, B1's people do not.
    assert by_role(client, world, reverse("assessments:areas", args=["B3"])) == only(200, "outsider", "superuser")
    url = reverse("assessments:inspections", args=["B3"])
    assert by_role(client, world, url) == only(200, "outsider", "county_official", "superuser")


def test_object_pages_per_role(client, world):
    area = make_area(world, members=[world.member, world.neighbour], lead=world.member)
    pair = make_pair(world)
    inspection = make_inspection(world)
    assert by_role(client, world, reverse("assessments:area_ledger", args=[area.pk])) == only(
        200, "member_user", *MANAGERS
    )
    assert by_role(client, world, reverse("assessments:area_edit", args=[area.pk])) == only(200, *MANAGERS)
    assert by_role(client, world, reverse("assessments:pair_detail", args=[pair.pk])) == only(200, *MANAGERS)
    url = reverse("assessments:inspection_detail", args=[inspection.pk])
    assert by_role(client, world, url) == only(200, *SUPERVISORS)
    url = reverse("assessments:inspection_answer", args=[inspection.pk])
    assert by_role(client, world, url, "post", {"response": ""}) == only(302, *MANAGERS)


def test_only_the_lead_member_keeps_the_ledger(client, world):
    area = make_area(world, members=[world.member, world.neighbour], lead=world.neighbour)
    client.force_login(world.member_user)
    assert client.get(reverse("assessments:area_ledger", args=[area.pk])).status_code == 404
    world.neighbour.user = UserFactory(username="neighbour")
    world.neighbour.save(update_fields=["user"])
    client.force_login(world.neighbour.user)
    url = reverse("assessments:area_ledger", args=[area.pk])
    response = client.post(
        url,
        {
            "held_on": TODAY.isoformat(),
            "what": "入户走访",
            "result": "走访困难户3户",
            "participants": [world.neighbour.pk],
        },
    )
    assert response.status_code == 302
    activity = AreaActivity.objects.get()
    assert activity.recorded_by == world.neighbour.user and activity.area == area


def test_my_page_is_for_members_only(client, world):
    assert by_role(client, world, reverse("assessments:my_serving")) == only(200, "member_user")
    quarter = quarter_of(TODAY)
    url = reverse("assessments:my_report", args=[YEAR, quarter])
    assert by_role(client, world, url) == only(200, "member_user")


# -- township inspections: in reach and out --------------------------------------------------


def test_the_township_records_an_inspection_for_its_branches_only(client, world):
    client.force_login(world.township)
    data = {"kind": "township_quarterly", "held_on": TODAY.isoformat(), "findings": "台账齐全", "follow_ups": "补记"}
    response = client.post(reverse("assessments:inspection_new", args=["B1"]), data)
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and inspection.branch == world.branch
    assert inspection.organisation == world.town_a and inspection.inspected_by == world.township
    assert client.post(reverse("assessments:inspection_new", args=["B3"]), data).status_code == 404
    # The county's spot check is not the township's to record.
    page = client.get(reverse("assessments:inspection_new", args=["B1"])).content.decode()
    assert "乡镇季度检查" in page and "县级半年抽查" not in page
    # The branch reads it and answers.
    client.force_login(world.secretary)
    page = client.get(reverse("assessments:inspection_detail", args=[inspection.pk])).content.decode()
    assert "台账齐全" in page and "整改" in page
    client.post(reverse("assessments:inspection_answer", args=[inspection.pk]), {"response": "已补记", "done": "on"})
    inspection.refresh_from_db()
    assert inspection.follow_up_status == Inspection.FollowUp.DONE


def test_a_member_of_another_branch_does_not_find_an_inspection(client, world):
    inspection = make_inspection(world)
    world.sibling_member.user = UserFactory(username="sibling")
    world.sibling_member.save(update_fields=["user"])
    client.force_login(world.sibling_member.user)
    assert client.get(reverse("assessments:inspection_detail", args=[inspection.pk])).status_code == 404
    client.force_login(world.member_user)
    assert client.get(reverse("assessments:inspection_detail", args=[inspection.pk])).status_code == 404


# -- what the pages show -----------------------------------------------------------------


def test_the_area_page_shows_coverage_and_who_has_no_area(client, world):
    on_post(world.member, year=YEAR)
    on_post(world.neighbour, year=YEAR)
    make_area(world, members=[world.member], lead=world.member)
    client.force_login(world.secretary)
    page = client.get(reverse("assessments:areas", args=["B1"])).content.decode()
    assert "党员责任区" in page and "50.0%" in page and "李四" in page and "东街" in page
    make_area(world, name="西街", members=[world.neighbour])
    page = client.get(reverse("assessments:areas", args=["B1"])).content.decode()
    assert "100.0%" in page and "暂无责任区" not in page


def test_an_officer_sets_up_and_edits_an_area_from_the_page(client, world):
    client.force_login(world.secretary)
    url = reverse("assessments:area_new", args=["B1"])
    data = {"name": "北巷", "kind": "lane", "scope": "北巷1-20号", "duties": "巡查环境", "members": [world.member.pk]}
    assert client.post(url, data | {"lead": world.neighbour.pk}).status_code == 200  # lead not a member
    assert client.post(url, data | {"lead": world.member.pk}).status_code == 302
    area = area_selectors.branch_areas(world.branch, YEAR).get()
    assert area.name == "北巷"
    response = client.post(reverse("assessments:area_edit", args=[area.pk]), data | {"name": "北大巷"})
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.name == "北大巷"
    # Removal needs the box ticked.
    client.post(reverse("assessments:area_remove", args=[area.pk]))
    area.refresh_from_db()
    client.post(reverse("assessments:area_remove", args=[area.pk]), {"confirm": "on"})
    assert not type(area).objects.exists()


def test_a_refused_pair_shows_the_reason_in_chinese(client, world):
    mentee = activist(world.branch)
    client.force_login(world.secretary)
    third = full_member(world.branch, "孙七")
    response = client.post(
        reverse("assessments:pairs", args=["B1"]),
        {
            "mentee": mentee.pk,
            "mentors": [world.member.pk, world.neighbour.pk, third.pk],
            "starts_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200 and "最多两名" in response.content.decode()
    response = client.post(
        reverse("assessments:pairs", args=["B1"]),
        {"mentee": mentee.pk, "mentors": [world.member.pk], "starts_on": TODAY.isoformat()},
    )
    pair = MentoringPair.objects.get()
    assert response.status_code == 302
    client.post(reverse("assessments:pair_note", args=[pair.pk]), {"met_on": TODAY.isoformat(), "notes": "学习党章"})
    page = client.get(reverse("assessments:pair_detail", args=[pair.pk])).content.decode()
    assert "学习党章" in page and "帮带" in page
    client.post(reverse("assessments:pair_end", args=[pair.pk]), {"ends_on": TODAY.isoformat(), "reason": "已入党"})
    pair.refresh_from_db()
    assert pair.ends_on == TODAY


def test_a_member_hands_in_a_report_and_sees_area_and_contacts(client, world):
    cadre = MemberFactory(name="周村干", branch=world.branch, office="村委委员", phone="13800000001")
    assignment = on_post(world.member, year=YEAR)
    assignment.post.contact_cadre = cadre
    assignment.post.save(update_fields=["contact_cadre"])
    make_area(world, members=[world.member], lead=world.member)
    client.force_login(world.member_user)
    page = client.get(reverse("assessments:my_serving")).content.decode()
    assert "我的履岗" in page and "东街" in page and "周村干" in page and "包保" in page
    assert "13800000001" not in page  # only with the cadre's consent
    cadre.show_phone_publicly = True
    cadre.save(update_fields=["show_phone_publicly"])
    assert "13800000001" in client.get(reverse("assessments:my_serving")).content.decode()
    quarter = quarter_of(TODAY)
    url = reverse("assessments:my_report", args=[YEAR, quarter])
    assert client.post(url, {"text": "本季度走访8户"}).status_code == 302
    assert QuarterlyReport.objects.get().text == "本季度走访8户"
    client.force_login(world.secretary)
    url = reverse("assessments:reports", args=["B1"])
    page = client.get(url, {"year": YEAR, "quarter": quarter}).content.decode()
    assert "本季度走访8户" in page and "季度述职" in page


def test_a_closed_quarter_shows_the_report_locked(client, world):
    last_year = YEAR - 1
    QuarterlyReport.objects.create(
        member=world.member,
        branch=world.branch,
        year=last_year,
        quarter=1,
        text="去年一季度",
        submitted_at=timezone.now(),
    )
    client.force_login(world.member_user)
    url = reverse("assessments:my_report", args=[last_year, 1])
    page = client.get(url).content.decode()
    assert "去年一季度" in page and "<textarea" not in page
    assert client.post(url, {"text": "改"}).status_code == 200
    assert QuarterlyReport.objects.get().text == "去年一季度"
    # A quarter that has not begun is not a page.
    assert client.get(reverse("assessments:my_report", args=[YEAR + 1, 1])).status_code == 404


# -- constant queries --------------------------------------------------------------------


def _fill(world, n):
    people = [MemberFactory(branch=world.branch) for _ in range(n)]
    for i, person in enumerate(people):
        on_post(person, year=YEAR)
        area = make_area(world, name=f"片区{n}-{i}", members=[person, world.member], lead=person)
        areas.record_activity(
            area=area, held_on=TODAY, what="走访", result="走访2户", participants=[person], by=None, today=TODAY
        )
        mentoring.create_pair(
            branch=world.branch,
            mentee=activist(world.branch, f"积极{n}-{i}"),
            mentors=[person],
            starts_on=TODAY,
            by=None,
            today=TODAY,
        )
        checks.record_meeting(branch=world.branch, held_on=TODAY, attendees=people, topics="通报", by=None, today=TODAY)
        checks.write_report(member=person, year=YEAR, quarter=quarter_of(TODAY), text="述职", by=None, today=TODAY)
        make_inspection(world)
    return people


@pytest.mark.parametrize(
    "name",
    [
        "assessments:areas",
        "assessments:pairs",
        "assessments:meetings",
        "assessments:reports",
        "assessments:inspections",
    ],
)
def test_lists_run_a_constant_number_of_queries(client, world, django_assert_max_num_queries, name):
    client.force_login(world.secretary)
    url = reverse(name, args=["B1"])
    _fill(world, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _fill(world, 6)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_the_ledger_and_my_page_run_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    on_post(world.member, year=YEAR)
    area = make_area(world, members=[world.member], lead=world.member)
    make_pair(world, mentors=[world.member])
    for i in range(2):
        areas.record_activity(
            area=area, held_on=TODAY, what=f"走访{i}", result="走访", participants=[world.member], by=None, today=TODAY
        )
    client.force_login(world.member_user)
    urls = [reverse("assessments:area_ledger", args=[area.pk]), reverse("assessments:my_serving")]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        counts.append(len(ctx))
    for i in range(8):
        areas.record_activity(
            area=area,
            held_on=TODAY,
            what=f"巡查{i}",
            result="巡查",
            participants=[world.member, world.neighbour],
            by=None,
            today=TODAY,
        )
        make_area(world, name=f"另区{i}", members=[world.member, world.neighbour])
        make_pair(world, mentors=[world.member])
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)


def test_meetings_page_records_a_meeting(client, world):
    client.force_login(world.committee)
    url = reverse("assessments:meetings", args=["B1"])
    data = {"held_on": TODAY.isoformat(), "attendees": [world.member.pk, world.neighbour.pk], "topics": "通报本月履岗"}
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "通报本月履岗" in page and "月碰头" in page
    assert BranchMeeting.objects.get().recorded_by == world.committee


def test_the_inspection_overview_lists_the_branches_in_reach(client, world, django_assert_max_num_queries):
    make_inspection(world)
    make_inspection(world, branch=world.far)
    url = reverse("assessments:inspection_overview")
    assert by_role(client, world, url) == only(200, *SUPERVISORS, "outsider")
    client.force_login(world.township)
    page = client.get(url).content.decode()
    assert "东村党支部" in page and "南村党支部" in page and "西社区党支部" not in page and "1项整改未完成" in page
    with CaptureQueriesContext(connection) as small:
        client.get(url)

    for _ in range(5):
        make_inspection(world, branch=BranchFactory(parent=world.town_a))
    with django_assert_max_num_queries(len(small)):
        client.get(url)

"""Reminders on the home page: a member's own, and per branch for its officers, each linking
to the page where the work is done; a group leader's way to their group's log; a fixed number
of queries whatever the number of branches."""

import datetime

from django.urls import reverse
from django.utils import timezone

from assessments.models import ClosedMonth, DutyLogEntry
from assessments.selectors import reminders
from assessments.services import log
from members.tests.factories import BranchFactory, MemberFactory

from .log_data import TODAY, on_post

S = DutyLogEntry.Status


def entry(member, done_on=TODAY, **kwargs):
    return log.add_entry(
        member=member, assignment=member.assignments.first(), by=None, done_on=done_on, kind="individual", what="走访"
    )


def kinds(rows):
    return {r.kind for r in rows}


def test_a_member_on_post_who_logged_nothing_this_month_is_reminded(world):
    assert reminders.for_member(world.member) == []  # not on post: nothing to log
    on_post(world.member)
    rows = reminders.for_member(world.member)
    assert "log_silent" in kinds(rows)
    assert next(r for r in rows if r.kind == "log_silent").url == reverse("assessments:log_new")
    entry(world.member)
    assert "log_silent" not in kinds(reminders.for_member(world.member))


def test_a_returned_entry_asks_to_be_corrected(world):
    on_post(world.member)
    returned = entry(world.member)
    log.return_entry(entry=returned, by=world.secretary, reason="请补充服务对象")
    rows = reminders.for_member(world.member)
    assert "log_returned" in kinds(rows)


def test_officers_see_waiting_silent_and_unclosed_work_per_branch(world):
    on_post(world.member)
    on_post(world.neighbour)
    waiting = entry(world.member)
    DutyLogEntry.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    last_month = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=15)
    DutyLogEntry.objects.create(
        assignment=world.member.assignments.first(),
        member=world.member,
        branch=world.branch,
        done_on=last_month,
        what="上月的记录",
        status=S.VERIFIED,
    )
    rows = reminders.for_branches([world.branch, world.sibling])
    mine = kinds(rows[world.branch.pk])
    assert {"log_waiting", "log_silent", "month_open"} <= mine
    assert rows[world.sibling.pk] == []
    ClosedMonth.objects.create(branch=world.branch, month=last_month.replace(day=1), closed_by=world.secretary)
    assert "month_open" not in kinds(reminders.for_branches([world.branch])[world.branch.pk])


def test_branch_reminders_take_the_same_queries_for_many_branches(world, django_assert_max_num_queries):
    branches = [world.branch]
    with django_assert_max_num_queries(12) as few:
        reminders.for_branches(branches)
    many = branches + [BranchFactory(parent=world.town_a) for _ in range(6)]
    for b in many[1:]:
        on_post(MemberFactory(branch=b))
    with django_assert_max_num_queries(len(few.captured_queries)):
        reminders.for_branches(many)


def test_home_pages_lead_to_serving_on_post(client, world):
    on_post(world.member)
    client.force_login(world.member_user)
    page = client.get(reverse("home")).content.decode()
    assert reverse("assessments:log_new") in page and reverse("assessments:my_pledges") in page
    assert "本月" in page  # the reminder to log, in Chinese

    client.force_login(world.secretary)
    page = client.get(reverse("home")).content.decode()
    assert reverse("assessments:branch_log", args=["B1"]) in page
    assert reverse("assessments:branch_pledges", args=["B1"]) in page
    assert reverse("assessments:areas", args=["B1"]) in page
    assert reverse("assessments:branch_log", args=["B2"]) not in page

    client.force_login(world.group_leader)
    page = client.get(reverse("home")).content.decode()
    assert reverse("assessments:branch_log", args=["B1"]) + "?status=submitted" in page

    client.force_login(world.township)
    page = client.get(reverse("home")).content.decode()
    assert reverse("assessments:log_counts") in page and reverse("assessments:inspection_overview") in page

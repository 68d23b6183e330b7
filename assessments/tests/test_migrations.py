"""Rows made before serving on post was built (the admin-only duty log and pledges) survive
the migrations: entries get their member and branch, pledges their branch, and old statuses
map onto the new workflow with the reasons its checks require."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from posts.models import Assignment
from posts.tests.factories import AssignmentFactory


@pytest.mark.django_db(transaction=True)
def test_log_entries_and_pledges_made_before_keep_their_meaning(world):
    holder = AssignmentFactory(post__branch=world.branch, member=world.member, status=Assignment.Status.ON_POST)
    before = [("assessments", "0002_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldEntry, OldPledge = old.get_model("assessments", "DutyLogEntry"), old.get_model("assessments", "Pledge")
    checked = OldEntry.objects.create(
        assignment_id=holder.pk, done_on="2026-03-01", what="入户宣传", checked_at="2026-03-02T10:00:00+08:00"
    )
    waiting = OldEntry.objects.create(assignment_id=holder.pk, done_on="2026-03-05", what="调解纠纷")
    made = OldPledge.objects.create(member_id=world.member.pk, year=2026, text="每月走访五户", status="made")
    kept = OldPledge.objects.create(member_id=world.member.pk, year=2026, text="清理河道", status="fulfilled")
    failed = OldPledge.objects.create(member_id=world.member.pk, year=2026, text="带动两户", status="unfulfilled")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from assessments.models import DutyLogEntry, Pledge

    entries = {e.pk: e for e in DutyLogEntry.objects.all()}
    assert (entries[checked.pk].member, entries[checked.pk].branch, entries[checked.pk].status) == (
        world.member,
        world.branch,
        "verified",
    )
    assert entries[waiting.pk].status == "submitted"
    pledges = {p.pk: p for p in Pledge.objects.all()}
    assert {p.branch for p in pledges.values()} == {world.branch}
    assert [pledges[pk].status for pk in (made.pk, kept.pk, failed.pk)] == ["accepted", "fulfilled", "not_fulfilled"]
    assert pledges[kept.pk].outcome_reason and pledges[failed.pk].outcome_reason

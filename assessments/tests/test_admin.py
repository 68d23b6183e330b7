"""The assessment back office is read-only: a grade typed in here would defer a member from
posts with no history and no audit entry. (Per-role reach of every admin is in
tests/test_admin_matrix.py.)"""

import pytest
from django.urls import reverse

from assessments.models import Assessment, DutyLogEntry, Pledge
from posts.tests.factories import AssignmentFactory


@pytest.fixture
def rows(world):
    assignment = AssignmentFactory(post__branch=world.branch, member=world.member)
    return {
        "assessment": Assessment.objects.create(member=world.member, year=2025, grade=Assessment.Grade.QUALIFIED),
        "pledge": Pledge.objects.create(member=world.member, year=2026, text="每月走访"),
        "dutylogentry": DutyLogEntry.objects.create(
            assignment=assignment,
            member=assignment.member,
            branch=assignment.post.branch,
            done_on="2026-03-01",
            what="入户宣传",
        ),
    }


@pytest.mark.parametrize("who", ["secretary", "superuser"])
def test_the_admin_refuses_every_write(client, world, rows, who):
    client.force_login(getattr(world, who))
    for name, row in rows.items():
        assert client.get(reverse(f"admin:assessments_{name}_add")).status_code == 403, name
        change = reverse(f"admin:assessments_{name}_change", args=[row.pk])
        assert client.get(change).status_code == 200, name  # still readable
        assert client.post(change, {"grade": "unqualified", "text": "改", "what": "改"}).status_code == 403, name
        delete = reverse(f"admin:assessments_{name}_delete", args=[row.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403, name
        changelist = reverse(f"admin:assessments_{name}_changelist")
        bulk = client.post(changelist, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"})
        assert bulk.status_code in (200, 302), name
        assert type(row).objects.filter(pk=row.pk).exists(), name
    assert Assessment.objects.get().grade == Assessment.Grade.QUALIFIED

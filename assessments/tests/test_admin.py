"""The assessment back office points rows only at people and posts the officer runs.
(Per-role reach of every admin is in tests/test_admin_matrix.py.)"""

from django.urls import reverse

from posts.tests.factories import AssignmentFactory


def test_forms_offer_only_own_branch_people_and_posts(client, world):
    mine = AssignmentFactory(post__branch=world.branch, member=world.member)
    AssignmentFactory(post__branch=world.far, member=world.far_member)
    client.force_login(world.secretary)
    for name in ("pledge", "dutylogentry"):
        form = client.get(reverse(f"admin:assessments_{name}_add")).context["adminform"].form
        assert list(form.fields["assignment"].queryset) == [mine], name
    form = client.get(reverse("admin:assessments_assessment_add")).context["adminform"].form
    assert set(form.fields["member"].queryset) == {world.member, world.neighbour}


def test_assessment_records_who_assessed(client, world):
    from assessments.models import Assessment

    client.force_login(world.committee)
    response = client.post(reverse("admin:assessments_assessment_add"), {
        "member": world.member.pk, "year": 2025, "period": "annual", "grade": "unqualified", "remarks": ""})
    assert response.status_code == 302
    assert Assessment.objects.get().assessed_by == world.committee

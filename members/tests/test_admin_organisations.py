from django.urls import reverse

from members.models import Organisation


def test_secretary_adds_a_group_under_their_branch(client, world):
    client.force_login(world.secretary)
    response = client.post(
        reverse("admin:members_organisation_add"),
        {
            "code": "B1G9",
            "name": "第九党小组",
            "level": "group",
            "parent": world.branch.pk,
            "posts_per_person": 1,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = Organisation.objects.get(code="B1G9")
    assert group.path == "/C1/T1/B1/B1G9/"


def test_secretary_cannot_hang_an_organisation_under_another_branch(client, world):
    client.force_login(world.secretary)
    response = client.post(
        reverse("admin:members_organisation_add"),
        {
            "code": "B3G9",
            "name": "外支部小组",
            "level": "group",
            "parent": world.far.pk,
            "posts_per_person": 1,
        },
    )
    assert response.status_code == 200  # the form comes back with an error
    assert not Organisation.objects.filter(code="B3G9").exists()


def test_secretary_cannot_move_their_branch(client, world):
    client.force_login(world.secretary)
    url = reverse("admin:members_organisation_change", args=[world.branch.pk])
    client.post(
        url, {"name": "东村党总支", "secretary_name": "张书记", "phone": "", "address": "", "posts_per_person": 2}
    )
    world.branch.refresh_from_db()
    assert world.branch.name == "东村党总支" and world.branch.posts_per_person == 2
    assert world.branch.parent == world.town_a and world.branch.code == "B1"


def test_code_change_carries_the_subtree(world):
    world.branch.code = "B1X"
    world.branch.save()
    world.group.refresh_from_db()
    assert world.group.path == "/C1/T1/B1X/B1G1/"


def add(client, **data):
    return client.post(reverse("admin:members_organisation_add"), {"posts_per_person": 1, **data})


def test_secretary_cannot_forge_a_county_or_township_or_branch_under_their_branch(client, world):
    """Else they add a "county" under B1, make themselves its official, and the fake shows in T1's lists."""
    from members.models import Role

    client.force_login(world.secretary)
    for level, parent in (
        ("county", world.branch),
        ("township", world.branch),
        ("branch", world.branch),
        ("county", None),
        ("group", world.group),
    ):
        code = f"FAKE{level}{parent.pk if parent else ''}"
        response = add(
            client,
            code=code,
            name="假组织",
            level=level,
            parent=parent.pk if parent else "",
            kind="village" if level == "branch" else "",
        )
        assert response.status_code == 200, (level, response.status_code)
        assert not Organisation.objects.filter(code=code).exists(), level
    assert not Role.objects.filter(user=world.secretary).exclude(organisation=world.branch).exists()


def test_the_add_form_offers_officers_groups_under_their_branches_only(client, world):
    client.force_login(world.secretary)
    form = client.get(reverse("admin:members_organisation_add")).context["adminform"].form
    assert [value for value, _label in form.fields["level"].choices if value] == ["group"]
    assert [str(pk) for pk, _label in form.fields["parent"].choices if pk] == [str(world.branch.pk)]


def test_model_clean_refuses_every_wrong_parent(world):
    import pytest
    from django.core.exceptions import ValidationError

    cases = [
        ("county", world.branch),
        ("county", world.county),
        ("township", world.branch),
        ("branch", world.county),
        ("branch", world.branch),
        ("group", world.town_a),
        ("group", world.group),
        ("township", None),
        ("branch", None),
        ("group", None),
    ]
    for level, parent in cases:
        org = Organisation(code="X", name="x", level=level, parent=parent, kind="village" if level == "branch" else "")
        with pytest.raises(ValidationError):
            org.full_clean()


def test_the_database_refuses_wrong_parents_whoever_writes(world):
    """A check constraint (county ⇔ no parent) and a trigger (parent exactly one level up)."""
    import pytest
    from django.db import IntegrityError, transaction

    cases = [
        ("county", world.branch),
        ("township", world.branch),
        ("branch", world.branch),
        ("group", world.town_a),
        ("branch", None),
    ]
    for level, parent in cases:
        with pytest.raises(IntegrityError), transaction.atomic():
            Organisation.objects.create(
                code=f"X{level}", name="x", level=level, parent=parent, kind="village" if level == "branch" else ""
            )
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=world.group.pk).update(parent=world.town_a)
    # A level change that would leave the children misplaced.
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=world.town_a.pk).update(level="branch")
    # What fits still goes in.
    Organisation.objects.create(code="B1G2", name="第二党小组", level="group", parent=world.branch)


def test_add_organisation_service_checks_the_officer(world):
    import pytest
    from django.core.exceptions import ValidationError

    from members import services

    with pytest.raises(ValidationError):
        services.add_organisation(
            organisation=Organisation(code="B3G9", name="x", level="group", parent=world.far), by=world.secretary
        )
    with pytest.raises(ValidationError):
        services.add_organisation(
            organisation=Organisation(code="T9", name="x", level="township", parent=world.county), by=world.secretary
        )
    group = services.add_organisation(
        organisation=Organisation(code="B1G9", name="第九党小组", level="group", parent=world.branch),
        by=world.secretary,
    )
    assert group.path == "/C1/T1/B1/B1G9/"
    town = services.add_organisation(
        organisation=Organisation(code="T9", name="新镇", level="township", parent=world.county), by=world.superuser
    )
    assert town.path == "/C1/T9/"


def test_a_level_change_that_would_strand_the_children_is_explained(world):
    import pytest
    from django.core.exceptions import ValidationError

    world.town_a.level = "branch"
    world.town_a.parent = world.town_b
    world.town_a.kind = "village"
    with pytest.raises(ValidationError) as error:
        world.town_a.full_clean()
    assert "level" in error.value.message_dict

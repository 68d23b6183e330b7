"""Roles in the back office: an officer hands roles only to accounts of their own branch's
members, and every grant, change and revocation goes through the services (who and when)."""

from django.urls import reverse

from members.models import Member, Role, RoleEvent
from members.tests.factories import MemberFactory, UserFactory


def choices(response, field):
    return {str(pk) for pk, _label in response.context["adminform"].form.fields[field].choices if pk}


def test_role_form_offers_only_accounts_of_the_branchs_members(client, world):
    client.force_login(world.secretary)
    offered = choices(client.get(reverse("admin:members_role_add")), "user")
    assert offered == {str(world.member_user.pk)}  # 张三, the one B1 member with an account


def test_a_forged_account_outside_the_branch_is_refused(client, world):
    far_account = UserFactory(username="13900000000")
    world.far_member.user = far_account
    world.far_member.save()
    client.force_login(world.secretary)
    for user in (far_account, world.township, world.outsider, world.superuser):
        response = client.post(
            reverse("admin:members_role_add"),
            {"user": user.pk, "organisation": world.branch.pk, "kind": Role.Kind.BRANCH_COMMITTEE},
        )
        assert response.status_code == 200 and response.context["adminform"].form.errors.get("user"), user
        assert not Role.objects.filter(user=user, organisation=world.branch).exists()


def test_members_login_account_field_is_scoped(client, world):
    stray = UserFactory(username="13700000000")  # an account with no roster record
    client.force_login(world.secretary)
    url = reverse("admin:members_member_change", args=[world.neighbour.pk])
    assert choices(client.get(url), "user") == {str(world.member_user.pk)}
    data = {
        "name": "李四",
        "id_number": world.neighbour.id_number,
        "gender": "male",
        "birth_date": "1980-05-17",
        "ethnicity": "汉族",
        "category": "full",
        "branch": world.branch.pk,
        "health": "good",
        "household": "ordinary",
        "user": stray.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["adminform"].form.errors.get("user")
    assert Member.objects.get(pk=world.neighbour.pk).user is None


def test_user_pickers_have_no_unscoped_endpoints(client, world):
    client.force_login(world.secretary)
    for field, model in (("user", "role"), ("user", "member")):
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": "members", "model_name": model, "field_name": field, "term": "1"},
        )
        assert response.status_code == 403, (model, response.status_code)
    # The raw-id pop-up lists users from auth's own admin, which officers cannot open.
    assert client.get(reverse("admin:auth_user_changelist"), {"_popup": 1, "_to_field": "id"}).status_code == 403


def test_grant_change_and_revoke_go_through_the_services(client, world):
    client.force_login(world.secretary)
    response = client.post(
        reverse("admin:members_role_add"),
        {"user": world.member_user.pk, "organisation": world.branch.pk, "kind": Role.Kind.BRANCH_COMMITTEE},
    )
    assert response.status_code == 302
    role = Role.objects.get(user=world.member_user, organisation=world.branch)
    assert role.granted_by == world.secretary
    world.member_user.refresh_from_db()
    assert world.member_user.is_staff

    # Changing the role (now group leader of the group) leaves no committee role behind.
    response = client.post(
        reverse("admin:members_role_change", args=[role.pk]),
        {"user": world.member_user.pk, "organisation": world.group.pk, "kind": Role.Kind.GROUP_LEADER},
    )
    assert response.status_code == 302
    assert list(Role.objects.filter(user=world.member_user).values_list("organisation__code", "kind")) == [
        ("B1G1", Role.Kind.GROUP_LEADER)
    ]
    world.member_user.refresh_from_db()
    assert not world.member_user.is_staff  # a group leader has no back office

    leader_role = Role.objects.get(user=world.member_user)
    response = client.post(reverse("admin:members_role_delete", args=[leader_role.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Role.objects.filter(user=world.member_user).exists()
    history = list(
        RoleEvent.objects.filter(user=world.member_user)
        .order_by("pk")
        .values_list("action", "kind", "organisation__code", "by__username")
    )
    assert history == [
        ("granted", "branch_committee", "B1", "secretary"),
        ("granted", "group_leader", "B1G1", "secretary"),
        ("revoked", "branch_committee", "B1", "secretary"),
        ("revoked", "group_leader", "B1G1", "secretary"),
    ]


def test_bulk_delete_revokes_each_role(client, world):
    account = UserFactory(username="13600000000")
    MemberFactory(branch=world.branch, user=account)
    role = Role.objects.create(user=account, organisation=world.branch, kind=Role.Kind.BRANCH_COMMITTEE)
    client.force_login(world.secretary)
    response = client.post(
        reverse("admin:members_role_changelist"),
        {"action": "delete_selected", "_selected_action": [role.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()
    assert RoleEvent.objects.filter(user=account, action="revoked", by=world.secretary).count() == 1


def test_the_holder_of_a_role_stays_choosable_when_editing_it(client, world):
    role = Role.objects.get(user=world.committee)
    client.force_login(world.secretary)
    assert str(world.committee.pk) in choices(client.get(reverse("admin:members_role_change", args=[role.pk])), "user")

import logging

from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from members.models import Member
from members.tests.factories import MemberFactory


def url(branch):
    return reverse("create_accounts", args=[branch.code])


def test_secretary_creates_accounts_and_sees_each_password_once(client, world, caplog):
    world.neighbour.phone = "13800001111"
    world.neighbour.save()
    extra = MemberFactory(name="钱七", branch=world.branch, phone="")
    client.force_login(world.secretary)
    page = client.get(url(world.branch)).content.decode()
    assert "李四" in page and "钱七" in page and "张三" not in page  # 张三 has an account

    with caplog.at_level(logging.DEBUG):
        response = client.post(url(world.branch), {"member": [world.neighbour.pk, extra.pk]})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    created = response.context["created"]
    assert {m.name for m, _, _ in created} == {"李四", "钱七"}
    usernames = {m.name: u for m, u, _ in created}
    assert usernames["李四"] == "13800001111"  # the phone number, easy to remember
    assert usernames["钱七"] == f"B1-{extra.pk}"
    for member, username, password in created:
        # The login throttle (axes) judges by the request, as the login page passes it.
        assert authenticate(RequestFactory().post("/login/"), username=username, password=password) is not None
        assert password not in caplog.text
        assert Member.objects.get(pk=member.pk).user.username == username


def test_second_run_skips_members_who_have_accounts(client, world):
    client.force_login(world.secretary)
    client.post(url(world.branch), {"member": [world.neighbour.pk]})
    response = client.post(url(world.branch), {"member": [world.neighbour.pk]}, follow=True)
    assert response.redirect_chain  # nothing to create: back to the form with a message


def test_members_of_other_branches_cannot_be_smuggled_in(client, world):
    client.force_login(world.secretary)
    response = client.post(url(world.branch), {"member": [world.far_member.pk, world.neighbour.pk]})
    assert [m.name for m, _, _ in response.context["created"]] == ["李四"]
    assert Member.objects.get(pk=world.far_member.pk).user is None


def test_only_the_branch_officers_may_create_accounts(client, world):
    for user in (world.member_user, world.group_leader, world.township, world.county_official, world.outsider):
        client.force_login(user)
        assert client.get(url(world.branch)).status_code == 404
        assert client.post(url(world.branch), {"member": [world.neighbour.pk]}).status_code == 404
    assert Member.objects.get(pk=world.neighbour.pk).user is None

"""Login throttling (django-axes), unlocking, and the forced change of an initial password."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import PasswordState

LOGIN = "/login/"


def try_login(client, username, password, address="10.0.0.1", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_repeated_wrong_passwords_lock_the_user_name_at_that_address(client, world):
    for _ in range(30):
        try_login(client, "member", "wrong")
    response = try_login(client, "member", "pass-1234")
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    # In Chinese, with the time to try again.
    assert "密码错误次数过多" in page and re.search(r"请于 \d\d:\d\d 之后再试", page)


def test_the_lock_is_for_that_user_name_from_that_address_only(client, world):
    for _ in range(5):
        try_login(client, "member", "wrong")
    assert try_login(client, "member", "pass-1234").status_code == 429
    # The member from another address, and another user from this one, still log in.
    assert try_login(client, "member", "pass-1234", address="10.0.0.2").status_code == 302
    client.logout()
    assert try_login(client, "secretary", "pass-1234").status_code == 302


def test_four_mistakes_do_not_lock_and_a_success_starts_the_count_again(client, world):
    for _ in range(4):
        try_login(client, "member", "wrong")
    assert try_login(client, "member", "pass-1234").status_code == 302
    client.logout()
    for _ in range(4):
        try_login(client, "member", "wrong")
    assert try_login(client, "member", "pass-1234").status_code == 302


def test_behind_a_proxy_the_sender_address_counts(client, world, settings):
    """With TRUSTED_PROXY_COUNT=1 the lock is on the address the proxy saw; what the sender
    writes further left in X-Forwarded-For does not give them fresh tries."""
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        try_login(client, "member", "wrong", address="192.168.0.1", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.7")
    assert (
        try_login(
            client, "member", "pass-1234", address="192.168.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7"
        ).status_code
        == 429
    )
    # Another sender behind the same proxy is not locked out with them.
    assert (
        try_login(client, "member", "pass-1234", address="192.168.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code
        == 302
    )


def lock(client, username):
    for _ in range(5):
        try_login(client, username, "wrong")


def test_an_officer_unlocks_a_member_of_their_branch(client, world):
    lock(client, "member")
    client.force_login(world.secretary)
    page = client.get(reverse("branch_logins", args=["B1"])).content.decode()
    assert "已锁定" in page
    response = client.post(reverse("unlock_login", args=["B1", world.member.pk]))
    assert response.status_code == 302
    client.logout()
    assert try_login(client, "member", "pass-1234").status_code == 302


def test_officers_of_other_branches_and_overseers_cannot_unlock(client, world):
    lock(client, "member")
    for user in (world.outsider, world.township, world.county_official, world.group_leader, world.member_user):
        client.force_login(user)
        assert client.post(reverse("unlock_login", args=["B1", world.member.pk])).status_code == 404
        assert client.post(reverse("unlock_login", args=["B3", world.member.pk])).status_code == 404
    client.logout()
    assert try_login(client, "member", "pass-1234").status_code == 429


def test_an_account_from_the_slip_must_choose_its_own_password_first(client, world):
    client.force_login(world.secretary)
    created = client.post(reverse("create_accounts", args=["B1"]), {"member": [world.neighbour.pk]}).context["created"]
    _member, username, password = created[0]
    client.logout()

    assert try_login(client, username, password).status_code == 302
    for url in (reverse("home"), reverse("posts:my_claims"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("password_change"), url
    page = client.get(reverse("password_change")).content.decode()
    assert "修改密码" in page

    new = "qingshan-lake-77"
    response = client.post(
        reverse("password_change"), {"old_password": password, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # still logged in, free to go on
    user = get_user_model().objects.get(username=username)
    assert user.check_password(new)
    assert not PasswordState.objects.get(user=user).must_change
    client.logout()
    assert try_login(client, username, new).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_every_user_has_a_password_page_in_the_nav(client, world):
    client.force_login(world.member_user)
    page = client.get(reverse("home")).content.decode()
    assert reverse("password_change") in page
    response = client.post(
        reverse("password_change"), {"old_password": "pass-1234", "new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200 and response.context["form"].errors  # too short, explained


def test_a_new_initial_password_from_the_officer_is_shown_once_and_must_be_changed(client, world):
    lock(client, "member")
    client.force_login(world.secretary)
    response = client.post(reverse("reset_login", args=["B1", world.member.pk]))
    assert response.status_code == 200
    [(member, username, password)] = response.context["created"]
    assert username == "member" and password in response.content.decode()
    client.logout()
    assert try_login(client, "member", "pass-1234").status_code == 200  # the old one is gone
    assert try_login(client, "member", password).status_code == 302  # and the lock
    assert client.get(reverse("home"))["Location"] == reverse("password_change")


@pytest.mark.django_db
def test_demo_logins_do_not_have_to_change_their_password(client):
    from io import StringIO

    call_command("load_demo", stdout=StringIO())
    assert not PasswordState.objects.filter(must_change=True).exists()
    assert try_login(client, "member", "demo-2026").status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_the_logins_page_runs_the_same_queries_for_any_number_of_accounts(client, world):
    from members.tests.factories import MemberFactory, UserFactory

    client.force_login(world.secretary)
    url = reverse("branch_logins", args=["B1"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(12):
        MemberFactory(branch=world.branch, user=UserFactory(username=f"1380000{n:04d}"))
    client.logout()
    lock(client, "13800000003")
    client.force_login(world.secretary)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few)
    assert page.count("已锁定") == 1


def test_a_password_a_superuser_types_for_someone_else_must_be_changed(client, world):
    client.force_login(world.superuser)
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "new-secretary",
            "usable_password": "true",
            "password1": "initial-pass-2026",
            "password2": "initial-pass-2026",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    created = get_user_model().objects.get(username="new-secretary")
    assert PasswordState.objects.get(user=created).must_change

    url = reverse("admin:auth_user_password_change", args=[world.secretary.pk])
    response = client.post(
        url, {"usable_password": "true", "password1": "reset-pass-2026", "password2": "reset-pass-2026"}
    )
    assert response.status_code == 302
    assert PasswordState.objects.get(user=world.secretary).must_change
    client.logout()
    assert try_login(client, "secretary", "reset-pass-2026").status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("password_change")

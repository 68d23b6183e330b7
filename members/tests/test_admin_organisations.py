from django.urls import reverse

from members.models import Organisation


def test_secretary_adds_a_group_under_their_branch(client, world):
    client.force_login(world.secretary)
    response = client.post(reverse("admin:members_organisation_add"), {
        "code": "B1G9", "name": "第九党小组", "level": "group", "parent": world.branch.pk,
        "posts_per_person": 1,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    group = Organisation.objects.get(code="B1G9")
    assert group.path == "/C1/T1/B1/B1G9/"


def test_secretary_cannot_hang_an_organisation_under_another_branch(client, world):
    client.force_login(world.secretary)
    response = client.post(reverse("admin:members_organisation_add"), {
        "code": "B3G9", "name": "外支部小组", "level": "group", "parent": world.far.pk,
        "posts_per_person": 1,
    })
    assert response.status_code == 200  # the form comes back with an error
    assert not Organisation.objects.filter(code="B3G9").exists()


def test_secretary_cannot_move_their_branch(client, world):
    client.force_login(world.secretary)
    url = reverse("admin:members_organisation_change", args=[world.branch.pk])
    client.post(url, {"name": "东村党总支", "secretary_name": "张书记", "phone": "", "address": "",
                      "posts_per_person": 2})
    world.branch.refresh_from_db()
    assert world.branch.name == "东村党总支" and world.branch.posts_per_person == 2
    assert world.branch.parent == world.town_a and world.branch.code == "B1"


def test_code_change_carries_the_subtree(world):
    world.branch.code = "B1X"
    world.branch.save()
    world.group.refresh_from_db()
    assert world.group.path == "/C1/T1/B1X/B1G1/"

"""Back office for the catalogue: shared classes, owner-scoped post types, and the rows
whose changes belong to the post pages. (Per-role reach of every admin is in
tests/test_admin_matrix.py.)"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from posts.models import PostClass, PostType
from posts.tests.factories import BranchPostFactory, ClaimFactory, PostTypeFactory


@pytest.fixture
def catalogue(world):
    call_command("load_presets", verbosity=0)
    return {
        "own": PostTypeFactory(owner=world.branch, name="东村个性岗"),
        "common": PostTypeFactory(owner=world.town_a, name="东镇共性岗"),
        "far": PostTypeFactory(owner=world.far, name="西社区个性岗"),
        "far_common": PostTypeFactory(owner=world.town_b, name="西镇共性岗"),
        "preset": PostType.objects.get(name="村组干部岗"),
    }


def listed(client, url):
    return {obj.name for obj in client.get(url).context["cl"].result_list}


def test_post_classes_are_read_by_staff_and_changed_by_the_superuser(client, world, catalogue):
    cls = PostClass.objects.get(name="公共事务类")
    change = reverse("admin:posts_postclass_change", args=[cls.pk])
    for role in ("secretary", "township", "outsider"):
        client.force_login(getattr(world, role))
        assert client.get(change).status_code == 200
        assert client.post(change, {"name": "改名", "order": 1}).status_code == 403
        assert client.get(reverse("admin:posts_postclass_add")).status_code == 403
    client.force_login(world.superuser)
    assert client.post(change, {"name": "公共服务类", "order": 3, "description": ""}).status_code == 302
    cls.refresh_from_db()
    assert cls.name == "公共服务类"


def test_post_types_each_role_reads(client, world, catalogue):
    url = reverse("admin:posts_posttype_changelist") + "?origin=own"
    client.force_login(world.secretary)
    assert listed(client, url) == {"东村个性岗"}
    everything = listed(client, reverse("admin:posts_posttype_changelist") + "?all=")
    assert {"东村个性岗", "东镇共性岗", "村组干部岗"} <= everything
    assert not {"西社区个性岗", "西镇共性岗"} & everything
    client.force_login(world.outsider)
    assert listed(client, url) == {"西社区个性岗"}


def test_only_the_owning_branch_changes_its_post_types(client, world, catalogue):
    client.force_login(world.secretary)
    for key, status in (("own", 200), ("common", 200), ("preset", 200)):
        assert client.get(reverse("admin:posts_posttype_change", args=[catalogue[key].pk])).status_code == status
    own, common, preset = catalogue["own"], catalogue["common"], catalogue["preset"]
    data = {
        "post_class": own.post_class.pk,
        "name": own.name,
        "duties": "改过的职责",
        "branch_kinds": "[]",
        "owner": world.branch.pk,
        "is_active": "on",
    }
    assert client.post(reverse("admin:posts_posttype_change", args=[own.pk]), data).status_code == 302
    for other in (common, preset):
        assert client.post(reverse("admin:posts_posttype_change", args=[other.pk]), data).status_code == 403
    own.refresh_from_db()
    assert own.duties == "改过的职责"
    form = client.get(reverse("admin:posts_posttype_add")).context["adminform"].form
    assert list(form.fields["owner"].queryset) == [world.branch] and form.fields["owner"].required


def test_branch_posts_are_set_and_changed_on_their_pages_only(client, world):
    # Through adopt_posts / update_branch_post, which check the places taken and log the change.
    post = BranchPostFactory(branch=world.branch, headcount=2)
    client.force_login(world.secretary)
    assert client.get(reverse("admin:posts_branchpost_add")).status_code == 403
    form = client.get(reverse("admin:posts_branchpost_change", args=[post.pk])).context["adminform"].form
    assert not form.fields
    assert (
        client.post(
            reverse("admin:posts_branchpost_change", args=[post.pk]), {"headcount": 9, "is_open": ""}
        ).status_code
        == 403
    )
    assert client.post(reverse("admin:posts_branchpost_delete", args=[post.pk]), {"post": "yes"}).status_code == 403
    post.refresh_from_db()
    assert post.headcount == 2


def test_claims_are_not_added_or_decided_in_the_back_office(client, world):
    claim = ClaimFactory(post=BranchPostFactory(branch=world.branch), member=world.member)
    client.force_login(world.secretary)
    assert client.get(reverse("admin:posts_claim_add")).status_code == 403
    form = client.get(reverse("admin:posts_claim_change", args=[claim.pk])).context["adminform"].form
    assert "status" not in form.fields and "votes" not in form.fields
    assert client.get(reverse("admin:posts_claimround_add")).status_code == 403

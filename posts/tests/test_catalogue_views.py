"""The catalogue pages: who reaches them (in and out of scope), what they change, and
their query counts."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from posts.models import BranchPost, ClaimRound, PostClass, PostType
from posts.tests.factories import BranchPostFactory, ClaimRoundFactory, PostTypeFactory
from posts.tests.roles import MANAGERS, SUPERVISORS, by_role, only

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def presets(db):
    call_command("load_presets", verbosity=0)


def test_catalogue_page_per_role(client, world):
    here, far = reverse("posts:catalogue", args=[world.branch.code]), reverse("posts:catalogue", args=[world.far.code])
    assert by_role(client, world, here) == only(200, *SUPERVISORS)
    assert by_role(client, world, far) == only(200, "outsider", "county_official", "superuser")


@pytest.mark.parametrize("name", ["adopt", "own_post", "round_open"])
def test_branch_setup_pages_are_for_its_officers(client, world, name):
    assert by_role(client, world, reverse(f"posts:{name}", args=[world.branch.code])) == only(200, *MANAGERS)
    assert by_role(client, world, reverse(f"posts:{name}", args=[world.far.code])) == only(200, "outsider", "superuser")


def test_post_and_type_edit_pages_are_for_the_owners(client, world):
    post = BranchPostFactory(branch=world.branch, post_type=PostTypeFactory(owner=world.branch))
    assert by_role(client, world, reverse("posts:post_edit", args=[post.pk])) == only(200, *MANAGERS)
    assert by_role(client, world, reverse("posts:type_edit", args=[post.post_type.pk])) == only(200, *MANAGERS)
    common = PostTypeFactory(owner=world.town_a)
    assert by_role(client, world, reverse("posts:type_edit", args=[common.pk])) == only(
        200, "township", "county_official", "superuser"
    )
    far = BranchPostFactory(branch=world.far, post_type=PostTypeFactory(owner=world.far))
    assert by_role(client, world, reverse("posts:post_edit", args=[far.pk])) == only(200, "outsider", "superuser")
    assert by_role(client, world, reverse("posts:type_edit", args=[far.post_type.pk])) == only(
        200, "outsider", "superuser"
    )
    far_common = PostTypeFactory(owner=world.town_b)
    assert by_role(client, world, reverse("posts:type_edit", args=[far_common.pk])) == only(
        200, "county_official", "superuser"
    )


def test_presets_are_not_edited_on_a_page(client, world, presets):
    preset = PostType.objects.filter(owner=None).first()
    assert by_role(client, world, reverse("posts:type_edit", args=[preset.pk])) == only(404)


def test_common_posts_page_is_for_townships_and_counties(client, world):
    assert by_role(client, world, reverse("posts:common_posts")) == only(
        200, "township", "county_official", "superuser"
    )


def test_read_only_roles_change_nothing(client, world, presets):
    data = {"post_types": [PostType.objects.get(name="村组干部岗").pk], "headcount": 1}
    for role in ("township", "county_official", "group_leader", "member_user", "outsider"):
        client.force_login(getattr(world, role))
        assert client.post(reverse("posts:adopt", args=[world.branch.code]), data).status_code == 404
        assert (
            client.post(
                reverse("posts:round_open", args=[world.branch.code]),
                {"year": YEAR, "starts_on": TODAY, "ends_on": TODAY},
            ).status_code
            == 404
        )
    assert not BranchPost.objects.exists() and not ClaimRound.objects.exists()


def test_secretary_sets_posts_opens_a_round_and_adds_an_own_post(client, world, presets):
    client.force_login(world.secretary)
    wanted = PostType.objects.filter(name__in=["政策法规宣传岗", "河塘管护责任岗"])
    response = client.post(
        f"{reverse('posts:adopt', args=[world.branch.code])}?year={YEAR}",
        {"post_types": [t.pk for t in wanted], "headcount": 2},
        follow=True,
    )
    assert "本年度岗位已设置。" in response.content.decode()
    assert sorted(BranchPost.objects.filter(branch=world.branch, year=YEAR).values_list("headcount", flat=True)) == [
        2,
        2,
    ]

    response = client.post(
        reverse("posts:round_open", args=[world.branch.code]),
        {"year": YEAR, "starts_on": TODAY.isoformat(), "ends_on": (TODAY + datetime.timedelta(days=7)).isoformat()},
        follow=True,
    )
    page = response.content.decode()
    assert "认岗时间已设定" in page and "党员可在" in page
    assert ClaimRound.objects.get(branch=world.branch).opened_by == world.secretary

    response = client.post(
        f"{reverse('posts:own_post', args=[world.branch.code])}?year={YEAR}",
        {
            "post_class": PostClass.objects.get(name="公共事务类").pk,
            "name": "侨情联络岗",
            "duties": "联系在外侨胞。",
            "service_menu": "",
            "targets": "",
            "headcount": 1,
        },
        follow=True,
    )
    assert "已增设个性岗位" in response.content.decode()
    assert BranchPost.objects.get(post_type__name="侨情联络岗").post_type.owner == world.branch


def test_overlapping_round_is_refused_with_the_reason(client, world):
    ClaimRoundFactory(branch=world.branch, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=3))
    client.force_login(world.committee)
    response = client.post(
        reverse("posts:round_open", args=[world.branch.code]),
        {"year": YEAR, "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert "认岗批次时间重叠" in response.content.decode()
    assert ClaimRound.objects.count() == 1


def test_secretary_edits_a_post(client, world):
    post = BranchPostFactory(branch=world.branch, headcount=1)
    client.force_login(world.secretary)
    response = client.post(
        reverse("posts:post_edit", args=[post.pk]),
        {"headcount": 4, "lead": world.neighbour.pk, "is_open": "", "extra_duties": "兼管河堤"},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.headcount, post.lead, post.is_open, post.extra_duties) == (4, world.neighbour, False, "兼管河堤")


def test_lead_must_be_on_the_branch_roster(client, world):
    post = BranchPostFactory(branch=world.branch)
    client.force_login(world.secretary)
    response = client.post(
        reverse("posts:post_edit", args=[post.pk]), {"headcount": 1, "lead": world.sibling_member.pk, "is_open": "on"}
    )
    assert response.status_code == 200 and "lead" in response.context["form"].errors


def test_township_publishes_and_edits_a_common_post(client, world, presets):
    client.force_login(world.township)
    response = client.post(
        reverse("posts:common_posts"),
        {
            "owner": world.town_a.pk,
            "post_class": PostClass.objects.get(name="公共事务类").pk,
            "name": "秸秆禁烧巡查岗",
            "duties": "农忙时节巡查。",
            "service_menu": "每天巡查一次",
            "targets": "",
            "branch_kinds": ["village"],
        },
        follow=True,
    )
    assert "共性岗位已发布" in response.content.decode()
    common = PostType.objects.get(name="秸秆禁烧巡查岗")
    assert (common.owner, common.branch_kinds) == (world.town_a, ["village"])
    # A township cannot publish in the name of the county.
    response = client.post(
        reverse("posts:common_posts"),
        {"owner": world.county.pk, "post_class": common.post_class.pk, "name": "县级岗", "duties": "职责"},
    )
    assert "owner" in response.context["form"].errors

    response = client.post(
        reverse("posts:type_edit", args=[common.pk]),
        {
            "post_class": common.post_class.pk,
            "name": common.name,
            "duties": "农忙和秋冬季节巡查。",
            "service_menu": "",
            "targets": "",
            "is_active": "on",
            "branch_kinds": ["village", "grid"],
        },
    )
    assert response.status_code == 302
    common.refresh_from_db()
    assert (common.duties, common.branch_kinds) == ("农忙和秋冬季节巡查。", ["village", "grid"])

    client.force_login(world.secretary)
    assert "秸秆禁烧巡查岗" in client.get(reverse("posts:adopt", args=[world.branch.code])).content.decode()


def test_catalogue_page_queries_do_not_grow_with_posts(client, world, django_assert_max_num_queries):
    client.force_login(world.secretary)
    url = reverse("posts:catalogue", args=[world.branch.code])
    BranchPostFactory(branch=world.branch, year=YEAR, lead=world.member)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    for _ in range(15):
        BranchPostFactory(branch=world.branch, year=YEAR, lead=world.neighbour, contact_cadre=world.member)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_adopt_page_queries_do_not_grow_with_the_catalogue(client, world, presets, django_assert_max_num_queries):
    client.force_login(world.secretary)
    url = reverse("posts:adopt", args=[world.branch.code])
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    for i in range(10):
        PostTypeFactory(owner=world.town_a, name=f"镇共性岗{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200

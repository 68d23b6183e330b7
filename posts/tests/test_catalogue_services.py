"""设岗 services: adopting catalogue posts, a branch's own posts, common posts, a post's
headcount and contacts, claim rounds."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from members.scope import Scope
from members.tests.factories import MemberFactory
from posts import selectors
from posts.models import BranchPost, PostClass, PostType
from posts.services import PostError
from posts.services import catalogue as service
from posts.tests.factories import (
    AssignmentFactory,
    BranchPostFactory,
    ClaimRoundFactory,
    PostTypeFactory,
)

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def presets(db):
    call_command("load_presets", verbosity=0)
    return PostType.objects.filter(owner=None)


def refused(call, **kwargs):
    with pytest.raises(PostError) as error:
        call(**kwargs)
    return str(error.value)


def names(types):
    return {t.name for t in types}


def test_catalogue_of_a_branch_follows_its_kind_and_its_superiors(world, presets):
    public_affairs = PostClass.objects.get(name="公共事务类")
    PostTypeFactory(owner=world.town_a, name="侨情联络岗", post_class=public_affairs)
    PostTypeFactory(owner=world.county, name="护林防火岗", post_class=public_affairs, branch_kinds=["village"])
    PostTypeFactory(owner=world.town_b, name="西镇专属岗", post_class=public_affairs)
    PostTypeFactory(owner=world.sibling, name="南村个性岗", post_class=public_affairs)
    PostTypeFactory(owner=world.county, name="社区楼栋岗", post_class=public_affairs, branch_kinds=["community"])

    village = names(selectors.adoptable_types(world.branch))
    assert {"河塘管护责任岗", "村组干部岗", "侨情联络岗", "护林防火岗"} <= village
    assert not {"生产经营岗", "教育示范岗", "西镇专属岗", "南村个性岗", "社区楼栋岗"} & village

    community = names(selectors.adoptable_types(world.far))
    assert {"公益服务岗", "环境美化岗", "社区楼栋岗"} <= community
    assert not {"河塘管护责任岗", "侨情联络岗", "护林防火岗"} & community


def test_adopting_sets_posts_for_the_year_once(world, presets):
    chosen = list(presets.filter(name__in=["政策法规宣传岗", "环境卫生责任岗"]))
    created = service.adopt_posts(branch=world.branch, post_types=chosen, year=YEAR, headcount=3, by=world.secretary)
    assert sorted((p.post_type.name, p.headcount, p.year) for p in created) == [
        ("政策法规宣传岗", 3, YEAR),
        ("环境卫生责任岗", 3, YEAR),
    ]
    assert service.adopt_posts(branch=world.branch, post_types=chosen, year=YEAR, headcount=1, by=world.secretary) == []
    assert BranchPost.objects.filter(branch=world.branch).count() == 2
    assert names(selectors.adoptable_types(world.branch, YEAR)).isdisjoint({"政策法规宣传岗", "环境卫生责任岗"})


def test_adopting_refuses_posts_outside_the_branch_catalogue(world, presets):
    foreign = PostTypeFactory(owner=world.sibling, name="南村个性岗")
    assert (
        refused(
            service.adopt_posts,
            branch=world.branch,
            year=YEAR,
            headcount=1,
            by=world.secretary,
            post_types=[presets.get(name="生产经营岗"), foreign],
        )
        == "以下岗位不在东村党支部的岗位库中：生产经营岗、南村个性岗。"
    )
    assert (
        refused(
            service.adopt_posts,
            branch=world.branch,
            year=YEAR,
            headcount=0,
            by=world.secretary,
            post_types=[presets.get(name="村组干部岗")],
        )
        == "每个岗位至少设1个职数。"
    )
    assert not BranchPost.objects.exists()


def test_own_post_is_added_and_set_for_the_year(world, presets):
    post = service.add_own_post(
        branch=world.branch,
        year=YEAR,
        headcount=2,
        by=world.secretary,
        post_class=PostClass.objects.get(name="公共事务类"),
        name=" 侨情联络岗 ",
        duties="联系在外侨胞，宣传家乡发展。",
        service_menu="每季度联系一次\n",
        targets="",
    )
    assert (post.post_type.owner, post.post_type.name, post.post_type.branch_kinds, post.headcount) == (
        world.branch,
        "侨情联络岗",
        [],
        2,
    )
    assert (
        refused(
            service.add_own_post,
            branch=world.branch,
            year=YEAR,
            headcount=1,
            by=world.secretary,
            post_class=post.post_type.post_class,
            name="侨情联络岗",
            duties="重复",
        )
        == "岗位库里已有“侨情联络岗”，请换一个名称。"
    )
    assert PostType.objects.filter(name="侨情联络岗").count() == 1


def test_common_post_belongs_to_a_township_or_county(world, presets):
    made = service.create_post_type(
        owner=world.town_a,
        by=world.township,
        post_class=PostClass.objects.first(),
        name="秸秆禁烧巡查岗",
        duties="农忙时节巡查秸秆焚烧。",
        branch_kinds=["village"],
    )
    assert (made.owner, made.branch_kinds) == (world.town_a, ["village"])
    assert (
        refused(
            service.create_post_type,
            owner=world.group,
            by=world.secretary,
            post_class=PostClass.objects.first(),
            name="小组岗",
            duties="职责",
        )
        == "岗位只能属于支部、乡镇或县（区）。"
    )


def test_presets_change_only_by_loading(world, presets):
    assert (
        refused(service.update_post_type, post_type=presets.first(), by=world.secretary, duties="改")
        == "预置岗位只能通过重新导入预置数据来更新。"
    )


def test_update_post_type_keeps_names_unique(world):
    mine = PostTypeFactory(owner=world.branch, name="侨情联络岗")
    other = PostTypeFactory(owner=world.branch, name="护林岗")
    updated = service.update_post_type(post_type=mine, by=world.secretary, duties="新的职责", is_active=False)
    assert (updated.duties, updated.is_active) == ("新的职责", False)
    assert (
        refused(service.update_post_type, post_type=other, by=world.secretary, name="侨情联络岗")
        == "岗位库里已有“侨情联络岗”，请换一个名称。"
    )


def test_headcount_never_below_the_places_taken(world):
    post = BranchPostFactory(branch=world.branch, headcount=3)
    AssignmentFactory(post=post)
    AssignmentFactory(post=post, status="on_post")
    AssignmentFactory(post=post, status="removed")
    assert (
        refused(service.update_branch_post, post=post, by=world.secretary, headcount=1)
        == "这个岗位已有2人上岗，职数不能少于这个人数。"
    )
    cadre = MemberFactory(branch=world.branch, name="周支委", office="村委委员")
    saved = service.update_branch_post(
        post=post,
        by=world.secretary,
        headcount=2,
        lead=world.member,
        contact_cadre=cadre,
        is_open=False,
        extra_duties=" 兼管村口路灯 ",
    )
    assert (saved.headcount, saved.lead, saved.contact_cadre, saved.is_open, saved.extra_duties) == (
        2,
        world.member,
        cadre,
        False,
        "兼管村口路灯",
    )
    assert (
        refused(service.update_branch_post, post=post, by=world.secretary, headcount=2, lead=world.sibling_member)
        == "王五不在本支部的名册上。"
    )


def test_claim_rounds_of_a_branch_never_overlap(world):
    first = service.open_round(
        branch=world.branch, year=YEAR, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=10), by=world.secretary
    )
    assert (first.opened_by, selectors.open_round(world.branch)) == (world.secretary, first)
    assert (
        refused(
            service.open_round,
            branch=world.branch,
            year=YEAR,
            starts_on=TODAY + datetime.timedelta(days=10),
            ends_on=TODAY + datetime.timedelta(days=20),
            by=world.secretary,
        )
        == f"与{TODAY.isoformat()}至{(TODAY + datetime.timedelta(days=10)).isoformat()}的认岗批次时间重叠。"
    )
    assert (
        refused(
            service.open_round,
            branch=world.branch,
            year=YEAR,
            starts_on=TODAY,
            ends_on=TODAY - datetime.timedelta(days=1),
            by=world.secretary,
        )
        == "截止日期不能早于开始日期。"
    )
    later = service.open_round(
        branch=world.branch,
        year=YEAR + 1,
        starts_on=TODAY + datetime.timedelta(days=11),
        ends_on=TODAY + datetime.timedelta(days=20),
        by=world.secretary,
    )
    # Another branch's rounds are its own affair.
    ClaimRoundFactory(branch=world.sibling, starts_on=TODAY, ends_on=TODAY)
    assert list(selectors.rounds(world.branch)) == [later, first]
    assert selectors.working_year(world.branch) == YEAR


def test_who_publishes_common_posts(world):
    def owners(user):
        return sorted(o.code for o in selectors.common_owners(Scope(user)))

    assert owners(world.township) == ["T1"]
    assert owners(world.county_official) == ["C1", "T1", "T2"]
    for user in (world.secretary, world.committee, world.member_user, world.group_leader, world.outsider):
        assert owners(user) == []

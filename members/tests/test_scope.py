import pytest

from members.capabilities import CAPABILITIES, OWN_ONLY, check
from members.models import Organisation
from members.scope import Scope


def names(qs):
    return sorted(m.name for m in qs)


def codes(qs):
    return sorted(o.code for o in qs)


def test_secretary_reads_and_writes_own_branch_only(world):
    scope = Scope(world.secretary)
    assert names(scope.members("roster.read")) == ["张三", "李四"]
    assert names(scope.members("roster.change")) == ["张三", "李四"]
    assert scope.can("roster.change", world.branch) and scope.can("roster.change", world.group)
    assert not scope.can("roster.change", world.sibling)
    assert scope.sees_full_id(world.member)
    assert not scope.holds("catalogue.publish_common")


def test_township_reads_its_subtree_but_writes_nothing(world):
    scope = Scope(world.township)
    assert names(scope.members("roster.read")) == ["张三", "李四", "王五"]
    assert not scope.members("roster.change").exists()
    assert not scope.can("posts.set_up", world.branch)
    assert scope.can("posts.read", world.sibling) and not scope.can("posts.read", world.far)
    assert not scope.sees_full_id(world.member)
    assert scope.id_number_for(world.member) == world.member.masked_id_number
    assert codes(scope.organisations("catalogue.publish_common").filter(level="township")) == ["T1"]


def test_county_reads_everything_below_and_changes_nothing(world):
    scope = Scope(world.county_official)
    assert len(names(scope.members("roster.read"))) == 4
    for capability in ("roster.change", "posts.set_up", "claims.review", "notices.publish", "letters.sign"):
        assert not scope.holds(capability), capability


def test_member_sees_only_self_but_reads_branch_posts(world):
    scope = Scope(world.member_user)
    assert names(scope.members("roster.read")) == ["张三"]
    assert scope.can("posts.read", world.branch) and not scope.can("posts.read", world.sibling)
    assert scope.can("claims.make_own", world.branch) and not scope.can("claims.make_own", world.sibling)
    assert not scope.holds("roster.change")


def test_own_capabilities_reach_own_rows_only(world):
    from posts.models import Claim
    from posts.tests.factories import BranchPostFactory, ClaimFactory

    post = BranchPostFactory(branch=world.branch)
    mine, neighbours = ClaimFactory(post=post, member=world.member), ClaimFactory(post=post, member=world.neighbour)
    claims = Claim.objects.all()
    scope = Scope(world.member_user)
    assert list(scope.filter(claims, "claims.make_own", via="post__branch", member_via="member")) == [mine]
    # The secretary reviews every claim of the branch, and has no own record to claim with.
    secretary = Scope(world.secretary)
    assert set(secretary.filter(claims, "claims.review", via="post__branch")) == {mine, neighbours}
    assert not secretary.holds("claims.make_own")


def test_group_leader_reads_group_members(world):
    scope = Scope(world.group_leader)
    assert names(scope.members("roster.read")) == ["张三"]
    assert scope.can("posts.read", world.branch)
    assert not scope.members("roster.change").exists()


def test_superuser_holds_everything_but_an_own_record(world):
    scope = Scope(world.superuser)
    assert all(scope.can(c, world.far) for c in CAPABILITIES["branch_secretary"])
    assert scope.can("catalogue.publish_common", world.county)
    assert OWN_ONLY == {
        "claims.make_own",
        "log.write_own",
        "record.read_own",
        "points.read_own",
        "pledges.make_own",
        "reports.write_own",
        "activities.attend_own",
    }
    assert not any(scope.holds(c) for c in OWN_ONLY)


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    scope = Scope(AnonymousUser())
    assert not scope.members("roster.read").exists()
    assert not scope.organisations("posts.read").exists()
    assert not scope.holds("notices.read")


def test_summaries_are_officers_and_overseers_reach_only(world):
    branches = Organisation.objects.filter(level=Organisation.Level.BRANCH)

    def supervised(user):
        return codes(Scope(user).filter(branches, "summaries.read"))

    assert supervised(world.secretary) == ["B1"]
    assert supervised(world.township) == ["B1", "B2"]
    assert supervised(world.county_official) == ["B1", "B2", "B3"]
    assert supervised(world.superuser) == ["B1", "B2", "B3"]
    # A member and a group leader read their branch's posts, but supervise nothing.
    assert supervised(world.member_user) == []
    assert supervised(world.group_leader) == []
    assert Scope(world.member_user).can("posts.read", world.branch)


def test_unknown_capability_is_refused():
    with pytest.raises(ValueError):
        check("claims.reveiw")

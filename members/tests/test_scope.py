from members.scope import Scope


def names(qs):
    return sorted(m.name for m in qs)


def test_secretary_reads_and_writes_own_branch_only(world):
    scope = Scope(world.secretary)
    assert names(scope.members()) == ["张三", "李四"]
    assert names(scope.members(write=True)) == ["张三", "李四"]
    assert scope.can_manage(world.branch) and scope.can_manage(world.group)
    assert not scope.can_manage(world.sibling)
    assert scope.sees_full_id(world.member)


def test_township_reads_its_subtree_but_writes_nothing(world):
    scope = Scope(world.township)
    assert names(scope.members()) == ["张三", "李四", "王五"]
    assert not scope.members(write=True).exists()
    assert not scope.can_manage(world.branch)
    assert scope.can_read(world.sibling) and not scope.can_read(world.far)
    assert not scope.sees_full_id(world.member)
    assert scope.id_number_for(world.member) == world.member.masked_id_number


def test_county_reads_everything_below(world):
    scope = Scope(world.county_official)
    assert len(names(scope.members())) == 4
    assert scope.read_only


def test_member_sees_only_self_but_reads_branch_orgs(world):
    scope = Scope(world.member_user)
    assert names(scope.members()) == ["张三"]
    assert scope.can_read(world.branch) and not scope.can_read(world.sibling)
    assert not scope.is_officer


def test_group_leader_reads_group_members(world):
    scope = Scope(world.group_leader)
    assert names(scope.members()) == ["张三"]
    assert scope.can_read(world.branch)
    assert not scope.members(write=True).exists()


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    scope = Scope(AnonymousUser())
    assert not scope.members().exists()
    assert not scope.organisations().exists()


def test_supervised_is_officers_and_overseers_reach_only(world):
    from members.models import Organisation

    branches = Organisation.objects.filter(level=Organisation.Level.BRANCH)

    def supervised(user):
        return sorted(o.code for o in Scope(user).filter_supervised(branches))

    assert supervised(world.secretary) == ["B1"]
    assert supervised(world.township) == ["B1", "B2"]
    assert supervised(world.county_official) == ["B1", "B2", "B3"]
    assert supervised(world.superuser) == ["B1", "B2", "B3"]
    # A member and a group leader read their branch's posts, but supervise nothing.
    assert supervised(world.member_user) == []
    assert supervised(world.group_leader) == []
    assert Scope(world.member_user).can_read(world.branch)

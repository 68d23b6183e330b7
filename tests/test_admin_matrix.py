"""Every admin page, every role, in and out of scope.

For each registered model of ours there is one row in branch B1 (东村, township T1) and
one in branch B3 (西社区, township T2). Expectations are read from the capability table
(members/capabilities.py) with each admin's view_capability and change_capability: today
secretary and committee of B1 change B1 rows; the township official of T1 reads B1 rows;
the county reads both; the outsider (secretary of B3) sees B3 only; members and group
leaders have no back office at all.
"""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from assessments.models import Assessment, DutyLogEntry, Pledge
from members.capabilities import CAPABILITIES
from members.models import Member, Organisation, Role, RoleEvent
from members.tests.factories import MemberFactory, UserFactory
from posts import models as p
from posts.tests.factories import (
    AssignmentFactory,
    BranchPostFactory,
    ClaimFactory,
    ClaimRoundFactory,
    NoticeFactory,
    PostTypeFactory,
)

OUR_APPS = {"members", "posts", "assessments"}
STAFF = ["secretary", "committee", "township", "county_official", "outsider", "superuser"]
NON_STAFF = ["member_user", "group_leader"]


def make_row(model, branch):
    """One row of `model` owned by `branch`."""
    today = datetime.date.today()
    if model is Organisation:
        return branch
    if model is Member:
        return MemberFactory(branch=branch)
    if model is Role:
        return Role.objects.create(user=UserFactory(), organisation=branch, kind=Role.Kind.BRANCH_COMMITTEE)
    if model is RoleEvent:
        return RoleEvent.objects.create(
            action=RoleEvent.Action.GRANTED, user=UserFactory(), organisation=branch, kind=Role.Kind.BRANCH_COMMITTEE
        )
    if model is p.PostType:
        return PostTypeFactory(owner=branch)
    if model is p.BranchPost:
        return BranchPostFactory(branch=branch)
    if model is p.ClaimRound:
        return ClaimRoundFactory(branch=branch)
    if model is p.Claim:
        return ClaimFactory(post__branch=branch)
    if model is p.Assignment:
        return AssignmentFactory(post__branch=branch)
    if model is p.AssignmentEvent:
        return p.AssignmentEvent.objects.create(
            assignment=AssignmentFactory(post__branch=branch), action=p.AssignmentEvent.Action.APPROVED
        )
    if model is p.Notice:
        return NoticeFactory(branch=branch)
    if model is p.Objection:
        return p.Objection.objects.create(notice=NoticeFactory(branch=branch), text="有意见")
    if model is p.ResponsibilityLetter:
        return p.ResponsibilityLetter.objects.create(
            assignment=AssignmentFactory(post__branch=branch, status="effective"),
            duties="职责",
            member_obligations="党员义务",
            branch_obligations="支部义务",
            term_starts_on=today,
            term_ends_on=today + datetime.timedelta(days=364),
        )
    if model is Pledge:
        return Pledge.objects.create(member=MemberFactory(branch=branch), year=today.year, text="每月走访")
    if model is DutyLogEntry:
        assignment = AssignmentFactory(post__branch=branch)
        return DutyLogEntry.objects.create(
            assignment=assignment, member=assignment.member, branch=branch, done_on=today, what="入户宣传"
        )
    if model is Assessment:
        return Assessment.objects.create(
            member=MemberFactory(branch=branch), year=today.year - 1, grade=Assessment.Grade.QUALIFIED
        )
    raise AssertionError(f"No row maker for {model._meta.label}: add one to the admin matrix.")


# Shared by everyone rather than owned by an organisation; its admin is tested in
# posts/tests/test_catalogue_admin.py. Policy rows belong to counties and townships as well as
# branches, and their officials change them: tested in posts/tests/test_policy.py.
SHARED = {"posts.PostClass", "posts.Policy"}


def registered():
    return [
        (model, ma)
        for model, ma in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS and model._meta.label not in SHARED
    ]


def ids(item):
    return item[0]._meta.label


# Each staff user's role kind and the organisation it is held at (all held over their subtree).
ROLE_AT = {
    "secretary": (Role.Kind.BRANCH_SECRETARY, "branch"),
    "committee": (Role.Kind.BRANCH_COMMITTEE, "branch"),
    "township": (Role.Kind.TOWNSHIP_OFFICIAL, "town_a"),
    "county_official": (Role.Kind.COUNTY_OFFICIAL, "county"),
    "outsider": (Role.Kind.BRANCH_SECRETARY, "far"),
}


def reaches(world, role, capability, branch):
    """Whether the table gives the role this capability over the branch."""
    if role == "superuser":
        return True
    kind, held_at = ROLE_AT[role]
    return capability in CAPABILITIES[kind] and branch.path.startswith(getattr(world, held_at).path)


def test_the_expectations_follow_the_table(world):
    assert reaches(world, "township", "roster.read", world.branch)
    assert not reaches(world, "township", "roster.change", world.branch)
    assert not reaches(world, "township", "roster.read", world.far)
    assert reaches(world, "outsider", "roster.change", world.far)


@pytest.mark.parametrize("item", registered(), ids=ids)
def test_admin_pages_per_role(client, world, item):
    model, model_admin = item
    branches = {"B1": world.branch, "B3": world.far}
    rows = {code: make_row(model, branch) for code, branch in branches.items()}
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))

    client.logout()
    assert client.get(changelist).status_code == 302  # to the admin login

    for role in NON_STAFF:
        client.force_login(getattr(world, role))
        assert client.get(changelist).status_code == 302, role

    for role in STAFF:
        client.force_login(getattr(world, role))
        listed = client.get(changelist)
        assert listed.status_code == 200, (role, listed.status_code)
        shown = {obj.pk for obj in listed.context["cl"].result_list}
        for code, row in rows.items():
            change = reverse("admin:{}_{}_change".format(*info), args=[row.pk])
            status = client.get(change).status_code
            if reaches(world, role, model_admin.view_capability, branches[code]):
                assert status == 200, (role, code, status)
                # A row of the same kind may appear in both branches' lists only by owner.
                assert row.pk in shown or model is Organisation, (role, code)
            else:
                assert status == 404, (role, code, status)
                assert row.pk not in shown, (role, code)


@pytest.mark.parametrize("item", registered(), ids=ids)
def test_read_only_roles_cannot_change_or_delete(client, world, item):
    model, model_admin = item
    row = make_row(model, world.branch)
    info = (model._meta.app_label, model._meta.model_name)
    read_only = [role for role in STAFF if not reaches(world, role, model_admin.change_capability, world.branch)]
    assert read_only == ["township", "county_official", "outsider"]
    for role in ("township", "county_official"):
        client.force_login(getattr(world, role))
        assert client.post(reverse("admin:{}_{}_change".format(*info), args=[row.pk]), {}).status_code == 403
        assert (
            client.post(reverse("admin:{}_{}_delete".format(*info), args=[row.pk]), {"post": "yes"}).status_code == 403
        )
        assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403
        assert model.objects.filter(pk=row.pk).exists()


def test_every_model_of_ours_has_a_scoped_admin():
    from members.admin_scope import ScopedAdminMixin

    for model, model_admin in registered():
        assert isinstance(model_admin, ScopedAdminMixin), model._meta.label


# -- ID numbers through query strings ------------------------------------------------------


def path_to(model, targets, depth=4):
    """The shortest lookup path from `model`, through relations either way, to one of the
    (model, field name) `targets`, e.g. "assignment__member__id_number"; None if there is none."""
    frontier = [(model, [])]
    seen = {model}
    for _ in range(depth):
        following = []
        for current, path in frontier:
            for field in current._meta.get_fields():
                if (current, field.name) in targets:
                    return "__".join(path + [field.name])
                related = getattr(field, "related_model", None)
                if field.is_relation and related is not None and related not in seen:
                    seen.add(related)
                    following.append((related, path + [field.name]))
        frontier = following
    return None


ID_FIELDS = {(Member, "id_number")}
BIRTH_FIELDS = {(Member, "birth_date")}


@pytest.mark.parametrize("item", registered(), ids=ids)
def test_no_lookup_reaches_id_numbers_through_the_mask(client, world, item):
    """?id_number__startswith=, __regex, ?birth_date__year= and the same through any relation
    (?member__id_number__…, ?user__member__…) are refused (400) for whoever sees masks."""
    model, model_admin = item
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    id_path, birth_path = path_to(model, ID_FIELDS), path_to(model, BIRTH_FIELDS)
    assert id_path and birth_path, model._meta.label
    digits = world.member.id_number[:6]
    queries = [
        {f"{id_path}__startswith": digits},
        {f"{id_path}__regex": f"^{digits}"},
        {f"{id_path}__exact": world.member.id_number},
        {f"{birth_path}__year": "1980"},
        {f"{birth_path}__lt": "1981-01-01"},
    ]
    for role in ("township", "county_official"):
        client.force_login(getattr(world, role))
        for query in queries:
            assert client.get(changelist, query).status_code == 400, (role, query)


def test_officers_who_see_ids_in_full_may_filter_and_search_by_them(client, world):
    changelist = reverse("admin:members_member_changelist")
    client.force_login(world.secretary)
    listed = client.get(changelist, {"id_number__startswith": world.member.id_number[:17]})
    assert listed.status_code == 200
    assert [m.name for m in listed.context["cl"].result_list] == ["张三"]
    found = client.get(changelist, {"q": world.member.id_number})
    assert [m.name for m in found.context["cl"].result_list] == ["张三"]
    # Searching by ID is not offered to those who see masks: the term matches nothing.
    client.force_login(world.township)
    assert list(client.get(changelist, {"q": world.member.id_number}).context["cl"].result_list) == []


def test_overseers_read_the_age_not_the_birth_date(client, world):
    """The mask hides exactly the eight digits of the birth date."""
    url = reverse("admin:members_member_change", args=[world.member.pk])
    client.force_login(world.township)
    page = client.get(url).content.decode()
    assert world.member.masked_id_number in page
    assert "1980" not in page and world.member.id_number not in page
    client.force_login(world.secretary)
    assert world.member.id_number in client.get(url).content.decode()


def test_a_hand_written_sort_cannot_order_by_birth_date(client, world, monkeypatch):
    """Were a birth-date column ever listed, ?o= would order masked numbers by their hidden digits."""
    from members.admin import MemberAdmin

    monkeypatch.setattr(MemberAdmin, "list_display", ["name", "birth_date"])
    changelist = reverse("admin:members_member_changelist")

    def ordering(user):
        client.force_login(user)
        # The column's index: officers have a tick-box column first, overseers none.
        column = client.get(changelist).context["cl"].list_display.index("birth_date")
        return [str(o) for o in client.get(changelist, {"o": str(column)}).context["cl"].queryset.query.order_by]

    assert not any("birth_date" in o for o in ordering(world.township))
    assert ordering(world.secretary)[0] == "birth_date"  # the test's premise: ?o= does sort


def test_no_sort_column_orders_by_id_numbers(client, world):
    from members.admin_scope import touches_id_number

    client.force_login(world.township)
    request = client.get(reverse("admin:members_member_changelist")).wsgi_request
    for model, model_admin in registered():
        for name in model_admin.get_sortable_by(request):
            assert not model_admin._orders_by_id_number(name), (model._meta.label, name)
        assert not any(touches_id_number(model, f.lstrip("^=@")) for f in model_admin.get_search_fields(request))


def test_the_roster_export_takes_no_id_lookup_either(client, world):
    """The export builds the changelist's queryset from the same query string."""
    url = reverse("admin:members_member_export")
    client.force_login(world.township)
    response = client.post(f"{url}?id_number__startswith={world.member.id_number[:8]}", {"format": "0"})
    assert response.status_code == 400
    plain = client.post(url, {"format": "0"})
    assert plain.status_code == 200 and "spreadsheet" in plain["Content-Type"]

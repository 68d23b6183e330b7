"""The rules an organisation sets (Policy): resolved per rule by the nearest organisation
that sets it, set through set_policy by those whose rules they are, shown on the overview."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from members.tests.factories import BranchFactory
from posts import selectors
from posts.models import Policy, PolicyChange
from posts.services import PostError
from posts.services.policy import set_policy
from posts.tests.factories import AssignmentFactory, BranchPostFactory

YEAR = 2026


def test_each_rule_from_the_nearest_organisation_that_sets_it(world):
    Policy.objects.create(organisation=world.county, min_notice_working_days=3, coverage_floor_percent=70)
    Policy.objects.create(organisation=world.town_a, min_notice_working_days=7)
    Policy.objects.create(organisation=world.branch, coverage_floor_percent=90)
    near, sibling, far = (selectors.policy_for(b) for b in (world.branch, world.sibling, world.far))
    assert (near.min_notice_working_days, near.coverage_floor_percent) == (7, 90)
    assert (sibling.min_notice_working_days, sibling.coverage_floor_percent) == (7, 70)
    assert (far.min_notice_working_days, far.coverage_floor_percent) == (3, 70)
    with translation.override("zh-hans"):
        assert [str(near.source_label(r)) for r in Policy.RULES[:3]] == ["镇", "本支部", "默认"]
        assert [str(far.source_label(r)) for r in Policy.RULES[:3]] == ["县", "县", "默认"]
    # The county and a township read their own rows too; a sibling's override is not theirs.
    county, town = selectors.policy_for(world.county), selectors.policy_for(world.town_a)
    assert (county.min_notice_working_days, town.min_notice_working_days, town.coverage_floor_percent) == (3, 7, 70)
    with translation.override("zh-hans"):
        assert str(county.source_label("min_notice_working_days")) == "本级"


def test_defaults_live_in_one_table(world):
    policy = selectors.policy_for(world.branch)
    assert (
        {r: getattr(policy, r) for r in Policy.RULES}
        == Policy.DEFAULTS
        == {
            "min_notice_working_days": 5,
            "coverage_floor_percent": 60,
            "claim_round_days": 14,
            "pledges_min": 3,
            "pledges_max": 5,
            "branch_pledges_min": 5,
            "branch_pledges_max": 8,
        }
    )
    with translation.override("zh-hans"):
        assert {str(policy.source_label(r)) for r in Policy.RULES} == {"默认"}


@pytest.mark.parametrize("extra", [0, 30])
def test_many_branches_resolve_in_one_query(world, django_assert_num_queries, extra):
    branches = [world.branch, world.sibling, world.far]
    branches += [BranchFactory(parent=world.town_b) for _ in range(extra)]
    Policy.objects.create(organisation=world.town_b, coverage_floor_percent=80)
    Policy.objects.create(organisation=world.far, coverage_floor_percent=20)
    with django_assert_num_queries(1):
        found = selectors.policies_for(branches)
    assert found[world.branch.pk].coverage_floor_percent == 60
    assert found[world.far.pk].coverage_floor_percent == 20
    assert all(found[b.pk].coverage_floor_percent == 80 for b in branches[3:])


def test_branch_list_marks_lagging_against_each_branchs_floor(client, world):
    for branch, members in ((world.branch, (world.member, world.neighbour)), (world.sibling, ())):
        post = BranchPostFactory(branch=branch, year=YEAR, headcount=3)
        for m in members[:1]:
            AssignmentFactory(post=post, member=m, status="on_post")
    # B1: 1 of 2 on post = 50%. Under the default 60% it lags; the township lowers the floor to 40.
    Policy.objects.create(organisation=world.town_a, coverage_floor_percent=40)
    client.force_login(world.township)
    response = client.get(reverse("posts:branches"), {"year": YEAR})
    rows = {r["branch"].code: r for r in response.context["rows"]}
    assert not rows["B1"]["lags"] and rows["B1"]["floor"] == 40
    # One floor for every branch listed: the help line names it, as it always did.
    assert "已设岗且上岗率低于40%的支部标为落后" in response.content.decode()
    # The branch itself may be stricter than its township.
    set_policy(organisation=world.branch, by=world.secretary, reason="支部大会决定", coverage_floor_percent=75)
    response = client.get(reverse("posts:branches"), {"year": YEAR})
    rows = {r["branch"].code: r for r in response.context["rows"]}
    assert rows["B1"]["lags"] and rows["B1"]["floor"] == 75
    assert "低于其规则所定底线" in response.content.decode()
    # Queries do not grow with the number of branches, nor with the rules they set.
    before = branch_list_queries(client)
    for n in range(5):
        extra = BranchFactory(parent=world.town_a)
        BranchPostFactory(branch=extra, year=YEAR)
        set_policy(organisation=extra, by=world.superuser, reason="试", coverage_floor_percent=50 + n)
    assert branch_list_queries(client) == before


def branch_list_queries(client):
    with CaptureQueriesContext(connection) as seen:
        assert client.get(reverse("posts:branches"), {"year": YEAR}).status_code == 200
    return len(seen.captured_queries)


@pytest.mark.parametrize(
    "role, org, allowed",
    [
        ("county_official", "county", True),
        ("county_official", "town_b", True),
        ("county_official", "branch", False),
        ("township", "town_a", True),
        ("township", "county", False),
        ("township", "town_b", False),
        ("township", "branch", False),
        ("secretary", "branch", True),
        ("committee", "branch", True),
        ("secretary", "town_a", False),
        ("secretary", "sibling", False),
        ("outsider", "branch", False),
        ("member_user", "branch", False),
        ("group_leader", "branch", False),
        ("superuser", "branch", True),
    ],
)
def test_who_sets_which_rules(world, role, org, allowed):
    user, organisation = getattr(world, role), getattr(world, org)
    if allowed:
        set_policy(organisation=organisation, by=user, reason="会议决定", min_notice_working_days=6)
        assert selectors.policy_for(organisation).min_notice_working_days == 6
    else:
        with pytest.raises(PostError) as refused:
            set_policy(organisation=organisation, by=user, reason="会议决定", min_notice_working_days=6)
        assert refused.value.code == "not_allowed"
        assert not Policy.objects.filter(organisation=organisation).exists()


def test_each_change_is_kept_with_who_why_and_the_old_value(world):
    set_policy(organisation=world.town_a, by=world.township, reason="镇党委会议", min_notice_working_days=7)
    set_policy(
        organisation=world.town_a,
        by=world.township,
        reason="恢复县里规定",
        min_notice_working_days=None,
        coverage_floor_percent="80",
    )
    # Saving the same values again changes nothing and records nothing.
    set_policy(organisation=world.town_a, by=world.township, reason="再存一次", coverage_floor_percent=80)
    policy = Policy.objects.get(organisation=world.town_a)
    assert (policy.min_notice_working_days, policy.coverage_floor_percent) == (None, 80)
    assert policy.updated_by == world.township
    changes = list(PolicyChange.objects.filter(policy=policy).order_by("pk").values("changes", "by", "reason"))
    assert changes == [
        {"changes": {"min_notice_working_days": [None, 7]}, "by": world.township.pk, "reason": "镇党委会议"},
        {
            "changes": {"min_notice_working_days": [7, None], "coverage_floor_percent": [None, 80]},
            "by": world.township.pk,
            "reason": "恢复县里规定",
        },
    ]


@pytest.mark.parametrize(
    "rules, message",
    [
        ({"coverage_floor_percent": 101}, "上岗率底线（%）：请填写0到100之间的整数"),
        ({"coverage_floor_percent": "六十"}, "上岗率底线（%）：请填写0到100之间的整数"),
        ({"min_notice_working_days": 0}, "最短公示期（工作日）：请填写1到30之间的整数"),
        ({"min_notice_working_days": 31}, "最短公示期（工作日）：请填写1到30之间的整数"),
        ({"claim_round_days": 91}, "认岗期（天）：请填写1到90之间的整数"),
        ({"pledges_max": 0}, "党员承诺条数上限：请填写1到20之间的整数"),
        ({"branch_pledges_min": 31}, "支部承诺条数下限：请填写0到30之间的整数"),
    ],
)
def test_values_out_of_range_are_refused_in_chinese(world, rules, message):
    with translation.override("zh-hans"), pytest.raises(PostError) as refused:
        set_policy(organisation=world.town_a, by=world.township, reason="试", **rules)
    assert refused.value.message.startswith(message) and refused.value.field == next(iter(rules))
    assert not Policy.objects.exists()


def test_a_reason_is_required(world):
    with translation.override("zh-hans"), pytest.raises(PostError) as refused:
        set_policy(organisation=world.town_a, by=world.township, reason="  ", min_notice_working_days=7)
    assert refused.value.message == "请说明修改规则的原因。"


def test_branch_officer_sets_an_override_in_the_admin(client, world):
    client.force_login(world.secretary)
    url = reverse("admin:posts_policy_add")
    response = client.post(
        url,
        {
            "organisation": world.branch.pk,
            "coverage_floor_percent": 80,
            "min_notice_working_days": "",
            "reason": "支部委员会决定",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = PolicyChange.objects.get()
    assert (change.by, change.reason, change.changes) == (
        world.secretary,
        "支部委员会决定",
        {"coverage_floor_percent": [None, 80]},
    )
    # The change page shows the row's history, in Chinese.
    page = client.get(reverse("admin:posts_policy_change", args=[change.policy_id])).content.decode()
    assert "上岗率底线（%）：沿用上级 → 80" in page and "支部委员会决定" in page
    # The township's row is out of their hands; the sibling branch cannot be chosen.
    response = client.post(url, {"organisation": world.sibling.pk, "coverage_floor_percent": 10, "reason": "试"})
    assert response.status_code == 200 and not Policy.objects.filter(organisation=world.sibling).exists()


def test_a_new_claim_round_is_proposed_for_as_long_as_the_rules_say(client, world):
    set_policy(organisation=world.county, by=world.county_official, reason="县里统一", claim_round_days=10)
    client.force_login(world.secretary)
    form = client.get(reverse("posts:round_open", args=[world.branch.code])).context["form"]
    assert form.initial["ends_on"] == timezone.localdate() + datetime.timedelta(days=10)


@override_settings(LANGUAGE_CODE="zh-hans")
def test_overview_shows_the_rules_in_force_and_where_they_come_from(client, world):
    Policy.objects.create(organisation=world.county, min_notice_working_days=3)
    client.force_login(world.secretary)
    page = client.get(reverse("posts:overview", args=[world.branch.code]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert "现行设岗定责规则" in text
    assert '最短公示期（工作日）</dt><dd class="col-5 mb-0">3 <span class="text-muted">（县）' in text
    assert '上岗率底线（%）</dt><dd class="col-5 mb-0">60 <span class="text-muted">（默认）' in text
    assert '党员承诺条数下限</dt><dd class="col-5 mb-0">3 <span class="text-muted">（默认）' in text
    assert '支部承诺条数上限</dt><dd class="col-5 mb-0">8 <span class="text-muted">（默认）' in text


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_the_notice_policies_set_before(django_db_blocker):
    """A database with the previous issue's NoticePolicy rows: after the migration each
    organisation keeps its notice period, the floor is inherited, and the rules resolve."""
    executor = MigrationExecutor(connection)
    before, after = [("posts", "0004_print_job")], [("posts", "0005_notice_policy_to_policy")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Organisation = old.get_model("members", "Organisation")
    county = Organisation.objects.create(code="MC", name="迁移县", level="county", path="/MC/")
    town = Organisation.objects.create(code="MT", name="迁移镇", level="township", parent=county, path="/MC/MT/")
    old.get_model("posts", "NoticePolicy").objects.create(organisation=county, min_notice_working_days=4)
    old.get_model("posts", "NoticePolicy").objects.create(organisation=town, min_notice_working_days=None)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    rows = {
        p.organisation.code: (p.min_notice_working_days, p.coverage_floor_percent)
        for p in new.get_model("posts", "Policy").objects.select_related("organisation")
    }
    assert rows == {"MC": (4, None), "MT": (None, None)}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert selectors.policy_for(Organisation.objects.get(code="MT")).min_notice_working_days == 4

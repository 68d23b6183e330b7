"""Points come from rules: resolution down the tree, start dates, the monthly cap, and who
may set a rule when."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import ClosedMonth, DutyLogEntry, PointsRule
from assessments.selectors.points import DEFAULT_POINTS, points_for, rule_for, rules_page
from assessments.services.points import set_points_rule

from .points_data import Kind, Status, entry, last_month

TODAY = timezone.localdate()


def rule(org, kind, points, starts_on, cap=None):
    """A rule row as it stands once its start has come (set_points_rule only sets future ones)."""
    return PointsRule.objects.create(
        organisation=org, kind=kind, points=points, monthly_cap=cap, starts_on=starts_on, reason="规则"
    )


def test_the_defaults_are_seed_002s(world):
    assert DEFAULT_POINTS == {Kind.INDIVIDUAL: 3, Kind.COLLECTIVE: 2, Kind.OTHER: 0}
    e = entry(world.member, TODAY, Kind.COLLECTIVE, Status.SUBMITTED)
    assert points_for(e) == 2
    assert rule_for(world.branch, Kind.INDIVIDUAL, TODAY).source is None


def test_the_nearest_rule_in_force_wins_down_the_tree(world):
    day = datetime.date(2026, 3, 10)
    rule(world.county, Kind.INDIVIDUAL, 4, datetime.date(2026, 1, 1))
    assert rule_for(world.branch, Kind.INDIVIDUAL, day).points == 4
    assert rule_for(world.far, Kind.INDIVIDUAL, day).points == 4  # the whole county
    rule(world.town_a, Kind.INDIVIDUAL, 5, datetime.date(2026, 2, 1))
    assert rule_for(world.branch, Kind.INDIVIDUAL, day).points == 5
    assert rule_for(world.sibling, Kind.INDIVIDUAL, day).points == 5
    assert rule_for(world.far, Kind.INDIVIDUAL, day).points == 4  # the other township
    branch_rule = rule(world.branch, Kind.INDIVIDUAL, 6, datetime.date(2026, 3, 1))
    found = rule_for(world.branch, Kind.INDIVIDUAL, day)
    assert (found.points, found.source) == (6, branch_rule)
    assert rule_for(world.sibling, Kind.INDIVIDUAL, day).points == 5
    # Other kinds are untouched.
    assert rule_for(world.branch, Kind.COLLECTIVE, day).points == 2


def test_start_dates_decide_which_rule_an_entry_gets(world):
    rule(world.county, Kind.COLLECTIVE, 1, datetime.date(2026, 1, 1))
    rule(world.county, Kind.COLLECTIVE, 4, datetime.date(2026, 7, 1))
    # The branch's own rule starts later: before it, the county's applies.
    rule(world.branch, Kind.COLLECTIVE, 9, datetime.date(2026, 9, 1))
    assert rule_for(world.branch, Kind.COLLECTIVE, datetime.date(2025, 12, 31)).points == 2  # default
    assert rule_for(world.branch, Kind.COLLECTIVE, datetime.date(2026, 6, 30)).points == 1
    assert rule_for(world.branch, Kind.COLLECTIVE, datetime.date(2026, 7, 1)).points == 4
    assert rule_for(world.branch, Kind.COLLECTIVE, datetime.date(2026, 9, 1)).points == 9
    # Two rules from the same day: the later one set wins.
    rule(world.county, Kind.COLLECTIVE, 3, datetime.date(2026, 7, 1))
    assert rule_for(world.sibling, Kind.COLLECTIVE, datetime.date(2026, 8, 1)).points == 3


def test_the_monthly_cap_limits_a_members_points_of_a_kind(world):
    month = last_month()
    rule(world.county, Kind.INDIVIDUAL, 3, month, cap=7)
    entry(world.member, month, points=3)
    entry(world.member, month + datetime.timedelta(days=1), points=3)
    third = entry(world.member, month + datetime.timedelta(days=2), status=Status.SUBMITTED)
    assert points_for(third) == 1  # 7 - 6
    third.status, third.points = Status.VERIFIED, 1
    third.save()
    fourth = entry(world.member, month + datetime.timedelta(days=3), status=Status.SUBMITTED)
    assert points_for(fourth) == 0
    # Another kind, another member, another month: not counted against the cap.
    assert points_for(entry(world.member, month, Kind.COLLECTIVE, Status.SUBMITTED)) == 2
    assert points_for(entry(world.neighbour, month, status=Status.SUBMITTED)) == 3
    assert points_for(entry(world.member, month - datetime.timedelta(days=1), status=Status.SUBMITTED)) == 3


def test_the_cap_counts_verified_entries_only(world):
    month = last_month()
    rule(world.county, Kind.INDIVIDUAL, 3, month, cap=3)
    entry(world.member, month, status=Status.SUBMITTED)
    entry(world.member, month, status=Status.RETURNED)
    assert points_for(entry(world.member, month, status=Status.SUBMITTED)) == 3


def test_an_officer_sets_a_rule_from_today_on(world):
    r = set_points_rule(
        organisation=world.branch,
        kind=Kind.OTHER,
        points=1,
        monthly_cap=4,
        starts_on=TODAY,
        by=world.secretary,
        reason="其他服务也计分",
    )
    assert (r.points, r.monthly_cap, r.set_by) == (1, 4, world.secretary)
    assert rule_for(world.branch, Kind.OTHER, TODAY).points == 1
    page = rules_page(world.branch, TODAY)
    assert [x.points for x in page.in_force] == [3, 2, 1]
    assert page.history == [r]


@pytest.mark.parametrize(
    ("who", "org", "allowed"),
    [
        ("secretary", "branch", True),
        ("committee", "branch", True),
        ("township", "branch", True),
        ("township", "town_a", True),
        ("county_official", "county", True),
        ("county_official", "town_b", True),
        ("secretary", "town_a", False),
        ("township", "county", False),
        ("township", "far", False),
        ("group_leader", "branch", False),
        ("outsider", "branch", False),
    ],
)
def test_who_may_set_rules(world, who, org, allowed):
    def call():
        return set_points_rule(
            organisation=getattr(world, org),
            kind=Kind.INDIVIDUAL,
            points=4,
            monthly_cap=None,
            starts_on=TODAY,
            by=getattr(world, who),
            reason="调整",
        )

    if allowed:
        assert call().organisation == getattr(world, org)
    else:
        with pytest.raises(ValidationError) as refused:
            call()
        assert refused.value.code == "not_allowed"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_on": TODAY - datetime.timedelta(days=1)}, "starts_on"),
        ({"points": 51}, "points"),
        ({"monthly_cap": 501}, "monthly_cap"),
        ({"reason": "  "}, "reason"),
        ({"kind": "nonsense"}, "kind"),
    ],
)
def test_a_bad_rule_is_refused_naming_the_field(world, change, field):
    args = {
        "organisation": world.town_a,
        "kind": Kind.INDIVIDUAL,
        "points": 4,
        "monthly_cap": None,
        "starts_on": TODAY,
        "by": world.township,
        "reason": "调整",
    } | change
    with pytest.raises(ValidationError) as refused:
        set_points_rule(**args)
    assert field in refused.value.error_dict
    assert not PointsRule.objects.exists()


def test_a_rule_never_starts_in_a_closed_month(world):
    # A month is closed only once it has ended, so this needs a closed month in the future,
    # which only a mistake could make: the guard holds even then.
    next_month = (TODAY.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    ClosedMonth.objects.create(branch=world.branch, month=next_month)
    with pytest.raises(ValidationError) as refused:
        set_points_rule(
            organisation=world.county,
            kind=Kind.INDIVIDUAL,
            points=4,
            monthly_cap=None,
            starts_on=next_month,
            by=world.county_official,
            reason="调整",
        )
    assert refused.value.error_dict["starts_on"][0].code == "month_closed"


def test_a_new_rule_does_not_rescore_verified_entries(world):
    e = entry(world.member, TODAY)
    set_points_rule(
        organisation=world.county,
        kind=Kind.INDIVIDUAL,
        points=10,
        monthly_cap=None,
        starts_on=TODAY,
        by=world.county_official,
        reason="提高个人服务分值",
    )
    e.refresh_from_db()
    assert e.points == 3
    assert DutyLogEntry.objects.get(pk=e.pk).points == 3

"""posts asks other apps through posts.extensions; here with stand-ins, so these tests hold
without assessments (which registers the real ones, tested in test_claims_rules and test_public)."""

from types import SimpleNamespace

from posts import extensions
from posts.services.claims import eligibility_problem


def test_nothing_registered_defers_nobody_and_attaches_no_pledges(world, monkeypatch):
    monkeypatch.setattr(extensions, "_deferral_checks", [])
    monkeypatch.setattr(extensions, "_pledge_readers", [])
    assert eligibility_problem(world.member) is None
    rows = extensions.attach_pledges([SimpleNamespace(pk=1)])
    assert rows[0].pledge_list == []


def test_the_first_registered_deferral_is_the_reason(world, monkeypatch):
    monkeypatch.setattr(extensions, "_deferral_checks", [])
    extensions.register_deferral(lambda member: None)
    extensions.register_deferral(lambda member: SimpleNamespace(year=2024))
    assert "2024" in eligibility_problem(world.member)


def test_pledges_from_every_reader_go_with_their_assignment(monkeypatch):
    monkeypatch.setattr(extensions, "_pledge_readers", [])
    extensions.register_pledge_reader(lambda assignments: {1: ["甲"]})
    extensions.register_pledge_reader(lambda assignments: {1: ["乙"], 2: ["丙"]})
    first, second, third = extensions.attach_pledges([SimpleNamespace(pk=n) for n in (1, 2, 3)])
    assert (first.pledge_list, second.pledge_list, third.pledge_list) == (["甲", "乙"], ["丙"], [])


def test_assessments_registers_once():
    from django.apps import apps

    checks = list(extensions._deferral_checks)
    apps.get_app_config("assessments").ready()
    assert extensions._deferral_checks == checks and len(checks) == 1

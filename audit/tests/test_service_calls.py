"""How service calls nest: a service called inside another is part of its call (one entry, one
transaction); work that runs when a service's transaction commits (a task the immediate
backend runs at once) is a call of its own, in a transaction of its own."""

import pytest
from django.db import connection, transaction

from audit import log, service
from audit.models import Entry


@service
def _inner(*, organisation, by):
    log("members.organisation.changed", actor=by, organisation=organisation, obj=organisation)
    # A service always runs in a transaction of its own making or its caller's.
    return connection.in_atomic_block


@service
def _outer_queueing(*, organisation, by, seen):
    log("members.organisation.changed", actor=by, organisation=organisation, obj=organisation)
    transaction.on_commit(lambda: seen.append(_inner(organisation=organisation, by=by)))


@pytest.mark.django_db(transaction=True)
def test_work_run_when_a_service_commits_is_a_call_of_its_own(world):
    seen = []
    _outer_queueing(organisation=world.branch, by=world.secretary, seen=seen)
    assert seen == [True]
    assert Entry.objects.filter(action="members.organisation.changed").count() == 2

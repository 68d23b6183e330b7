"""Twelve officers approve twelve claims for a post of three places at the same instant:
exactly three get the places. Needs PostgreSQL, which runs the transactions side by side;
SQLite lets one writer in at a time, so there is no race to lose there."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from members.tests.factories import MemberFactory
from posts.models import Assignment, Claim
from posts.services import PostError
from posts.services import claims as service
from posts.tests.factories import BranchPostFactory, ClaimFactory, PostTypeFactory

THREADS = 12
HEADCOUNT = 3


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; run with DATABASE_URL "
                                                               "pointing at PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_approvals_never_exceed_the_headcount(world):
    post = BranchPostFactory(branch=world.branch, year=timezone.localdate().year, headcount=HEADCOUNT,
                             post_type=PostTypeFactory(name="社会治安维护岗"))
    claims = [ClaimFactory(post=post, member=MemberFactory(branch=world.branch)) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    approved, refused, failed = [], [], []

    def approve(claim):
        try:
            # Each thread has its own connection; open it before the barrier so that all
            # twelve transactions really start together.
            connections["default"].ensure_connection()
            barrier.wait(timeout=30)
            service.approve_claim(claim=claim, by=world.secretary)
            approved.append(claim.pk)
        except PostError as error:
            refused.append(str(error))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            failed.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(c,)) for c in claims]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert failed == []
    assert len(approved) == HEADCOUNT
    assert refused == ["“社会治安维护岗”岗位已满员（职数3人）。"] * (THREADS - HEADCOUNT)
    assert Assignment.objects.filter(post=post, status__in=Assignment.LIVE).count() == HEADCOUNT
    assert Claim.objects.filter(post=post, status=Claim.Status.APPROVED).count() == HEADCOUNT
    assert Claim.objects.filter(post=post, status=Claim.Status.PENDING).count() == THREADS - HEADCOUNT

"""Twelve officers approve twelve claims for a post of three places at the same instant:
exactly three get the places. Needs PostgreSQL, which runs the transactions side by side."""

from django.utils import timezone

from members.tests.factories import MemberFactory
from posts.models import Assignment, Claim
from posts.services import claims as service
from posts.tests.concurrency import POSTGRES_RACE, together
from posts.tests.factories import BranchPostFactory, ClaimFactory, PostTypeFactory

THREADS = 12
HEADCOUNT = 3

pytestmark = POSTGRES_RACE


def test_simultaneous_approvals_never_exceed_the_headcount(world):
    post = BranchPostFactory(
        branch=world.branch,
        year=timezone.localdate().year,
        headcount=HEADCOUNT,
        post_type=PostTypeFactory(name="社会治安维护岗"),
    )
    claims = [ClaimFactory(post=post, member=MemberFactory(branch=world.branch)) for _ in range(THREADS)]

    approved, refused, failed = together(
        [lambda c=c: service.approve_claim(claim=c, by=world.secretary) for c in claims]
    )

    assert failed == []
    assert len(approved) == HEADCOUNT
    assert refused == ["“社会治安维护岗”岗位已满员（职数3人）。"] * (THREADS - HEADCOUNT)
    assert Assignment.objects.filter(post=post, status__in=Assignment.LIVE).count() == HEADCOUNT
    assert Claim.objects.filter(post=post, status=Claim.Status.APPROVED).count() == HEADCOUNT
    assert Claim.objects.filter(post=post, status=Claim.Status.PENDING).count() == THREADS - HEADCOUNT

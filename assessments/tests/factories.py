"""Helpers for the tests of areas, pairs and the branch's checks."""

from members.models import Member
from members.tests.factories import MemberFactory
from posts.models import Assignment
from posts.tests.factories import AssignmentFactory, BranchPostFactory

YEAR = 2026


def on_post(member, year=YEAR, status=Assignment.Status.ON_POST):
    """Put a member on a post of their branch for the year."""
    post = BranchPostFactory(branch=member.branch, year=year, headcount=5)
    return AssignmentFactory(post=post, member=member, status=status)


def activist(branch, name="陈积极"):
    return MemberFactory(name=name, branch=branch, category=Member.Category.ACTIVIST)


def full_member(branch, name=None):
    return MemberFactory(branch=branch, **({"name": name} if name else {}))

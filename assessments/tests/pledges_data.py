"""Shared set-up for the pledge tests: a member of B1 on post for YEAR, and helpers that walk
pledges through the services."""

import datetime

from assessments.models import Pledge
from assessments.services import pledges as service
from posts.models import Assignment
from posts.tests.factories import AssignmentFactory, BranchPostFactory, PostTypeFactory

YEAR = 2026
JAN = datetime.date(YEAR, 1, 10)
DUE = datetime.date(YEAR, 6, 30)
AFTER = datetime.date(YEAR, 7, 1)


def on_post(member, year=YEAR, **post):
    post_type = PostTypeFactory(
        name=post.pop("name", None) or f"政策宣传岗{member.pk}",
        duties="1. 宣传党的政策\n2、收集群众意见；\n按月向支部报告",
        service_menu="每月入户走访一次\n每季度参加一次集中宣讲",
    )
    return AssignmentFactory(
        post=BranchPostFactory(branch=member.branch, year=year, post_type=post_type, **post),
        member=member,
        status=Assignment.Status.ON_POST,
    )


def make(member, n, *, due=DUE, today=JAN, prefix="承诺"):
    return [
        service.add_pledge(member=member, by=member.user, text=f"{prefix}{i + 1}", due_on=due, year=YEAR, today=today)
        for i in range(n)
    ]


def accepted(member, n, reviewer, **kwargs):
    pledges = make(member, n, **kwargs)
    service.submit_pledges(member=member, year=YEAR, by=member.user, note="身体原因" if n < 3 else "")
    service.accept_many(pledges=pledges, by=reviewer)
    return list(Pledge.objects.filter(pk__in=[p.pk for p in pledges]).order_by("pk"))

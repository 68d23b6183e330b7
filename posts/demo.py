"""Demo posts for one branch, made through the real services so every row has its history.

The branch ends up with something at every stage: people on post with signed letters,
a notice open for objections, claims awaiting review with votes, and posts still free,
so each demo login has something to do.
"""

import datetime

from django.utils import timezone

from members.models import Member

from . import selectors
from .models import Claim
from .services import catalogue, claims, lifecycle, notices

STATEMENTS = [
    "熟悉村里情况，愿意利用空闲时间为群众服务。",
    "有相关特长，能够带动身边群众。",
    "身体健康，时间充裕，愿意承担这项工作。",
    "长期在村居住，群众基础好。",
]


def _spring(today):
    """The first round's first day: early in the year, or two months back early in a year."""
    return min(datetime.date(today.year, 1, 6), today - datetime.timedelta(days=80))


def populate(*, branch, by, today=None, keep_free=()):
    """Set posts for this year and walk members through the stages. `keep_free`: members
    left without a claim (the member login claims for itself in the demo)."""
    today = today or timezone.localdate()
    year = today.year
    types = list(selectors.adoptable_types(branch, year))[:10]
    posts = catalogue.adopt_posts(branch=branch, post_types=types, year=year, headcount=2, by=by)
    # Two rounds: the first early in the year, so its members have served most of the year
    # (the duty log, points and pledges of the demo build on them), and one open now.
    spring = _spring(today)
    catalogue.open_round(
        branch=branch, year=year, starts_on=spring, ends_on=spring + datetime.timedelta(days=20), by=by
    )
    catalogue.open_round(
        branch=branch,
        year=year,
        starts_on=max(today - datetime.timedelta(days=25), spring + datetime.timedelta(days=21)),
        ends_on=today + datetime.timedelta(days=20),
        by=by,
    )
    people = list(
        Member.objects.filter(branch=branch)
        .available_for_posts()
        .exclude(pk__in=[m.pk for m in keep_free])
        .exclude(health=Member.Health.UNABLE)
        .order_by("pk")[:11]
    )

    def claim(member, post, n, on=today):
        return claims.submit_claim(
            post=post, member=member, by=member.user or by, statement=STATEMENTS[n % len(STATEMENTS)], today=on
        )

    # Stage 1: four members claimed in the first round, went through its notice and are on post.
    earlier = [
        claims.approve_claim(claim=claim(m, posts[i], i, on=spring + datetime.timedelta(days=3)), by=by)
        for i, m in enumerate(people[:4])
    ]
    # Published as on the day it went up, for the policy's shortest period (weekdays only).
    first_day = spring + datetime.timedelta(days=7)
    first_start, first_end = notices.default_period(branch, first_day)
    first = notices.publish_notice(
        branch=branch,
        assignments=earlier,
        title=f"{year}年无职党员设岗定责公示（第一批）",
        starts_on=first_start,
        ends_on=first_end,
        by=by,
        today=first_day,
    )
    notices.close_notice(notice=first, by=by, today=first_end + datetime.timedelta(days=1))
    for assignment in earlier:
        letter = lifecycle.make_letter(assignment=assignment, starts_on=first_end + datetime.timedelta(days=1))
        signed = first_end + datetime.timedelta(days=5)
        lifecycle.record_signatures(letter=letter, member_signed_on=signed, branch_signed_on=signed, by=by, today=today)
        lifecycle.record_training(letter=letter, trained_on=signed + datetime.timedelta(days=2), by=by, today=today)

    # Stage 2: three approved members are on a notice that is open now.
    current = [claims.approve_claim(claim=claim(m, posts[4 + i], i), by=by) for i, m in enumerate(people[4:7])]
    starts_on, ends_on = notices.default_period(branch, today)
    notices.publish_notice(
        branch=branch,
        assignments=current,
        title=f"{year}年无职党员设岗定责公示（第二批）",
        starts_on=starts_on,
        ends_on=ends_on,
        by=by,
        today=today,
    )

    # Stage 3: claims awaiting review, two with the members' meeting's votes.
    pending = [claim(m, posts[7 + i % 3], i) for i, m in enumerate(people[7:11])]
    claims.record_votes(tallies={pending[0]: 18, pending[1]: 11}, by=by)
    return Claim.objects.filter(post__branch=branch).count()

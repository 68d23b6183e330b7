"""A deterministic synthetic county of any size, for benchmarks.

    python manage.py generate_demo --members 40000 --seed 7

About 100 people per branch, 20 branches per township, 3 groups per branch. Codes
start with the prefix (default "G") so the data never collides with the demo county.
"""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.demo import IdNumbers, Names, make_member, org
from members.models import Member, Organisation

KINDS = [k for k in Organisation.Kind]


class Command(BaseCommand):
    help = "Generate a deterministic synthetic county (organisations and roster) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=40000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--prefix", default="G", help="Code prefix of the generated organisations.")
        parser.add_argument("--per-branch", type=int, default=100)

    def handle(self, *args, members, seed, prefix, per_branch, **options):
        if members < 1:
            raise CommandError("--members must be at least 1")
        if Organisation.objects.filter(code=prefix).exists():
            raise CommandError(f"Organisation {prefix} exists already; pick another --prefix.")
        rng = random.Random(seed)
        names, ids = Names(rng), IdNumbers(rng, regions=tuple(range(510100, 510160)))
        today = datetime.date(2026, 1, 1)  # fixed, so the same seed gives the same ages
        branch_count = max(1, round(members / per_branch))

        with transaction.atomic():
            county = org(prefix, f"合成县{seed}", Organisation.Level.COUNTY)
            county.save()
            townships = Organisation.objects.bulk_create(
                [
                    org(f"{prefix}T{t:03d}", f"第{t + 1}镇", Organisation.Level.TOWNSHIP, county)
                    for t in range((branch_count + 19) // 20)
                ]
            )
            branches = Organisation.objects.bulk_create(
                [
                    org(
                        f"{prefix}B{b:04d}",
                        f"{names.person()[0]}家{'村' if b % 5 else '社区'}党支部",
                        Organisation.Level.BRANCH,
                        townships[b // 20],
                        kind=KINDS[b % len(KINDS)],
                    )
                    for b in range(branch_count)
                ]
            )
            groups = Organisation.objects.bulk_create(
                [
                    org(f"{branch.code}G{g}", f"第{g + 1}党小组", Organisation.Level.GROUP, branch)
                    for branch in branches
                    for g in range(3)
                ]
            )
            batch = []
            for i in range(members):
                branch_index = i * branch_count // members
                group = groups[branch_index * 3 + rng.randrange(3)]
                batch.append(make_member(rng, names, ids, branch=branches[branch_index], group=group, today=today))
                if len(batch) == 5000:
                    Member.objects.bulk_create(batch)
                    batch = []
            Member.objects.bulk_create(batch)
        self.stdout.write(
            f"Generated {members} people in {branch_count} branches, {len(townships)} townships "
            f"(county {prefix}, seed {seed})."
        )

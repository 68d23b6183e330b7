"""The demo county that `make run` loads: two townships, six branches (every kind), about
150 people, and one login per role (listed in the README).

Loading is idempotent: when the demo county is there already, nothing is touched, so
re-running `make run` keeps whatever was changed through the screens.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from assessments import demo as serving_demo
from members import services
from members.demo import IdNumbers, Names, make_member
from members.models import Member, Organisation, Role
from posts import demo as posts_demo
from posts.models import Assignment

DEMO_PASSWORD = "demo-2026"
COUNTY = ("D", "青山县")
TOWNSHIPS = [("D1", "东湖镇"), ("D2", "西岭镇")]
BRANCHES = [
    # code, name, township, kind, groups
    ("D1B1", "东湖村党支部", "D1", Organisation.Kind.VILLAGE, ["第一党小组", "第二党小组", "第三党小组"]),
    ("D1B2", "柳塘村党支部", "D1", Organisation.Kind.VILLAGE, ["上塘党小组", "下塘党小组"]),
    ("D1B3", "湖滨社区党支部", "D1", Organisation.Kind.COMMUNITY, ["一号楼栋党小组", "二号楼栋党小组"]),
    ("D2B1", "西岭食品有限公司党支部", "D2", Organisation.Kind.ENTERPRISE, ["生产车间党小组", "营销党小组"]),
    ("D2B2", "西岭镇中心学校党支部", "D2", Organisation.Kind.INSTITUTION, ["小学部党小组", "初中部党小组"]),
    ("D2B3", "石桥村网格党支部", "D2", Organisation.Kind.GRID, ["第一网格", "第二网格", "第三网格"]),
]
PEOPLE_PER_BRANCH = 25


class Command(BaseCommand):
    help = "Load the demo county and one login per role (once; re-running keeps data)."

    def handle(self, *args, **options):
        if Organisation.objects.filter(code=COUNTY[0]).exists():
            self.stdout.write("Demo data present already; left as it is.")
            return
        with transaction.atomic():
            admin, home, member = self._load()
            # Posts build on the roster: the catalogue presets, then one branch at every stage.
            call_command("load_presets", verbosity=0)
            posts_demo.populate(branch=home, by=admin, keep_free=[member])
            self._on_post_login(home)
            # Serving on post builds on the members on post: a year of it, through the services.
            serving_demo.populate(branch=home)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Logins are listed in README.md."))

    def _on_post_login(self, home):
        """A login for a member who has served since early in the year, in the first group (so
        the group leader checks their log): the serving pages have a year to show them."""
        first = (
            Assignment.objects.filter(post__branch=home, status=Assignment.Status.ON_POST)
            .select_related("member")
            .order_by("pk")
            .first()
        )
        user = get_user_model().objects.create_user("onpost", password=DEMO_PASSWORD, first_name=first.member.name)
        member = first.member
        member.user, member.group = user, Organisation.objects.get(code=f"{home.code}G1")
        member.save(update_fields=["user", "group"])

    def _load(self):
        rng = random.Random(2026)
        names, ids = Names(rng), IdNumbers(rng)
        today = datetime.date.today()
        county = Organisation.objects.create(code=COUNTY[0], name=COUNTY[1], level=Organisation.Level.COUNTY)
        towns = {
            code: Organisation.objects.create(code=code, name=name, level=Organisation.Level.TOWNSHIP, parent=county)
            for code, name in TOWNSHIPS
        }
        branches, first_groups = {}, {}
        for code, name, town, kind, group_names in BRANCHES:
            branch = Organisation.objects.create(
                code=code,
                name=name,
                level=Organisation.Level.BRANCH,
                kind=kind,
                parent=towns[town],
                secretary_name=names.person(),
                phone="0571-8" + "".join(rng.choice("0123456789") for _ in range(6)),
            )
            groups = [
                Organisation.objects.create(
                    code=f"{code}G{i + 1}", name=g, level=Organisation.Level.GROUP, parent=branch
                )
                for i, g in enumerate(group_names)
            ]
            Member.objects.bulk_create(
                [
                    make_member(rng, names, ids, branch=branch, group=rng.choice(groups), today=today)
                    for _ in range(PEOPLE_PER_BRANCH)
                ]
            )
            branches[code], first_groups[code] = branch, groups[0]

        home = branches["D1B1"]
        User = get_user_model()
        admin = User.objects.create_superuser("admin", password=DEMO_PASSWORD, first_name="系统管理员")

        def login(username, full_name, role=None, org=None):
            user = User.objects.create_user(username, password=DEMO_PASSWORD, first_name=full_name)
            if role:
                services.grant_role(user=user, organisation=org, kind=role, by=admin)
            return user

        login("county", "县委组织部 刘科长", Role.Kind.COUNTY_OFFICIAL, county)
        login("township", "东湖镇党委 陈委员", Role.Kind.TOWNSHIP_OFFICIAL, towns["D1"])
        login("secretary", "东湖村 支部书记", Role.Kind.BRANCH_SECRETARY, home)
        login("committee", "东湖村 支部委员", Role.Kind.BRANCH_COMMITTEE, home)
        leader = login("leader", "第一党小组 组长", Role.Kind.GROUP_LEADER, first_groups["D1B1"])
        member_user = login("member", "")

        # The member login is a full member without office, able to serve, in the first group.
        member = (
            Member.objects.filter(branch=home)
            .available_for_posts()
            .filter(category=Member.Category.FULL, health=Member.Health.GOOD)
            .order_by("pk")
            .first()
        )
        member.group = first_groups["D1B1"]
        member.user = member_user
        member.save(update_fields=["group", "user"])
        member_user.first_name = member.name
        member_user.save(update_fields=["first_name"])
        leader_member = Member.objects.filter(branch=home).exclude(pk=member.pk).order_by("pk").first()
        leader_member.user, leader_member.group = leader, first_groups["D1B1"]
        leader_member.save(update_fields=["user", "group"])
        return admin, home, member

"""Synthetic but realistic people and organisations, for the demo and for benchmarks.

Everything is drawn from a seeded random.Random, so the same seed gives the same
county on every machine.
"""

import datetime

from . import idnumber
from .models import Member, Organisation

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Rare characters on purpose: printing must not lose them (禤, 赟, 昇).
RARE_SURNAMES = ("禤", "欧阳", "司马", "上官")
GIVEN_CHARS = (
    "建国华明丽军芳强敏静伟秀英杰娟勇艳磊涛红霞斌超平刚桂兰玉梅志海波辉燕鹏宇晨浩俊晓东林云飞春兰凤"
    "德胜文武成福贵荣祥瑞雪琴珍翠萍亮旭东阳赟昇"
)
ETHNICITIES = ["汉族"] * 18 + ["壮族", "回族"]
SPECIALITIES = [
    "种植技术",
    "养殖技术",
    "农机维修",
    "电子商务",
    "财会",
    "法律咨询",
    "调解纠纷",
    "文艺宣传",
    "书法",
    "水电维修",
    "驾驶",
    "医疗护理",
    "教育辅导",
    "建筑施工",
    "林果嫁接",
    "",
    "",
    "",
]
OFFICES = ["村党支部书记", "村委会主任", "支部委员", "村务监督委员会主任", "妇女主任"]


class Names:
    def __init__(self, rng):
        self.rng = rng

    def person(self):
        rng = self.rng
        surname = rng.choice(RARE_SURNAMES) if rng.random() < 0.01 else rng.choice(SURNAMES)
        given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2, 2))))
        return surname + given


class IdNumbers:
    """Valid, unique ID numbers: each (region, birth date) pair hands out its own sequence."""

    def __init__(self, rng, regions=(110101, 320582, 410102, 450103, 510104, 330110)):
        self.rng = rng
        self.regions = regions
        self.used = {}

    def make(self, born, gender):
        region = self.rng.choice(self.regions)
        key = (region, born)
        n = self.used.get(key, 0)
        self.used[key] = n + 1
        # Odd sequence digits for men, even for women; 500 per region and day is plenty.
        sequence = n * 2 + (1 if gender == Member.Gender.MALE else 2)
        return idnumber.make(region, born, sequence)


def make_member(rng, names, ids, *, branch, group, today):
    gender = Member.Gender.MALE if rng.random() < 0.62 else Member.Gender.FEMALE
    age = rng.choice(range(20, 86))
    born = today.replace(year=today.year - age, month=1, day=1) + datetime.timedelta(days=rng.randrange(365))
    category = rng.choices(
        [c for c in Member.Category],
        weights=[70, 8, 18, 4],
    )[0]
    joined = None
    if category in (Member.Category.FULL, Member.Category.PROBATIONARY):
        joined = born + datetime.timedelta(days=365 * min(age - 1, rng.choice(range(19, 40))))
        if category == Member.Category.PROBATIONARY:
            joined = today - datetime.timedelta(days=rng.randrange(30, 330))
    old = age >= 78
    health = (
        Member.Health.UNABLE
        if old and rng.random() < 0.5
        else rng.choices([Member.Health.GOOD, Member.Health.FAIR, Member.Health.POOR], weights=[75, 20, 5])[0]
    )
    office = rng.choice(OFFICES) if category == Member.Category.FULL and rng.random() < 0.07 else ""
    exempt = health == Member.Health.UNABLE
    phone = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
    return Member(
        name=names.person(),
        gender=gender,
        ethnicity=rng.choice(ETHNICITIES),
        birth_date=born,
        education=rng.choices([e for e in Member.Education], weights=[2, 12, 15, 10, 25, 28, 8])[0],
        id_number=ids.make(born, gender),
        phone=phone,
        show_phone_publicly=rng.random() < 0.3,
        joined_party_on=joined,
        category=category,
        office=office,
        branch=branch,
        group=group,
        specialities=rng.choice(SPECIALITIES),
        health=health,
        works_away=age < 50 and rng.random() < 0.2,
        household=rng.choices([h for h in Member.Household], weights=[15, 75, 10])[0],
        exempt=exempt,
        exemption_reason="年老体弱，经支部同意免于设岗" if exempt else "",
    )


def org(code, name, level, parent=None, kind=""):
    """An unsaved Organisation with its path set, for bulk_create (which skips save())."""
    o = Organisation(code=code, name=name, level=level, parent=parent, kind=kind)
    o.path = (parent.path if parent else "/") + f"{code}/"
    return o

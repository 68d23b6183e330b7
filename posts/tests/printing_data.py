"""A branch with everything the printed papers show: posts in four classes, holders whose
posts took effect, their letters and pledges, and a public notice. Bulk-created, so the
printing tests and benchmarks/print_documents.py can make thousands of rows quickly."""

import datetime
import itertools
from dataclasses import dataclass

from assessments.models import Pledge
from members import idnumber
from members.models import Member
from posts import letter_texts
from posts.models import Assignment, BranchPost, Notice, PostClass, PostType, ResponsibilityLetter


@dataclass(frozen=True)
class Texts:
    classes: list
    posts: list
    surnames: list
    given: list
    pledge: str
    # Printed in the letter after the duties, as make_letter does with a post's duty menu.
    menu: str
    name_sep: str = ""


CHINESE = Texts(
    classes=[("思想政治类", 1), ("民主监督类", 2), ("公共事务类", 3), ("经济发展类", 4)],
    posts=[
        ("政策宣传岗", "向群众讲解党的政策和村里的重要决定，每月至少入户宣讲一次，收集群众的疑问并及时反馈给支部。"),
        ("党务村务监督岗", "列席村里的重要会议，查看党务村务公开是否及时、完整，发现问题向支部和监督委员会报告。"),
        ("环境卫生岗", "带头保持房前屋后整洁，每周巡查责任片区的卫生状况，组织群众参加集中清扫。"),
        ("科技示范岗", "带头学习和使用农业新技术，办好示范田，每季度为群众开展一次技术指导。"),
        ("民事纠纷调解岗", "及时了解邻里矛盾，协助调解委员会做好劝解工作，重大纠纷第一时间报告支部。"),
        ("扶贫帮困岗", "与困难家庭结对，每月走访一次，帮助解决生产生活中的实际困难。"),
    ],
    surnames=list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗禤"),
    given=["赟", "昇", "建国", "秀英", "志强", "丽华", "海峰", "玉兰", "春生", "桂芳"],
    pledge="全年入户走访不少于{n}次",
    menu="履岗菜单：\n· 每月入户走访一次\n· 每季度参加一次集中宣讲",
)
# The same papers in Latin letters only: the benchmark's yardstick for the cost of the CJK face.
LATIN = Texts(
    classes=[("Political work", 11), ("Oversight", 12), ("Public affairs", 13), ("Economy", 14)],
    posts=[
        (
            "Policy outreach",
            "Explain Party policy and village decisions at home visits every month, "
            "and pass questions back to the branch.",
        ),
        (
            "Village affairs oversight",
            "Attend major village meetings and check that Party and village affairs are published fully and on time.",
        ),
        ("Clean village", "Keep the neighbourhood tidy, inspect it weekly and organise clean-ups."),
        ("Farming techniques", "Try new farming techniques on a demonstration plot and teach them once a quarter."),
        (
            "Dispute mediation",
            "Learn of quarrels between neighbours early and help the mediation committee settle them.",
        ),
        ("Help for families", "Visit a family in difficulty every month and help with practical needs."),
    ],
    surnames=["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xuan"],
    given=["Yun", "Sheng", "Jianguo", "Xiuying", "Zhiqiang", "Lihua", "Haifeng", "Yulan"],
    pledge="Visit at least {n} households this year",
    menu="Duty menu:\n· Visit households once a month\n· Join a group talk once a quarter",
    name_sep=" ",
)
YEAR = 2026
TERM_START = datetime.date(2026, 3, 1)


def names(texts):
    for n in itertools.count():
        surname = texts.surnames[n % len(texts.surnames)]
        given = texts.given[(n // len(texts.surnames)) % len(texts.given)]
        yield surname + texts.name_sep + given + ("" if n < 200 else str(n))


_serial = itertools.count()


def _id_number(born):
    n = next(_serial)
    return idnumber.make(330000 + n // 400, born, (n % 400) * 2 + 1)


def post_types(texts=CHINESE):
    classes = [
        PostClass.objects.get_or_create(name=name, defaults={"order": order})[0] for name, order in texts.classes
    ]
    types = []
    for i, (name, duties) in enumerate(texts.posts):
        types.append(
            PostType.objects.get_or_create(
                owner=None,
                name=name,
                defaults={"post_class": classes[i % len(classes)], "duties": duties, "service_menu": ""},
            )[0]
        )
    return types


def branch_with_papers(
    branch, *, members=10, status=Assignment.Status.EFFECTIVE, pledges=2, notice=True, texts=CHINESE
):
    """Fill `branch` for YEAR: one post per catalogue entry (headcount spread evenly),
    `members` holders with letters and pledges, and a notice of them all."""
    types = post_types(texts)
    per_post = -(-members // len(types))
    posts = [
        BranchPost.objects.create(branch=branch, post_type=t, year=YEAR, headcount=max(per_post, 1)) for t in types
    ]
    born = datetime.date(1975, 6, 1)
    people = Member.objects.bulk_create(
        [
            Member(
                name=name,
                gender=Member.Gender.MALE,
                birth_date=born,
                id_number=_id_number(born),
                phone=f"139{i:08d}",
                branch=branch,
            )
            for i, name in zip(range(members), names(texts))
        ]
    )
    assignments = Assignment.objects.bulk_create(
        [Assignment(post=posts[i % len(posts)], member=m, status=status) for i, m in enumerate(people)]
    )
    ResponsibilityLetter.objects.bulk_create(
        [
            ResponsibilityLetter(
                assignment=a,
                duties=posts[i % len(posts)].duties + "\n\n" + texts.menu,
                member_obligations=letter_texts.numbered(letter_texts.MEMBER_OBLIGATIONS),
                branch_obligations=letter_texts.numbered(letter_texts.BRANCH_OBLIGATIONS),
                term_starts_on=TERM_START,
                term_ends_on=datetime.date(2027, 2, 28),
            )
            for i, a in enumerate(assignments)
        ]
    )
    Pledge.objects.bulk_create(
        [
            Pledge(
                branch=branch,
                member=a.member,
                assignment=a,
                year=YEAR,
                text=texts.pledge.format(n=12 + k),
                status=Pledge.Status.ACCEPTED,
            )
            for a in assignments
            for k in range(pledges)
        ]
    )
    if notice:
        published = Notice.objects.create(
            branch=branch,
            title="无职党员设岗定责公示",
            starts_on=datetime.date(2026, 2, 20),
            ends_on=datetime.date(2026, 2, 26),
        )
        published.assignments.set(assignments)
    return posts, assignments

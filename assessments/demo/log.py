"""A year of duty log and collective activities for the demo branch, through the services.

Every member serving on a post logs two or three things a month from the day they took it
up (or the start of the year) to today; most entries are verified by their group leader or
an officer, the last days' wait for verification, and a few were returned with a reason
(some corrected and verified since). A few collective activities have attendance ticked by
the organiser or confirmed with the code; the latest is still open.
"""

import datetime
import random

from members.models import Role
from posts.models import Assignment

from ..models import DutyLogEntry
from ..selectors.points import is_closed
from ..services import activities, log

K = DutyLogEntry.Kind

INDIVIDUAL = [
    ("走访独居老人{n}户，帮助打扫卫生、检查用电安全", "村东片"),
    ("为{n}户群众宣讲医保缴费政策，解答疑问", "村委会"),
    ("帮助留守儿童辅导功课，共{n}名学生", "村小学"),
    ("调解邻里宅基地纠纷，双方达成协议", "二组"),
    ("陪同困难群众到镇便民服务中心办理低保复核", "镇便民服务中心"),
    ("清理河道沿岸垃圾，劝导{n}户群众不乱倒垃圾", "村前小河"),
    ("夜间治安巡逻，检查{n}户门窗和电动车充电情况", "村中心路"),
    ("收集群众对道路修缮的意见{n}条，整理后报支部", "三组"),
    ("为{n}位老人代缴电费、话费", "村便民点"),
    ("帮助种植户联系收购商，销售蔬菜", "蔬菜基地"),
]
OTHER = [
    ("参加镇里组织的岗位技能培训", "镇党校"),
    ("整理本岗位服务台账，填写月度小结", ""),
    ("参加支部月碰头会，汇报本月履岗情况", "党员活动室"),
]
RETURN_REASONS = [
    "请写明走访的具体户数和服务内容",
    "日期与实际不符，请核对后重新提交",
    "请补充服务地点",
]
ACTIVITIES = [
    ("主题党日：清扫村道和公共场所", "村委会广场"),
    ("党员志愿服务：集中宣传防汛知识", "村文化礼堂"),
    ("党群连心送温暖走访", "村委会"),
    ("“牛皮藓”小广告清除行动", "村主干道"),
]


def _verifiers(branch):
    """{group pk: group leader user}, and the branch's officers (the first verifies the rest)."""
    leaders = {
        r.organisation_id: r.user for r in Role.objects.filter(organisation__parent=branch, kind=Role.Kind.GROUP_LEADER)
    }
    officers = [
        r.user
        for r in Role.objects.filter(
            organisation=branch, kind__in=[Role.Kind.BRANCH_SECRETARY, Role.Kind.BRANCH_COMMITTEE]
        )
        .select_related("user")
        .order_by("kind", "pk")
    ]
    return leaders, officers


def make(branch, year, today):
    """Returns the number of entries made."""
    rng = random.Random(f"{branch.code}-{year}")
    leaders, officers = _verifiers(branch)
    if not officers:
        return 0
    serving = list(
        Assignment.objects.filter(post__branch=branch, post__year=year, status__in=Assignment.SERVING)
        .select_related("member__group", "post__branch")
        .order_by("pk")
    )
    start_of_year = datetime.date(year, 1, 1)
    made = 0
    for assignment in serving:
        member = assignment.member
        checker = leaders.get(member.group_id) or officers[0]
        if checker == member.user:
            checker = next((o for o in officers if o != member.user), None)
        first = max(assignment.starts_on or start_of_year, start_of_year)
        day = first + datetime.timedelta(days=rng.randint(0, 4))
        while day <= today:
            if not is_closed(branch, day):
                made += _one_entry(rng, assignment, member, day, today, checker, made)
            day += datetime.timedelta(days=rng.randint(8, 15))
    _activities(
        rng,
        branch,
        serving,
        today,
        officers[0],
        min(a.starts_on or start_of_year for a in serving or [None]) if serving else None,
    )
    return made


def _one_entry(rng, assignment, member, day, today, checker, index):
    roll = rng.random()
    text, place = rng.choice(OTHER) if roll < 0.15 else rng.choice(INDIVIDUAL)
    kind = K.OTHER if roll < 0.15 else K.INDIVIDUAL
    n = rng.randint(2, 8)
    entry = log.add_entry(
        member=member,
        assignment=assignment,
        done_on=day,
        kind=kind,
        what=text.format(n=n),
        people_served=n if kind == K.INDIVIDUAL else None,
        place=place,
        by=member.user,
        today=today,
    )
    recent = (today - day).days < 6
    if checker is None or recent:
        return 1  # waits for verification
    if index % 12 == 5:  # about one in twelve is returned
        log.return_entry(entry=entry, by=checker, reason=RETURN_REASONS[index % len(RETURN_REASONS)])
        if (today - day).days > 30 and index % 24 == 5:  # corrected long since, and verified
            log.resubmit(
                entry=entry,
                member=member,
                by=member.user,
                done_on=day,
                kind=kind,
                what=entry.what + "（已补充说明）",
                people_served=entry.people_served,
                place=place or "村委会",
                today=today,
            )
            log.verify(entry=entry, by=checker)
        return 1
    log.verify(entry=entry, by=checker)
    return 1


def _activities(rng, branch, serving, today, organiser, earliest):
    if not serving or earliest is None:
        return
    posts = sorted({a.post for a in serving}, key=lambda p: p.pk)
    # Every other activity also invites the groups of those on post, so group leaders run them too.
    groups = sorted({a.member.group for a in serving if a.member.group_id}, key=lambda g: g.pk)
    span = max((today - earliest).days, 0)
    days = sorted({today - datetime.timedelta(days=span * k // len(ACTIVITIES)) for k in range(len(ACTIVITIES))})
    for i, held_on in enumerate(days):
        if is_closed(branch, held_on):
            continue
        title, place = ACTIVITIES[i % len(ACTIVITIES)]
        activity = activities.create_activity(
            branch=branch,
            title=title,
            held_on=held_on,
            place=place,
            posts=posts,
            groups=groups if i % 2 == 0 else [],
            by=organiser,
        )
        invited = [a.member for a in activities.invited_assignments(activity)]
        ticked = [m for m in invited if rng.random() < 0.7]
        if ticked:
            activities.take_attendance(activity=activity, members=ticked, by=organiser, today=today)
        if held_on == today:
            continue  # still open: its code works
        for member in invited:
            if member not in ticked and member.user_id and rng.random() < 0.5:
                activities.attend_with_code(member=member, code=activity.code, by=member.user, today=today)
        activities.close_activity(activity=activity, by=organiser)

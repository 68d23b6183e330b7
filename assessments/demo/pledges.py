"""Demo pledges for one branch, made through the services so every row has its history.

Members on post make 3–5 pledges each early in the year; most are accepted, one member's
pledge is returned, fixed and accepted, one member still waits for review and one has only
drafts. Progress notes link the members' own duty-log entries where there are some; pledges
whose target date has passed have their outcome. The branch makes six pledges of its own.
"""

import datetime

from django.contrib.auth import get_user_model

from members.models import Role
from posts.models import Assignment

from ..models import DutyLogEntry, Pledge, PledgeEvaluation
from ..selectors.pledges import duty_menu
from ..services import pledges as service

GENERIC = [
    "每月至少入户走访联系户一次，了解群众困难",
    "全年帮助困难群众办实事好事不少于3件",
    "每季度参加一次志愿服务活动",
    "带头遵守村规民约，做好邻里矛盾调解",
    "及时向支部反映群众意见建议",
]
BRANCH_PLEDGES = [
    "硬化村内主干道1公里，解决群众出行难",
    "每季度召开一次党员大会，落实“三会一课”",
    "为60岁以上老人组织一次免费体检",
    "建立党员联系户制度，每名党员联系3至5户群众",
    "开展人居环境整治，每月集中清理一次",
    "帮助5户困难家庭发展庭院经济",
]
OUTCOMES = [Pledge.Status.FULFILLED, Pledge.Status.FULFILLED, Pledge.Status.PARTLY, Pledge.Status.NOT_FULFILLED]
REASONS = {
    Pledge.Status.FULFILLED: "按期完成，群众反映良好",
    Pledge.Status.PARTLY: "完成大部分，个别事项因天气原因推迟",
    Pledge.Status.NOT_FULFILLED: "因外出务工未能完成，已督促整改",
}


def _officer(branch):
    role = (
        Role.objects.filter(organisation=branch, kind__in=[Role.Kind.BRANCH_SECRETARY, Role.Kind.BRANCH_COMMITTEE])
        .select_related("user")
        .order_by("kind", "pk")
        .first()
    )
    return role.user if role else get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def _dues(year, made_on, count):
    """Target dates spread over the year from the quarter ends after the day they are made."""
    ends = [datetime.date(year, m, d) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))]
    ends = [d for d in ends if d >= made_on] or [datetime.date(year, 12, 31)]
    return [ends[i % len(ends)] for i in range(count)]


def make(branch, year, today):
    """Pledges of `year` for the branch's members on post and the branch itself, as of `today`."""
    officer = _officer(branch)
    made_on = min(datetime.date(year, 1, 20), today)
    serving = list(
        Assignment.objects.filter(post__branch=branch, post__year=year, status__in=Assignment.SERVING)
        .exclude(member__user=officer)
        .select_related("member__user", "post__post_type")
        .order_by("member__name", "pk")
    )
    seen, people = set(), []
    for a in serving:
        if a.member_id not in seen:
            seen.add(a.member_id)
            people.append(a)
    accepted = []
    for i, assignment in enumerate(people):
        member = assignment.member
        by = member.user or officer
        count = 3 + i % 3
        menu = duty_menu(assignment.post)[:2]
        texts = (menu + GENERIC)[:count]
        pledges = [
            service.add_pledge(
                member=member,
                by=by,
                assignment=assignment,
                year=year,
                text=text if text in GENERIC else f"{text}，全年不少于10次",
                from_duty="" if text in GENERIC else text,
                due_on=due,
                today=made_on,
            )
            for text, due in zip(texts, _dues(year, made_on, count), strict=True)
        ]
        if i == len(people) - 1 and i > 1:
            continue  # still writing: drafts only
        service.submit_pledges(member=member, year=year, by=by)
        if i == len(people) - 2 and i > 1:
            continue  # waiting for the committee
        if i == 0:
            # Returned as too vague, made concrete and accepted.
            service.return_pledge(pledge=pledges[-1], by=officer, reason="表述不够具体，请写明次数和对象")
            service.edit_pledge(
                pledge=pledges[-1], by=by, text="每月帮助2户困难群众代办事项", due_on=pledges[-1].due_on, today=made_on
            )
            service.submit_pledges(member=member, year=year, by=by)
        service.accept_many(pledges=pledges, by=officer)
        accepted += pledges
    own = [
        service.add_branch_pledge(
            branch=branch,
            year=year,
            by=officer,
            text=text,
            due_on=due,
            responsible=people[k % len(people)].member if people else None,
            today=made_on,
        )
        for k, (text, due) in enumerate(zip(BRANCH_PLEDGES, _dues(year, made_on, 6), strict=True))
    ]
    for pledge in own:
        service.accept_pledge(pledge=pledge, by=officer)
    _fulfil(accepted + own, officer, today)


def _fulfil(pledges, officer, today):
    for n, pledge in enumerate(Pledge.objects.filter(pk__in=[p.pk for p in pledges]).select_related("member__user")):
        by = pledge.member.user if pledge.member_id and pledge.member.user_id else officer
        noted_on = min(today, pledge.due_on - datetime.timedelta(days=20))
        if noted_on >= datetime.date(pledge.year, 2, 1):
            owner = {"member": pledge.member} if pledge.member_id else {"branch": pledge.branch}
            entries = list(
                DutyLogEntry.objects.filter(done_on__lte=noted_on, done_on__year=pledge.year, **owner)
                .exclude(status=DutyLogEntry.Status.RETURNED)
                .order_by("-done_on")[:2]
            )
            service.record_progress(
                pledge=pledge,
                by=by,
                text="按计划推进，已完成阶段任务" if n % 2 else "已走访群众并记录在履岗纪实中",
                noted_on=noted_on,
                entries=entries,
                today=today,
            )
        if pledge.due_on <= today:
            outcome = OUTCOMES[n % len(OUTCOMES)]
            service.set_outcome(pledge=pledge, by=officer, outcome=outcome, reason=REASONS[outcome], today=today)
            if pledge.member_id and pledge.member.user_id:
                service.evaluate(
                    pledge=pledge, by=pledge.member.user, source="self", comment="基本兑现了承诺，还需继续努力"
                )
            if n % 3 == 0:
                service.evaluate(
                    pledge=pledge, by=officer, source=PledgeEvaluation.Source.PUBLIC, comment="群众评价满意"
                )

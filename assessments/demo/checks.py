"""Demo responsibility areas, mentoring pairs and the branch's checks for one branch, made
through the services so every row has its audit entry: areas covering every member on post,
with a ledger; a pair or two with notes; a meeting each month; quarterly reports for the past
quarters (a few missing); township inspections, the first one's follow-up answered."""

import datetime
import itertools

from members.models import Member, Role

from ..models.checks import quarter_end
from ..selectors.areas import serving_members
from ..services import areas, checks, mentoring

AREAS = [
    ("东街片区", "lane", "东街1—40号", "宣传政策，每月走访片区住户，收集意见建议，协助排查安全隐患。"),
    ("西街片区", "lane", "西街全段及两侧商铺", "督促门前三包，劝导占道经营，发现问题及时报告村委会。"),
    ("新村安置小区", "block", "安置小区1—6栋", "联系楼栋长，关心独居老人，调解邻里纠纷。"),
    ("南塘沿线", "other", "南塘及沿岸200米", "巡查河塘环境，劝阻乱倒垃圾，汛期报告水情。"),
    ("困难户联系组", "households", "低保户、五保户12户", "每月上门走访，帮助办理救助事项，反映困难诉求。"),
    ("村文化广场", "other", "文化广场及农家书屋", "组织文体活动，维护公共设施，宣传文明新风。"),
    ("老街片区", "lane", "老街及祠堂周边", "宣传移风易俗，劝导红白事简办，维护公共秩序。"),
    ("村办企业班组", "team", "村合作社生产班组", "带头遵守安全生产规定，帮助群众学技术、找销路。"),
]
ACTIVITIES = [
    ("入户走访", "走访住户{n}户，宣传医保缴费政策，收集意见3条。"),
    ("环境整治", "清理卫生死角{n}处，劝导乱堆乱放。"),
    ("安全巡查", "检查用电用气隐患，发现并督促整改{n}处。"),
    ("政策宣讲", "在片区召集群众{n}人，宣讲惠民政策。"),
    ("帮困解难", "帮助困难户办理事项{n}件。"),
]
TOPICS = [
    ("通报上月各岗履职和责任区活动情况；安排本月重点工作。", "各责任区本月至少开展一次走访。"),
    ("研究环境整治和安全巡查安排。", "周末组织党员开展环境整治。"),
    ("听取入党积极分子帮带情况汇报。", "帮带人每月谈心一次并记录。"),
]


def _officer(branch, *kinds):
    role = Role.objects.filter(organisation=branch, kind__in=kinds).select_related("user").first()
    return role.user if role else None


def _township_official(branch):
    role = Role.objects.filter(organisation=branch.parent, kind=Role.Kind.TOWNSHIP_OFFICIAL).select_related("user")
    role = role.first()
    return role.user if role else None


def _month_days(year, last, day):
    """The `day` of each month of the year up to `last`."""
    return [d for d in (datetime.date(year, m, day) for m in range(1, 13)) if d <= last]


def make(branch, year, today):
    """A year of areas, pairs and checks for the branch, up to `today`."""
    last = min(today, datetime.date(year, 12, 31))
    secretary = _officer(branch, Role.Kind.BRANCH_SECRETARY, Role.Kind.BRANCH_COMMITTEE)
    serving = list(serving_members(branch, year))
    made = _areas(branch, year, last, serving, secretary)
    _pairs(branch, year, last, secretary)
    _meetings(branch, year, last, serving, secretary)
    _reports(year, last, serving)
    _inspections(branch, year, last, secretary)
    return made


def _areas(branch, year, last, serving, by):
    """Areas of two or three members each, covering everyone on post; a few activities each."""
    made = []
    count = -(-len(serving) // 3)  # areas of two or three members, dealt round like cards
    chunks = [serving[i::count] for i in range(count)]
    names = itertools.cycle(AREAS)
    for i, people in enumerate(chunks):
        name, kind, scope, duties = next(names)
        if i >= len(AREAS):
            name = f"{name}{i // len(AREAS) + 1}"
        area = areas.create_area(
            branch=branch,
            year=year,
            name=name,
            kind=kind,
            scope=scope,
            duties=duties,
            members=people,
            lead=people[0],
            by=by,
        )
        made.append(area)
        for j, held_on in enumerate(_month_days(year, last, 10 + i % 15)[::2]):
            what, result = ACTIVITIES[(i + j) % len(ACTIVITIES)]
            areas.record_activity(
                area=area,
                held_on=held_on,
                what=what,
                result=result.format(n=3 + (i + j) % 6),
                participants=people[: 1 + j % len(people)],
                by=people[0].user or by,
                today=last,
            )
    return made


def _pairs(branch, year, last, by):
    """One or two activists each mentored by two full members, with a note a month."""
    activists = list(Member.objects.filter(branch=branch, category=Member.Category.ACTIVIST).order_by("pk")[:2])
    mentors = list(Member.objects.filter(branch=branch, category=Member.Category.FULL, office="").order_by("-pk")[:4])
    starts_on = datetime.date(year, 2, 1)
    if starts_on > last:
        return
    for n, mentee in enumerate(activists):
        two = mentors[2 * n : 2 * n + 2]
        if not two:
            break
        pair = mentoring.create_pair(branch=branch, mentee=mentee, mentors=two, starts_on=starts_on, by=by, today=last)
        for k, met_on in enumerate(_month_days(year, last, 20)[1:]):
            mentoring.add_note(
                pair=pair,
                met_on=met_on,
                notes=[
                    "学习党章和入党誓词，谈本月工作体会。",
                    "交流参加志愿服务的感受，布置下月学习内容。",
                    "了解家庭和工作情况，鼓励其在责任区多做实事。",
                ][k % 3],
                by=by,
                today=last,
            )


def _meetings(branch, year, last, serving, by):
    for k, held_on in enumerate(_month_days(year, last, 5)):
        topics, decisions = TOPICS[k % len(TOPICS)]
        came = serving[: max(1, len(serving) - k % 3)] or list(Member.objects.filter(branch=branch)[:5])
        checks.record_meeting(
            branch=branch, held_on=held_on, attendees=came, topics=topics, decisions=decisions, by=by, today=last
        )


def _reports(year, last, serving):
    """Reports for the quarters already over, handed in a few days after each quarter; every
    fifth member misses one, so the officers' list of who has not handed in has names."""
    for quarter in (1, 2, 3, 4):
        if quarter_end(year, quarter) >= last:
            break
        handed_on = min(quarter_end(year, quarter) + datetime.timedelta(days=5), last)
        for i, member in enumerate(serving):
            if (i + quarter) % 5 == 0:
                continue
            text = (
                f"第{quarter}季度：在责任区走访群众{6 + i % 7}户，参加集体活动{1 + i % 3}次，"
                f"帮助解决实际困难{1 + i % 2}件。"
            )
            checks.write_report(member=member, year=year, quarter=quarter, text=text, by=member.user, today=handed_on)


def _inspections(branch, year, last, by):
    """The township's quarterly inspections of the quarters over; the first asks for a
    follow-up, which the branch has answered."""
    inspector = _township_official(branch)
    for quarter in (1, 2, 3, 4):
        held_on = quarter_end(year, quarter) + datetime.timedelta(days=8)
        if held_on > last or held_on.year != year:
            break
        inspection = checks.record_inspection(
            branch=branch,
            kind="township_quarterly",
            held_on=held_on,
            findings="责任区台账记录完整，党员走访到位；个别责任区活动记录偏少。"
            if quarter > 1
            else "设岗定责资料齐全；部分党员季度述职内容过于简单。",
            follow_ups="指导党员述职写清做了什么、效果如何，下季度检查时复查。" if quarter == 1 else "",
            by=inspector,
            today=last,
        )
        if quarter == 1:
            checks.answer_inspection(
                inspection=inspection,
                response="已在月碰头会上讲解述职要求，二季度述职均已按要求填写。",
                done=True,
                by=by,
            )

"""Doing the work and judging it (履岗 and 考评): one module per part of the practice.

- log: the duty log (履岗纪实), its photos and the months a branch has closed (月登记);
- activities: collective activities (集体活动) and their attendance;
- points: service points (服务积分): rules, adjustments, closed months' snapshots;
- pledges: pledges (承诺 → 践诺 → 评诺);
- grading: a period's verdict (考核评岗);
- areas: responsibility areas (党员责任区) and their activity ledger (活动台账);
- mentoring: pairs (帮带) and their meeting notes;
- checks: monthly meetings (月碰头), quarterly reports (季度述职) and inspections.
"""

from .activities import Activity, Attendance
from .areas import AreaActivity, AreaMember, ResponsibilityArea
from .checks import BranchMeeting, Inspection, QuarterlyReport
from .grading import Assessment
from .log import ClosedMonth, DutyLogEntry, LogPhoto
from .mentoring import MentoringNote, MentoringPair
from .pledges import Pledge, PledgeEvaluation, PledgeProgress
from .points import MonthCloseJob, MonthlyPoints, PointsAdjustment, PointsRule

__all__ = [
    "Activity",
    "AreaActivity",
    "AreaMember",
    "Assessment",
    "Attendance",
    "BranchMeeting",
    "ClosedMonth",
    "DutyLogEntry",
    "Inspection",
    "LogPhoto",
    "MentoringNote",
    "MentoringPair",
    "MonthCloseJob",
    "MonthlyPoints",
    "Pledge",
    "PledgeEvaluation",
    "PledgeProgress",
    "PointsAdjustment",
    "PointsRule",
    "QuarterlyReport",
    "ResponsibilityArea",
]

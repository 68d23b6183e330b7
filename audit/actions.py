"""Every action code an entry may carry, with the label officers read. audit.log refuses a
code missing here, so the table cannot fall behind the services."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    # members: the tree, the roster, roles and accounts
    "members.organisation.added": _("Organisation added"),
    "members.organisation.changed": _("Organisation changed"),
    "members.organisation.deleted": _("Organisation deleted"),
    "members.member.added": _("Roster member added"),
    "members.member.changed": _("Roster member changed"),
    "members.member.deleted": _("Roster member deleted"),
    "members.member.exempted": _("Member exempted from posts"),
    "members.member.exemption_lifted": _("Exemption from posts lifted"),
    "members.roster.imported": _("Roster imported"),
    "members.roster.refused_other_roster": _("Roster import refused people on another roster"),
    "members.role.granted": _("Role granted"),
    "members.role.revoked": _("Role revoked"),
    "members.role.changed": _("Role changed"),
    "members.accounts.created": _("Login accounts created"),
    "members.password.reset": _("Password reset"),
    "members.password.set_by_other": _("Password set by someone else"),
    "members.password.changed": _("Password changed by its holder"),
    "members.login.unlocked": _("Login lockout lifted"),
    # posts: catalogue (设岗) and claim rounds
    "posts.presets.loaded": _("Preset posts loaded"),
    "posts.post_class.added": _("Post class added"),
    "posts.post_class.changed": _("Post class changed"),
    "posts.post_class.deleted": _("Post class deleted"),
    "posts.post_type.created": _("Catalogue post created"),
    "posts.post_type.changed": _("Catalogue post changed"),
    "posts.posts.adopted": _("Posts set for the year"),
    "posts.post.own_added": _("Branch's own post added"),
    "posts.post.changed": _("Post changed"),
    "posts.round.opened": _("Claim round opened"),
    # claims (认岗, 议岗, 定岗)
    "posts.claim.submitted": _("Claim submitted"),
    "posts.claim.withdrawn": _("Claim withdrawn"),
    "posts.claim.votes_recorded": _("Meeting votes recorded"),
    "posts.claim.approved": _("Claim approved"),
    "posts.claim.rejected": _("Claim rejected"),
    "posts.claim.moved": _("Claim moved to another post"),
    # the rules a county, township or branch sets (设岗定责规则)
    "posts.policy.set": _("Post rules changed"),
    # papers printed by the background worker (papers app)
    "papers.print_job.started": _("Print job started"),
    # notices (公示) and objections
    "posts.notice.published": _("Notice published"),
    "posts.notice.closed": _("Notice closed"),
    "posts.objection.lodged": _("Objection lodged"),
    "posts.objection.handled": _("Objection handled"),
    # letters, going on post and changes over time
    "posts.letter.made": _("Responsibility letter made"),
    "posts.letter.signed": _("Letter signatures recorded"),
    "posts.letter.trained": _("Training recorded"),
    "posts.assignment.withdrawn": _("Withdrawn from notice"),
    "posts.assignment.transferred": _("Transferred to another post"),
    "posts.assignment.suspended": _("Suspended from post"),
    "posts.assignment.reinstated": _("Reinstated on post"),
    "posts.assignment.removed": _("Removed from post"),
    "posts.assignment.term_ended": _("Term ended"),
    "posts.term.started": _("New term started"),
    # serving on post: responsibility areas (党员责任区), pairs (帮带) and the branch's checks
    "assessments.area.created": _("Responsibility area set up"),
    "assessments.area.changed": _("Responsibility area changed"),
    "assessments.area.removed": _("Responsibility area removed"),
    "assessments.area_activity.recorded": _("Area activity recorded"),
    "assessments.pair.created": _("Mentoring pair set up"),
    "assessments.pair.ended": _("Mentoring pair ended"),
    "assessments.pair_note.added": _("Mentoring meeting noted"),
    "assessments.meeting.recorded": _("Monthly meeting recorded"),
    "assessments.report.submitted": _("Quarterly report handed in"),
    "assessments.report.changed": _("Quarterly report changed"),
    "assessments.inspection.recorded": _("Inspection recorded"),
    "assessments.inspection.answered": _("Inspection follow-up answered"),
    # assessments: the duty log (履岗纪实) and collective activities (集体活动)
    "assessments.log.added": _("Duty log entry added"),
    "assessments.log.resubmitted": _("Duty log entry corrected and sent again"),
    "assessments.log.verified": _("Duty log entry verified"),
    "assessments.log.returned": _("Duty log entry returned"),
    "assessments.log.verified_many": _("Duty log entries verified together"),
    "assessments.activity.created": _("Collective activity set up"),
    "assessments.activity.attendance_taken": _("Activity attendance taken"),
    "assessments.activity.attended": _("Activity attendance confirmed with the code"),
    "assessments.activity.closed": _("Collective activity closed"),
    # assessments: service points (服务积分) and closing months (月登记)
    "assessments.points_rule.set": _("Points rule set"),
    "assessments.points.adjusted": _("Points adjusted"),
    "assessments.month.closed": _("Month closed"),
    "assessments.month.reopened": _("Month reopened"),
    "assessments.month_close.started": _("Closing a month for all branches started"),
    # pledges (承诺 → 践诺 → 评诺)
    "assessments.pledge.added": _("Pledge added"),
    "assessments.pledge.changed": _("Pledge changed"),
    "assessments.pledge.deleted": _("Pledge deleted"),
    "assessments.pledges.submitted": _("Pledges submitted for review"),
    "assessments.pledge.accepted": _("Pledge accepted"),
    "assessments.pledges.accepted": _("Pledges accepted"),
    "assessments.pledge.returned": _("Pledge returned"),
    "assessments.pledge.progress": _("Pledge progress recorded"),
    "assessments.pledge.outcome_set": _("Pledge outcome set"),
    "assessments.pledge.evaluated": _("Pledge evaluation recorded"),
}


def label(action):
    return ACTIONS.get(action, action)


def choices():
    return sorted(((code, label) for code, label in ACTIONS.items()), key=lambda c: c[0])


# What the keys of a payload mean, for the list and the export.
PAYLOAD_LABELS = {
    "count": _("count"),
    "rows": _("rows"),
    "created": _("new"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "dry_run": _("check only"),
    "refused": _("refused rows"),
    "refused_count": _("refused"),
    "row": _("row"),
    "id_number": _("ID number"),
    "fields": _("fields"),
    "changed": _("changed"),
    "kind": _("role"),
    "before": _("before"),
    "year": _("year"),
    "headcount": _("headcount"),
    "is_open": _("open for claims"),
    "extra_duties": _("extra duties"),
    "lead_id": _("lead"),
    "contact_cadre_id": _("contact cadre"),
    "starts_on": _("starts on"),
    "ends_on": _("ends on"),
    "until": _("until"),
    "source": _("source"),
    "outcome": _("outcome"),
    "votes": _("votes"),
    "status": _("status"),
    "posts": _("posts"),
    "ended": _("terms ended"),
    "carried_over": _("carried over"),
    "records": _("records"),
    "level": _("level"),
    "code": _("code"),
    # assessments: service points (服务积分) and closing months (月登记)
    "monthly_cap": _("monthly cap"),
    "month": _("month"),
    "job": _("background run"),
    "term_starts_on": _("term starts on"),
    "term_ends_on": _("term ends on"),
    "member_signed_on": _("member signed on"),
    "branch_signed_on": _("branch signed on"),
    "trained_on": _("trained on"),
    # responsibility areas, pairs and the branch's checks
    "area": _("area"),
    "area_kind": _("kind of area"),
    "members": _("members"),
    "lead": _("lead"),
    "activities": _("activities"),
    "mentee": _("activist"),
    "mentors": _("mentors"),
    "met_on": _("met on"),
    "quarter": _("quarter"),
    "follow_up": _("follow-up"),
    "inspection_kind": _("kind of inspection"),
    # the duty log and activities
    "done_on": _("date"),
    "entry_kind": _("kind"),
    "entry_status": _("status"),
    "photos": _("photos"),
    "returned_because": _("returned because"),
    "points": _("service points"),
    "title": _("title"),
    "held_on": _("held on"),
    "groups": _("groups"),
    "added": _("attendees added"),
    "attendees": _("attendees"),
    "text": _("text"),
    "entries": _("evidence entries"),
    "pledge_status": _("pledge status"),
    "previous_pledge_status": _("pledge status before"),
    "evaluation_source": _("comment from"),
}


def _choice_labels():
    """Stored codes of choice fields, by payload key, shown with their labels."""
    from assessments.models import DutyLogEntry, Inspection, Pledge, PledgeEvaluation, ResponsibilityArea
    from members.models import Organisation, Role
    from posts.models import Assignment, Claim, Objection

    return {
        "area_kind": ResponsibilityArea.Kind,
        "inspection_kind": Inspection.Kind,
        "follow_up": Inspection.FollowUp,
        "entry_kind": DutyLogEntry.Kind,
        "entry_status": DutyLogEntry.Status,
        "status": Assignment.Status,
        "source": Claim.Source,
        "outcome": Objection.Status,
        "kind": Role.Kind,
        "level": Organisation.Level,
        "pledge_status": Pledge.Status,
        "previous_pledge_status": Pledge.Status,
        "evaluation_source": PledgeEvaluation.Source,
    }


def _shown(key, value):
    choices = _choice_labels().get(key)
    if choices is not None and value in choices.values:
        return choices(value).label
    return value


def describe(payload):
    """A payload as one line of "label: value" pairs; ids of other rows are left out (they mean
    nothing to a reader, and the entry's object is linked)."""
    parts = []
    for key, value in (payload or {}).items():
        if key.endswith("_id") and key not in PAYLOAD_LABELS or key.endswith("_ids"):
            continue
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        elif isinstance(value, list):
            value = "、".join(describe(v) if isinstance(v, dict) else str(v) for v in value)
        elif isinstance(value, dict):
            value = "（" + describe(value) + "）"
        parts.append(f"{PAYLOAD_LABELS.get(key, key)}：{_shown(key, value)}")
    return "；".join(parts)

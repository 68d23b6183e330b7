"""Mentoring pairs (帮带): set them up, end them, keep notes of their meetings."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audit import log, service
from members.models import Member

from ..models import MentoringNote, MentoringPair

MAX_MENTORS = 2


def _overlapping(mentee, starts_on, ends_on, exclude=None):
    """Pairs of the same activist whose time overlaps [starts_on, ends_on] (open end: for good)."""
    pairs = MentoringPair.objects.filter(mentee=mentee).exclude(ends_on__lt=starts_on)
    if ends_on is not None:
        pairs = pairs.filter(starts_on__lte=ends_on)
    if exclude is not None:
        pairs = pairs.exclude(pk=exclude.pk)
    return pairs


@service
def create_pair(*, branch, mentee, mentors, starts_on, by, today):
    """One or two full members of the branch mentor an activist of the branch from a date."""
    # Locks the activist's roster row: two officers pairing the same activist at once take
    # turns, and the second one's overlap check sees the first one's pair.
    mentee = Member.objects.select_for_update().get(pk=mentee.pk)
    if mentee.branch_id != branch.pk:
        raise ValidationError({"mentee": _("The activist must be on this branch's roster.")})
    if mentee.category != Member.Category.ACTIVIST:
        raise ValidationError(
            {"mentee": _("%(name)s is not an activist: only activists are mentored.") % {"name": mentee.name}}
        )
    mentors = list({m.pk: m for m in mentors}.values())
    if not mentors:
        raise ValidationError({"mentors": _("Choose one or two mentors.")})
    if len(mentors) > MAX_MENTORS:
        raise ValidationError({"mentors": _("An activist has at most two mentors.")})
    for mentor in mentors:
        if mentor.branch_id != branch.pk or mentor.category != Member.Category.FULL:
            raise ValidationError(
                {"mentors": _("%(name)s is not a full member of this branch.") % {"name": mentor.name}}
            )
    if starts_on > today:
        raise ValidationError({"starts_on": _("A date cannot lie in the future.")})
    if _overlapping(mentee, starts_on, None).exists():
        raise ValidationError(
            {"mentee": _("%(name)s already has mentors for this time: end that pair first.") % {"name": mentee.name}}
        )
    pair = MentoringPair.objects.create(branch=branch, mentee=mentee, starts_on=starts_on, created_by=by)
    pair.mentors.set(mentors)
    log(
        "assessments.pair.created",
        actor=by,
        organisation=branch,
        obj=pair,
        payload={
            "mentee_id": mentee.pk,
            "mentee": mentee.name,
            "mentors": "、".join(m.name for m in mentors),
            "starts_on": starts_on.isoformat(),
        },
    )
    return pair


@service
def end_pair(*, pair, ends_on, reason, by, today):
    """End a pair on a date, with the reason (joined the Party, moved away, mentor unwell …)."""
    pair = MentoringPair.objects.select_for_update().select_related("branch", "mentee").get(pk=pair.pk)
    reason = (reason or "").strip()
    if pair.ends_on is not None:
        raise ValidationError(_("This pair already ended on %(day)s.") % {"day": pair.ends_on.isoformat()})
    if not reason:
        raise ValidationError({"reason": _("Give a reason for ending the pair.")})
    if ends_on > today:
        raise ValidationError({"ends_on": _("A date cannot lie in the future.")})
    if ends_on < pair.starts_on:
        raise ValidationError({"ends_on": _("The pair cannot end before it started.")})
    pair.ends_on, pair.end_reason = ends_on, reason
    pair.save(update_fields=["ends_on", "end_reason"])
    log(
        "assessments.pair.ended",
        actor=by,
        organisation=pair.branch,
        obj=pair,
        payload={"mentee": pair.mentee.name, "ends_on": ends_on.isoformat()},
        reason=reason,
    )
    return pair


@service
def add_note(*, pair, met_on, notes, by, today):
    """A note of a meeting of the pair, dated within the pair's time."""
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError({"notes": _("Write what was talked about.")})
    if met_on > today:
        raise ValidationError({"met_on": _("A date cannot lie in the future.")})
    if met_on < pair.starts_on or (pair.ends_on and met_on > pair.ends_on):
        raise ValidationError({"met_on": _("The date must fall within the pair's time.")})
    note = MentoringNote.objects.create(pair=pair, met_on=met_on, notes=notes, by=by)
    log(
        "assessments.pair_note.added",
        actor=by,
        organisation=pair.branch,
        obj=note,
        payload={"pair_id": pair.pk, "met_on": met_on.isoformat()},
    )
    return note

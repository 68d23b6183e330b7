"""Responsibility areas (党员责任区): set them up, say who answers for each, keep the ledger."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audit import log, not_a_service, service

from ..models import AreaActivity, AreaMember, ResponsibilityArea

AREA_FIELDS = ("name", "kind", "scope", "duties")


def _clean_text(value):
    return (value or "").strip()


def _check_fields(branch, year, name, duties, exclude=None):
    if not name:
        raise ValidationError({"name": _("Give the area a name.")})
    if not duties:
        raise ValidationError({"duties": _("Write the duties in the area.")})
    clash = ResponsibilityArea.objects.filter(branch=branch, year=year, name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise ValidationError({"name": _("The branch already has an area of this name this year.")})


def _check_people(branch, members, lead):
    members = list(members)
    if not members:
        raise ValidationError({"members": _("Choose at least one member for the area.")})
    strangers = [m.name for m in members if m.branch_id != branch.pk]
    if strangers:
        raise ValidationError(
            {"members": _("Not on this branch's roster: %(names)s.") % {"names": "、".join(strangers)}}
        )
    if lead is not None and lead.pk not in {m.pk for m in members}:
        raise ValidationError({"lead": _("The lead must be one of the area's members.")})
    return members


def _save_people(area, members, lead):
    AreaMember.objects.filter(area=area).delete()
    AreaMember.objects.bulk_create(
        [AreaMember(area=area, member=m, is_lead=lead is not None and m.pk == lead.pk) for m in members]
    )


def _payload(area, members, lead):
    return {
        "year": area.year,
        "area": area.name,
        "area_kind": area.kind,
        "member_ids": sorted(m.pk for m in members),
        "members": "、".join(m.name for m in members),
        "lead": lead.name if lead else "",
    }


@service
def create_area(*, branch, year, name, duties, members, kind=ResponsibilityArea.Kind.LANE, scope="", lead=None, by):
    """A new area for the year with the members who answer for it (and its lead, if any)."""
    name, duties, scope = _clean_text(name), _clean_text(duties), _clean_text(scope)
    _check_fields(branch, year, name, duties)
    members = _check_people(branch, members, lead)
    area = ResponsibilityArea.objects.create(branch=branch, year=year, name=name, kind=kind, scope=scope, duties=duties)
    _save_people(area, members, lead)
    log("assessments.area.created", actor=by, organisation=branch, obj=area, payload=_payload(area, members, lead))
    return area


@service
def change_area(*, area, name, duties, members, kind, scope="", lead=None, by):
    """New name, scope, duties or people for an area; unchanged, it writes nothing."""
    # Two officers editing the same area take turns; the second one's check sees the first's names.
    area = ResponsibilityArea.objects.select_for_update().select_related("branch").get(pk=area.pk)
    name, duties, scope = _clean_text(name), _clean_text(duties), _clean_text(scope)
    _check_fields(area.branch, area.year, name, duties, exclude=area)
    members = _check_people(area.branch, members, lead)
    before_people = {(m.member_id, m.is_lead) for m in area.area_members.all()}
    after_people = {(m.pk, lead is not None and m.pk == lead.pk) for m in members}
    new = {"name": name, "kind": kind, "scope": scope, "duties": duties}
    changed = [f for f in AREA_FIELDS if getattr(area, f) != new[f]]
    if not changed and before_people == after_people:
        return area
    for field in changed:
        setattr(area, field, new[field])
    if changed:
        area.save(update_fields=changed)
    if before_people != after_people:
        _save_people(area, members, lead)
        changed.append("members")
    log(
        "assessments.area.changed",
        actor=by,
        organisation=area.branch,
        obj=area,
        payload={**_payload(area, members, lead), "fields": changed},
    )
    return area


@service
def remove_area(*, area, by, reason=""):
    """Remove an area and its ledger (an area set up by mistake)."""
    branch = area.branch
    payload = {"year": area.year, "area": area.name, "activities": area.activities.count()}
    log("assessments.area.removed", actor=by, organisation=branch, obj=area, payload=payload, reason=reason)
    area.delete()


@not_a_service("a check the views use before showing the ledger's form")
def may_record_activity(area, member):
    """The area's lead member records its activities too (officers always may)."""
    return member is not None and AreaMember.objects.filter(area=area, member=member, is_lead=True).exists()


@service
def record_activity(*, area, held_on, what, result, participants, notes="", by, today):
    """A line of the area's activity ledger (样例4): what was done, on which day, by whom."""
    what, result = _clean_text(what), _clean_text(result)
    if not what:
        raise ValidationError({"what": _("Name the activity.")})
    if not result:
        raise ValidationError({"result": _("Write what was done.")})
    if held_on > today:
        raise ValidationError({"held_on": _("A date cannot lie in the future.")})
    if held_on.year != area.year:
        raise ValidationError({"held_on": _("The date must fall in the area's year (%(year)s).") % {"year": area.year}})
    participants = list(participants)
    if not participants:
        raise ValidationError({"participants": _("Choose who took part.")})
    if any(p.branch_id != area.branch_id for p in participants):
        raise ValidationError({"participants": _("Only members of the branch can be chosen.")})
    activity = AreaActivity.objects.create(
        area=area, held_on=held_on, what=what, result=result, notes=_clean_text(notes), recorded_by=by
    )
    activity.participants.set(participants)
    log(
        "assessments.area_activity.recorded",
        actor=by,
        organisation=area.branch,
        obj=activity,
        payload={"area": area.name, "held_on": held_on.isoformat(), "member_ids": sorted(p.pk for p in participants)},
    )
    return activity

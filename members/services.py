"""Writes to the organisation tree, roster and roles. Each is atomic and records who and when."""

import logging
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Member, Role

log = logging.getLogger(__name__)

# Easy to read aloud and to type on a phone: no 0/O, 1/l/I.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def record_exemption_change(*, member, by, changed_fields):
    """Stamp who approved an exemption and when, whenever the flag is switched on."""
    if "exempt" not in changed_fields:
        return
    if member.exempt:
        member.exemption_approved_by = by
        member.exempted_at = timezone.now()
    else:
        member.exemption_reason = ""
        member.exemption_approved_by = None
        member.exempted_at = None


@transaction.atomic
def set_exemption(*, member, exempt, reason, by):
    member = Member.objects.select_for_update().get(pk=member.pk)
    if exempt and not reason.strip():
        raise ValidationError(_("Give the reason for the exemption."))
    member.exempt = exempt
    member.exemption_reason = reason.strip() if exempt else ""
    record_exemption_change(member=member, by=by, changed_fields=["exempt"])
    member.save(update_fields=["exempt", "exemption_reason", "exemption_approved_by", "exempted_at",
                               "updated_at"])
    log.info("exemption %s for member %s by user %s", "set" if exempt else "lifted", member.pk, by.pk)
    return member


@transaction.atomic
def grant_role(*, user, organisation, kind, by):
    role = Role(user=user, organisation=organisation, kind=kind, granted_by=by)
    role.full_clean(validate_unique=False)
    role, _created = Role.objects.get_or_create(
        user=user, organisation=organisation, kind=kind, defaults={"granted_by": by},
    )
    # Officers and overseers work in the admin; a group leader only uses the member pages.
    if kind != Role.Kind.GROUP_LEADER and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    log.info("role %s at org %s granted to user %s by user %s", kind, organisation.pk, user.pk,
             getattr(by, "pk", None))
    return role


def _new_password():
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(8))


@transaction.atomic
def create_accounts(*, members, by):
    """Create login accounts for roster members who have none.

    Returns [(member, username, password)] for the printed hand-out sheet; the plain
    passwords exist only in that return value and are never stored or logged.
    The user name is the member's phone number when it is free, else the branch
    code plus the member's number, so members can remember it.
    """
    User = get_user_model()
    members = list(Member.objects.select_for_update().filter(pk__in=[m.pk for m in members],
                                                             user__isnull=True).select_related("branch"))
    wanted = {m.pk: (m.phone if m.phone.isdigit() else f"{m.branch.code}-{m.pk}") for m in members}
    taken = set(User.objects.filter(username__in=wanted.values()).values_list("username", flat=True))
    created = []
    for member in members:
        username = wanted[member.pk]
        if username in taken:
            username = f"{member.branch.code}-{member.pk}"
        taken.add(username)
        password = _new_password()
        user = User(username=username, first_name=member.name)
        user.set_password(password)
        user.save()
        member.user = user
        member.save(update_fields=["user", "updated_at"])
        created.append((member, username, password))
    log.info("%d accounts created by user %s", len(created), by.pk)
    return created

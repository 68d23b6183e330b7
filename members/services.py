"""Writes to the organisation tree, roster and roles. Each is atomic and records who and when."""

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit_log
from audit import not_a_service, service

from .models import Member, Organisation, PasswordState, Role, RoleEvent

# Easy to read aloud and to type on a phone: no 0/O, 1/l/I.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


EXEMPTION_FIELDS = ("exempt", "exemption_reason", "exemption_approved_by", "exempted_at")


def _stamp_exemption(member, by):
    """Stamp who approved an exemption and when, whenever the flag is switched on."""
    if member.exempt:
        member.exemption_approved_by = by
        member.exempted_at = timezone.now()
    else:
        member.exemption_reason = ""
        member.exemption_approved_by = None
        member.exempted_at = None


@service
def set_exemption(*, member, exempt, reason, by):
    """Exempt a member from posts (with the reason), or lift the exemption. The only way the
    exemption fields change: the admin's actions call this too."""
    member = Member.objects.select_for_update().select_related("branch").get(pk=member.pk)
    reason = (reason or "").strip()
    if exempt and not reason:
        raise ValidationError(_("Give the reason for the exemption."))
    if member.exempt == exempt and (not exempt or member.exemption_reason == reason):
        return member  # nothing changes (an officer pressed twice)
    member.exempt = exempt
    member.exemption_reason = reason if exempt else ""
    _stamp_exemption(member, by)
    member.save(update_fields=["exempt", "exemption_reason", "exemption_approved_by", "exempted_at", "updated_at"])
    audit_log(
        "members.member.exempted" if exempt else "members.member.exemption_lifted",
        actor=by,
        organisation=member.branch,
        obj=member,
        reason=reason,
    )
    return member


@service
def grant_role(*, user, organisation, kind, by):
    role = Role(user=user, organisation=organisation, kind=kind, granted_by=by)
    role.full_clean(validate_unique=False)
    role, created = Role.objects.get_or_create(
        user=user,
        organisation=organisation,
        kind=kind,
        defaults={"granted_by": by},
    )
    if created:
        RoleEvent.objects.create(
            action=RoleEvent.Action.GRANTED, user=user, organisation=organisation, kind=kind, by=by
        )
    # Officers and overseers work in the admin; a group leader only uses the member pages.
    if kind != Role.Kind.GROUP_LEADER and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if created:
        audit_log(
            "members.role.granted",
            actor=by,
            organisation=organisation,
            obj=role,
            payload={"kind": kind, "user_id": user.pk},
        )
    return role


@service
def revoke_role(*, role, by):
    """Take a role away; the history keeps who held it and who revoked it, and when. An account
    left with no role that needs the back office loses its access to it."""
    role = Role.objects.select_for_update().select_related("user").filter(pk=role.pk).first()
    if role is None:
        return  # revoked already (two officers pressed at once)
    user = role.user
    RoleEvent.objects.create(
        action=RoleEvent.Action.REVOKED, user=user, organisation_id=role.organisation_id, kind=role.kind, by=by
    )
    organisation = role.organisation
    label = str(role)
    role_pk = role.pk
    role.delete()
    role.pk = role_pk  # the entry points at the role that was
    audit_log(
        "members.role.revoked",
        actor=by,
        organisation=organisation,
        obj=role,
        label=label,
        payload={"kind": role.kind, "user_id": user.pk},
    )
    still_staff = Role.objects.filter(user=user).exclude(kind=Role.Kind.GROUP_LEADER).exists()
    if user.is_staff and not still_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])


@service
def change_role(*, role, user, organisation, kind, by):
    """A changed role is the old one revoked and the new one granted, in one transaction: the
    old holder, place or kind is not left behind."""
    unchanged = (role.user_id, role.organisation_id, role.kind) == (user.pk, organisation.pk, kind)
    if unchanged:
        return role
    before = {"kind": role.kind, "user_id": role.user_id, "organisation_id": role.organisation_id}
    new = grant_role(user=user, organisation=organisation, kind=kind, by=by)
    revoke_role(role=role, by=by)
    audit_log(
        "members.role.changed",
        actor=by,
        organisation=organisation,
        obj=new,
        payload={"before": before, "kind": kind, "user_id": user.pk},
    )
    return new


@service
def add_organisation(*, organisation, by):
    """Add a place to the tree. Only a superuser builds the tree above the branches; an officer
    adds party groups / grids under a branch they manage, nothing else (else a secretary could
    add a "county" under their branch and make themselves its official)."""
    from .scope import get_scope

    scope = get_scope(by)
    if not scope.is_superuser:
        parent = organisation.parent
        if (
            organisation.level != Organisation.Level.GROUP
            or parent is None
            or parent.level != Organisation.Level.BRANCH
            or not scope.can("roster.change", parent)
        ):
            raise ValidationError(_("You can only add party groups / grids under a branch you manage."))
    organisation.full_clean()
    organisation.save()
    audit_log(
        "members.organisation.added",
        actor=by,
        organisation=organisation,
        obj=organisation,
        payload={"level": organisation.level, "code": organisation.code},
    )
    return organisation


@service
def save_member(*, member, by, changed_fields=None):
    """A roster record added or edited by hand (the admin). The exemption fields are not
    among what this changes: set_exemption does, with its reason and approver. The entry
    names the changed fields, never their values (an ID number among them)."""
    created = member.pk is None
    if not created:
        current = Member.objects.select_for_update().get(pk=member.pk)
        # Whatever the form sent, the exemption stays as set_exemption left it.
        for field in EXEMPTION_FIELDS:
            setattr(member, field, getattr(current, field))
    member.save()
    fields = sorted(set(changed_fields or ()) - set(EXEMPTION_FIELDS))
    if created or fields:
        audit_log(
            "members.member.added" if created else "members.member.changed",
            actor=by,
            organisation=member.branch,
            obj=member,
            payload={"fields": fields},
        )
    return member


@service
def delete_member(*, member, by):
    branch, label, pk = member.branch, str(member), member.pk
    member.delete()
    member.pk = pk  # the entry points at the record that was
    audit_log("members.member.deleted", actor=by, organisation=branch, obj=member, label=label)


@service
def update_organisation(*, organisation, by, changed_fields):
    """An organisation's details edited (the admin); the tree's places are checked by the
    form and the database."""
    organisation.full_clean()
    organisation.save()
    if changed_fields:
        audit_log(
            "members.organisation.changed",
            actor=by,
            organisation=organisation,
            obj=organisation,
            payload={"fields": sorted(changed_fields)},
        )
    return organisation


@service
def delete_organisation(*, organisation, by):
    parent, label, pk = organisation.parent, str(organisation), organisation.pk
    organisation.delete()
    organisation.pk = pk
    # Recorded at the parent: the organisation itself is gone.
    audit_log(
        "members.organisation.deleted",
        actor=by,
        organisation=parent,
        obj=organisation,
        label=label,
        payload={"code": organisation.code, "level": organisation.level},
    )


def _new_password():
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(8))


@service
def create_accounts(*, members, by):
    """Create login accounts for roster members who have none.

    Returns [(member, username, password)] for the printed hand-out sheet; the plain
    passwords exist only in that return value and are never stored or logged.
    The user name is the member's phone number when it is free, else the branch
    code plus the member's number, so members can remember it.
    """
    User = get_user_model()
    members = list(
        Member.objects.select_for_update()
        .filter(pk__in=[m.pk for m in members], user__isnull=True)
        .select_related("branch")
    )
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
        # The slip's password was chosen by the system and seen by the officer: the member
        # replaces it at the first login (members.accounts.PasswordChangeRequiredMiddleware).
        password_set_by_someone_else(user=user, by=by)
        member.user = user
        member.save(update_fields=["user", "updated_at"])
        created.append((member, username, password))
    if created:
        # The count and the branch only: user names are phone numbers, passwords never leave the sheet.
        branch = created[0][0].branch
        audit_log(
            "members.accounts.created",
            actor=by,
            organisation=branch,
            obj=branch,
            payload={"count": len(created), "member_ids": [m.pk for m, _u, _p in created][:200]},
        )
    return created


def _home_branch(user):
    """The branch an account belongs to (its roster record's), for the entry's organisation."""
    member = Member.objects.filter(user=user).select_related("branch").first()
    return member.branch if member else None


@service
def reset_password(*, user, by):
    """A new initial password for a member who forgot theirs; shown once, changed at first login."""
    password = _new_password()
    user = type(user).objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    password_set_by_someone_else(user=user, by=by)
    # The account is named by its id and its holder's name: the user name is a phone number.
    audit_log(
        "members.password.reset",
        actor=by,
        organisation=_home_branch(user),
        obj=user,
        label=user.get_full_name() or f"#{user.pk}",
    )
    return password


@service
def password_set_by_someone_else(*, user, by):
    """Whoever set it knows it: the holder must choose their own at the next login."""
    PasswordState.objects.update_or_create(
        user=user, defaults={"must_change": True, "set_by": by, "set_at": timezone.now()}
    )
    audit_log(
        "members.password.set_by_other",
        actor=by,
        organisation=_home_branch(user),
        obj=user,
        label=user.get_full_name() or f"#{user.pk}",
    )


@service
def password_changed(*, user):
    """The holder chose their own password: nothing more to force."""
    PasswordState.objects.filter(user=user, must_change=True).update(must_change=False)
    audit_log(
        "members.password.changed",
        actor=user,
        organisation=_home_branch(user),
        obj=user,
        label=user.get_full_name() or f"#{user.pk}",
    )


@not_a_service("a read")
def must_change_password(user):
    return PasswordState.objects.filter(user=user, must_change=True).exists()


@service
def unlock_account(*, user, by):
    """Clear the failed logins that locked `user` out, from every address."""
    from axes.utils import reset

    count = reset(username=user.get_username())
    if count:
        audit_log(
            "members.login.unlocked",
            actor=by,
            organisation=_home_branch(user),
            obj=user,
            label=user.get_full_name() or f"#{user.pk}",
            payload={"records": count},
        )
    return count

"""How services write the audit log.

Every public function of a services module carries one of two marks (audit/tests walk the
modules and fail on an unmarked one, so a new service cannot be forgotten):

- ``@service``: a state change. It runs in one transaction, and ``log(...)`` inside it
  writes the one entry that tells what the call did. A service called by another service
  (change_role → grant_role, transfer → make_letter) writes nothing of its own: the
  outermost call's entry tells the whole story, so one user action is one entry.
- ``@not_a_service(why)``: a read, a check or a helper that only runs inside a service.

A call that changed nothing (adopting posts set already, revoking a role revoked a moment
ago) writes no entry; a call that writes two is a bug, refused before it commits.
"""

import contextvars
import functools
import re

from django.db import transaction

SERVICES = {}  # "module.name" -> the wrapped function, for the tests that check every one

_call = contextvars.ContextVar("audit_call", default=None)

# 17 digits and a check character: what a mainland ID number looks like in any text.
_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{6}(?:19|20)[0-9]{9}[0-9Xx](?![0-9])")


class AuditError(Exception):
    """A programming error in how a service writes the log (never a user's mistake)."""


class _Call:
    __slots__ = ("depth", "written")

    def __init__(self):
        self.depth = 0
        self.written = 0


def service(func):
    """Mark a state-changing service function (see the module's docstring)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        call = _call.get()
        if call is not None:
            call.depth += 1
            try:
                return func(*args, **kwargs)
            finally:
                call.depth -= 1
        call = _Call()
        with transaction.atomic():
            # Reset inside the transaction: what runs when it commits (a task the service
            # queued, run at once by the immediate backend) is a call of its own, not part
            # of this one, and gets its own transaction.
            token = _call.set(call)
            try:
                result = func(*args, **kwargs)
            finally:
                _call.reset(token)
            if call.written > 1:
                raise AuditError(f"{func.__qualname__} wrote {call.written} audit entries; one call is one entry")
        return result

    wrapper.audit_service = True
    SERVICES[f"{func.__module__}.{func.__qualname__}"] = wrapper
    return wrapper


def not_a_service(why):
    """Mark a public function of a services module that changes nothing by itself."""

    def mark(func):
        func.audit_not_a_service = why
        return func

    return mark


def mask_ids(value):
    """Any full ID number inside a payload or reason, masked the way the site masks it."""
    from members.idnumber import mask

    if isinstance(value, str):
        return _ID_NUMBER.sub(lambda m: mask(m.group(0)), value)
    if isinstance(value, dict):
        return {str(k): mask_ids(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_ids(v) for v in value]
    return value


def log(action, *, actor, organisation=None, obj=None, payload=None, reason="", label=None):
    """Write the entry of the running service call. Call it inside the service, after the
    change is saved, so both commit together; outside a service it is refused."""
    from .actions import ACTIONS
    from .models import Entry

    if action not in ACTIONS:
        raise AuditError(f"unknown audit action {action!r}: add it to audit.actions.ACTIONS")
    call = _call.get()
    if call is None:
        raise AuditError("audit.log is called by a @service function")
    if call.depth:
        return None  # inside another service: its caller's entry tells the story
    call.written += 1
    content_type = None
    if obj is not None:
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None  # an anonymous visitor is nobody in particular
    return Entry.objects.create(
        actor=actor,
        action=action,
        content_type=content_type,
        object_id=obj.pk if obj is not None else None,
        object_label=mask_ids(str(label if label is not None else (obj if obj is not None else "")))[:200],
        organisation=organisation,
        organisation_path=organisation.path if organisation is not None else "",
        payload=mask_ids(payload or {}),
        reason=mask_ids(str(reason or "")),
    )

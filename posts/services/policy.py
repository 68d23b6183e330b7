"""Setting an organisation's 设岗定责 rules (posts.models.Policy)."""

from django.utils.translation import gettext as _

from audit import log as audit_log
from audit import service
from members.scope import get_scope

from .. import selectors
from ..models import Policy, PolicyChange
from . import PostError


def _checked(rule, value):
    if value is None or value == "":
        return None
    low, high = Policy.BOUNDS[rule]
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise PostError(
            _(
                "%(rule)s: give a whole number from %(low)d to %(high)d, or leave it empty to "
                "follow the organisation above."
            )
            % {"rule": Policy._meta.get_field(rule).verbose_name, "low": low, "high": high},
            code="bad_value",
            field=rule,
        )
    return number


@service
def set_policy(*, organisation, by, reason, **rules):
    """Set some of an organisation's rules; a rule given as None follows the organisation above
    again. Only those who may set the organisation's rules (selectors.policy_organisations)
    do; each change is kept as a PolicyChange with who, when, why and the old and new values."""
    unknown = sorted(set(rules) - set(Policy.RULES))
    if unknown:
        raise ValueError(f"unknown rules: {', '.join(unknown)}")
    for rule, value in rules.items():
        rules[rule] = _checked(rule, value)
    if not (reason or "").strip():
        raise PostError(_("Say why the rules change."), code="no_reason", field="reason")
    if not selectors.policy_organisations(get_scope(by)).filter(pk=organisation.pk).exists():
        raise PostError(
            _("You may not set the rules of %(organisation)s.") % {"organisation": organisation.name},
            code="not_allowed",
        )
    # The row is locked so that two officials saving at once each record the value they replaced.
    policy, _created = Policy.objects.select_for_update().get_or_create(organisation=organisation)
    changes = {rule: [getattr(policy, rule), value] for rule, value in rules.items() if getattr(policy, rule) != value}
    if not changes:
        return policy
    for rule, (_old, new) in changes.items():
        setattr(policy, rule, new)
    policy.updated_by = by
    policy.save()
    PolicyChange.objects.create(policy=policy, changes=changes, by=by, reason=reason.strip())
    audit_log(
        "posts.policy.set",
        actor=by,
        organisation=organisation,
        obj=policy,
        reason=reason.strip(),
        payload={rule: new for rule, (_old, new) in changes.items()},
    )
    return policy

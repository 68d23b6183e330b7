"""The serving-on-post side of the home page. The home view belongs to the members app; these
tags let assessments put its links and reminders there without members knowing about it."""

from django import template

from ..access import people_branches
from ..selectors import reminders

register = template.Library()

# Branches listed with their reminders on one home page; beyond this (a superuser, say) the
# officer reaches them through the lists.
HOME_BRANCHES = 10


@register.simple_tag
def member_reminders(member):
    return reminders.for_member(member)


@register.simple_tag
def branch_reminders(branches):
    """[(branch, [Reminder, …]), …] for the branches the officer runs."""
    branches = list(branches[:HOME_BRANCHES])
    found = reminders.for_branches(branches)
    return [(b, found[b.pk]) for b in branches]


@register.simple_tag
def verifier_branches(scope):
    """Branches where a group leader (who runs no branch) checks the log of their group."""
    if scope.holds("roster.change") or not scope.holds("log.verify"):
        return []
    return list(people_branches(scope, "log.verify").order_by("path")[:HOME_BRANCHES])

"""Reads for the rules set above the branch (Policy): the rules in force for an organisation
and who may set them."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Organisation

from ..models import (
    Policy,
)
from .catalogue import COMMON_OWNER_LEVELS

# -- rules set above the branch ------------------------------------------------------


class EffectivePolicy:
    """The rules in force for one organisation: each rule's value as an attribute
    (policy.coverage_floor_percent) and, in `sources`, the organisation that sets it (None:
    the built-in default)."""

    def __init__(self, organisation, values, sources):
        self.organisation = organisation
        self._values = values
        self.sources = sources

    def __getattr__(self, name):
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def source_label(self, rule):
        """Where a rule comes from, as the branch overview says it: 县, 镇, 本支部 or 默认."""
        source = self.sources[rule]
        if source is None:
            return _("built-in default")
        if source["code"] == self.organisation.code:
            return _("set by this branch") if self.organisation.level == Organisation.Level.BRANCH else _("set here")
        return {
            Organisation.Level.COUNTY: _("set by the county"),
            Organisation.Level.TOWNSHIP: _("set by the township"),
        }.get(source["level"], source["name"])

    def rows(self):
        """(name, value, where from) per rule, for the overview box."""
        return [
            (Policy._meta.get_field(rule).verbose_name, self._values[rule], self.source_label(rule))
            for rule in Policy.RULES
        ]


def _codes(organisation):
    return [c for c in organisation.path.strip("/").split("/") if c]


def policies_for(organisations):
    """{organisation pk: EffectivePolicy} in one query, whatever the number of organisations:
    the rows of all of them and their ancestors, then for each organisation and rule the
    nearest row (its own, its township's, its county's) that sets the rule."""
    organisations = list(organisations)
    paths = [_codes(o) for o in organisations]
    # The few organisations above by code, the listed ones through their parents: matching
    # thousands of branch codes took 100 ms on SQLite for 4,000 branches, this 10 ms. Rows of
    # unlisted siblings come along unused.
    above = {c for codes in paths for c in codes[:-1]} | {codes[0] for codes in paths if len(codes) == 1}
    parents = {codes[-2] for codes in paths if len(codes) > 1}
    wanted = Q(organisation__code__in=above) | Q(organisation__parent__code__in=parents)
    rows = {
        r["organisation__code"]: r
        for r in Policy.objects.filter(wanted).values(
            "organisation__code", "organisation__level", "organisation__name", *Policy.RULES
        )
    }
    found = {}
    for o in organisations:
        nearest_first = [rows[c] for c in reversed(_codes(o)) if c in rows]
        values, sources = {}, {}
        for rule, default in Policy.DEFAULTS.items():
            row = next((r for r in nearest_first if r[rule] is not None), None)
            values[rule] = default if row is None else row[rule]
            sources[rule] = (
                None
                if row is None
                else {
                    "code": row["organisation__code"],
                    "level": row["organisation__level"],
                    "name": row["organisation__name"],
                }
            )
        found[o.pk] = EffectivePolicy(o, values, sources)
    return found


def policy_for(organisation):
    """The EffectivePolicy of one organisation (usually a branch), in one query."""
    return policies_for([organisation])[organisation.pk]


def policy_organisations(scope):
    """Organisations whose rules the user may set: county officials their county and its
    townships, township officials their township, branch officers their branch (an override
    for it alone). Overseers do not set a branch's rules; officers do not set those above."""
    if scope.is_superuser:
        return Organisation.objects.filter(level__in=Policy.LEVELS)
    # policy.set reaches an overseer's whole subtree, but a branch's own rules are the branch's
    # business: they are set by those who set up its posts.
    above = scope.filter(Organisation.objects.filter(level__in=COMMON_OWNER_LEVELS), "policy.set")
    own = scope.branches("posts.set_up")
    return Organisation.objects.filter(Q(pk__in=above.values("pk")) | Q(pk__in=own.values("pk")))

"""Forms of the points pages: a new rule, an adjustment, reopening a month, closing a month
for all branches. The services check the rules; the forms only read what was typed."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Member
from posts.forms.common import DateInput, _reason

from ..models import DutyLogEntry, PointsRule
from ..services.points import MAX_ADJUSTMENT


def _month_field(months, label):
    return forms.TypedChoiceField(
        label=label,
        choices=[(m.isoformat(), f"{m.year}年{m.month}月") for m in months],
        coerce=datetime.date.fromisoformat,
    )


class PointsRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of entry"), choices=DutyLogEntry.Kind.choices)
    points = forms.IntegerField(label=_("Points per entry"), min_value=0, max_value=PointsRule.MAX_POINTS)
    monthly_cap = forms.IntegerField(
        label=_("Monthly cap per member"),
        min_value=0,
        max_value=PointsRule.MAX_CAP,
        required=False,
        help_text=_("Empty: no cap."),
    )
    starts_on = forms.DateField(
        label=_("In force from"), widget=DateInput, help_text=_("Today or later; verified entries keep their points.")
    )
    reason = _reason()


class AdjustPointsForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    points = forms.IntegerField(
        label=_("Points"),
        min_value=-MAX_ADJUSTMENT,
        max_value=MAX_ADJUSTMENT,
        help_text=_("Positive to award, negative to deduct."),
    )
    reason = _reason()

    def __init__(self, *args, members, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["month"] = _month_field(months, _("Month"))
        self.order_fields(["member", "month", "points", "reason"])


class ReopenMonthForm(forms.Form):
    reason = _reason(label=_("Why reopen the month"))


class CloseMonthForm(forms.Form):
    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"] = _month_field(months, _("Month to close"))

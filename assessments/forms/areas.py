"""Forms for responsibility areas and their ledger. The services check the rules; these
collect and type the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from posts.forms.common import DateInput

from ..models import ResponsibilityArea


def people_field(label, queryset, required=True):
    field = forms.ModelMultipleChoiceField(
        label=label, queryset=queryset, required=required, widget=forms.CheckboxSelectMultiple
    )
    field.label_from_instance = lambda m: m.name
    return field


class AreaForm(forms.Form):
    name = forms.CharField(
        label=_("Area name"), max_length=60, help_text=_("A lane, a block, a set of households or a team.")
    )
    kind = forms.ChoiceField(label=_("Kind of area"), choices=ResponsibilityArea.Kind.choices)
    scope = forms.CharField(
        label=_("Area scope"), max_length=200, required=False, help_text=_("Which lanes, houses or people.")
    )
    duties = forms.CharField(label=_("Duties in the area"), widget=forms.Textarea(attrs={"rows": 3}))
    members = people_field(_("Members answering for it"), Member.objects.none())
    lead = forms.ModelChoiceField(label=_("Lead member"), queryset=Member.objects.none(), required=False)

    def __init__(self, *args, branch, area=None, **kwargs):
        if area is not None and "initial" not in kwargs:
            people = list(area.area_members.all())
            kwargs["initial"] = {
                "name": area.name,
                "kind": area.kind,
                "scope": area.scope,
                "duties": area.duties,
                "members": [p.member_id for p in people],
                "lead": next((p.member_id for p in people if p.is_lead), None),
            }
        super().__init__(*args, **kwargs)
        people = Member.objects.filter(branch=branch).order_by("name")
        self.fields["members"].queryset = people
        self.fields["lead"].queryset = people
        self.fields["lead"].label_from_instance = lambda m: m.name


class ActivityForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    what = forms.CharField(label=_("Name of the activity"), max_length=100)
    result = forms.CharField(label=_("How the activity went"), widget=forms.Textarea(attrs={"rows": 3}))
    notes = forms.CharField(label=_("Remarks on the activity"), max_length=200, required=False)
    participants = people_field(_("Who took part"), Member.objects.none())

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["participants"].queryset = Member.objects.filter(branch=area.branch).order_by("name")
        self.fields["participants"].initial = [p.member_id for p in area.area_members.all()]


class RemoveForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, remove this area and its ledger"))

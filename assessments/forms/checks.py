"""Forms for the branch's checks: meetings, quarterly reports and inspections."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from posts.forms.common import DateInput

from ..models import Inspection
from ..services.checks import REPORT_MAX_CHARS
from .areas import people_field


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date held"), widget=DateInput)
    attendees = people_field(_("Who came"), Member.objects.none())
    topics = forms.CharField(label=_("Meeting topics"), widget=forms.Textarea(attrs={"rows": 3}))
    decisions = forms.CharField(label=_("Meeting decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["attendees"].queryset = Member.objects.filter(branch=branch).order_by("name")


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("My report"),
        max_length=REPORT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you did on your post and in your area this quarter, in a few lines."),
    )


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of inspection"), choices=Inspection.Kind.choices)
    held_on = forms.DateField(label=_("Date held"), widget=DateInput)
    findings = forms.CharField(label=_("Inspection findings"), widget=forms.Textarea(attrs={"rows": 4}))
    follow_ups = forms.CharField(
        label=_("Follow-ups asked for"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leave empty when nothing needs to be done."),
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        if kinds:
            self.fields["kind"].choices = [c for c in Inspection.Kind.choices if c[0] in kinds]


class AnswerForm(forms.Form):
    response = forms.CharField(label=_("What the branch has done"), widget=forms.Textarea(attrs={"rows": 3}))
    done = forms.BooleanField(label=_("The follow-ups are done"), required=False)

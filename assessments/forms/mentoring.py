"""Forms for mentoring pairs (帮带)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from posts.forms.common import DateInput

from ..selectors import mentoring as selectors
from .areas import people_field


class PairForm(forms.Form):
    mentee = forms.ModelChoiceField(label=_("Activist"), queryset=Member.objects.none())
    mentors = people_field(_("Mentors (one or two full members)"), Member.objects.none())
    starts_on = forms.DateField(label=_("Pair starts on"), widget=DateInput)

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = selectors.activists(branch)
        self.fields["mentee"].label_from_instance = lambda m: m.name
        self.fields["mentors"].queryset = selectors.full_members(branch)
        self.fields["starts_on"].initial = timezone.localdate()


class EndPairForm(forms.Form):
    ends_on = forms.DateField(label=_("Pair ends on"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].initial = timezone.localdate()


class NoteForm(forms.Form):
    met_on = forms.DateField(label=_("Met on"), widget=DateInput)
    notes = forms.CharField(label=_("What was talked about"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met_on"].initial = timezone.localdate()

"""Forms of collective activities: setting one up, the tick list, the member's code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from posts.forms.common import DateInput


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    posts = forms.ModelMultipleChoiceField(
        label=_("Invited posts"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Invited groups"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, posts, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posts"].queryset = posts
        self.fields["posts"].label_from_instance = lambda p: p.post_type.name
        self.fields["groups"].queryset = groups
        if not posts:
            del self.fields["posts"]

    def clean(self):
        data = super().clean()
        if not data.get("posts") and not data.get("groups"):
            raise forms.ValidationError(_("Invite at least one post or one group."))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Attendance code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{6}", "class": "form-control-lg"}
        ),
        help_text=_("The six digits shown at the activity."),
    )

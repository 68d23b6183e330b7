"""What the forms of more than one stage share: the date picker, date and reason fields."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date picker reads and writes ISO dates whatever the page language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DateInput, **kwargs)


def _reason(required=True, label=None):
    return forms.CharField(
        label=label or _("Reason"), max_length=300, required=required, widget=forms.Textarea(attrs={"rows": 2})
    )

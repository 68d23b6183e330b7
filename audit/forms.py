from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import actions, selectors


class EntryFilterForm(forms.Form):
    """The list's filters: action, person, date range, object kind (all optional)."""

    action = forms.ChoiceField(label=pgettext_lazy("audit log", "Action"), required=False)
    who = forms.CharField(
        label=pgettext_lazy("audit log", "Person"),
        required=False,
        max_length=50,
        help_text=_("Name, or the exact user name, of whoever acted."),
    )
    since = forms.DateField(
        label=pgettext_lazy("audit log", "From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=pgettext_lazy("audit log", "To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(label=pgettext_lazy("audit log", "Object kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", pgettext_lazy("audit log", "All"))]
        self.fields["action"].choices = everything + [(code, label) for code, label in actions.ACTIONS.items()]
        self.fields["kind"].choices = everything + selectors.kind_choices()
        for field in self.fields.values():
            select = isinstance(field, forms.ChoiceField)
            field.widget.attrs["class"] = "form-select form-select-sm" if select else "form-control form-control-sm"

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("To: the end of the date range cannot lie before its start."))
        return data

"""Forms of the members app: the roster import's two admin steps (upload, then confirm)."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm


class RosterImportForm(ImportForm):
    """import-export's upload form plus the branch to import into.

    `branches` are the branches the user may write (scope.branches("roster.change")): the choice
    is validated against them, so a hand-made POST cannot import into anyone else's roster.
    """

    field_order = ["branch", "resource", "import_file", "format"]

    def __init__(self, formats, resources, *, branches, **kwargs):
        super().__init__(formats, resources, **kwargs)
        only_one = branches.count() == 1
        self.fields["branch"] = forms.ModelChoiceField(
            queryset=branches,
            label=_("Import into branch"),
            empty_label=None if only_one else "---------",
        )
        self.order_fields(self.field_order)
        self.fields["import_file"].help_text = _(
            "A workbook (.xlsx, .xls or .ods) made from the roster template, or a .csv file with the same columns."
        )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.ROSTER_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; a roster file may be at most %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(settings.ROSTER_MAX_UPLOAD_BYTES)},
            )
        return upload


class RosterConfirmImportForm(ConfirmImportForm):
    """The confirm step carries the branch on, checked against the user's branches again."""

    def __init__(self, *, branches, **kwargs):
        super().__init__(**kwargs)
        self.fields["branch"] = forms.ModelChoiceField(queryset=branches, widget=forms.HiddenInput)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form with the product's wording (its own labels are translated by Django)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password (the one you logged in with)")
        self.fields["new_password1"].help_text = _(
            "At least 8 characters, not all digits, not too close to your user name or name."
        )


class ExemptionForm(forms.Form):
    """The reason an exemption from posts is approved for (the admin's exemption action)."""

    reason = forms.CharField(label=_("exemption reason"), max_length=200, widget=forms.Textarea(attrs={"rows": 3}))

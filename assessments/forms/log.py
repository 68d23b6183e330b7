"""Forms of the duty log: an entry from a phone, a return with its reason, the list's filters.
They collect and type the input; assessments.services.log applies the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from posts.forms.common import DateInput

from .. import photos
from ..models import DutyLogEntry


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to three photos; each is checked and shrunk by the service."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultiplePhotoInput(attrs={"accept": "image/*", "class": "form-control", "multiple": True})
        )
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > photos.MAX_PHOTOS:
            raise forms.ValidationError(_("An entry has at most three photos."))
        for upload in files:
            if upload.size > photos.MAX_BYTES:
                raise forms.ValidationError(
                    _("The photo “%(name)s” is larger than 10 MB; take a smaller one."), params={"name": upload.name}
                )
        return files


class EntryForm(forms.Form):
    done_on = forms.DateField(label=_("Date"), widget=DateInput)
    assignment = forms.ModelChoiceField(label=_("Post"), queryset=None, empty_label=None)
    what = forms.CharField(
        label=_("What was done"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("e.g. visited three elderly households on lane 2")}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=DutyLogEntry.Kind.choices,
        initial=DutyLogEntry.Kind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    people_served = forms.IntegerField(
        label=_("People served"),
        min_value=0,
        max_value=10000,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    photos = PhotosField(label=_("Photos (up to three)"))

    def __init__(self, *args, assignments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = timezone.localdate()
        self.fields["done_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["assignment"].queryset = assignments
        self.fields["assignment"].label_from_instance = lambda a: f"{a.post.post_type.name}（{a.post.year}）"
        if len(assignments) == 1:
            # One post: nothing to choose.
            self.fields["assignment"].initial = assignments[0].pk
            self.fields["assignment"].widget = forms.HiddenInput()


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Why it is returned"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class LogFilterForm(forms.Form):
    month = forms.CharField(label=_("Month"), required=False, widget=forms.TextInput(attrs={"type": "month"}))
    post = forms.ModelChoiceField(label=_("Post"), queryset=None, required=False, empty_label=_("All posts"))
    group = forms.ModelChoiceField(label=_("Group"), queryset=None, required=False, empty_label=_("All groups"))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *DutyLogEntry.Status.choices]
    )

    def __init__(self, *args, posts, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts
        self.fields["post"].label_from_instance = lambda p: f"{p.post_type.name}（{p.year}）"
        self.fields["group"].queryset = groups

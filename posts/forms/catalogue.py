"""Forms for the catalogue and a branch's posts: adopting and writing post types, setting a
year's posts and opening claim rounds. They collect and type the input; posts.services.catalogue
applies the rules."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organisation

from .. import selectors
from ..models import PostType
from .common import DateInput


def _type_label(post_type):
    """How a catalogue entry is listed: class, name, and where it comes from."""
    origin = post_type.owner.name if post_type.owner else _("preset")
    return f"{post_type.post_class.name} · {post_type.name}（{origin}）"


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("Posts of the year"), min_value=2000, max_value=2100)
    starts_on = forms.DateField(label=_("Claims open on"), widget=DateInput)
    ends_on = forms.DateField(
        label=_("Claims close on"), widget=DateInput, help_text=_("Members may claim up to and including this day.")
    )

    def __init__(self, *args, year, days, **kwargs):
        """`days`: how long the round is proposed to run, from the branch's rules."""
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.update(
                {
                    "year": year,
                    "starts_on": today,
                    "ends_on": today + datetime.timedelta(days=days),
                }
            )


class AdoptForm(forms.Form):
    post_types = forms.ModelMultipleChoiceField(
        label=_("Posts to set for the year"),
        queryset=PostType.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one post.")},
    )
    headcount = forms.IntegerField(
        label=_("Places per post"),
        min_value=1,
        max_value=50,
        initial=1,
        help_text=_("You can change each post's headcount afterwards."),
    )

    def __init__(self, *args, branch, year, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["post_types"]
        field.queryset = (
            PostType.objects.filter(pk__in=[t.pk for t in selectors.adoptable_types(branch, year)])
            .select_related("post_class", "owner")
            .order_by("post_class__order", "owner__path", "name")
        )
        field.label_from_instance = _type_label


class PostTypeForm(forms.ModelForm):
    class Meta:
        model = PostType
        fields = ["post_class", "name", "duties", "service_menu", "targets"]
        widgets = {
            "duties": forms.Textarea(attrs={"rows": 4}),
            "service_menu": forms.Textarea(attrs={"rows": 4}),
            "targets": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"targets": _("Optional. One target per line, e.g. “visit 10 households a month”.")}

    def validate_unique(self):
        # The service reports a name taken in the catalogue, in the user's words.
        pass


class OwnPostForm(PostTypeForm):
    """A branch's own post, set for the year at once."""

    headcount = forms.IntegerField(label=_("Places"), min_value=1, max_value=50, initial=1)


class CommonPostForm(PostTypeForm):
    """A common post (共性岗位) published by a township or county for the branches below it."""

    owner = forms.ModelChoiceField(label=_("Published by"), queryset=Organisation.objects.none(), empty_label=None)
    branch_kinds = forms.MultipleChoiceField(
        label=_("Suits branch kinds"),
        choices=Organisation.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every kind of branch."),
    )

    class Meta(PostTypeForm.Meta):
        fields = ["owner", *PostTypeForm.Meta.fields, "branch_kinds"]

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


class EditPostTypeForm(PostTypeForm):
    class Meta(PostTypeForm.Meta):
        fields = [*PostTypeForm.Meta.fields, "is_active"]


class EditCommonPostForm(EditPostTypeForm):
    branch_kinds = CommonPostForm.base_fields["branch_kinds"]

    class Meta(EditPostTypeForm.Meta):
        fields = [*EditPostTypeForm.Meta.fields, "branch_kinds"]


class BranchPostForm(forms.Form):
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1, max_value=50)
    lead = forms.ModelChoiceField(
        label=_("Class lead"),
        queryset=None,
        required=False,
        help_text=_("The member who organises the members of this class of posts."),
    )
    contact_cadre = forms.ModelChoiceField(
        label=_("Cadre contact"),
        queryset=None,
        required=False,
        help_text=_("The branch cadre who looks after this post."),
    )
    is_open = forms.BooleanField(label=_("Open for claims"), required=False)
    extra_duties = forms.CharField(
        label=_("Additional duties"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What this branch adds to the catalogue duties."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = people
        self.fields["contact_cadre"].queryset = people.exclude(office="")
        self.fields["contact_cadre"].label_from_instance = lambda m: f"{m.name}（{m.office}）"

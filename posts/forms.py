"""Forms for the catalogue, claims and review pages. They collect and type the input; the
services (posts.services.catalogue, posts.services.claims) apply the rules."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organisation

from . import selectors
from .forms_lifecycle import DateInput
from .models import PostType


def _statement(label):
    return forms.CharField(
        label=label,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A sentence or two: skills, where you live, the time you can give."),
    )


def _type_label(post_type):
    """How a catalogue entry is listed: class, name, and where it comes from."""
    origin = post_type.owner.name if post_type.owner else _("preset")
    return f"{post_type.post_class.name} · {post_type.name}（{origin}）"


class ClaimForm(forms.Form):
    statement = _statement(_("Why I fit this post"))


class NominateForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Whom do you recommend?"), queryset=None)
    statement = _statement(_("Why they fit this post"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = candidates
        self.fields["member"].label_from_instance = lambda m: f"{m.name}（{m.group.name}）" if m.group_id else m.name


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


class VotesForm(forms.Form):
    """One number per pending claim: the votes the members' meeting gave the candidate."""

    def __init__(self, *args, claims, **kwargs):
        super().__init__(*args, **kwargs)
        self.claims = list(claims)
        for claim in self.claims:
            self.fields[self.field_name(claim)] = forms.IntegerField(
                label=claim.member.name,
                min_value=0,
                max_value=100000,
                required=False,
                initial=claim.votes,
                # The inputs sit in the review page's one form, so they are sent with the
                # "record the votes" button and with every decision button alike.
                widget=forms.NumberInput(
                    attrs={
                        "class": "form-control form-control-sm d-inline-block votes-input",
                        "inputmode": "numeric",
                    }
                ),
            )

    @staticmethod
    def field_name(claim):
        return f"votes_{claim.pk}"

    def tallies(self, sent=None):
        """{claim: votes}; with `sent` (the request's data) only the claims whose field was sent,
        so a request that carries no votes never clears the ones recorded."""
        return {
            claim: self.cleaned_data[self.field_name(claim)]
            for claim in self.claims
            if sent is None or self.field_name(claim) in sent
        }


class DecisionForm(forms.Form):
    APPROVE, REJECT, MOVE = "approve", "reject", "move"

    action = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REJECT, _("Reject")), (MOVE, _("Move"))])
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    to_post = forms.ModelChoiceField(label=_("Move to"), queryset=None, required=False)

    def __init__(self, *args, claim, targets, **kwargs):
        kwargs.setdefault("prefix", f"c{claim.pk}")
        super().__init__(*args, **kwargs)
        self.fields["to_post"].queryset = targets
        self.fields["to_post"].label_from_instance = lambda p: p.post_type.name

    def clean(self):
        data = super().clean()
        if data.get("action") == self.MOVE and not data.get("to_post"):
            self.add_error("to_post", _("Choose the post to move the claim to."))
        return data

"""Forms for claims and their review: claiming, nominating, votes and decisions. They collect
and type the input; posts.services.claims applies the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _


def _statement(label):
    return forms.CharField(
        label=label,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A sentence or two: skills, where you live, the time you can give."),
    )


class ClaimForm(forms.Form):
    statement = _statement(_("Why I fit this post"))


class NominateForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Whom do you recommend?"), queryset=None)
    statement = _statement(_("Why they fit this post"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = candidates
        self.fields["member"].label_from_instance = lambda m: f"{m.name}（{m.group.name}）" if m.group_id else m.name


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

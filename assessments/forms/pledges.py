"""Forms for pledges: they collect and type the input; assessments.services.pledges applies
the rules (limits, states, who may do what)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Pledge, PledgeEvaluation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date picker reads and writes ISO dates whatever the page language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _reason(label, required=True):
    return forms.CharField(label=label, max_length=300, required=required, widget=forms.Textarea(attrs={"rows": 2}))


class PledgeForm(forms.Form):
    """A member's pledge: a line picked from the post's duty menu, or written; the text may be
    made concrete either way ("每月入户走访两次")."""

    from_duty = forms.ChoiceField(label=_("Pick from the post's duties"), required=False)
    text = forms.CharField(
        label=_("Pledge"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Something concrete you will do, e.g. “visit the households of my lane every month”."),
    )
    due_on = forms.DateField(label=_("Target date"), widget=DateInput)

    def __init__(self, *args, menu=(), assignments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_duty"].choices = [("", _("— write my own —"))] + [(line, line) for line in menu]
        if assignments is not None and len(assignments) > 1:
            self.fields["assignment"] = forms.TypedChoiceField(
                label=_("Post"),
                choices=[(a.pk, a.post.post_type.name) for a in assignments],
                coerce=int,
            )
            self.order_fields(["assignment", "from_duty", "text", "due_on"])
        self.assignments = {a.pk: a for a in assignments or ()}

    def clean(self):
        data = super().clean()
        # Picked and left unchanged: the duty line is the pledge.
        if not (data.get("text") or "").strip() and data.get("from_duty"):
            data["text"] = data["from_duty"]
        if not (data.get("text") or "").strip():
            self.add_error("text", _("Pick a duty or write the pledge."))
        if "assignment" in data:
            data["assignment"] = self.assignments[data["assignment"]]
        return data


class SubmitForm(forms.Form):
    note = _reason(_("Why fewer pledges (only if you make fewer than asked)"), required=False)


class BranchPledgeForm(forms.Form):
    text = forms.CharField(label=_("Pledge"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("Target date"), widget=DateInput)
    responsible = forms.ModelChoiceField(label=_("Person responsible"), queryset=None, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = members


class ReturnForm(forms.Form):
    reason = _reason(_("Reason for returning"))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[(s, Pledge.Status(s).label) for s in Pledge.OUTCOMES], widget=forms.RadioSelect
    )
    reason = _reason(_("Reason"))


class EvaluationForm(forms.Form):
    source = forms.ChoiceField(
        label=_("From"),
        choices=[(s, label) for s, label in PledgeEvaluation.Source.choices if s != PledgeEvaluation.Source.SELF],
    )
    comment = forms.CharField(label=_("Comment"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class SelfEvaluationForm(forms.Form):
    comment = forms.CharField(label=_("My own evaluation"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ProgressForm(forms.Form):
    noted_on = forms.DateField(label=_("Date"), widget=DateInput)
    text = forms.CharField(label=_("What was done"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    entries = forms.ModelMultipleChoiceField(
        label=_("Evidence from my duty log"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = entries
        self.fields["entries"].label_from_instance = lambda e: f"{e.done_on:%m-%d} {e.what[:40]}"


class FilterForm(forms.Form):
    """The committee list's filters (GET)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Pledge.Status.choices, ("outcome", _("Outcome set"))],
    )
    member = forms.ModelChoiceField(label=_("Member"), queryset=None, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members

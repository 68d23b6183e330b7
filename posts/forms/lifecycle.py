"""Forms for letters and changes of post. Services do the checking; these only collect and
type the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import selectors
from .common import _date, _reason


class SignForm(forms.Form):
    member_signed_on = _date(_("Member signed on"))
    branch_signed_on = _date(_("Branch signed on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["member_signed_on"].initial = today
        self.fields["branch_signed_on"].initial = today


class TrainForm(forms.Form):
    trained_on = _date(_("Pre-post training on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trained_on"].initial = timezone.localdate()


class ActionForm(forms.Form):
    """Base of the forms on an assignment's page; each knows the assignment it acts on."""

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment


class ReasonForm(ActionForm):
    reason = _reason()


class OptionalReasonForm(ActionForm):
    reason = _reason(required=False, label=_("Note (optional)"))


class ConfirmForm(ActionForm):
    pass


class TransferForm(ActionForm):
    to_post = forms.ModelChoiceField(label=_("New post"), queryset=None)
    reason = _reason()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_post"].queryset = selectors.transfer_targets(self.assignment)
        self.fields["to_post"].label_from_instance = lambda p: p.post_type.name


class SuspendForm(ActionForm):
    until = _date(_("Suspended until (planned)"))
    reason = _reason()


class NewTermForm(forms.Form):
    carry_over = forms.ModelMultipleChoiceField(
        label=_("Members who continue on their posts"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Everyone else still on a post of this year has their term ended; their posts "
            "open for claims in the new year."
        ),
    )

    def __init__(self, *args, branch, year, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["carry_over"]
        field.queryset = selectors.holding_for_new_term(branch, year)
        field.label_from_instance = lambda a: f"{a.member.name} · {a.post.post_type.name}"

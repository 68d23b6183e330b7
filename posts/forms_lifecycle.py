"""Forms for notices, objections, letters and changes of post. Services do the checking;
these only collect and type the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors as post_selectors
from . import selectors_lifecycle as selectors
from .models import Objection
from .services.notices import HANDLED, default_period


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


class PublishNoticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    starts_on = _date(_("Notice starts on"))
    ends_on = _date(_("Notice ends on"))
    assignments = forms.ModelMultipleChoiceField(
        label=_("Approved members to put on notice"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one approved assignment to put on notice.")},
    )

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        starts, ends = default_period(branch, today)
        need = post_selectors.policy_for(branch).min_notice_working_days
        self.fields["starts_on"].widget.attrs["min"] = today.isoformat()
        self.fields["starts_on"].help_text = _("Today or later.")
        self.fields["ends_on"].help_text = _("At least %(n)d working days (Monday to Friday), counting the first.") % {
            "n": need
        }
        field = self.fields["assignments"]
        field.queryset = selectors.approved_for_notice(branch)
        field.label_from_instance = lambda a: f"{a.member.name} · {a.post.post_type.name}"
        if not self.is_bound:
            self.initial.update(
                {
                    "title": _("%(branch)s: public notice of posts for members without office")
                    % {"branch": branch.name},
                    "starts_on": starts,
                    "ends_on": ends,
                    "assignments": [a.pk for a in field.queryset],
                }
            )


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your objection or feedback"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )
    assignment = forms.ModelChoiceField(
        label=_("About"), queryset=None, required=False, empty_label=_("The notice as a whole")
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    contact = forms.CharField(
        label=_("How to reach you (optional)"),
        max_length=50,
        required=False,
        help_text=_("Leave a phone number if you want the branch to reply."),
    )

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignment"]
        field.queryset = selectors.notice_assignments(notice, public=True)
        field.label_from_instance = lambda a: f"{a.member.name} · {a.post.post_type.name}"


class HandleObjectionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in Objection.Status if s in HANDLED],
    )
    resolution = forms.CharField(
        label=_("How it was handled"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Upholding an objection about a person withdraws them from the notice."),
    )


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

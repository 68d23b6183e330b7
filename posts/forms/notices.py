"""Forms for notices and objections. Services do the checking; these only collect and type
the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..models import Objection
from ..services.notices import HANDLED, default_period
from .common import _date


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
        need = selectors.policy_for(branch).min_notice_working_days
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

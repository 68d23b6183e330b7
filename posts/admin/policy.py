"""Back office for the rules set above the branch, saved through posts.services.policy."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from members.admin_scope import ScopedModelAdmin

from .. import selectors
from ..models import Policy
from ..services import PostError
from ..services.policy import set_policy


class PolicyForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("reason"), max_length=300, help_text=_("Why the rules change; kept with the change.")
    )

    class Meta:
        model = Policy
        fields = ["organisation", *Policy.RULES]


@admin.register(Policy)
class PolicyAdmin(ScopedModelAdmin):
    """The rules an organisation sets for itself and those below it (the nearest one wins).
    County officials set the county's and its townships', township officials their township's,
    branch officers their branch's; each reads the rows above and below it in its reach.
    Saving goes through services.policy.set_policy, which keeps the change with its reason."""

    form = PolicyForm
    scope_org_field = "organisation"
    list_display = ["organisation", *Policy.RULES, "updated_by", "updated_at"]
    list_select_related = ["organisation", "updated_by"]
    fields = ["organisation", *Policy.RULES, "reason", "updated_by", "updated_at", "history"]
    readonly_fields = ["updated_by", "updated_at", "history"]

    def get_queryset(self, request):
        return request.scope.filter(Policy.objects.all(), "summaries.read", via="organisation")

    @admin.display(description=_("changes of post rules"))
    def history(self, policy):
        """Who changed which rule, when and why, newest first (read-only; kept by set_policy)."""

        def shown(value):
            return _("as above") if value is None else value

        changes = policy.changes.select_related("by") if policy.pk else []
        return (
            format_html(
                '<ul class="mb-0">{}</ul>',
                format_html_join(
                    "",
                    "<li>{} {}：{}（{}）</li>",
                    (
                        (
                            date_format(localtime(c.at), "SHORT_DATETIME_FORMAT"),
                            c.by or "—",
                            "；".join(
                                f"{Policy._meta.get_field(rule).verbose_name}：{shown(old)} → {shown(new)}"
                                for rule, (old, new) in c.changes.items()
                                if rule in Policy.RULES
                            ),
                            c.reason,
                        )
                        for c in changes
                    ),
                ),
            )
            if changes
            else "—"
        )

    def _sets_policies(self, request, obj=None):
        if not (request.user.is_active and request.user.is_staff):
            return False
        allowed = selectors.policy_organisations(request.scope)
        return allowed.filter(pk=obj.organisation_id).exists() if obj is not None else allowed.exists()

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        return self._sets_policies(request, obj)

    def has_add_permission(self, request, *args):
        return self._sets_policies(request)

    def has_delete_permission(self, request, obj=None):
        # Emptying every rule is how an organisation follows the one above again, with a reason
        # kept; deleting the row would lose its history.
        return False

    def get_readonly_fields(self, request, obj=None):
        # The organisation of a row stays put; a new one is added for another organisation.
        return [*self.readonly_fields, "organisation"] if obj else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = (
                selectors.policy_organisations(request.scope).exclude(policy__isnull=False).order_by("path")
            )
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        organisation = obj.organisation
        try:
            saved = set_policy(
                organisation=organisation,
                by=request.user,
                reason=form.cleaned_data["reason"],
                **{rule: form.cleaned_data[rule] for rule in Policy.RULES},
            )
        except PostError as error:
            # The form checked values and permission already; a refusal here is a race the
            # user should hear about rather than a silent save.
            raise PermissionDenied(error.message) from error
        obj.pk = saved.pk

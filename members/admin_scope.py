"""The admin's side of organisation scoping: every ModelAdmin of the product uses this mixin.

Permissions come from the user's roles through the capability table (members/capabilities.py,
asked via members.scope), not from Django's per-model permission table, so granting a role
is all it takes to give a secretary their back office, and a township official sees
everything below them read-only.
"""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Member, Organisation

# Fields that give an ID number away: the number itself, and the birth date read from it
# (the mask "110101********1234" hides exactly the birth date). A filter, sort or search on
# them lets whoever sees the mask recover the digits one guess at a time.
ID_DERIVED_FIELDS = {(Member, "id_number"), (Member, "birth_date")}


def touches_id_number(model, lookup):
    """Whether a lookup path such as "assignment__member__id_number__startswith", followed
    from `model` through relations in either direction, ends on an ID-derived field."""
    for part in lookup.split(LOOKUP_SEP):
        if part == "pk":
            return False
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if (model, field.name) in ID_DERIVED_FIELDS:
            return True
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


class ScopedChangeList(ChangeList):
    def get_ordering_field(self, field_name):
        # Django only greys out the headers outside sortable_by; a hand-written ?o= would still
        # sort by them. Here it is ignored.
        if self.sortable_by is not None and field_name not in self.sortable_by:
            return None
        return super().get_ordering_field(field_name)


class ScopedAdminMixin:
    # Lookup from the model to the organisation that owns a row ("" for Organisation itself),
    # e.g. "branch" or "post__branch".
    scope_org_field = "branch"
    # Or, for rows owned by a roster member: the lookup to the member (e.g. "member").
    scope_member_field = None
    # The capabilities that read and change the rows, within the reach of the user's roles. The
    # back office is the branch's records: its officers change them, overseers read them.
    view_capability = "roster.read"
    change_capability = "roster.change"

    def _scope(self, request):
        return request.scope

    def scoped_queryset(self, request, queryset, capability=None):
        scope, capability = self._scope(request), capability or self.view_capability
        if self.scope_member_field:
            return scope.filter_members(queryset, capability, via=self.scope_member_field)
        return scope.filter(queryset, capability, via=self.scope_org_field or None)

    def get_queryset(self, request):
        return self.scoped_queryset(request, super().get_queryset(request))

    def owning_organisation(self, obj):
        path = self.scope_member_field + "__branch" if self.scope_member_field else self.scope_org_field
        for part in filter(None, path.split("__")):
            obj = getattr(obj, part)
        return obj

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return obj is None or self._scope(request).can(self.view_capability, self.owning_organisation(obj))

    def has_change_permission(self, request, obj=None):
        scope = self._scope(request)
        if not (request.user.is_active and scope.holds(self.change_capability)):
            return False
        return obj is None or scope.can(self.change_capability, self.owning_organisation(obj))

    def has_add_permission(self, request, *args):
        return request.user.is_active and self._scope(request).holds(self.change_capability)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Officers can only point rows at organisations, people and accounts they manage. The
        # form validates the POSTed value against the same queryset, so a forged id is refused.
        scope = self._scope(request)
        if db_field.related_model is Organisation:
            kwargs["queryset"] = scope.organisations(self.change_capability).filter(
                **(db_field.get_limit_choices_to() or {})
            )
        elif db_field.related_model is Member:
            kwargs["queryset"] = scope.members(self.change_capability)
        elif db_field.related_model is get_user_model():
            kwargs["queryset"] = scope.users().order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # -- nothing in a query string may read an ID number through the mask ---------------------

    def lookup_allowed(self, lookup, value, request=None):
        # Covers ?id_number__startswith=, __regex, ?birth_date__year= and the same through any
        # relation (?member__id_number__…, ?user__member__…); Django answers a refused lookup
        # with 400. Whoever sees every readable ID in full may filter by it.
        if touches_id_number(self.model, lookup) and not (request and self._scope(request).sees_every_full_id):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if self._scope(request).sees_every_full_id:
            return fields
        return [f for f in fields if not touches_id_number(self.model, f.lstrip("^=@"))]

    def get_changelist(self, request, **kwargs):
        return ScopedChangeList

    def get_sortable_by(self, request):
        # Sorting by birth date (?o=) would order masked numbers by their hidden digits.
        sortable = super().get_sortable_by(request)
        if self._scope(request).sees_every_full_id:
            return sortable
        return [name for name in sortable if not self._orders_by_id_number(name)]

    def _orders_by_id_number(self, name):
        target = getattr(self, name, None) or getattr(self.model, name, None)
        order = getattr(target, "admin_order_field", None) or name
        return touches_id_number(self.model, str(order).lstrip("-"))

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Outside the scope is indistinguishable from absent: a plain 404, not a hint.
        raise Http404


class ScopedModelAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False


class ReadOnlyAdmin(ScopedModelAdmin):
    """A stateful model's admin: scoped lists to read, no add, change or delete (nor the
    bulk-delete action), since a write here would bypass the services and the audit log."""

    page_url = None  # (URL name, lookup from the row to the pk the page takes)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("page"))
    def page_link(self, obj):
        name, attr = self.page_url
        target = obj
        for part in attr.split("__"):
            target = getattr(target, part)
        return format_html('<a href="{}">{}</a>', reverse(name, args=[target]), _("open"))

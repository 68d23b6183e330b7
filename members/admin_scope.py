"""The admin's side of organisation scoping: every ModelAdmin of the product uses this mixin.

Permissions come from the user's roles (members.scope), not from Django's per-model
permission table, so granting a role is all it takes to give a secretary their back
office, and a township official sees everything below them read-only.
"""

from django.contrib import admin
from django.http import Http404

from .models import Member, Organisation


class ScopedAdminMixin:
    # Lookup from the model to the organisation that owns a row ("" for Organisation itself),
    # e.g. "branch" or "post__branch".
    scope_org_field = "branch"
    # Or, for rows owned by a roster member: the lookup to the member (e.g. "member").
    scope_member_field = None

    def _scope(self, request):
        return request.scope

    def scoped_queryset(self, request, queryset, write=False):
        scope = self._scope(request)
        if self.scope_member_field:
            return scope.filter_by_member(queryset, via=self.scope_member_field, write=write)
        return scope.filter_by_org(queryset, via=self.scope_org_field or None, write=write)

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
        return obj is None or self._scope(request).can_read(self.owning_organisation(obj)) or \
            self._scope(request).is_superuser

    def has_change_permission(self, request, obj=None):
        scope = self._scope(request)
        if not (request.user.is_active and scope.is_officer):
            return False
        return obj is None or scope.can_manage(self.owning_organisation(obj))

    def has_add_permission(self, request, *args):
        return request.user.is_active and self._scope(request).is_officer

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Officers can only point rows at organisations and people they manage.
        scope = self._scope(request)
        if db_field.related_model is Organisation:
            kwargs["queryset"] = scope.organisations(write=True).filter(**(db_field.get_limit_choices_to() or {}))
        elif db_field.related_model is Member:
            kwargs["queryset"] = scope.members(write=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Outside the scope is indistinguishable from absent: a plain 404, not a hint.
        raise Http404


class ScopedModelAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False

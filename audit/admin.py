"""The audit log in the back office: superusers read it; nobody adds, changes or deletes an
entry (officers and officials read theirs on the 操作记录 pages)."""

from django.contrib import admin

from .actions import choices
from .models import Entry


class ActionFilter(admin.SimpleListFilter):
    title = Entry._meta.get_field("action").verbose_name
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return choices()

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action_label", "actor", "object_label", "organisation", "reason"]
    list_filter = [ActionFilter, "at"]
    list_select_related = ["actor", "organisation"]
    search_fields = ["object_label", "reason"]
    date_hierarchy = "at"
    list_per_page = 50
    show_full_result_count = False
    fields = readonly_fields = [
        "at",
        "action",
        "actor",
        "content_type",
        "object_id",
        "object_label",
        "organisation",
        "organisation_path",
        "payload",
        "reason",
    ]

    @admin.display(description=Entry._meta.get_field("action").verbose_name, ordering="action")
    def action_label(self, obj):
        return obj.action_label

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

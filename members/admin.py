from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_scope import ScopedModelAdmin
from .models import Member, Organisation, Role

admin.site.site_header = _("Post responsibility back office")
admin.site.site_title = _("Post responsibility back office")
admin.site.index_title = _("Back office")


@admin.register(Organisation)
class OrganisationAdmin(ScopedModelAdmin):
    scope_org_field = ""
    list_display = ["name", "code", "level", "kind", "parent", "secretary_name", "phone"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    fields = ["code", "name", "level", "kind", "parent", "secretary_name", "phone", "address",
              "posts_per_person", "office_holders_may_claim"]

    def owning_organisation(self, obj):
        return obj

    def has_add_permission(self, request, *args):
        # Officers add party groups / grids under their branch (the parent choices are their
        # own organisations, and clean() enforces the level); the tree above is the superuser's.
        return request.scope.is_officer

    def get_readonly_fields(self, request, obj=None):
        if request.scope.is_superuser or obj is None:
            return []
        # Codes and places in the tree are other systems' keys; a branch keeps its own details.
        return ["code", "level", "kind", "parent"]

    def has_delete_permission(self, request, obj=None):
        return request.scope.is_superuser


class HasOfficeFilter(admin.SimpleListFilter):
    title = _("office")
    parameter_name = "has_office"

    def lookups(self, request, model_admin):
        return [("no", _("Without office")), ("yes", _("Holds an office"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(office="")
        if self.value() == "yes":
            return queryset.exclude(office="")
        return queryset


class GroupFilter(admin.SimpleListFilter):
    title = _("party group / grid")
    parameter_name = "group"

    def lookups(self, request, model_admin):
        groups = request.scope.organisations().filter(level=Organisation.Level.GROUP)
        return [(g.pk, g.name) for g in groups]

    def queryset(self, request, queryset):
        return queryset.filter(group_id=self.value()) if self.value() else queryset


class BranchFilter(admin.SimpleListFilter):
    title = _("branch")
    parameter_name = "branch"

    def lookups(self, request, model_admin):
        return [(b.pk, b.name) for b in request.scope.branches()]

    def queryset(self, request, queryset):
        return queryset.filter(branch_id=self.value()) if self.value() else queryset


@admin.register(Member)
class MemberAdmin(ScopedModelAdmin):
    list_display = ["name", "gender", "masked_id", "category", "office_display", "branch", "group",
                    "exempt", "works_away", "phone"]
    list_filter = [BranchFilter, GroupFilter, "category", HasOfficeFilter, "exempt", "works_away",
                   "household", "health"]
    # ID numbers are deliberately not searchable: a search puts the term in the URL.
    search_fields = ["name", "phone", "specialities"]
    list_select_related = ["branch", "group"]
    autocomplete_fields = []
    readonly_fields = ["masked_id", "exemption_approved_by", "exempted_at", "created_at", "updated_at"]
    fieldsets = [
        (_("Person"), {"fields": ["name", "id_number", "gender", "birth_date", "ethnicity", "education",
                                  "phone", "show_phone_publicly"]}),
        (_("Party"), {"fields": ["category", "joined_party_on", "office", "branch", "group"]}),
        (_("Survey"), {"fields": ["specialities", "health", "works_away", "household", "notes"]}),
        (_("Exemption from posts"), {"fields": ["exempt", "exemption_reason", "exemption_approved_by",
                                                "exempted_at"]}),
        (_("Account"), {"fields": ["user", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("ID number"))
    def masked_id(self, obj):
        return obj.masked_id_number

    @admin.display(description=_("office held"))
    def office_display(self, obj):
        return obj.office or _("None")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not request.scope.sees_full_id(obj):
            # Overseers read the record with the ID number masked.
            fieldsets = [
                (title, {**opts, "fields": ["masked_id" if f == "id_number" else f for f in opts["fields"]]})
                for title, opts in fieldsets
            ]
        return fieldsets

    def save_model(self, request, obj, form, change):
        from . import services

        services.record_exemption_change(member=obj, by=request.user, changed_fields=form.changed_data)
        super().save_model(request, obj, form, change)


@admin.register(Role)
class RoleAdmin(ScopedModelAdmin):
    scope_org_field = "organisation"
    list_display = ["user", "kind", "organisation", "granted_by", "granted_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "organisation__name"]
    list_select_related = ["user", "organisation", "granted_by"]
    fields = ["user", "organisation", "kind"]

    def save_model(self, request, obj, form, change):
        from . import services

        services.grant_role(user=obj.user, organisation=obj.organisation, kind=obj.kind, by=request.user)

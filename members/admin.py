from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm

from .admin_scope import ScopedModelAdmin
from .forms import RosterConfirmImportForm, RosterImportForm
from .models import Member, Organisation, Role
from .resources import RosterCSV, RosterODS, RosterResource, RosterXLS, RosterXLSX
from .roster import RosterFileError

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
class MemberAdmin(ImportExportMixin, ScopedModelAdmin):
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

    # -- roster spreadsheets: django-import-export's pages, members.roster behind them ------

    resource_classes = [RosterResource]
    import_formats = [RosterXLSX, RosterCSV, RosterXLS, RosterODS]
    export_formats = [RosterXLSX, RosterCSV]
    import_form_class = RosterImportForm
    confirm_form_class = RosterConfirmImportForm
    # Every export has all the columns, so it can be edited and imported again.
    export_form_class = ExportForm
    import_template_name = "admin/members/member/import.html"

    def has_import_permission(self, request):
        # Officers import into branches they manage; overseers only read.
        return request.user.is_active and request.scope.is_officer

    def has_export_permission(self, request):
        # Exports come from get_queryset (the read scope); ID numbers are masked for all but
        # the member's own branch officers (members.roster.export_rows).
        return self.has_view_permission(request)

    def _import_branches(self, request):
        return request.scope.branches(write=True).order_by("path")

    def get_import_form_kwargs(self, request):
        return {**super().get_import_form_kwargs(request),
                "branches": self._import_branches(request)}

    def get_confirm_form_kwargs(self, request, import_form=None):
        return {**super().get_confirm_form_kwargs(request, import_form),
                "branches": self._import_branches(request)}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["branch"] = import_form.cleaned_data["branch"].pk
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        # The upload form (preview) or the confirm form (import) has validated the branch
        # against the user's writable branches; on the blank form there is none yet.
        form = kwargs.get("form")
        branch = getattr(form, "cleaned_data", {}).get("branch")
        return {"branch": branch, "scope": request.scope, "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"scope": request.scope}

    def get_export_filename(self, request, queryset, file_format):
        return f"roster-{timezone.localdate():%Y%m%d}.{file_format.get_extension()}"

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, RosterFileError):
            form.add_error("import_file", e.message)
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def add_success_message(self, result, request):
        messages.success(request, result.report.summary())

    def process_result(self, result, request):
        if not result.has_errors():
            return super().process_result(result, request)
        # The file passed the preview but not the final check: the roster changed in between
        # (say, someone registered one of these people in another branch). Nothing was written.
        resource_classes = self.get_import_resource_classes(request)
        form = self.get_import_form_class(request)(
            self.get_import_formats(), resource_classes, branches=self._import_branches(request))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": self.model._meta,
            "form": form,
            "result": result,
            "fields_list": [
                (r.get_display_name(), [f.column_name for f in r().get_user_visible_fields()])
                for r in resource_classes],
            "import_error_display": self.import_error_display,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)


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

from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm

from .admin_scope import ReadOnlyAdmin, ScopedModelAdmin
from .forms import RosterConfirmImportForm, RosterImportForm
from .models import Member, Organisation, Role, RoleEvent
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
    fields = [
        "code",
        "name",
        "level",
        "kind",
        "parent",
        "secretary_name",
        "phone",
        "address",
        "posts_per_person",
        "office_holders_may_claim",
    ]

    def owning_organisation(self, obj):
        return obj

    def has_add_permission(self, request, *args):
        # Officers add party groups / grids under their branch; the tree above is the
        # superuser's (services.add_organisation checks it again, the database the levels).
        return request.scope.holds(self.change_capability)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "level" and not request.scope.is_superuser:
            kwargs["choices"] = [(Organisation.Level.GROUP.value, Organisation.Level.GROUP.label)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "parent" and not request.scope.is_superuser:
            field.queryset = request.scope.branches(self.change_capability).order_by("path")
            field.required = True
        return field

    def save_model(self, request, obj, form, change):
        from django.core.exceptions import ValidationError

        from . import services

        if change:
            services.update_organisation(organisation=obj, by=request.user, changed_fields=form.changed_data)
            return
        try:
            services.add_organisation(organisation=obj, by=request.user)
        except ValidationError as e:  # the form checked the same: only a forged request gets here
            raise PermissionDenied from e

    def get_readonly_fields(self, request, obj=None):
        if request.scope.is_superuser or obj is None:
            return []
        # Codes and places in the tree are other systems' keys; a branch keeps its own details.
        return ["code", "level", "kind", "parent"]

    def has_delete_permission(self, request, obj=None):
        return request.scope.is_superuser

    def delete_model(self, request, obj):
        from . import services

        services.delete_organisation(organisation=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        from . import services

        for organisation in queryset.order_by("-path"):  # the deepest first: children before parents
            services.delete_organisation(organisation=organisation, by=request.user)


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
        groups = request.scope.organisations("roster.read").filter(level=Organisation.Level.GROUP)
        return [(g.pk, g.name) for g in groups]

    def queryset(self, request, queryset):
        return queryset.filter(group_id=self.value()) if self.value() else queryset


class BranchFilter(admin.SimpleListFilter):
    title = _("branch")
    parameter_name = "branch"

    def lookups(self, request, model_admin):
        return [(b.pk, b.name) for b in request.scope.branches("roster.read")]

    def queryset(self, request, queryset):
        return queryset.filter(branch_id=self.value()) if self.value() else queryset


@admin.register(Member)
class MemberAdmin(ImportExportMixin, ScopedModelAdmin):
    list_display = [
        "name",
        "gender",
        "masked_id",
        "category",
        "office_display",
        "branch",
        "group",
        "exempt",
        "works_away",
        "phone",
    ]
    list_filter = [
        BranchFilter,
        GroupFilter,
        "category",
        HasOfficeFilter,
        "exempt",
        "works_away",
        "household",
        "health",
    ]
    # Searching by the exact ID number is for officers who see every listed number in full;
    # ScopedAdminMixin.get_search_fields drops it for everyone else.
    search_fields = ["name", "phone", "specialities", "=id_number"]
    list_select_related = ["branch", "group"]
    autocomplete_fields = []
    # The exemption changes only through services.set_exemption (the actions below), which
    # asks for the reason and records who approved it and when.
    readonly_fields = [
        "masked_id",
        "age",
        "exempt",
        "exemption_reason",
        "exemption_approved_by",
        "exempted_at",
        "created_at",
        "updated_at",
    ]
    actions = ["exempt_members", "lift_exemption"]
    fieldsets = [
        (
            _("Person"),
            {
                "fields": [
                    "name",
                    "id_number",
                    "gender",
                    "birth_date",
                    "ethnicity",
                    "education",
                    "phone",
                    "show_phone_publicly",
                ]
            },
        ),
        (_("Party"), {"fields": ["category", "joined_party_on", "office", "branch", "group"]}),
        (_("Survey"), {"fields": ["specialities", "health", "works_away", "household", "notes"]}),
        (_("Exemption from posts"), {"fields": ["exempt", "exemption_reason", "exemption_approved_by", "exempted_at"]}),
        (_("Account"), {"fields": ["user", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("ID number"))
    def masked_id(self, obj):
        return obj.masked_id_number

    @admin.display(description=_("age"))
    def age(self, obj):
        if not obj.birth_date:
            return ""
        today = timezone.localdate()
        return (
            today.year - obj.birth_date.year - ((today.month, today.day) < (obj.birth_date.month, obj.birth_date.day))
        )

    @admin.display(description=_("office held"))
    def office_display(self, obj):
        return obj.office or _("None")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not request.scope.sees_full_id(obj):
            # Overseers read the record with the ID number masked, and the age instead of the
            # birth date: the mask hides exactly the birth date's eight digits.
            hidden = {"id_number": "masked_id", "birth_date": "age"}
            fieldsets = [
                (title, {**opts, "fields": [hidden.get(f, f) for f in opts["fields"]]}) for title, opts in fieldsets
            ]
        return fieldsets

    def save_model(self, request, obj, form, change):
        from . import services

        services.save_member(member=obj, by=request.user, changed_fields=form.changed_data)

    def delete_model(self, request, obj):
        from . import services

        services.delete_member(member=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        from . import services

        for member in queryset:
            services.delete_member(member=member, by=request.user)

    # -- exemption from posts: through the service, with a reason ------------------------------

    def _writable(self, request, queryset):
        # An action's selection comes from the read scope; only the branches one runs change.
        return self.scoped_queryset(request, queryset, self.change_capability)

    @admin.action(description=_("Exempt the selected members from posts…"))
    def exempt_members(self, request, queryset):
        from django.core.exceptions import ValidationError

        from . import services
        from .forms import ExemptionForm

        queryset = self._writable(request, queryset)
        form = ExemptionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                for member in queryset:
                    services.set_exemption(
                        member=member, exempt=True, reason=form.cleaned_data["reason"], by=request.user
                    )
            except ValidationError as e:
                self.message_user(request, "; ".join(e.messages), messages.ERROR)
                return None
            self.message_user(
                request, _("%(n)d member(s) exempted from posts.") % {"n": len(queryset)}, messages.SUCCESS
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Exempt from posts"),
            "opts": self.model._meta,
            "members": queryset,
            "form": form,
            "action": "exempt_members",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/members/member/exempt.html", context)

    @admin.action(description=_("Lift the exemption of the selected members"))
    def lift_exemption(self, request, queryset):
        from . import services

        members = list(self._writable(request, queryset).filter(exempt=True))
        for member in members:
            services.set_exemption(member=member, exempt=False, reason="", by=request.user)
        self.message_user(request, _("Exemption lifted for %(n)d member(s).") % {"n": len(members)}, messages.SUCCESS)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.scope.holds(self.change_capability):  # overseers read the roster, they do not exempt
            actions.pop("exempt_members", None)
            actions.pop("lift_exemption", None)
        return actions

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
        return request.user.is_active and request.scope.holds(self.change_capability)

    def has_export_permission(self, request):
        # Exports come from get_queryset (the read scope); ID numbers are masked for all but
        # the member's own branch officers (members.roster.export_rows).
        return self.has_view_permission(request)

    def _import_branches(self, request):
        return request.scope.branches(self.change_capability).order_by("path")

    def get_import_form_kwargs(self, request):
        return {**super().get_import_form_kwargs(request), "branches": self._import_branches(request)}

    def get_confirm_form_kwargs(self, request, import_form=None):
        return {**super().get_confirm_form_kwargs(request, import_form), "branches": self._import_branches(request)}

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
            self.get_import_formats(), resource_classes, branches=self._import_branches(request)
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": self.model._meta,
            "form": form,
            "result": result,
            "fields_list": [
                (r.get_display_name(), [f.column_name for f in r().get_user_visible_fields()]) for r in resource_classes
            ],
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

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        user_field = form.base_fields.get("user")
        if obj is not None and user_field is not None:
            # The role's holder stays choosable even when their account has no roster record
            # (an officer's own login); any other account must be one of the branch's members.
            user_field.queryset = user_field.queryset.model.objects.filter(
                Q(pk__in=user_field.queryset.values("pk")) | Q(pk=obj.user_id)
            ).order_by("username")
        return form

    def save_model(self, request, obj, form, change):
        # Roles are granted and revoked by the services, which record who and when; a change
        # is the old role revoked and the new one granted, never both left standing.
        from . import services

        if change:
            old = Role.objects.get(pk=obj.pk)
            new = services.change_role(
                role=old, user=obj.user, organisation=obj.organisation, kind=obj.kind, by=request.user
            )
        else:
            new = services.grant_role(user=obj.user, organisation=obj.organisation, kind=obj.kind, by=request.user)
        # The admin's messages and log entry then point at the role that exists now.
        obj.pk = new.pk

    def delete_model(self, request, obj):
        from . import services

        services.revoke_role(role=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        from . import services

        for role in queryset:
            services.revoke_role(role=role, by=request.user)


@admin.register(RoleEvent)
class RoleEventAdmin(ReadOnlyAdmin):
    """Who was given or lost which role, by whom and when: read-only history."""

    scope_org_field = "organisation"
    list_display = ["at", "action", "user", "kind", "organisation", "by"]
    list_filter = ["action", "kind"]
    list_select_related = ["user", "organisation", "by"]
    fields = readonly_fields = ["at", "action", "user", "kind", "organisation", "by"]


class UserAdmin(auth_admin.UserAdmin):
    """Django's own user admin (superusers only, by Django's permissions), with one addition: a
    password a superuser types for somebody else, on a new account or a changed one, must be
    replaced by its holder at the next login, as the officers' initial passwords are."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():
            from . import services

            services.password_set_by_someone_else(user=obj, by=request.user)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and str(request.user.pk) != str(id):
            from . import services

            user = self.get_object(request, id)
            if user is not None and user.has_usable_password():
                services.password_set_by_someone_else(user=user, by=request.user)
        return response


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserAdmin)

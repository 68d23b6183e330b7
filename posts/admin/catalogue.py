"""Back office for the catalogue, branch posts and claim rounds. Catalogue posts are saved
through posts.services.catalogue; branch posts and rounds change only on the officers' pages,
so here they are read-only."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from members.admin_scope import ReadOnlyAdmin, ScopedModelAdmin

from .. import selectors
from ..models import BranchPost, ClaimRound, PostClass, PostType
from ..services import PostError, catalogue


@admin.register(PostClass)
class PostClassAdmin(ScopedModelAdmin):
    """Classes are shared by every branch: all staff read them, only a superuser changes them."""

    list_display = ["name", "order", "description"]

    def get_queryset(self, request):
        return PostClass.objects.all()

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.scope.is_superuser

    def has_add_permission(self, request, *args):
        return request.scope.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.scope.is_superuser

    def save_model(self, request, obj, form, change):
        catalogue.save_post_class(post_class=obj, by=request.user, changed_fields=form.changed_data)

    def delete_model(self, request, obj):
        catalogue.delete_post_class(post_class=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for post_class in queryset:
            catalogue.delete_post_class(post_class=post_class, by=request.user)


class OriginFilter(admin.SimpleListFilter):
    title = _("origin")
    parameter_name = "origin"

    def lookups(self, request, model_admin):
        return [("preset", _("Preset")), ("common", _("Common post")), ("own", _("Branch's own post"))]

    def queryset(self, request, queryset):
        if self.value() == "preset":
            return queryset.filter(owner__isnull=True)
        if self.value() == "common":
            return queryset.filter(owner__level__in=selectors.COMMON_OWNER_LEVELS)
        if self.value() == "own":
            return queryset.filter(owner__level="branch")
        return queryset


@admin.register(PostType)
class PostTypeAdmin(ScopedModelAdmin):
    """Owner-scoped: a branch changes its own posts here; presets are for the superuser (and
    `load_presets`); townships and counties publish common posts on their own page."""

    scope_org_field = "owner"
    list_display = ["name", "post_class", "owner", "is_active"]
    list_filter = [OriginFilter, "post_class", "is_active"]
    search_fields = ["name", "duties"]
    list_select_related = ["post_class", "owner"]
    fields = ["post_class", "name", "duties", "service_menu", "targets", "branch_kinds", "owner", "is_active"]

    def get_queryset(self, request):
        return selectors.visible_post_types(request.scope).select_related("post_class", "owner")

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return obj is None or selectors.visible_post_types(request.scope).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        scope = request.scope
        if obj is not None and obj.owner is None:
            return False  # presets change by loading them again (load_presets)
        if obj is not None and not obj.owner.is_branch:
            return scope.is_superuser
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Branches' posts point at catalogue posts; one no longer offered is made inactive.
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["owner"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        # Through the services, which check the owner and names and write the audit entry.
        data = form.cleaned_data
        try:
            if change:
                changes = {f: data[f] for f in form.changed_data if f in catalogue.POST_TYPE_FIELDS}
                if changes:
                    catalogue.update_post_type(post_type=obj, by=request.user, **changes)
            else:
                new = catalogue.create_post_type(
                    owner=data["owner"],
                    by=request.user,
                    post_class=data["post_class"],
                    name=data["name"],
                    duties=data["duties"],
                    service_menu=data.get("service_menu", ""),
                    targets=data.get("targets", ""),
                    branch_kinds=data.get("branch_kinds") or (),
                )
                if not data.get("is_active", True):
                    catalogue.update_post_type(post_type=new, by=request.user, is_active=False)
                obj.pk = new.pk
        except PostError as e:
            messages.error(request, e.message)
            raise

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "owner" and not request.scope.is_superuser:
            # Officers add their branch's own posts; a missing owner would make a preset.
            field.queryset = field.queryset.filter(level="branch")
            field.required = True
        return field


@admin.register(BranchPost)
class BranchPostAdmin(ReadOnlyAdmin):
    """A branch's posts are set on its catalogue page (adopt_posts, add_own_post) and edited on
    the post's page (update_post_type checks the places taken)."""

    list_display = ["post_type", "branch", "year", "headcount", "is_open", "lead", "contact_cadre"]
    list_filter = ["year", "is_open", "post_type__post_class"]
    search_fields = ["post_type__name", "branch__name"]
    list_select_related = ["post_type", "branch", "lead", "contact_cadre"]
    fields = ["branch", "post_type", "year", "headcount", "lead", "contact_cadre", "is_open", "extra_duties"]


@admin.register(ClaimRound)
class ClaimRoundAdmin(ReadOnlyAdmin):
    """Rounds are opened on the catalogue page, which keeps a branch's rounds from overlapping
    and records who opened them; here they are read."""

    list_display = ["branch", "year", "starts_on", "ends_on", "opened_by", "opened_at"]
    list_filter = ["year"]
    list_select_related = ["branch", "opened_by"]
    fields = ["branch", "year", "starts_on", "ends_on", "opened_by", "opened_at"]

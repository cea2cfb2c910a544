from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import AdminUserCreationForm, UserChangeForm
from .models import ExpertProfile, User


class ExpertProfileInline(admin.StackedInline):
    model = ExpertProfile
    can_delete = False
    extra = 0
    filter_horizontal = ["green_areas"]
    autocomplete_fields = ["conflict_institutions"]


SUPERUSER_ONLY = {"is_superuser", "user_permissions"}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = AdminUserCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "institution", "country", "is_staff"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "country"]
    search_fields = ["email", "first_name", "last_name", "institution__name"]
    autocomplete_fields = ["institution"]
    date_hierarchy = "date_joined"
    inlines = [ExpertProfileInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Personal info"),
            {"fields": ["first_name", "last_name", "country", "institution", "position"]},
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # Curators manage accounts and roles, but never grant superuser or raw permissions.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in SUPERUSER_ONLY]})
            for name, opts in fieldsets
        ]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "languages", "is_available"]
    list_filter = ["is_available", "green_areas"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "conflict_institutions"]
    filter_horizontal = ["green_areas"]

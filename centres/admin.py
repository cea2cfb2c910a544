from django.contrib import admin

from greentech.core.admin import URL_FORMFIELD

from .models import Alliance, AllianceMembership, Centre, Institution


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FORMFIELD
    list_display = ["name", "short_name", "kind", "country", "city"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "name_zh", "short_name", "city"]
    prepopulated_fields = {"slug": ["name"]}


class SubCentreInline(admin.TabularInline):
    formfield_overrides = URL_FORMFIELD
    model = Centre
    fk_name = "parent"
    fields = ["name", "short_name", "host_institution", "established"]
    autocomplete_fields = ["host_institution"]
    show_change_link = True
    extra = 0


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FORMFIELD
    list_display = ["name", "short_name", "host_institution", "parent", "established"]
    list_filter = ["focus_areas", "host_institution__country"]
    search_fields = ["name", "name_zh", "short_name", "host_institution__name"]
    autocomplete_fields = ["host_institution", "parent"]
    filter_horizontal = ["focus_areas"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "established"
    list_select_related = ["host_institution", "parent"]
    inlines = [SubCentreInline]


class AllianceMembershipInline(admin.TabularInline):
    model = AllianceMembership
    autocomplete_fields = ["institution"]
    extra = 0


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FORMFIELD
    list_display = ["name", "short_name", "founded"]
    search_fields = ["name", "name_zh", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "founded"
    inlines = [AllianceMembershipInline]


@admin.register(AllianceMembership)
class AllianceMembershipAdmin(admin.ModelAdmin):
    list_display = ["institution", "alliance", "role", "joined"]
    list_filter = ["role", "alliance"]
    search_fields = ["institution__name", "alliance__name"]
    autocomplete_fields = ["alliance", "institution"]
    list_select_related = ["institution", "alliance"]

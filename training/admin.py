from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from greentech.core.admin import URL_FORMFIELD

from . import selectors
from .models import (
    Application,
    ApplicationTransition,
    Attendance,
    Certificate,
    Cohort,
    Module,
    Programme,
)


class CohortInline(admin.TabularInline):
    model = Cohort
    fields = ["title", "slug", "city", "country", "starts_on", "ends_on", "capacity", "status"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "organiser", "alliance", "modified"]
    list_filter = ["green_areas", "alliance"]
    search_fields = ["title", "title_zh", "summary", "organiser__name"]
    autocomplete_fields = ["organiser", "alliance", "green_areas"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["organiser", "alliance"]
    formfield_overrides = URL_FORMFIELD
    inlines = [CohortInline]


class ModuleInline(admin.TabularInline):
    model = Module
    fields = ["day", "starts_at", "ends_at", "kind", "title", "speaker", "location", "position"]
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "programme",
        "city",
        "country",
        "starts_on",
        "ends_on",
        "capacity",
        "places_left",
        "status",
    ]
    list_filter = ["status", "requires_selection", "country", "programme"]
    search_fields = ["title", "title_zh", "city", "venue", "programme__title"]
    autocomplete_fields = ["programme"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_on"
    list_select_related = ["programme"]
    inlines = [ModuleInline]

    def get_queryset(self, request):
        return selectors.cohorts_with_places_left(super().get_queryset(request))

    @admin.display(description=_("places left"), ordering="places_left")
    def places_left(self, cohort):
        return cohort.places_left


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "day", "starts_at", "ends_at", "kind", "speaker"]
    list_filter = ["kind", "cohort__programme"]
    search_fields = ["title", "title_zh", "speaker", "cohort__title"]
    autocomplete_fields = ["cohort"]
    date_hierarchy = "day"
    list_select_related = ["cohort"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fields = ["day", "present"]
    extra = 0


class ApplicationTransitionInline(admin.TabularInline):
    model = ApplicationTransition
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "cohort", "country", "status", "created"]
    list_filter = ["status", "cohort", "country"]
    search_fields = ["email", "first_name", "last_name", "institution_name", "cohort__title"]
    autocomplete_fields = ["cohort", "user", "institution"]
    # The status and its dates change only through the workflow (services), which logs them.
    readonly_fields = ["status", "waitlist_position", "confirmed_at", "cancelled_at", "created"]
    date_hierarchy = "created"
    list_select_related = ["cohort"]
    inlines = [AttendanceInline, ApplicationTransitionInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["application", "day", "present"]
    list_filter = ["present", "application__cohort"]
    search_fields = ["application__email", "application__last_name", "application__cohort__title"]
    autocomplete_fields = ["application"]
    date_hierarchy = "day"
    list_select_related = ["application__cohort"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "application", "issued_at"]
    list_filter = ["application__cohort"]
    search_fields = ["code", "application__email", "application__last_name"]
    autocomplete_fields = ["application"]
    readonly_fields = ["code"]
    date_hierarchy = "issued_at"
    list_select_related = ["application__cohort"]


@admin.register(ApplicationTransition)
class ApplicationTransitionAdmin(admin.ModelAdmin):
    """The log is written by the workflow; staff read it."""

    list_display = ["application", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status", "application__cohort"]
    search_fields = ["application__email", "application__last_name", "note"]
    autocomplete_fields = ["application", "by"]
    date_hierarchy = "at"
    list_select_related = ["application__cohort", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

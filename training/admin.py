from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from greentech.core.admin import URL_FORMFIELD

from . import selectors, services
from .exceptions import TrainingError
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


class ManageApplicationsMixin:
    """Admin actions that run a training service on each selected object and report what was
    done and what was refused (with the service's reason)."""

    def has_manage_permission(self, request):
        return request.user.has_perm("training.manage_applications")

    def run_service(self, request, queryset, service, done_message):
        done = 0
        for obj in queryset:
            try:
                service(obj)
            except TrainingError as exc:
                self.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)


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
class CohortAdmin(ManageApplicationsMixin, admin.ModelAdmin):
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

    actions = ["fill_from_waitlist"]

    @admin.action(
        description=_("Give free places to the waitlist (after raising the capacity)"),
        permissions=["manage"],
    )
    def fill_from_waitlist(self, request, queryset):
        promoted = 0
        for cohort in queryset:
            promoted += len(services.cohort_fill_from_waitlist(cohort=cohort, by=request.user))
        self.message_user(
            request,
            ngettext(
                "%(count)d person promoted from the waitlist.",
                "%(count)d people promoted from the waitlist.",
                promoted,
            )
            % {"count": promoted},
            messages.SUCCESS,
        )


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
class ApplicationAdmin(ManageApplicationsMixin, admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "email",
        "cohort",
        "country",
        "status",
        "waitlist_position",
        "created",
    ]
    list_filter = ["status", "cohort", "country"]
    search_fields = ["email", "first_name", "last_name", "institution_name", "cohort__title"]
    autocomplete_fields = ["cohort", "user", "institution"]
    # The status and its dates change only through the workflow (services), which logs them.
    readonly_fields = [
        "status",
        "waitlist_position",
        "confirmed_at",
        "cancelled_at",
        "links_sent_at",
        "reminder_sent_at",
        "created",
    ]
    date_hierarchy = "created"
    list_select_related = ["cohort"]
    inlines = [AttendanceInline, ApplicationTransitionInline]
    actions = [
        "select_accept",
        "select_waitlist",
        "select_decline",
        "cancel",
        "mark_attended",
        "issue_certificate",
        "resend_links",
    ]

    def _select(self, request, queryset, outcome):
        self.run_service(
            request,
            queryset,
            lambda application: services.application_select(
                application=application, outcome=outcome, by=request.user
            ),
            lambda count: ngettext(
                "%(count)d application decided.", "%(count)d applications decided.", count
            )
            % {"count": count},
        )

    @admin.action(description=_("Selection: accept"), permissions=["manage"])
    def select_accept(self, request, queryset):
        self._select(request, queryset, services.SelectionOutcome.ACCEPT)

    @admin.action(description=_("Selection: put on the waitlist"), permissions=["manage"])
    def select_waitlist(self, request, queryset):
        self._select(request, queryset, services.SelectionOutcome.WAITLIST)

    @admin.action(description=_("Selection: decline"), permissions=["manage"])
    def select_decline(self, request, queryset):
        self._select(request, queryset, services.SelectionOutcome.DECLINE)

    @admin.action(
        description=_("Cancel (frees the place for the waitlist)"), permissions=["manage"]
    )
    def cancel(self, request, queryset):
        self.run_service(
            request,
            queryset,
            lambda application: services.application_cancel(
                application=application, by=request.user, note="Cancelled by staff."
            ),
            lambda count: ngettext(
                "%(count)d application cancelled.", "%(count)d applications cancelled.", count
            )
            % {"count": count},
        )

    @admin.action(description=_("Mark as attended (whole cohort)"), permissions=["manage"])
    def mark_attended(self, request, queryset):
        self.run_service(
            request,
            queryset,
            lambda application: services.application_mark_attended(
                application=application, by=request.user
            ),
            lambda count: ngettext(
                "%(count)d application marked attended.",
                "%(count)d applications marked attended.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Issue the certificate"), permissions=["manage"])
    def issue_certificate(self, request, queryset):
        self.run_service(
            request,
            queryset,
            lambda application: services.certificate_issue(
                application=application, by=request.user
            ),
            lambda count: ngettext(
                "%(count)d certificate issued.", "%(count)d certificates issued.", count
            )
            % {"count": count},
        )

    @admin.action(description=_("E-mail the links again"), permissions=["manage"])
    def resend_links(self, request, queryset):
        sent = sum(
            services.application_resend_link(application=application) for application in queryset
        )
        self.message_user(
            request,
            ngettext("%(count)d e-mail sent.", "%(count)d e-mails sent.", sent) % {"count": sent},
            messages.SUCCESS,
        )


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

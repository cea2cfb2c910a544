from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from greentech.core.admin import URL_FORMFIELD

from . import selectors, services
from .exceptions import ForumsError
from .models import AgendaItem, ForumEvent, Registration, RegistrationTransition, Speaker


class AgendaItemForm(forms.ModelForm):
    """Refuses speakers of another event (the speaker list is shared across events)."""

    class Meta:
        model = AgendaItem
        fields = [
            "event",
            "starts_at",
            "ends_at",
            "kind",
            "room",
            "position",
            "title",
            "title_zh",
            "speakers",
            "description",
        ]

    def clean(self):
        cleaned_data = super().clean()
        event = cleaned_data.get("event") or getattr(self.instance, "event", None)
        speakers = cleaned_data.get("speakers") or []
        if event is not None and event.pk is not None:
            others = [str(speaker) for speaker in speakers if speaker.event_id != event.pk]
            if others:
                self.add_error(
                    "speakers",
                    _("These speakers belong to another event: %(names)s.")
                    % {"names": ", ".join(others)},
                )
        return cleaned_data


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    form = AgendaItemForm
    fields = [
        ("starts_at", "ends_at"),
        ("kind", "room", "position"),
        "title",
        "title_zh",
        "speakers",
        "description",
    ]
    autocomplete_fields = ["speakers"]
    show_change_link = True
    extra = 0


class SpeakerInline(admin.TabularInline):
    model = Speaker
    fields = ["name", "affiliation", "country", "position"]
    formfield_overrides = URL_FORMFIELD
    show_change_link = True
    extra = 0


class ManageRegistrationsMixin:
    """Admin actions that run a forums service on each selected object and report what was done
    and what was refused (with the service's reason)."""

    def has_manage_permission(self, request):
        return request.user.has_perm("forums.manage_registrations")

    def run_service(self, request, queryset, service, done_message):
        done = 0
        for obj in queryset:
            try:
                service(obj)
            except ForumsError as exc:
                self.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)


@admin.register(ForumEvent)
class ForumEventAdmin(ManageRegistrationsMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "short_name",
        "city",
        "country",
        "starts_on",
        "capacity",
        "places_left",
        "status",
    ]
    list_filter = ["status", "country", "series"]
    search_fields = ["title", "title_zh", "short_name", "series", "city"]
    autocomplete_fields = ["organisers"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_on"
    inlines = [SpeakerInline, AgendaItemInline]

    def get_queryset(self, request):
        return selectors.events_with_places_left(super().get_queryset(request))

    @admin.display(description=_("places left"), ordering="places_left")
    def places_left(self, event):
        return event.places_left

    actions = ["fill_from_waitlist"]

    @admin.action(
        description=_("Give free places to the waitlist (after raising the capacity)"),
        permissions=["manage"],
    )
    def fill_from_waitlist(self, request, queryset):
        promoted = 0
        for event in queryset:
            promoted += len(services.event_fill_from_waitlist(event=event, by=request.user))
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


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "country", "event"]
    list_filter = ["event", "country"]
    search_fields = ["name", "affiliation", "event__title", "event__short_name"]
    autocomplete_fields = ["event"]
    list_select_related = ["event"]
    formfield_overrides = URL_FORMFIELD


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    form = AgendaItemForm
    list_display = ["title", "event", "starts_at", "ends_at", "kind", "room"]
    list_filter = ["kind", "event"]
    search_fields = ["title", "title_zh", "event__title", "event__short_name"]
    autocomplete_fields = ["event", "speakers"]
    date_hierarchy = "starts_at"
    list_select_related = ["event"]


class RegistrationTransitionInline(admin.TabularInline):
    model = RegistrationTransition
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(ManageRegistrationsMixin, admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "email",
        "event",
        "registration_type",
        "country",
        "status",
        "waitlist_position",
        "created",
    ]
    list_filter = ["status", "registration_type", "event", "country"]
    search_fields = ["email", "first_name", "last_name", "institution_name", "event__title"]
    autocomplete_fields = ["event", "user"]
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
    list_select_related = ["event"]
    inlines = [RegistrationTransitionInline]
    actions = ["cancel", "mark_attended", "resend_links"]

    @admin.action(
        description=_("Cancel (frees the place for the waitlist)"), permissions=["manage"]
    )
    def cancel(self, request, queryset):
        self.run_service(
            request,
            queryset,
            lambda registration: services.registration_cancel(
                registration=registration, by=request.user, note="Cancelled by staff."
            ),
            lambda count: ngettext(
                "%(count)d registration cancelled.", "%(count)d registrations cancelled.", count
            )
            % {"count": count},
        )

    @admin.action(description=_("Mark as attended"), permissions=["manage"])
    def mark_attended(self, request, queryset):
        self.run_service(
            request,
            queryset,
            lambda registration: services.registration_mark_attended(
                registration=registration, by=request.user
            ),
            lambda count: ngettext(
                "%(count)d registration marked attended.",
                "%(count)d registrations marked attended.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("E-mail the links again"), permissions=["manage"])
    def resend_links(self, request, queryset):
        sent = sum(
            services.registration_resend_link(registration=registration)
            for registration in queryset
        )
        self.message_user(
            request,
            ngettext("%(count)d e-mail sent.", "%(count)d e-mails sent.", sent) % {"count": sent},
            messages.SUCCESS,
        )


@admin.register(RegistrationTransition)
class RegistrationTransitionAdmin(admin.ModelAdmin):
    """The log is written by the workflow; staff read it."""

    list_display = ["registration", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status", "registration__event"]
    search_fields = ["registration__email", "registration__last_name", "note"]
    autocomplete_fields = ["registration", "by"]
    date_hierarchy = "at"
    list_select_related = ["registration__event", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

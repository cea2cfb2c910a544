from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from greentech.accounts.rules import is_staff_curator

from . import services
from .models import (
    ApplicationCase,
    Attachment,
    CollectionCall,
    Criterion,
    ImpactIndicator,
    NeedMatch,
    NeedMatchStatus,
    Review,
    ReviewAssignment,
    ReviewScore,
    Technology,
    TechnologyNeed,
    TechnologyTransition,
    TransferCase,
)

# --- Collection calls ----------------------------------------------------------------------


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["position", "name", "name_zh", "weight", "min_score", "description"]
    extra = 0


# --- Actions: each calls a service per object and reports what it did or why it refused ------


def _run_each(modeladmin, request, objects, service, done_message, **kwargs) -> int:
    """Call `service(technology=..., by=request.user, **kwargs)` for each object; one message
    for the successes, one per refusal (the service's own words)."""
    done = 0
    for obj in objects:
        try:
            service(technology=obj, by=request.user, **kwargs)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{obj}: {' '.join(error.messages)}", level=messages.ERROR
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), level=messages.SUCCESS)
    return done


@admin.action(description=_("Start screening the selected declarations"))
def start_screening(modeladmin, request, queryset):
    _run_each(
        modeladmin,
        request,
        queryset,
        services.technology_start_screening,
        lambda n: ngettext(
            "%(count)d declaration taken into screening.",
            "%(count)d declarations taken into screening.",
            n,
        )
        % {"count": n},
    )


@admin.action(description=_("Screening: accept the selected declarations for expert review"))
def screen_accept(modeladmin, request, queryset):
    _run_each(
        modeladmin,
        request,
        queryset,
        services.technology_screen_accept,
        lambda n: ngettext(
            "%(count)d declaration accepted for review.",
            "%(count)d declarations accepted for review.",
            n,
        )
        % {"count": n},
    )


class ReturnToDraftForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the submitter"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )


@admin.action(description=_("Screening: return the selected declarations to draft…"))
def return_to_draft(modeladmin, request, queryset):
    """Asks for the reason first (an intermediate page), then returns each declaration."""
    form = ReturnToDraftForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        _run_each(
            modeladmin,
            request,
            queryset,
            services.technology_return_to_draft,
            lambda n: ngettext(
                "%(count)d declaration returned to draft.",
                "%(count)d declarations returned to draft.",
                n,
            )
            % {"count": n},
            reason=form.cleaned_data["reason"],
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Return to draft"),
        "opts": modeladmin.model._meta,
        "form": form,
        "technologies": queryset,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action": "return_to_draft",
    }
    return TemplateResponse(request, "admin/technologies/technology/return_to_draft.html", context)


@admin.action(description=_("Release the staged decisions of the selected declarations"))
def release_decision(modeladmin, request, queryset):
    _run_each(
        modeladmin,
        request,
        queryset,
        services.technology_release_decision,
        lambda n: ngettext("%(count)d decision released.", "%(count)d decisions released.", n)
        % {"count": n},
    )


@admin.action(description=_("Archive the selected pool entries (hide them from the pool)"))
def archive_entries(modeladmin, request, queryset):
    _run_each(
        modeladmin,
        request,
        queryset,
        services.technology_archive,
        lambda n: ngettext("%(count)d entry archived.", "%(count)d entries archived.", n)
        % {"count": n},
    )


@admin.action(description=_("Restore the selected archived entries to the pool for a year"))
def restore_entries(modeladmin, request, queryset):
    _run_each(
        modeladmin,
        request,
        queryset,
        services.technology_restore,
        lambda n: ngettext(
            "%(count)d entry restored to the pool.", "%(count)d entries restored to the pool.", n
        )
        % {"count": n},
    )


@admin.action(description=_("Release all staged decisions of the selected calls"))
def release_call_decisions(modeladmin, request, queryset):
    for call in queryset:
        try:
            released = services.call_release_decisions(call=call, by=request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{call}: {' '.join(error.messages)}", level=messages.ERROR
            )
            continue
        modeladmin.message_user(
            request,
            ngettext(
                "%(call)s: %(count)d decision released.",
                "%(call)s: %(count)d decisions released.",
                len(released),
            )
            % {"call": call, "count": len(released)},
            level=messages.SUCCESS if released else messages.WARNING,
        )


@admin.register(CollectionCall)
class CollectionCallAdmin(admin.ModelAdmin):
    list_display = ["title", "organisers", "opens_on", "closes_on", "is_published"]
    list_filter = ["is_published", "green_areas"]
    search_fields = ["title", "title_zh", "organisers", "slug"]
    autocomplete_fields = ["green_areas"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "opens_on"
    inlines = [CriterionInline]
    actions = [release_call_decisions]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "call", "weight", "min_score", "position"]
    list_filter = ["call"]
    search_fields = ["name", "name_zh", "call__title"]
    autocomplete_fields = ["call"]
    list_select_related = ["call"]


# --- Technologies --------------------------------------------------------------------------


class AttachmentAdminForm(forms.ModelForm):
    """Takes the name, type and size from the uploaded file; nobody types them. As on the
    partner's form, the type comes from the content (PDF, PNG, JPEG) and the stored and shown
    names get its extension."""

    class Meta:
        model = Attachment
        fields = ["file"]

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            detected = services.detect_type(upload)
            if detected is None:
                self.add_error(
                    "file",
                    _("Only PDF, PNG and JPEG files can be attached; this file is none of them."),
                )
                return cleaned_data
            content_type, extension = detected
            name = services.name_for_type(PurePath(upload.name).name[:255], content_type)
            self.instance.original_name = name
            self.instance.size = upload.size
            self.instance.content_type = content_type
            upload.name = f"attachment{extension}"  # the stored name keeps only this extension
        return cleaned_data


ATTACHMENT_METADATA = ["original_name", "content_type", "size", "uploaded_at"]


class ApplicationCaseInline(admin.TabularInline):
    model = ApplicationCase
    fields = ["position", "place", "country", "year", "scale", "results"]
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentAdminForm
    fields = ["file", *ATTACHMENT_METADATA]
    readonly_fields = ATTACHMENT_METADATA
    extra = 0


class TechnologyTransitionInline(admin.TabularInline):
    """The status log, written by the services only."""

    model = TechnologyTransition
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class ReviewAssignmentInline(admin.TabularInline):
    model = ReviewAssignment
    fields = ["expert", "due_on", "status", "assigned_by", "conflict_note"]
    readonly_fields = ["status"]
    autocomplete_fields = ["expert", "assigned_by"]
    show_change_link = True
    extra = 0


@admin.register(Technology)
class TechnologyAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "call", "green_area", "trl", "status", "submitted_at"]
    list_filter = ["status", "call", "green_area", "intellectual_property", "trl"]
    search_fields = ["name", "name_zh", "slug", "summary", "provider__name", "provider__short_name"]
    autocomplete_fields = ["call", "provider", "submitted_by", "green_area"]
    prepopulated_fields = {"slug": ["name"]}
    # The status changes only through the services (the transitions table), never by hand;
    # so do the decision's staging fields.
    readonly_fields = [
        "status",
        "submitted_at",
        "decided_at",
        "published_at",
        "staged_outcome",
        "staged_feedback",
        "staged_by",
        "staged_at",
    ]
    actions = [
        start_screening,
        screen_accept,
        return_to_draft,
        release_decision,
        archive_entries,
        restore_entries,
    ]
    date_hierarchy = "submitted_at"
    list_select_related = ["provider", "call", "green_area"]
    inlines = [
        ApplicationCaseInline,
        AttachmentInline,
        ReviewAssignmentInline,
        TechnologyTransitionInline,
    ]
    fieldsets = [
        (None, {"fields": ["call", "provider", "submitted_by", "status"]}),
        (
            _("Technology"),
            {
                "fields": [
                    "name",
                    "name_zh",
                    "slug",
                    "green_area",
                    "summary",
                    "technical_principle",
                    "key_performance_indicators",
                    "trl",
                    "applicable_conditions",
                    "target_countries",
                ]
            },
        ),
        (_("Intellectual property"), {"fields": ["intellectual_property", "ip_details"]}),
        (
            _("Economics and environmental benefit"),
            {
                "fields": [
                    "investment_usd",
                    "operating_cost_usd_per_year",
                    "co2e_avoided_t_per_year",
                    "other_environmental_benefits",
                ]
            },
        ),
        (_("Contact"), {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        (
            _("Decision"),
            {"fields": ["feedback", "submitted_at", "decided_at", "published_at", "valid_until"]},
        ),
        (
            _("Staged decision (not released yet)"),
            {"fields": ["staged_outcome", "staged_feedback", "staged_by", "staged_at"]},
        ),
    ]


@admin.register(ApplicationCase)
class ApplicationCaseAdmin(admin.ModelAdmin):
    list_display = ["place", "country", "year", "scale", "technology"]
    list_filter = ["country", "year"]
    search_fields = ["place", "scale", "technology__name"]
    autocomplete_fields = ["technology"]
    list_select_related = ["technology"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    form = AttachmentAdminForm
    list_display = ["original_name", "technology", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "technology__name"]
    autocomplete_fields = ["technology"]
    fields = ["technology", "file", *ATTACHMENT_METADATA]
    readonly_fields = ATTACHMENT_METADATA
    date_hierarchy = "uploaded_at"
    list_select_related = ["technology"]


@admin.register(TechnologyTransition)
class TechnologyTransitionAdmin(admin.ModelAdmin):
    """An audit log: readable, never written or erased by hand."""

    list_display = ["technology", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status", "from_status"]
    search_fields = ["technology__name", "note", "by__email"]
    readonly_fields = ["technology", "from_status", "to_status", "by", "at", "note"]
    date_hierarchy = "at"
    list_select_related = ["technology", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Reviews -------------------------------------------------------------------------------


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ["technology", "expert", "due_on", "status", "created"]
    list_filter = ["status", "technology__call"]
    search_fields = ["technology__name", "expert__email", "expert__last_name"]
    autocomplete_fields = ["technology", "expert", "assigned_by"]
    readonly_fields = ["status"]
    date_hierarchy = "due_on"
    list_select_related = ["technology", "expert"]


class ReviewScoreInline(admin.TabularInline):
    model = ReviewScore
    fields = ["criterion", "score", "comment"]
    autocomplete_fields = ["criterion"]
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["assignment", "recommendation", "submitted_at"]
    list_filter = ["recommendation", "assignment__technology__call"]
    search_fields = ["assignment__technology__name", "assignment__expert__email", "comment"]
    autocomplete_fields = ["assignment"]
    date_hierarchy = "submitted_at"
    list_select_related = ["assignment__technology", "assignment__expert"]
    inlines = [ReviewScoreInline]


@admin.register(ReviewScore)
class ReviewScoreAdmin(admin.ModelAdmin):
    list_display = ["criterion", "score", "review"]
    list_filter = ["criterion__call"]
    search_fields = ["criterion__name", "review__assignment__technology__name"]
    autocomplete_fields = ["review", "criterion"]
    list_select_related = [
        "criterion",
        "review__assignment__technology",
        "review__assignment__expert",
    ]


# --- Transfer cases and needs --------------------------------------------------------------


class ImpactIndicatorInline(admin.TabularInline):
    model = ImpactIndicator
    fields = ["position", "name", "value", "unit"]
    extra = 0


@admin.register(TransferCase)
class TransferCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "country", "partner", "year", "technology"]
    list_filter = ["country", "year"]
    search_fields = ["title", "title_zh", "partner__name", "technology__name"]
    autocomplete_fields = ["technology", "partner"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["partner", "technology"]
    inlines = [ImpactIndicatorInline]


@admin.register(ImpactIndicator)
class ImpactIndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "value", "unit", "transfer_case"]
    list_filter = ["unit"]
    search_fields = ["name", "transfer_case__title"]
    autocomplete_fields = ["transfer_case"]
    list_select_related = ["transfer_case"]


class NeedMatchForm(forms.ModelForm):
    """A staff decision on a pair; the pair of a saved decision is fixed (decide on another
    technology in a new row). Saved through the matching services."""

    class Meta:
        model = NeedMatch
        fields = ["need", "technology", "status", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("need", "technology"):
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean(self):
        cleaned_data = super().clean()
        technology = cleaned_data.get("technology")
        if (
            technology is not None
            and cleaned_data.get("status") == NeedMatchStatus.CONFIRMED
            and not technology.is_published
        ):
            self.add_error(
                "technology", _("Only technologies published in the pool can answer a need.")
            )
        return cleaned_data


def _decide_match(*, need, technology, status, note, by) -> NeedMatch:
    service = (
        services.need_match_confirm
        if status == NeedMatchStatus.CONFIRMED
        else services.need_match_dismiss
    )
    return service(need=need, technology=technology, by=by, note=note)


class CuratorsOnlyMixin:
    """Deciding on matches is for staff curators (the services' rule), not any staff user."""

    def has_add_permission(self, request, *args):
        return is_staff_curator.test(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_staff_curator.test(request.user) and super().has_change_permission(request, obj)


class NeedMatchInline(CuratorsOnlyMixin, admin.TabularInline):
    model = NeedMatch
    form = NeedMatchForm
    fields = ["technology", "status", "note", "decided_by", "decided_at"]
    readonly_fields = ["decided_by", "decided_at"]
    autocomplete_fields = ["technology"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("technology", "decided_by")


@admin.register(TechnologyNeed)
class TechnologyNeedAdmin(admin.ModelAdmin):
    list_display = ["title", "country", "institution", "green_area", "stated_on", "is_published"]
    list_filter = ["is_published", "green_area", "country"]
    search_fields = ["title", "title_zh", "description", "institution__name"]
    autocomplete_fields = ["institution", "green_area"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "stated_on"
    list_select_related = ["institution", "green_area"]
    inlines = [NeedMatchInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not NeedMatch:
            return super().save_formset(request, form, formset, change)
        # What save(commit=False) would record, for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            instance = inline_form.instance
            if inline_form in formset.deleted_forms:
                if instance.pk:
                    formset.deleted_objects.append(instance)
                    instance.delete()
                continue
            if not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            match = _decide_match(
                need=form.instance,
                technology=instance.technology if instance.pk else data["technology"],
                status=data["status"],
                note=data.get("note", ""),
                by=request.user,
            )
            if instance.pk:
                formset.changed_objects.append((match, inline_form.changed_data))
            else:
                formset.new_objects.append(match)
        return None


@admin.register(NeedMatch)
class NeedMatchAdmin(CuratorsOnlyMixin, admin.ModelAdmin):
    form = NeedMatchForm
    list_display = ["need", "technology", "status", "decided_by", "decided_at"]
    list_filter = ["status", "need__country", "need__green_area", "decided_at"]
    search_fields = ["need__title", "technology__name", "note"]
    autocomplete_fields = ["need", "technology"]
    readonly_fields = ["decided_by", "decided_at"]
    date_hierarchy = "decided_at"
    list_select_related = ["need", "technology", "decided_by"]

    def save_model(self, request, obj, form, change):
        match = _decide_match(
            need=obj.need,
            technology=obj.technology,
            status=obj.status,
            note=obj.note,
            by=request.user,
        )
        obj.pk = match.pk
        obj.decided_by = match.decided_by
        obj.decided_at = match.decided_at
        obj._state.adding = False
        obj._state.db = match._state.db

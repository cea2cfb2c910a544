from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Report, ReportTransition
from .services import report_retry


class ReportTransitionInline(admin.TabularInline):
    model = ReportTransition
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Reports are requested on the reports page and built by the workers: staff read them
    here and retry failed ones. The status is never edited by hand."""

    list_display = [
        "pk",
        "kind",
        "format",
        "description",
        "requested_by",
        "status",
        "progress",
        "created",
        "finished_at",
    ]
    list_filter = ["status", "kind", "format"]
    search_fields = ["description", "requested_by__email", "error"]
    date_hierarchy = "created"
    list_select_related = ["requested_by"]
    actions = ["retry_reports"]
    inlines = [ReportTransitionInline]
    fields = [
        "kind",
        "format",
        "description",
        "parameters",
        "language",
        "requested_by",
        "status",
        "progress",
        "file",
        "error",
        "created",
        "started_at",
        "heartbeat_at",
        "finished_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Retry the selected failed reports"), permissions=["change"])
    def retry_reports(self, request, queryset):
        retried, refused = 0, []
        for report_id in queryset.values_list("pk", flat=True):
            try:
                report_retry(report_id=report_id, by=request.user)
            except ValidationError as exc:
                refused.extend(f"#{report_id}: {message}" for message in exc.messages)
            else:
                retried += 1
        if retried:
            self.message_user(
                request,
                ngettext(
                    "%(count)d report queued again.", "%(count)d reports queued again.", retried
                )
                % {"count": retried},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

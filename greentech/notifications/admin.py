from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Notification
from .services import NotificationError, notification_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox is written by services only: staff read it, retry failed rows and send a row
    waiting for its next attempt now."""

    list_display = [
        "recipient",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "created",
        "sent_at",
    ]
    list_filter = ["status", "template", "language"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "created"
    list_select_related = ["recipient_user"]
    actions = ["retry_notifications"]
    fields = [
        "recipient",
        "recipient_user",
        "subject",
        "template",
        "language",
        "context",
        "status",
        "attempts",
        "next_attempt_at",
        "lease_expires_at",
        "last_error",
        "dedupe_key",
        "created",
        "modified",
        "sent_at",
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

    @admin.action(description=_("Retry selected notifications"), permissions=["change"])
    def retry_notifications(self, request, queryset):
        retried, refused = 0, []
        for notification_id in queryset.values_list("pk", flat=True):
            try:
                notification_retry(notification_id=notification_id)
            except NotificationError as exc:
                refused.extend(exc.messages)
            else:
                retried += 1
        if retried:
            self.message_user(
                request,
                ngettext(
                    "%(count)d notification queued for sending.",
                    "%(count)d notifications queued for sending.",
                    retried,
                )
                % {"count": retried},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

"""The e-mail outbox: one row per message, written in the same transaction as the change that
causes it, sent by a Celery task after commit.

A row's life: pending (waiting for its next attempt, due at `next_attempt_at`) -> sending (one
worker claimed it until `lease_expires_at`; the SMTP exchange runs outside any transaction) ->
sent, or pending again (the attempt failed; the next one is due after the retry schedule's next
delay), or failed (the schedule is exhausted) -> pending again on a staff retry.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greentech.core.models import TimeStampedModel


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


# A row in one of these states is never handed to the mail backend again without a staff retry.
FINAL_STATES = frozenset({NotificationStatus.SENT, NotificationStatus.FAILED})
# Staff may retry a failed row (back to pending) or push a pending one again (no state change).
RETRYABLE_STATES = frozenset({NotificationStatus.PENDING, NotificationStatus.FAILED})

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    NotificationStatus.PENDING: frozenset({NotificationStatus.SENDING, NotificationStatus.FAILED}),
    # Pending again: the attempt failed and another is scheduled (or its lease expired).
    NotificationStatus.SENDING: frozenset(
        {NotificationStatus.SENT, NotificationStatus.PENDING, NotificationStatus.FAILED}
    ),
    NotificationStatus.FAILED: frozenset({NotificationStatus.PENDING}),
    NotificationStatus.SENT: frozenset(),
}


class Notification(TimeStampedModel):
    """One e-mail to one recipient, rendered from `<template>.txt` and `<template>.html`."""

    recipient = models.EmailField(_("recipient"))
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=255)
    template = models.CharField(
        _("template"),
        max_length=200,
        help_text=_("Template base name, e.g. notifications/test_message (without .txt/.html)."),
    )
    context = models.JSONField(_("context"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    language = models.CharField(
        _("language"),
        max_length=15,
        default="en",
        help_text=_("The language the e-mail is rendered in."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"),
        default=timezone.now,
        help_text=_("A pending e-mail is not tried again before this time."),
    )
    lease_expires_at = models.DateTimeField(
        _("claimed until"),
        null=True,
        blank=True,
        help_text=_(
            "While an e-mail is being sent, no other worker takes it until this time; after it, "
            "the re-send sweep hands it to another worker (the first one stopped)."
        ),
    )
    last_error = models.TextField(_("last error"), blank=True)
    dedupe_key = models.CharField(
        _("deduplication key"),
        max_length=200,
        blank=True,
        help_text=_(
            "Set for e-mails that must go out once only (e.g. a review reminder per assignment "
            "and stage): a second notification with the same key is never written."
        ),
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["status", "created"], name="notifications_status_created"),
            models.Index(fields=["status", "next_attempt_at"], name="notifications_status_next"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notifications_notification_unique_dedupe_key",
                violation_error_message=_("This e-mail has already been written once."),
            ),
            models.CheckConstraint(
                condition=~Q(status=NotificationStatus.SENT) | Q(sent_at__isnull=False),
                name="notifications_notification_sent_has_sent_at",
                violation_error_message=_("A sent notification must record when it was sent."),
            ),
            models.CheckConstraint(
                condition=~Q(status=NotificationStatus.SENDING) | Q(lease_expires_at__isnull=False),
                name="notifications_notification_sending_has_lease",
                violation_error_message=_("A notification being sent must have a lease."),
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"

    @property
    def is_sent(self) -> bool:
        return self.status == NotificationStatus.SENT

"""Writes on the outbox. Any app sends e-mail through `notify(...)`; the rest is for the task,
the periodic sweep and the staff admin."""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import ALLOWED_TRANSITIONS, RETRYABLE_STATES, Notification, NotificationStatus

logger = logging.getLogger(__name__)

# Keep the stored error readable in the admin; a traceback belongs in the worker log.
LAST_ERROR_MAX_LENGTH = 2000


class NotificationError(ValidationError):
    """A request on the outbox that its state does not allow (e.g. retrying a sent e-mail)."""


def max_attempts() -> int:
    return max(int(getattr(settings, "NOTIFICATION_MAX_ATTEMPTS", 5)), 1)


def _language_for(language: str | None) -> str:
    """One of settings.LANGUAGES: the requested one, its closest variant, or the default."""
    candidate = language or translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(candidate)
    except LookupError:
        return settings.LANGUAGE_CODE


def describe_error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:LAST_ERROR_MAX_LENGTH]


def _enqueue(notification_id: int) -> None:
    """Hand the row to the broker. If the broker is down the row stays pending and the periodic
    sweep (`notifications_resend_unsent`) enqueues it later: the caller's change is already
    committed and must not turn into an error page."""
    from .tasks import task_send_notification  # tasks import this module

    try:
        task_send_notification.delay(notification_id=notification_id)
    except Exception:
        logger.exception(
            "Could not enqueue notification %s; the re-send sweep will pick it up.",
            notification_id,
        )


def _set_status(notification: Notification, new: str) -> None:
    if new not in ALLOWED_TRANSITIONS[notification.status]:
        raise NotificationError(
            _("A %(old)s notification cannot become %(new)s."),
            params={"old": notification.get_status_display(), "new": new},
        )
    notification.status = new


def notify(
    *,
    recipient: str,
    template: str,
    context: dict,
    subject: str,
    recipient_user=None,
    language: str | None = None,
    dedupe_key: str = "",
) -> Notification | None:
    """Write an outbox row and send it once the surrounding transaction commits.

    Call it inside the transaction of the change it reports, so a rolled-back change sends
    nothing. `subject` may be a lazy translation: it is rendered in the notification's
    language. `language` defaults to the active language.

    With a `dedupe_key`, the e-mail is written at most once ever: when a row with that key
    exists (written by an earlier run, or at the same moment by another process), nothing is
    written and None is returned. The unique constraint decides, so two schedulers running the
    same job by mistake still send one e-mail.
    """
    # Fail in the caller (where the bug is) rather than in a worker minutes later.
    get_template(f"{template}.txt")
    get_template(f"{template}.html")
    language = _language_for(language)
    with translation.override(language):
        subject = str(subject)
    fields = {
        "recipient": recipient,
        "recipient_user": recipient_user,
        "subject": subject,
        "template": template,
        "context": context,
        "language": language,
    }
    if dedupe_key:
        notification = _create_once(dedupe_key, fields)
        if notification is None:
            return None
    else:
        notification = Notification.objects.create(**fields)
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _create_once(dedupe_key: str, fields: dict) -> Notification | None:
    if Notification.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        # A savepoint, so losing the race leaves the caller's transaction usable.
        with transaction.atomic():
            return Notification.objects.create(dedupe_key=dedupe_key, **fields)
    except IntegrityError:
        return None


def _build_message(notification: Notification) -> EmailMultiAlternatives:
    context = {
        **notification.context,
        "SITE_URL": settings.SITE_URL,
        "subject": notification.subject,
    }
    with translation.override(notification.language):
        text = render_to_string(f"{notification.template}.txt", context)
        html = render_to_string(f"{notification.template}.html", context)
    host = urlsplit(settings.SITE_URL).hostname or "greentech.example"
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=text,
        to=[notification.recipient],
        headers={
            # Stable per row: mail clients drop the rare at-least-once duplicate (see below).
            "Message-ID": f"<notification-{notification.pk}."
            f"{int(notification.created.timestamp())}@{host}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_send(*, notification_id: int) -> Notification | None:
    """Send one pending row. Returns None when the row is gone; does nothing for a row that is
    already sent or failed, so running it twice never sends twice.

    The row stays locked (SELECT ... FOR UPDATE; a no-op on SQLite) while the mail is handed to
    the backend, and is marked sent in the same transaction, so two workers never both send it.
    Delivery is still at-least-once: if the process dies after the SMTP server accepted the
    message but before the commit, the row stays pending and is sent again. That duplicate is the
    accepted trade-off; losing a message would not be.

    On a backend error the attempt and the error are recorded (committed) and the exception is
    re-raised so the task retries.
    """
    error: Exception | None = None
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None:
            return None
        if notification.status != NotificationStatus.PENDING:
            return notification
        notification.attempts += 1
        try:
            _build_message(notification).send()
        except Exception as exc:
            error = exc
            notification.last_error = describe_error(exc)
            notification.save(update_fields=["attempts", "last_error", "modified"])
        else:
            _set_status(notification, NotificationStatus.SENT)
            notification.sent_at = timezone.now()
            notification.save(update_fields=["status", "sent_at", "attempts", "modified"])
    if error is not None:
        raise error
    return notification


def notification_mark_failed(*, notification_id: int, error: str) -> Notification | None:
    """Give up on a row after its last attempt. A sent row stays sent."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != NotificationStatus.PENDING:
            return notification
        _set_status(notification, NotificationStatus.FAILED)
        notification.last_error = error[:LAST_ERROR_MAX_LENGTH]
        notification.save(update_fields=["status", "last_error", "modified"])
    return notification


def notification_retry(*, notification_id: int) -> Notification:
    """Staff action: put a failed row back to pending with a fresh attempt budget, and enqueue
    it. A pending row is simply enqueued again (harmless: sending is idempotent)."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        if notification.status not in RETRYABLE_STATES:
            raise NotificationError(
                _("The notification to %(recipient)s was already sent."),
                params={"recipient": notification.recipient},
            )
        if notification.status == NotificationStatus.FAILED:
            _set_status(notification, NotificationStatus.PENDING)
            notification.attempts = 0
            notification.save(update_fields=["status", "attempts", "modified"])
        transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def notifications_resend_unsent(*, older_than_minutes: int = 10, limit: int = 1000) -> int:
    """Periodic sweep: enqueue again the pending rows nobody touched for `older_than_minutes`
    (their enqueue was lost, or the broker or worker was down) and that have attempts left.
    Returns how many were enqueued."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    ids = list(
        Notification.objects.filter(
            status=NotificationStatus.PENDING,
            created__lt=cutoff,
            modified__lt=cutoff,  # a row retried recently has a retry scheduled already
            attempts__lt=max_attempts(),
        )
        .order_by("created")
        .values_list("pk", flat=True)[:limit]
    )
    for notification_id in ids:
        transaction.on_commit(lambda notification_id=notification_id: _enqueue(notification_id))
    return len(ids)

"""Writes on the outbox. Any app sends e-mail through `notify(...)`; the rest is for the task,
the periodic sweep and the staff admin."""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import ALLOWED_TRANSITIONS, RETRYABLE_STATES, Notification, NotificationStatus

logger = logging.getLogger(__name__)

# Keep the stored error readable in the admin; a traceback belongs in the worker log.
LAST_ERROR_MAX_LENGTH = 2000


class NotificationError(ValidationError):
    """A request on the outbox that its state does not allow (e.g. retrying a sent e-mail)."""


DEFAULT_RETRY_SCHEDULE = "1m,5m,30m,2h,6h"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_schedule(text: str) -> list[timedelta]:
    """ "1m,5m,30m,2h,6h" -> the delays before the 2nd, 3rd, ... attempt (units s, m, h, d; a
    bare number is seconds). ImproperlyConfigured on anything else."""
    delays = []
    for item in (part.strip().lower() for part in str(text).split(",")):
        number, unit = (item[:-1], item[-1]) if item[-1:] in _UNITS else (item, "s")
        try:
            seconds = float(number) * _UNITS[unit]
        except ValueError:
            seconds = -1
        if seconds <= 0:
            raise ImproperlyConfigured(
                f"NOTIFICATION_RETRY_SCHEDULE: {item!r} is not a delay such as 30s, 5m, 2h or 1d."
            )
        delays.append(timedelta(seconds=seconds))
    return delays


def retry_schedule() -> list[timedelta]:
    return parse_schedule(getattr(settings, "NOTIFICATION_RETRY_SCHEDULE", DEFAULT_RETRY_SCHEDULE))


def max_attempts() -> int:
    """The first attempt and one per delay of the retry schedule."""
    return len(retry_schedule()) + 1


def time_limits() -> tuple[int, int]:
    """(soft, hard) time limits of one sending task, in seconds."""
    soft = int(getattr(settings, "NOTIFICATION_SOFT_TIME_LIMIT", 60))
    hard = int(getattr(settings, "NOTIFICATION_TIME_LIMIT", 90))
    return soft, max(hard, soft)


def lease_duration() -> timedelta:
    """Twice the task's hard time limit, so a lease expires only when its worker is gone."""
    return timedelta(seconds=2 * time_limits()[1])


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


def notification_claim(*, notification_id: int, now=None) -> Notification | None:
    """Take a row for one attempt: pending and due, or sending with an expired lease (the worker
    that claimed it stopped), with attempts left. One UPDATE decides (under READ COMMITTED a
    concurrent claim waits for it and then finds the row taken), so two workers never hold the
    same row; it commits at once and no lock is kept. Returns the claimed row, or None."""
    now = now or timezone.now()
    claimable = Q(status=NotificationStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=NotificationStatus.SENDING, lease_expires_at__lt=now
    )
    claimed = Notification.objects.filter(
        claimable, pk=notification_id, attempts__lt=max_attempts()
    ).update(
        status=NotificationStatus.SENDING,
        attempts=F("attempts") + 1,
        lease_expires_at=now + lease_duration(),
        modified=now,
    )
    if not claimed:
        return None
    return Notification.objects.get(pk=notification_id)


def notification_attempt_done(*, notification_id: int, attempt: int, error: str = "") -> None:
    """Close the attempt number `attempt` of a claimed row. Without an error the message left:
    sent (also when another worker re-claimed the row after an expired lease: it finds the row
    sent and stops). With an error: pending again, due after the schedule's next delay, or
    failed once the schedule is used up; only while this attempt still holds the row."""
    now = timezone.now()
    if not error:
        updated = Notification.objects.filter(
            pk=notification_id, status=NotificationStatus.SENDING
        ).update(status=NotificationStatus.SENT, sent_at=now, lease_expires_at=None, modified=now)
        if not updated:
            logger.warning("Notification %s was sent but is no longer claimed.", notification_id)
        return
    schedule = retry_schedule()
    fields = {"last_error": error[:LAST_ERROR_MAX_LENGTH], "lease_expires_at": None}
    if attempt <= len(schedule):
        fields |= {
            "status": NotificationStatus.PENDING,
            "next_attempt_at": now + schedule[attempt - 1],
        }
    else:
        fields["status"] = NotificationStatus.FAILED
    Notification.objects.filter(
        pk=notification_id, status=NotificationStatus.SENDING, attempts=attempt
    ).update(modified=now, **fields)


def notification_send(*, notification_id: int) -> Notification | None:
    """Make one attempt at a row that is due. Returns None when the row is gone; does nothing
    for a row that is sent, failed, not due yet or being sent by another worker, so running it
    twice never sends twice.

    The row is claimed first (`notification_claim`, committed at once), the message is handed
    to the mail backend outside any transaction and lock (EMAIL_TIMEOUT bounds each exchange,
    the task's time limit the whole), then the row is marked sent, or pending again with its
    next attempt due after the next delay of NOTIFICATION_RETRY_SCHEDULE, or failed once the
    schedule is used up. Errors are kept on the row, never raised.

    Delivery is at-least-once: if the process dies after the SMTP server accepted the message
    but before the row is marked sent, the lease expires and the sweep sends it again. That
    duplicate is the accepted trade-off; losing a message would not be.
    """
    notification = notification_claim(notification_id=notification_id)
    if notification is None:
        return Notification.objects.filter(pk=notification_id).first()
    try:
        _build_message(notification).send()
    except Exception as exc:  # SoftTimeLimitExceeded included: the attempt failed
        logger.warning(  # the reason goes on the row; it may name the host
            "Notification %s: attempt %s failed (%s).",
            notification.pk,
            notification.attempts,
            type(exc).__name__,
        )
        error = describe_error(exc)
    else:
        error = ""
    notification_attempt_done(
        notification_id=notification.pk, attempt=notification.attempts, error=error
    )
    notification.refresh_from_db()
    return notification


def notification_mark_failed(*, notification_id: int, error: str) -> Notification | None:
    """Give up on a row (pending, or sending with an expired lease and no attempt left). A sent
    row stays sent."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status not in (
            NotificationStatus.PENDING,
            NotificationStatus.SENDING,
        ):
            return notification
        _set_status(notification, NotificationStatus.FAILED)
        notification.last_error = error[:LAST_ERROR_MAX_LENGTH]
        notification.lease_expires_at = None
        notification.save(update_fields=["status", "last_error", "lease_expires_at", "modified"])
    return notification


def notification_retry(*, notification_id: int) -> Notification:
    """Staff action: put a failed row back to pending with a fresh attempt budget, and enqueue
    it. A pending row waiting for a later attempt is made due now and enqueued (harmless:
    sending is idempotent)."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        if notification.status == NotificationStatus.SENDING:
            raise NotificationError(
                _("The notification to %(recipient)s is being sent right now."),
                params={"recipient": notification.recipient},
            )
        if notification.status not in RETRYABLE_STATES:
            raise NotificationError(
                _("The notification to %(recipient)s was already sent."),
                params={"recipient": notification.recipient},
            )
        if notification.status == NotificationStatus.FAILED:
            _set_status(notification, NotificationStatus.PENDING)
            notification.attempts = 0
        notification.next_attempt_at = timezone.now()
        notification.save(update_fields=["status", "attempts", "next_attempt_at", "modified"])
        transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def notifications_resend_unsent(
    *, older_than_minutes: int = 10, limit: int = 1000, now=None
) -> int:
    """Periodic sweep (every minute): enqueue the rows that are due and nobody has enqueued yet:

    - pending rows whose next attempt is due (a failed attempt rescheduled them);
    - pending rows enqueued but untouched for `older_than_minutes` (the enqueue was lost, or
      the broker or worker was down);
    - rows being sent whose lease expired (the worker that claimed them stopped).

    An enqueued row is touched (`modified`), so a backlog is not enqueued again every minute.
    Rows whose lease expired after their last attempt are marked failed. Returns how many rows
    were enqueued."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=older_than_minutes)
    attempts_left = max_attempts()
    stopped = Notification.objects.filter(
        status=NotificationStatus.SENDING, lease_expires_at__lt=now, attempts__gte=attempts_left
    ).values_list("pk", flat=True)
    for notification_id in list(stopped):
        notification_mark_failed(
            notification_id=notification_id,
            error=str(_("The worker stopped while sending the last attempt.")),
        )
    due = Q(
        status=NotificationStatus.PENDING, next_attempt_at__lte=now, attempts__lt=attempts_left
    ) & (Q(modified__lt=F("next_attempt_at")) | Q(modified__lt=cutoff))
    expired = Q(
        status=NotificationStatus.SENDING, lease_expires_at__lt=now, attempts__lt=attempts_left
    ) & (Q(modified__lt=F("lease_expires_at")) | Q(modified__lt=cutoff))
    ids = list(
        Notification.objects.filter(due | expired)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    Notification.objects.filter(pk__in=ids).update(modified=now)
    for notification_id in ids:
        transaction.on_commit(lambda notification_id=notification_id: _enqueue(notification_id))
    return len(ids)

"""Celery tasks of the outbox: thin wrappers over services. Routed to the "notifications" queue
by the "notifications.*" route in settings."""

from celery import Task, shared_task
from django.conf import settings

from .services import (
    describe_error,
    notification_mark_failed,
    notification_send,
    notifications_resend_unsent,
)

# NOTIFICATION_MAX_ATTEMPTS counts every attempt; Celery's max_retries counts the ones after the
# first.
MAX_RETRIES = max(int(getattr(settings, "NOTIFICATION_MAX_ATTEMPTS", 5)) - 1, 0)


class NotificationTask(Task):
    """Marks the row failed once the last retry has failed (Celery calls on_retry, not
    on_failure, for the attempts before)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        notification_id = (kwargs or {}).get("notification_id")
        if notification_id is not None:
            notification_mark_failed(notification_id=notification_id, error=describe_error(exc))
        super().on_failure(exc, task_id, args, kwargs, einfo)


@shared_task(
    name="notifications.send",
    bind=True,
    base=NotificationTask,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
    acks_late=True,
)
def task_send_notification(self, *, notification_id: int) -> None:
    # Returns quietly when the row is gone or already sent.
    notification_send(notification_id=notification_id)


@shared_task(name="notifications.resend_unsent", acks_late=True)
def task_resend_unsent_notifications(*, older_than_minutes: int = 10) -> int:
    return notifications_resend_unsent(older_than_minutes=older_than_minutes)

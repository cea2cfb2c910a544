"""Celery tasks of the outbox: thin wrappers over services. Routed to the "notifications" queue
by the "notifications.*" route in settings; run them on a worker of their own (README).

Retries are not Celery's: a failed attempt puts the row back to pending with its next attempt
due after the next delay of NOTIFICATION_RETRY_SCHEDULE, and the every-minute sweep enqueues it
then. The time limits (NOTIFICATION_SOFT_TIME_LIMIT, NOTIFICATION_TIME_LIMIT; prefork pool only)
bound a send whatever the SMTP server does; a worker killed at the hard limit leaves the row
claimed until its lease expires, and the sweep hands it to another worker.
"""

from celery import shared_task

from .services import notification_send, notifications_resend_unsent, time_limits

SOFT_TIME_LIMIT, TIME_LIMIT = time_limits()


@shared_task(
    name="notifications.send",
    acks_late=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def task_send_notification(*, notification_id: int) -> None:
    # Returns quietly when the row is gone, sent, not due or claimed by another worker; a failed
    # attempt is recorded on the row and rescheduled, not raised.
    notification_send(notification_id=notification_id)


@shared_task(name="notifications.resend_unsent", acks_late=True)
def task_resend_unsent_notifications(*, older_than_minutes: int = 10) -> int:
    return notifications_resend_unsent(older_than_minutes=older_than_minutes)

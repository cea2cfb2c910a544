"""Celery tasks of the forum registration workflow: thin wrappers over services."""

from celery import shared_task

from .services import registrations_send_start_reminders


@shared_task(name="forums.send_start_reminders", acks_late=True)
def task_send_start_reminders() -> int:
    """Daily (celery beat): remind confirmed registrants that their event starts soon."""
    return registrations_send_start_reminders()

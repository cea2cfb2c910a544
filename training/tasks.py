"""Celery tasks of the training workflow: thin wrappers over services."""

from celery import shared_task

from .services import applications_send_start_reminders


@shared_task(name="training.send_start_reminders", acks_late=True)
def task_send_start_reminders() -> int:
    """Daily (celery beat): remind confirmed participants that their cohort starts soon."""
    return applications_send_start_reminders()

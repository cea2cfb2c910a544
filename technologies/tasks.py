"""Celery tasks of the technology pool: thin wrappers over the services."""

from celery import shared_task

from .services import technologies_archive_expired
from .services.reminders import (
    assignments_send_review_reminders,
    technologies_request_revalidation,
)


@shared_task(name="technologies.archive_expired")
def task_archive_expired() -> int:
    """Daily: archive pool entries whose one-year validity ended without re-validation."""
    return technologies_archive_expired()


@shared_task(name="technologies.send_review_reminders", acks_late=True)
def task_send_review_reminders() -> dict[str, int]:
    """Daily: remind experts of reviews due soon or today; escalate overdue ones to staff."""
    return assignments_send_review_reminders()


@shared_task(name="technologies.request_revalidation", acks_late=True)
def task_request_revalidation() -> int:
    """Daily: ask providers to confirm the pool entries whose validity ends soon."""
    return technologies_request_revalidation()

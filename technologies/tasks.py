"""Celery tasks of the technology pool: thin wrappers over the services."""

from celery import shared_task

from .services import technologies_archive_expired


@shared_task(name="technologies.archive_expired")
def task_archive_expired() -> int:
    """Daily: archive pool entries whose one-year validity ended without re-validation."""
    return technologies_archive_expired()

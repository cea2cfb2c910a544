"""Celery tasks of accounts: thin wrappers over services. The password reset e-mail goes on the
"notifications" queue (route in settings)."""

from celery import shared_task
from django.utils import translation

from .services.passwords import password_reset_send


@shared_task(
    name="accounts.send_password_reset",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=4,
    acks_late=True,
)
def task_send_password_reset(*, email: str, language: str) -> int:
    with translation.override(language):
        return password_reset_send(email=email)

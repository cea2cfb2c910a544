"""Password reset without telling who has an account.

The page only queues `accounts.send_password_reset` with the address typed, known or not, so
both answers take the same time; the worker looks the address up and mails a reset link to an
active account with a password (Django's own rules and token), or does nothing.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils import translation

logger = logging.getLogger(__name__)

EMAIL_TEMPLATES = {
    "subject_template_name": "registration/password_reset_subject.txt",
    "email_template_name": "registration/password_reset_email.txt",
    "html_email_template_name": "registration/password_reset_email.html",
}


def password_reset_request(*, email: str) -> None:
    """Queue the reset e-mail for `email` once the surrounding transaction commits."""
    from ..tasks import task_send_password_reset  # tasks import the services

    language = translation.get_language() or settings.LANGUAGE_CODE

    def enqueue():
        try:
            task_send_password_reset.delay(email=email, language=language)
        except Exception:
            logger.exception("Could not queue a password reset e-mail.")

    transaction.on_commit(enqueue)


def password_reset_send(*, email: str) -> int:
    """Mail a reset link to each active account of `email` that has a usable password; returns
    how many were sent (0 for an unknown address)."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    site = urlsplit(settings.SITE_URL)
    users = list(form.get_users(form.cleaned_data["email"]))
    form.save(
        domain_override=site.netloc,
        use_https=site.scheme == "https",
        from_email=None,
        **EMAIL_TEMPLATES,
    )
    return len(users)

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server said no")


@pytest.fixture
def failing_mail_backend(settings):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.FailingEmailBackend"
    mail.outbox = []
    return settings

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server said no")


class InspectingEmailBackend(BaseEmailBackend):
    """Calls `inspect(message)` for each message while it is being sent, then accepts it."""

    inspect = None

    def send_messages(self, email_messages):
        for message in email_messages:
            type(self).inspect(message)
        return len(email_messages)


@pytest.fixture
def failing_mail_backend(settings):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.FailingEmailBackend"
    mail.outbox = []
    return settings

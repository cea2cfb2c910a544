"""Check mail delivery end to end: `manage.py send_test_email --to someone@example.org`.

The e-mail goes through the outbox like any other (a Notification row, the Celery task), so it
also shows whether the worker runs: with a broker, it arrives only if a worker is up.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greentech.notifications.services import notify

TEMPLATE = "notifications/test_message"


class Command(BaseCommand):
    help = "Send a test e-mail through the notification outbox."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, help="Recipient e-mail address.")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="Language to render the e-mail in (e.g. en, zh-hans).",
        )
        parser.add_argument("--note", default="", help="A line of text to include.")

    def handle(self, *args, to, language, note, **options):
        try:
            validate_email(to)
        except ValidationError as exc:
            raise CommandError(f"Not an e-mail address: {to}") from exc
        with transaction.atomic():
            notification = notify(
                recipient=to,
                template=TEMPLATE,
                context={"note": note, "requested_at": timezone.now().isoformat()},
                subject=_("GreenTech Portal test e-mail"),
                language=language,
            )
        notification.refresh_from_db()
        self.stdout.write(
            f"Notification {notification.pk} to {to}: {notification.get_status_display()}."
        )

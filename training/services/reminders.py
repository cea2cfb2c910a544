"""The reminder e-mailed to confirmed participants a few days before their cohort starts."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from ..models import Application, ApplicationStatus, CohortStatus
from ._common import send


def reminder_days() -> int:
    return int(getattr(settings, "REGISTRATION_REMINDER_DAYS", 3))


def applications_send_start_reminders(*, today: datetime.date | None = None) -> int:
    """Remind every confirmed participant whose cohort starts within REGISTRATION_REMINDER_DAYS
    (default 3) days, once: `reminder_sent_at` records it. Each e-mail is written in its own
    transaction with the row locked (locked rows are skipped), so two overlapping runs never
    remind a person twice. Returns how many reminders were written."""
    today = today or timezone.localdate()
    due = (
        Application.objects.filter(
            status=ApplicationStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            cohort__starts_on__gte=today,
            cohort__starts_on__lte=today + datetime.timedelta(days=reminder_days()),
        )
        .exclude(cohort__status=CohortStatus.CANCELLED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            application = (
                Application.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("cohort__programme")
                .filter(pk=pk, status=ApplicationStatus.CONFIRMED, reminder_sent_at__isnull=True)
                .first()
            )
            if application is None:
                continue
            application.reminder_sent_at = timezone.now()
            application.save(update_fields=["reminder_sent_at", "modified"])
            send(
                application,
                "training_reminder",
                gettext_noop("Reminder: %(cohort)s starts soon"),
                days_left=(application.cohort.starts_on - today).days,
            )
            sent += 1
    return sent

"""The reminder before a cohort starts: to confirmed participants, once."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from tests.training.factories import ApplicationFactory
from tests.training.helpers import confirmed, mails_to, upcoming_cohort
from training import services
from training.models import ApplicationStatus, CohortStatus
from training.tasks import task_send_start_reminders

pytestmark = pytest.mark.django_db


def cohort_starting_in(days, **kwargs):
    start = timezone.localdate() + datetime.timedelta(days=days)
    return upcoming_cohort(
        starts_on=start,
        ends_on=start + datetime.timedelta(days=5),
        application_deadline=None,
        **kwargs,
    )


def test_confirmed_participants_are_reminded_once(settings):
    settings.REGISTRATION_REMINDER_DAYS = 3
    participant = confirmed(cohort_starting_in(2))

    first_run = services.applications_send_start_reminders()
    second_run = services.applications_send_start_reminders()

    assert (first_run, second_run) == (1, 0)
    [row] = mails_to(participant.email, "training_reminder")
    assert row.context["days_left"] == 2
    participant.refresh_from_db()
    assert participant.reminder_sent_at is not None


def test_the_reminder_text_says_how_many_days_are_left(
    settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.REGISTRATION_REMINDER_DAYS = 3
    confirmed(cohort_starting_in(3))
    with django_capture_on_commit_callbacks(execute=True):
        services.applications_send_start_reminders()
    [mail] = mailoutbox
    assert "starts in 3 days" in mail.body


def test_nobody_is_reminded_too_early_or_after_the_start(settings):
    settings.REGISTRATION_REMINDER_DAYS = 3
    confirmed(cohort_starting_in(4))
    confirmed(cohort_starting_in(-1))
    assert services.applications_send_start_reminders() == 0


@pytest.mark.parametrize(
    "status", [ApplicationStatus.PENDING_CONFIRMATION, ApplicationStatus.CANCELLED]
)
def test_only_confirmed_participants_are_reminded(status):
    ApplicationFactory(cohort=cohort_starting_in(1), status=status)
    assert services.applications_send_start_reminders() == 0


def test_nobody_is_reminded_of_a_cancelled_cohort():
    confirmed(cohort_starting_in(1, status=CohortStatus.CANCELLED))
    assert services.applications_send_start_reminders() == 0


def test_the_periodic_task_sends_the_reminders():
    participant = confirmed(cohort_starting_in(1))
    assert task_send_start_reminders.delay().get() == 1
    assert mails_to(participant.email, "training_reminder")


def test_the_migration_registers_the_daily_task_once():
    migration = importlib.import_module("training.migrations.0003_start_reminders_periodic_task")
    PeriodicTask.objects.filter(name=migration.TASK_NAME).delete()

    migration.add_periodic_task(apps, None)
    migration.add_periodic_task(apps, None)

    task = PeriodicTask.objects.get(name=migration.TASK_NAME)
    assert task.task == "training.send_start_reminders"
    assert (task.crontab.hour, task.crontab.minute) == ("7", "0")
    assert task.enabled

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django_celery_beat.models import PeriodicTask

from greentech import celery_app
from greentech.notifications.models import NotificationStatus
from greentech.notifications.services import lease_duration
from greentech.notifications.tasks import (
    task_resend_unsent_notifications,
    task_send_notification,
)

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_the_task_sends_a_pending_notification(mailoutbox):
    notification = NotificationFactory(subject="Cohort confirmed")

    result = task_send_notification.apply(kwargs={"notification_id": notification.pk})

    assert result.successful()
    assert [m.subject for m in mailoutbox] == ["Cohort confirmed"]


def test_the_task_returns_quietly_when_the_row_is_gone(mailoutbox):
    result = task_send_notification.apply(kwargs={"notification_id": 987654})

    assert result.successful()
    assert mailoutbox == []


def test_a_failed_attempt_is_recorded_and_rescheduled_not_raised(failing_mail_backend):
    notification = NotificationFactory()

    result = task_send_notification.apply(kwargs={"notification_id": notification.pk})

    assert result.successful()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert notification.attempts == 1
    assert notification.last_error == "ConnectionRefusedError: SMTP server said no"


def test_the_task_settings_match_the_outbox_contract(settings):
    assert task_send_notification.name == "notifications.send"
    assert task_send_notification.acks_late is True
    assert not getattr(task_send_notification, "autoretry_for", ())  # the schedule retries
    assert (task_send_notification.soft_time_limit, task_send_notification.time_limit) == (
        settings.NOTIFICATION_SOFT_TIME_LIMIT,
        settings.NOTIFICATION_TIME_LIMIT,
    )
    # A claimed row outlives the task that claimed it: only a stopped worker lets it expire.
    assert lease_duration().total_seconds() > task_send_notification.time_limit


@pytest.mark.parametrize("task", [task_send_notification, task_resend_unsent_notifications])
def test_outbox_tasks_go_to_the_notifications_queue(task):
    route = celery_app.amqp.router.route({}, task.name, args=(), kwargs={})
    assert route["queue"].name == "notifications"


def test_the_resend_task_returns_how_many_it_enqueued():
    result = task_resend_unsent_notifications.apply(kwargs={"older_than_minutes": 10})

    assert result.successful()
    assert result.result == 0


def test_the_resend_sweep_is_scheduled_with_beat_every_minute():
    # Run the data migrations' functions again: a transactional test elsewhere in this process
    # may have flushed the row the migrations made. Creating it is idempotent.
    created = importlib.import_module(
        "greentech.notifications.migrations.0002_resend_unsent_periodic_task"
    )
    every_minute = importlib.import_module(
        "greentech.notifications.migrations.0004_notification_lease_and_schedule"
    )
    created.add_periodic_task(django_apps, None)
    created.add_periodic_task(django_apps, None)
    every_minute.sweep_every_minute(django_apps, None)
    assert PeriodicTask.objects.filter(task="notifications.resend_unsent").count() == 1
    periodic = PeriodicTask.objects.select_related("interval").get(
        task="notifications.resend_unsent"
    )

    assert periodic.enabled
    assert (periodic.interval.every, periodic.interval.period) == (1, "minutes")
    assert json.loads(periodic.kwargs) == {"older_than_minutes": 10}

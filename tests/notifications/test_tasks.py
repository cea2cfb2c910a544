import importlib
import json

import pytest
from django.apps import apps as django_apps
from django_celery_beat.models import PeriodicTask

from greentech import celery_app
from greentech.notifications.models import NotificationStatus
from greentech.notifications.services import max_attempts
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


def test_the_task_retries_then_marks_the_row_failed(failing_mail_backend):
    notification = NotificationFactory()

    result = task_send_notification.apply(kwargs={"notification_id": notification.pk})

    assert result.failed()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == max_attempts()
    assert notification.last_error == "ConnectionRefusedError: SMTP server said no"


def test_the_task_settings_match_the_outbox_contract():
    assert task_send_notification.name == "notifications.send"
    assert task_send_notification.max_retries == max_attempts() - 1
    assert task_send_notification.acks_late is True
    assert task_send_notification.retry_backoff is True
    assert task_send_notification.retry_backoff_max == 600
    assert task_send_notification.retry_jitter is True


@pytest.mark.parametrize("task", [task_send_notification, task_resend_unsent_notifications])
def test_outbox_tasks_go_to_the_notifications_queue(task):
    route = celery_app.amqp.router.route({}, task.name, args=(), kwargs={})
    assert route["queue"].name == "notifications"


def test_the_resend_task_returns_how_many_it_enqueued():
    result = task_resend_unsent_notifications.apply(kwargs={"older_than_minutes": 10})

    assert result.successful()
    assert result.result == 0


def test_the_resend_sweep_is_scheduled_with_beat_every_ten_minutes():
    # Run the data migration's function again: a transactional test elsewhere in this process
    # may have flushed the row the migration made. Creating it is idempotent.
    migration = importlib.import_module(
        "greentech.notifications.migrations.0002_resend_unsent_periodic_task"
    )
    migration.add_periodic_task(django_apps, None)
    migration.add_periodic_task(django_apps, None)
    assert PeriodicTask.objects.filter(task="notifications.resend_unsent").count() == 1
    periodic = PeriodicTask.objects.select_related("interval").get(
        task="notifications.resend_unsent"
    )

    assert periodic.enabled
    assert (periodic.interval.every, periodic.interval.period) == (10, "minutes")
    assert json.loads(periodic.kwargs) == {"older_than_minutes": 10}

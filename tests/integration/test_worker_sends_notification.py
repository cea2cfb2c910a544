"""The outbox end to end: the test process commits a notification and publishes the task to
Redis; a real worker process sends the e-mail (file backend) and marks the row sent."""

import time
import uuid

import pytest
from django.db import transaction

from greentech.notifications import notify
from greentech.notifications.models import Notification, NotificationStatus
from greentech.notifications.tasks import task_send_notification

pytestmark = [
    pytest.mark.integration,
    # Workers share the Redis queues: with xdist, run every worker test in the same process, or
    # one test's worker takes another's task (and looks for its row in the wrong database).
    pytest.mark.xdist_group("celery-worker"),
    pytest.mark.django_db(transaction=True),
]

WAIT_SECONDS = 60


def _notify_committed(subject: str) -> Notification:
    with transaction.atomic():
        return notify(
            recipient="ops@example.org",
            template="notifications/test_message",
            context={"note": "sent by the integration test"},
            subject=subject,
        )


def _wait_until(condition, worker, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        if not worker.is_running:
            pytest.fail(f"The worker died while waiting for {what}:\n{worker.output()[-5000:]}")
        time.sleep(0.3)
    pytest.fail(f"No {what} within {WAIT_SECONDS}s. Worker log:\n{worker.output()[-5000:]}")


def _wait_until_sent(notification: Notification, worker) -> Notification:
    def is_sent():
        notification.refresh_from_db()
        return notification.status == NotificationStatus.SENT

    _wait_until(is_sent, worker, f"sent notification {notification.pk}")
    return notification


def test_a_worker_sends_a_committed_notification(celery_worker_process, mailoutbox):
    subject = f"Integration check {uuid.uuid4().hex}"

    notification = _notify_committed(subject)

    _wait_until_sent(notification, celery_worker_process)
    assert notification.attempts == 1
    assert notification.sent_at is not None
    assert mailoutbox == []  # sent by the worker, not eagerly in this process
    [mail_file] = celery_worker_process.mail_files()
    content = mail_file.read_text()
    assert f"Subject: {subject}" in content
    assert "To: ops@example.org" in content
    assert "text/html" in content
    log = celery_worker_process.output()
    assert "Task notifications.send[" in log
    assert "succeeded" in log


def test_a_notification_queued_while_no_worker_runs_is_sent_when_one_starts(
    celery_worker_factory, celery_broker
):
    subject = f"Queued while down {uuid.uuid4().hex}"

    notification = _notify_committed(subject)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert celery_broker.queue_length("notifications") == 1  # waiting in Redis, not lost

    worker = celery_worker_factory.start()

    _wait_until_sent(notification, worker)
    [mail_file] = worker.mail_files()
    assert f"Subject: {subject}" in mail_file.read_text()
    assert celery_broker.queue_length("notifications") == 0


def test_a_notification_enqueued_twice_is_sent_once(celery_worker_factory, celery_broker):
    notification = _notify_committed(f"Duplicate task {uuid.uuid4().hex}")
    task_send_notification.delay(notification_id=notification.pk)  # e.g. the re-send sweep
    assert celery_broker.queue_length("notifications") == 2

    worker = celery_worker_factory.start()

    _wait_until(lambda: worker.output().count("succeeded") >= 2, worker, "two finished tasks")
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 1
    assert len(worker.mail_files()) == 1

"""What survives a worker's death, and what a job run twice does, with real workers on Redis.

A worker killed (SIGKILL) in the middle of sending an e-mail has not acknowledged the task
(`acks_late`), so Redis keeps it, and its outbox row stays claimed until the claim's lease
expires; then the re-send sweep hands it to the next worker, which sends it exactly once.
"""

import datetime as dt
import time
import uuid

import pytest
from django.utils import timezone

from greentech.notifications.models import Notification, NotificationStatus
from greentech.notifications.services import notifications_resend_unsent
from technologies.tasks import task_send_review_reminders
from tests.integration.conftest import CeleryWorker
from tests.integration.smtp import ACCEPT, STALL, SmtpServer
from tests.integration.test_worker_sends_notification import (
    _notify_committed,
    _wait_until,
    _wait_until_sent,
)
from tests.technologies.builders import assigned, under_review

pytestmark = [
    pytest.mark.integration,
    pytest.mark.xdist_group("celery-worker"),
    pytest.mark.django_db(transaction=True),
]

VISIBILITY_TIMEOUT_SECONDS = 2
LEASE_SECONDS = 6


def _second_worker(first: CeleryWorker, tmp_path) -> CeleryWorker:
    return CeleryWorker(env=first.env, log_path=tmp_path / "worker-2.log", mail_dir=first.mail_dir)


def test_a_worker_killed_while_sending_loses_nothing_and_the_next_sends_once(
    celery_worker_factory, celery_broker, tmp_path
):
    server = SmtpServer(mode=STALL).start()
    celery_worker_factory.env.pop("EMAIL_FILE_PATH")
    celery_worker_factory.env.update(
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT_SECONDS),
        EMAIL_URL=server.url,
        EMAIL_TIMEOUT="60",  # the send hangs until the worker is killed
        # The lease is twice the hard time limit (the solo pool enforces neither limit).
        NOTIFICATION_SOFT_TIME_LIMIT=str(LEASE_SECONDS // 2),
        NOTIFICATION_TIME_LIMIT=str(LEASE_SECONDS // 2),
    )
    subject = f"Killed mid-send {uuid.uuid4().hex}"
    notification = _notify_committed(subject)
    first = celery_worker_factory

    try:
        # The worker claimed the row and waits for the SMTP greeting: kill it there.
        first.start()
        _wait_until(lambda: server.stalled_open == 1, first, "the stalled SMTP connection")
        first.process.kill()
        first.process.wait(timeout=20)

        notification.refresh_from_db()
        assert notification.status == NotificationStatus.SENDING
        assert notification.attempts == 1
        assert celery_broker.unacked_count() == 1  # delivered, never acknowledged: kept by Redis
        assert server.deliveries == []

        server.set_mode(ACCEPT)
        # A starting worker restores messages unacknowledged for longer than the visibility
        # timeout: start it once the timeout has passed. The restored task finds the row claimed
        # (until its lease expires) and does nothing; the sweep hands it over after the lease.
        time.sleep(VISIBILITY_TIMEOUT_SECONDS + 1)
        second = _second_worker(first, tmp_path).start()
        try:

            def swept_and_sent():
                notifications_resend_unsent()  # what celery beat runs every minute
                notification.refresh_from_db()
                return notification.status == NotificationStatus.SENT

            _wait_until(swept_and_sent, second, "the e-mail sent after the lease expired")
            assert notification.attempts == 2  # the killed attempt counts
            assert server.subjects() == [subject]
            _wait_until(lambda: celery_broker.unacked_count() == 0, second, "the acknowledgement")
        finally:
            second.stop()
    finally:
        server.stop()


def test_the_review_reminder_job_run_twice_sends_one_reminder(celery_worker_process, celery_broker):
    assignment = assigned(under_review())
    assignment.due_on = timezone.localdate()
    assignment.save(update_fields=["due_on"])
    worker = celery_worker_process

    task_send_review_reminders.delay()
    task_send_review_reminders.delay()

    _wait_until(
        lambda: worker.output().count("Task technologies.send_review_reminders[") >= 4,
        worker,
        "both reminder runs to finish",
    )
    log = worker.output()
    # Each run's result is in the log: one wrote the reminder, the other nothing.
    assert log.count("s: {'before': 0, 'due': 1, 'overdue': 0}") == 1
    assert log.count("s: {'before': 0, 'due': 0, 'overdue': 0}") == 1
    reminder = Notification.objects.get(template="notifications/technologies_review_reminder")
    _wait_until_sent(reminder, worker)
    reminders = [f for f in worker.mail_files() if "Review due today" in f.read_text()]
    assert len(reminders) == 1
    assert reminder.recipient == assignment.expert.email
    assert dt.date.fromisoformat(reminder.context["due_on"]) == assignment.due_on

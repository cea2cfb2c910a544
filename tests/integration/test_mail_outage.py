"""Mail rides out an SMTP outage, with a real worker (prefork, two processes) on Redis and a
small SMTP server run by the test: it first refuses connections, then stalls (accepts one and
never answers), then answers normally.

Proves: every e-mail is delivered, none twice; the stalled exchange holds no transaction and no
row lock and times out (EMAIL_TIMEOUT), and other mail is delivered while it hangs. The retry
schedule and the timeouts are shortened so that the test takes seconds; the test process plays
celery beat (the every-minute sweep) every few tenths of a second.
"""

import subprocess
import sys
import uuid

import pytest
from django.db import connection, transaction

from greentech.notifications.models import Notification, NotificationStatus
from greentech.notifications.services import notifications_resend_unsent
from tests.integration.conftest import BASE_DIR
from tests.integration.smtp import ACCEPT, REFUSE, STALL, SmtpServer
from tests.integration.test_worker_sends_notification import _notify_committed, _wait_until

pytestmark = [
    pytest.mark.integration,
    pytest.mark.xdist_group("celery-worker"),
    pytest.mark.django_db(transaction=True),
]

SCHEDULE = ",".join(["1s"] * 12)  # the default is 1m,5m,30m,2h,6h
EMAIL_TIMEOUT_SECONDS = 6
OUTAGE_MAILS = 4


@pytest.fixture
def smtp_server():
    server = SmtpServer(mode=REFUSE, stall_limit=1).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mail_worker(celery_worker_factory, smtp_server, settings):
    settings.NOTIFICATION_RETRY_SCHEDULE = SCHEDULE  # for the sweep run by the test
    worker = celery_worker_factory
    worker.env.pop("EMAIL_FILE_PATH")
    worker.env.update(
        EMAIL_URL=smtp_server.url,
        EMAIL_TIMEOUT=str(EMAIL_TIMEOUT_SECONDS),
        NOTIFICATION_RETRY_SCHEDULE=SCHEDULE,
        NOTIFICATION_SOFT_TIME_LIMIT="15",
        NOTIFICATION_TIME_LIMIT="20",
    )
    worker.queues = ("notifications",)
    worker.pool_options = ["--pool=prefork", "--concurrency=2"]  # time limits need prefork
    return worker.start()


def _statuses(rows) -> dict[str, str]:
    return dict(
        Notification.objects.filter(pk__in=[r.pk for r in rows]).values_list("subject", "status")
    )


def _sweep_until(condition, worker, what):
    """Wait for `condition`, running the re-send sweep on each turn, as beat would."""

    def swept():
        notifications_resend_unsent()
        return condition()

    _wait_until(swept, worker, what)


def _idle_in_transaction_sessions() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%%'"
        )
        return cursor.fetchone()[0]


def test_mail_rides_out_an_smtp_server_that_refuses_then_stalls_then_answers(
    mail_worker, smtp_server
):
    token = uuid.uuid4().hex[:8]
    rows = [_notify_committed(f"Outage {token} #{n}") for n in range(OUTAGE_MAILS)]

    # 1. Refused: every e-mail is tried, fails at once, and waits for its next attempt.
    def all_refused_twice():
        tried = Notification.objects.filter(pk__in=[r.pk for r in rows], attempts__gte=2)
        return tried.filter(last_error__contains="refused").count() == OUTAGE_MAILS

    _sweep_until(all_refused_twice, mail_worker, "two refused attempts of every e-mail")
    assert smtp_server.deliveries == []
    assert set(_statuses(rows).values()) <= {NotificationStatus.PENDING, NotificationStatus.SENDING}

    # 2. Stalled: one connection is accepted and never answered.
    smtp_server.set_mode(STALL)
    _sweep_until(lambda: smtp_server.stalled_open == 1, mail_worker, "a stalled SMTP exchange")
    # While it hangs, no worker session sits in a transaction and every row can be locked.
    assert _idle_in_transaction_sessions() == 0
    with transaction.atomic():
        locked = Notification.objects.select_for_update(nowait=True).filter(
            pk__in=[r.pk for r in rows]
        )
        assert len(locked) == OUTAGE_MAILS
    assert NotificationStatus.SENDING in _statuses(rows).values()
    # Other mail, written while the exchange hangs, is not held by it.
    other = _notify_committed(f"Other mail {token}")
    _sweep_until(
        lambda: _statuses([other]) == {other.subject: NotificationStatus.SENT},
        mail_worker,
        "the other e-mail sent while the stalled exchange hangs",
    )
    [other_delivery] = [d for d in smtp_server.deliveries if d.subject == other.subject]
    assert other_delivery.stalled_open == 1

    # 3. Answering: the stalled attempt times out (EMAIL_TIMEOUT), and everything goes out.
    smtp_server.set_mode(ACCEPT)
    everything = [*rows, other]
    _sweep_until(
        lambda: set(_statuses(everything).values()) == {NotificationStatus.SENT},
        mail_worker,
        "every e-mail sent",
    )

    subjects = smtp_server.subjects()
    assert sorted(subjects) == sorted(r.subject for r in everything)  # each once, none twice
    assert len({d.message_id for d in smtp_server.deliveries}) == len(everything)
    timed_out = Notification.objects.filter(
        pk__in=[r.pk for r in rows], last_error__contains="timed out"
    )
    assert timed_out.count() == 1  # the stalled exchange, given up after EMAIL_TIMEOUT
    assert smtp_server.connections[STALL] == 1
    attempts = dict(
        Notification.objects.filter(pk__in=[r.pk for r in everything]).values_list(
            "subject", "attempts"
        )
    )
    assert attempts[other.subject] == 1
    assert all(attempts[r.subject] >= 3 for r in rows)  # refused twice, then sent
    print(  # the figures of the run (pytest -s)
        f"\nmails sent: {len(subjects)}, attempts: {sum(attempts.values())} "
        f"({sorted(attempts.values())}), SMTP connections: {smtp_server.connections}"
    )

    # The worker container's health check answers for this worker.
    health = subprocess.run(
        [sys.executable, "manage.py", "worker_health", "--timeout", "5"],
        cwd=BASE_DIR,
        env=mail_worker.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert health.returncode == 0, health.stderr

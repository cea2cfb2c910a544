"""A report whose worker dies mid-build, with a real worker: its heartbeat stops, the recovery
sweep fails it with a clear message within a few heartbeat intervals, and a retry builds it.

The build is held mid-way by a table lock the test takes on the technologies (the pool report
reads them), so the worker is surely inside the build, beating, when it is killed. The heartbeat
interval is one second here (30 by default); the test process plays celery beat.
"""

import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from greentech.reports.models import ReportKind, ReportStatus
from greentech.reports.services import report_request, report_retry, reports_recover_stale
from tests.integration.conftest import (  # noqa: F401 - the worker fixtures, used below
    CeleryWorker,
    celery_broker,
    celery_worker_factory,
    redis_url,
    worker_database_url,
)
from tests.integration.test_worker_sends_notification import _wait_until
from tests.reports.test_worker_builds_report import (  # noqa: F401 - fixtures
    _wait_until_finished,
    reports_queue,
    reports_route,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.xdist_group("celery-worker"),
    pytest.mark.django_db(transaction=True),
]

HEARTBEAT_SECONDS = 1
WAIT_SECONDS = 60


def test_a_report_whose_worker_died_is_failed_and_retryable(
    reports_queue,  # noqa: F811
    reports_route,  # noqa: F811
    report_files,
    celery_worker_factory,  # noqa: F811
    celery_broker,  # noqa: F811
    curator,
    settings,
    tmp_path,
):
    settings.REPORTS_HEARTBEAT_SECONDS = HEARTBEAT_SECONDS  # for the sweep run here
    celery_worker_factory.env.update(
        MEDIA_ROOT=str(report_files),
        REPORTS_ROOT=str(report_files),
        REPORTS_HEARTBEAT_SECONDS=str(HEARTBEAT_SECONDS),
    )
    with transaction.atomic():
        report = report_request(
            kind=ReportKind.POOL,
            format="xlsx",
            parameters={"start": "2024-01-01", "end": "2024-12-31"},
            requested_by=curator,
        )
    worker = celery_worker_factory

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE technologies_technology IN ACCESS EXCLUSIVE MODE")
        worker.start()

        def beating():
            report.refresh_from_db()
            return report.status == ReportStatus.RUNNING and report.heartbeat_at > (
                report.started_at
            )

        _wait_until(beating, worker, "a running build with a heartbeat")
        worker.process.kill()
        worker.process.wait(timeout=20)
        killed_at = timezone.now()

    def failed_by_the_sweep():
        reports_recover_stale()  # what celery beat runs every minute
        report.refresh_from_db()
        return report.status == ReportStatus.FAILED

    deadline = time.monotonic() + WAIT_SECONDS  # no worker runs now: wait on the sweep alone
    while not failed_by_the_sweep():
        assert time.monotonic() < deadline, f"still {report.status} after {WAIT_SECONDS}s"
        time.sleep(0.2)
    became_retryable = (timezone.now() - killed_at).total_seconds()
    silent = (report.finished_at - report.heartbeat_at).total_seconds()

    assert report.is_retryable
    assert report.error == (
        f"The build stopped without finishing: its worker gave no sign of life for "
        f"{3 * HEARTBEAT_SECONDS} seconds (it was stopped, lost or reached the time limit). "
        "Retry the report."
    )
    assert silent >= 3 * HEARTBEAT_SECONDS
    print(  # the figure of the run (pytest -s)
        f"\nheartbeat every {HEARTBEAT_SECONDS}s: retryable {became_retryable:.1f}s after the "
        f"worker was killed (last heartbeat {silent:.1f}s before it was failed)"
    )

    with transaction.atomic():
        report_retry(report_id=report.pk, by=curator)
    second = type(worker)(
        env=worker.env, log_path=tmp_path / "worker-2.log", mail_dir=worker.mail_dir
    )
    second.queues = worker.queues
    second.start()
    try:
        report = _wait_until_finished(report, second)
        assert report.status == ReportStatus.DONE, report.error
    finally:
        second.stop()

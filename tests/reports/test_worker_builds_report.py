"""A report end to end with a real worker: the test process commits the request and publishes
the task to Redis (the "reports" queue); a worker process builds the file into the media folder
both processes share; the test opens it."""

import json
import time

import pytest
from django.db import transaction
from django.test import RequestFactory

from greentech import celery_app
from greentech.demo.loader import load_demo
from greentech.figures import key_figures
from greentech.health import healthz
from greentech.reports.generators import cooperation_annual
from greentech.reports.models import ReportKind, ReportStatus
from greentech.reports.services import report_request
from tests.integration import conftest as integration
from tests.integration.conftest import (  # noqa: F401 - the worker fixtures, used below
    celery_broker,
    celery_worker_factory,
    redis_url,
    worker_database_url,
)
from tests.reports.conftest import workbook_rows

pytestmark = [
    pytest.mark.integration,
    # Workers share the Redis queues: run every worker test in the same xdist process.
    pytest.mark.xdist_group("celery-worker"),
    pytest.mark.django_db(transaction=True),
]

WAIT_SECONDS = 90
REPORTS_ROUTE = {"reports.*": {"queue": "reports"}}


@pytest.fixture
def reports_queue(monkeypatch):
    """Workers consume (and the broker fixture purges) the "reports" queue too. Requested
    before `celery_broker`, so its first purge already covers the queue."""
    if "reports" not in integration.WORKER_QUEUES:
        monkeypatch.setattr(integration, "WORKER_QUEUES", (*integration.WORKER_QUEUES, "reports"))


@pytest.fixture
def reports_route():
    """Publish "reports.*" tasks to the "reports" queue, as settings.CELERY_TASK_ROUTES does
    (restored afterwards)."""
    key = f"{celery_app.namespace}_TASK_ROUTES"
    previous = celery_app.conf.get(key)
    celery_app.conf[key] = {**(previous or {}), **REPORTS_ROUTE}
    celery_app.amqp.flush_routes()
    celery_app.amqp.router = celery_app.amqp.Router()
    yield
    celery_app.conf[key] = previous
    celery_app.amqp.flush_routes()
    celery_app.amqp.router = celery_app.amqp.Router()


def _wait_until_finished(report, worker):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (ReportStatus.DONE, ReportStatus.FAILED):
            return report
        if not worker.is_running:
            pytest.fail(f"The worker died:\n{worker.output()[-5000:]}")
        time.sleep(0.3)
    pytest.fail(f"Report still {report.status} after {WAIT_SECONDS}s:\n{worker.output()[-5000:]}")


def test_a_worker_builds_a_requested_report_and_its_file_opens(
    reports_queue,
    reports_route,
    report_files,
    celery_worker_factory,  # noqa: F811
    celery_broker,  # noqa: F811
    curator,
):
    load_demo()
    with transaction.atomic():
        report = report_request(
            kind=ReportKind.COOPERATION_ANNUAL,
            format="xlsx",
            parameters={"year": 2025},
            requested_by=curator,
        )
    assert report.status == ReportStatus.QUEUED
    assert celery_broker.queue_length("reports") == 1  # on its own queue, not "default"
    # The worker writes where this process reads (with either storage setting).
    celery_worker_factory.env.update(MEDIA_ROOT=str(report_files), REPORTS_ROOT=str(report_files))

    worker = celery_worker_factory.start()
    report = _wait_until_finished(report, worker)

    assert report.status == ReportStatus.DONE, report.error
    assert report.progress == 100
    with report.file.open("rb") as handle:
        sheets = workbook_rows(handle.read())
    summary = {(row[0], row[1]): row[2] for row in sheets["Summary"][5:]}
    network = "Key figures of the network"
    assert {label: value for (section, label), value in summary.items() if section == network} == {
        str(figure.label): figure.value for figure in key_figures()
    }
    expected = cooperation_annual.build({"year": 2025})
    assert summary == {
        (str(section.title), str(figure.label)): figure.value
        for section in expected.sections
        for figure in section.figures
    }
    assert "Task reports.build[" in worker.output()
    [mail] = worker.mail_files()  # "Your report is ready", sent by the worker
    assert "Subject: Your report is ready" in mail.read_text()


def test_healthz_answers_ok_when_redis_and_a_worker_answer(
    settings,
    celery_worker_factory,  # noqa: F811
    redis_url,  # noqa: F811
):
    settings.REDIS_URL = redis_url
    celery_worker_factory.start()

    response = healthz(RequestFactory().get("/healthz"))

    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "redis": "ok", "worker": "ok"}

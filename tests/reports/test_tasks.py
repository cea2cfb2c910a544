"""The build task: its name, its queue and its time limits."""

import pytest

from greentech import celery_app
from greentech.reports.models import ReportStatus
from greentech.reports.tasks import task_build_report, task_recover_stale_reports
from tests.reports.factories import ReportFactory


def test_the_build_task_is_routed_to_the_reports_queue():
    route = celery_app.amqp.router.route({}, task_build_report.name)

    assert task_build_report.name == "reports.build"
    assert route["queue"].name == "reports"


def test_the_build_task_has_a_soft_and_a_hard_time_limit():
    assert 0 < task_build_report.soft_time_limit < task_build_report.time_limit


@pytest.mark.django_db
def test_the_task_builds_the_report(curator):
    report = ReportFactory(requested_by=curator)

    task_build_report.delay(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


@pytest.mark.django_db
def test_the_task_returns_quietly_for_a_gone_report():
    assert task_build_report.delay(report_id=424242).get() is None


@pytest.mark.django_db
def test_the_recovery_task_reports_what_it_did():
    assert task_recover_stale_reports.delay().get() == {"failed": 0, "requeued": 0}

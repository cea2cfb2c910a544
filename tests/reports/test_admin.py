"""The reports in the admin: read-only, with a retry action for failed ones."""

import pytest
from django.urls import reverse

from greentech.reports.models import ReportStatus
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db
S = ReportStatus
CHANGELIST = reverse("admin:reports_report_changelist")


@pytest.fixture
def admin_user_client(client, superuser):
    client.force_login(superuser)
    return client


def test_staff_see_reports_read_only(admin_user_client):
    report = ReportFactory(status=S.FAILED, error="RuntimeError: out of memory")

    response = admin_user_client.get(reverse("admin:reports_report_change", args=[report.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "RuntimeError: out of memory" in html
    assert 'name="status"' not in html
    assert 'name="_save"' not in html


def test_nobody_adds_reports_in_the_admin(admin_user_client):
    response = admin_user_client.get(reverse("admin:reports_report_add"))

    assert response.status_code == 403


def test_the_retry_action_queues_failed_reports_and_refuses_the_others(
    admin_user_client, superuser, django_capture_on_commit_callbacks
):
    failed = ReportFactory(status=S.FAILED, error="boom")
    running = ReportFactory(status=S.RUNNING)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_user_client.post(
            CHANGELIST,
            {"action": "retry_reports", "_selected_action": [failed.pk, running.pk]},
            follow=True,
        )

    html = response.content.decode()
    assert "1 report queued again." in html
    assert f"#{running.pk}: Only a failed report can be retried" in html
    failed.refresh_from_db()
    running.refresh_from_db()
    assert failed.status == S.DONE  # queued again and built (eager tasks)
    assert failed.transitions.filter(to_status=S.QUEUED, by=superuser).exists()
    assert running.status == S.RUNNING


@pytest.mark.parametrize("count", [1, 3])
def test_the_admin_list_query_count_does_not_grow(
    admin_user_client, django_assert_max_num_queries, count
):
    ReportFactory.create_batch(count)

    with django_assert_max_num_queries(8):
        response = admin_user_client.get(CHANGELIST)

    assert response.status_code == 200

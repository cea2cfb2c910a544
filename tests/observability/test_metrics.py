"""/metrics: Prometheus text for the bearer of METRICS_TOKEN only, with request latency and query
counts by view, the outbox and report figures of the whole portal, and report build times."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from prometheus_client import REGISTRY

from greentech.notifications.models import NotificationStatus
from greentech.reports.models import ReportStatus
from tests.notifications.factories import NotificationFactory
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db

TOKEN = "scrape-token-for-tests"
URL = "/metrics"


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.REDIS_URL = ""  # no broker: no queue lengths to read
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


def scrape(client, token) -> str:
    response = client.get(URL, **token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return response.content.decode()


def test_metrics_are_off_without_a_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Basic {TOKEN}", TOKEN])
def test_a_scrape_without_the_right_token_is_refused(client, token, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(URL, **extra)
    assert response.status_code == 401
    assert b"greentech_" not in response.content


def test_request_latency_and_query_count_are_recorded_by_view_name(client, token):
    labels = {"view": "home", "method": "GET"}
    before = REGISTRY.get_sample_value("greentech_http_request_duration_seconds_count", labels)
    queries_before = REGISTRY.get_sample_value(
        "greentech_http_request_db_queries_sum", {"view": "home"}
    )

    assert client.get(reverse("home")).status_code == 200

    after = REGISTRY.get_sample_value("greentech_http_request_duration_seconds_count", labels)
    assert after == (before or 0) + 1
    queries = REGISTRY.get_sample_value("greentech_http_request_db_queries_sum", {"view": "home"})
    assert queries > (queries_before or 0)  # the home page reads the database
    text = scrape(client, token)
    assert 'greentech_http_request_duration_seconds_bucket{le="0.5",method="GET",view="home"}' in (
        text
    )


def test_an_unknown_address_is_one_label_not_one_per_address(client, token):
    client.get("/no-such-page-1/")
    client.get("/no-such-page-2/")
    text = scrape(client, token)
    assert 'view="<unresolved>"' in text
    assert "no-such-page" not in text


def test_outbox_and_report_figures_come_from_the_database(client, token):
    NotificationFactory.create_batch(2)
    NotificationFactory(status=NotificationStatus.FAILED)
    ReportFactory()
    started = timezone.now() - dt.timedelta(minutes=10)
    ReportFactory(
        status=ReportStatus.DONE,
        file="reports/done.csv",
        started_at=started,
        finished_at=started + dt.timedelta(seconds=3),
    )

    text = scrape(client, token)

    assert 'greentech_outbox_notifications{status="pending"} 2.0' in text
    assert 'greentech_outbox_notifications{status="failed"} 1.0' in text
    assert 'greentech_outbox_notifications{status="sent"} 0.0' in text
    assert 'greentech_reports{status="queued"} 1.0' in text
    assert 'greentech_reports{status="running"} 0.0' in text
    assert 'greentech_report_build_seconds_bucket{le="1.0"} 0.0' in text
    assert 'greentech_report_build_seconds_bucket{le="5.0"} 1.0' in text
    assert 'greentech_report_build_seconds_bucket{le="+Inf"} 1.0' in text
    assert "greentech_report_build_seconds_sum 3.0" in text
    assert "greentech_report_queue_oldest_seconds " in text
    assert "greentech_celery_queue_length" not in text  # no broker configured


def test_a_scrape_reads_the_portal_figures_in_a_few_queries(
    client, token, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        scrape(client, token)

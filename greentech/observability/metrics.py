"""Prometheus metrics at `/metrics`, for the bearer of METRICS_TOKEN only.

Per web process (middleware): request latency and database queries per request, by view name.
Per portal (read from PostgreSQL and Redis when scraped, so every web host reports the same
figures whichever worker did the work): e-mails in the outbox by status, reports by status, the
age of the oldest queued report, build times of finished reports, and Celery queue lengths.

Under gunicorn with several worker processes, set PROMETHEUS_MULTIPROC_DIR to an empty folder
of the host and start gunicorn with `-c python:greentech.gunicorn_conf`: the processes then
share their request figures through files in that folder (prometheus_client's multiprocess
mode), and a scrape sums them.
"""

import hmac
import logging
import os
import time
from datetime import timedelta

import redis
from django.conf import settings
from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q, Sum
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily

logger = logging.getLogger("greentech.metrics")

UNRESOLVED = "<unresolved>"
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
QUERY_BUCKETS = (0, 1, 2, 5, 10, 20, 50, 100, 200)
BUILD_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600)
# kombu's Redis transport keeps one list per queue and priority step.
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")
REDIS_TIMEOUT_SECONDS = 1.0

REQUEST_LATENCY = Histogram(
    "greentech_http_request_duration_seconds",
    "Time to answer a request, by view name and method.",
    ["view", "method"],
    buckets=LATENCY_BUCKETS,
)
REQUEST_QUERIES = Histogram(
    "greentech_http_request_db_queries",
    "Database queries run to answer a request, by view name.",
    ["view"],
    buckets=QUERY_BUCKETS,
)


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name or UNRESOLVED) if match else UNRESOLVED


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        elapsed = time.perf_counter() - started
        view = view_name(request)
        REQUEST_LATENCY.labels(view=view, method=request.method).observe(elapsed)
        REQUEST_QUERIES.labels(view=view).observe(counter.count)
        return response


def celery_queues() -> list[str]:
    queues = {settings.CELERY_TASK_DEFAULT_QUEUE}
    queues.update(route["queue"] for route in settings.CELERY_TASK_ROUTES.values())
    return sorted(queues)


def queue_lengths() -> dict[str, int] | None:
    """Messages waiting in each Celery queue; None without a broker or when it is down."""
    if not settings.REDIS_URL:
        return None
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )
    try:
        with client.pipeline(transaction=False) as pipe:
            for queue in celery_queues():
                for suffix in PRIORITY_SUFFIXES:
                    pipe.llen(queue + suffix)
            counts = pipe.execute()
    except redis.RedisError as exc:
        logger.warning("Metrics: Redis is unreachable (%s).", type(exc).__name__)
        return None
    finally:
        client.close()
    step = len(PRIORITY_SUFFIXES)
    return {
        queue: sum(counts[index * step : (index + 1) * step])
        for index, queue in enumerate(celery_queues())
    }


def _counts_by_status(model, statuses) -> dict[str, int]:
    rows = model.objects.values_list("status").annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(statuses, 0)
    counts.update(dict(rows))
    return counts


def _build_time_buckets():
    """(cumulative counts per bucket, count, sum in seconds) over every finished report."""
    from greentech.reports.models import Report, ReportStatus

    duration = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
    finished = Report.objects.filter(
        status=ReportStatus.DONE, started_at__isnull=False, finished_at__isnull=False
    ).annotate(duration=duration)
    aggregates = {
        f"le_{index}": Count("pk", filter=Q(duration__lte=timedelta(seconds=bound)))
        for index, bound in enumerate(BUILD_BUCKETS)
    }
    result = finished.aggregate(total=Count("pk"), seconds=Sum("duration"), **aggregates)
    buckets = [(str(float(b)), result[f"le_{i}"]) for i, b in enumerate(BUILD_BUCKETS)]
    buckets.append(("+Inf", result["total"]))
    seconds = result["seconds"].total_seconds() if result["seconds"] else 0.0
    return buckets, seconds


class PortalCollector:
    """Figures of the whole portal, read when Prometheus scrapes."""

    def collect(self):
        from greentech.notifications.models import Notification, NotificationStatus
        from greentech.reports.models import Report, ReportStatus

        outbox = GaugeMetricFamily(
            "greentech_outbox_notifications",
            "E-mails in the outbox by status (pending: not sent yet; failed: gave up).",
            labels=["status"],
        )
        for status, count in _counts_by_status(Notification, NotificationStatus.values).items():
            outbox.add_metric([status], count)
        yield outbox

        reports = GaugeMetricFamily(
            "greentech_reports", "Report requests by status.", labels=["status"]
        )
        for status, count in _counts_by_status(Report, ReportStatus.values).items():
            reports.add_metric([status], count)
        yield reports

        oldest = Report.objects.filter(status=ReportStatus.QUEUED).aggregate(at=Min("created"))
        waited = (timezone.now() - oldest["at"]).total_seconds() if oldest["at"] else 0.0
        yield GaugeMetricFamily(
            "greentech_report_queue_oldest_seconds",
            "How long the oldest queued report has waited for a worker.",
            value=waited,
        )

        buckets, seconds = _build_time_buckets()
        build = HistogramMetricFamily(
            "greentech_report_build_seconds", "Build time of the finished reports."
        )
        build.add_metric([], buckets, seconds)
        yield build

        lengths = queue_lengths()
        if lengths is not None:
            queues = GaugeMetricFamily(
                "greentech_celery_queue_length",
                "Tasks waiting in each Celery queue.",
                labels=["queue"],
            )
            for queue, length in lengths.items():
                queues.add_metric([queue], length)
            yield queues


def render() -> bytes:
    """The text exposition: this host's request figures, then the portal's figures."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        process_registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(process_registry)
    else:
        process_registry = REGISTRY
    portal_registry = CollectorRegistry(auto_describe=False)
    portal_registry.register(PortalCollector())
    return generate_latest(process_registry) + generate_latest(portal_registry)


def _authorised(request) -> bool:
    expected = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    scheme, _space, token = given.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(token.encode(), expected.encode())


@never_cache
@require_GET
def metrics_view(request):
    if not settings.METRICS_TOKEN:
        raise Http404  # metrics are off: nothing to find here
    if not _authorised(request):
        response = HttpResponse("Unauthorised\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(render(), content_type=CONTENT_TYPE_LATEST)

"""The two-host rehearsal: two web servers (gunicorn) and two Celery workers, each in a working
directory of its own with no disk in common, sharing only PostgreSQL (the test database), Redis
and an S3 API server (moto's server mode) started here.

- A partner uploads an attachment through web A; the expert assigned to the declaration logs in
  on A and downloads it through web B (B hands out a presigned URL of the object store after its
  permission check; A streams).
- A report requested on web B is built by a worker and downloaded from web A; the worker's JSON
  log lines carry the request id web B was given.
- A worker dies (SIGKILL) while it holds a second report's build; the recovery sweep, published
  as celery beat would, re-enqueues it and the other worker builds it.
- No host wrote a file to its own disk: every file is in the bucket.
"""

import json
import time
import uuid

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.urls import reverse

from greentech.accounts.models import User
from greentech.reports.models import Report, ReportStatus
from greentech.reports.tasks import task_recover_stale_reports
from technologies.models import Attachment
from tests.factories import StaffCuratorFactory
from tests.integration import conftest as integration
from tests.integration.hosts import (
    Browser,
    Host,
    WebServer,
    Worker,
    host_environment,
    start_all,
    stop_all,
)
from tests.technologies.builders import PDF, assigned, complete_draft, expert, under_review

pytestmark = [
    pytest.mark.integration,
    pytest.mark.xdist_group("celery-worker"),
    pytest.mark.django_db(transaction=True),
]

QUEUES = ("default", "notifications", "reports")
PASSWORD = "rehearsal-password-1"
WAIT_SECONDS = 60


@pytest.fixture
def broker(monkeypatch, request):
    """The test publishes to Redis (as beat would); all three queues emptied before and after."""
    monkeypatch.setattr(integration, "WORKER_QUEUES", QUEUES)
    return request.getfixturevalue("celery_broker")


@pytest.fixture
def portal(settings, s3_server, broker, worker_database_url, tmp_path):
    """Two web hosts and two worker hosts on the test database, Redis and one bucket. The test
    process reads and writes the same bucket (settings.STORAGES)."""
    bucket = s3_server.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": s3_server.storage_options(bucket)}
    env = host_environment(
        database_url=worker_database_url,
        redis_url=broker.url,
        storage_url=s3_server.storage_url(bucket),
        LOG_FORMAT="json",
        REPORTS_REQUEUE_AFTER_MINUTES=0,  # the sweep re-enqueues every queued report
    )
    hosts = tmp_path / "hosts"
    web_a = WebServer(Host(hosts, "a", env))
    web_b = WebServer(Host(hosts, "b", env, STORAGE_DOWNLOADS="presigned"))
    workers = [Worker(Host(hosts, "c", env), QUEUES), Worker(Host(hosts, "d", env), QUEUES)]
    processes = [web_a, web_b, *workers]
    try:
        start_all(processes)
        yield {"a": web_a, "b": web_b, "workers": workers, "bucket": bucket, "s3": s3_server}
    finally:
        stop_all(processes)
        _forget_sessions(broker, env["CACHE_KEY_PREFIX"])


def _forget_sessions(broker, prefix: str) -> None:
    keys = list(broker.client.scan_iter(match=f"{prefix}:*"))
    if keys:
        broker.client.delete(*keys)


def _people():
    """A partner with a draft, an expert of its green area, a curator: one password for all
    (hashed once)."""
    technology = complete_draft()
    partner = technology.submitted_by
    reviewer = expert(area=technology.green_area)
    curator = StaffCuratorFactory()
    User.objects.filter(pk__in=[partner.pk, reviewer.pk, curator.pk]).update(
        password=make_password(PASSWORD)
    )
    return technology, partner, reviewer, curator


def _wait_for(condition, what: str, processes):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    logs = "\n".join(f"--- {p.name}\n{p.output()[-3000:]}" for p in processes)
    pytest.fail(f"Waited {WAIT_SECONDS}s for {what}.\n{logs}")


def _report_done(report_id: int, processes) -> Report:
    def finished():
        report = Report.objects.get(pk=report_id)
        return report if report.status in (ReportStatus.DONE, ReportStatus.FAILED) else None

    report = _wait_for(finished, f"report {report_id} to finish", processes)
    assert report.status == ReportStatus.DONE, report.error
    return report


def _request_report(browser: Browser, web: WebServer, request_id: str) -> Report:
    before = set(Report.objects.values_list("pk", flat=True))
    response = browser.post_form(
        f"{web.url}{reverse('reports:list')}",
        {
            "report-kind": "pool",
            "report-format": "csv",
            "report-start": "2020-01-01",
            "report-end": "2030-12-31",
        },
        headers={"X-Request-ID": request_id},
    )
    assert response.status_code == 302, response.text[-2000:]
    assert response.headers["X-Request-ID"] == request_id
    [report] = Report.objects.exclude(pk__in=before)
    return report


def _json_lines(process) -> list[dict]:
    lines = []
    for line in process.output().splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def _waiting_on_a_lock() -> bool:
    """A session of another process waits for a row lock on the reports table."""
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL keeps its first view of pg_stat_activity: drop it.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' "
            "AND query ILIKE '%reports_report%'"
        )
        return cursor.fetchone()[0] > 0


def test_two_web_hosts_and_two_workers_share_only_the_database_redis_and_the_object_store(
    portal,
):
    web_a, web_b, workers = portal["a"], portal["b"], portal["workers"]
    everyone = [web_a, web_b, *workers]
    technology, partner, reviewer, curator = _people()

    # A partner uploads an attachment through web A.
    as_partner = Browser()
    as_partner.log_in(web_a, partner.email, PASSWORD)
    step = reverse("technologies:edit_step", args=[technology.pk, "attachments"])
    content = PDF + uuid.uuid4().hex.encode()
    response = as_partner.post_form(
        f"{web_a.url}{step}",
        {},
        files={"file": ("Field trial 2024.pdf", content, "application/pdf")},
    )
    assert response.status_code == 302, response.text[-2000:]
    attachment = Attachment.objects.get(technology=technology, original_name="Field trial 2024.pdf")
    assert f"files/{attachment.file.name}" in portal["s3"].keys(portal["bucket"])

    # Staff send the declaration to review and assign the expert.
    technology = under_review(technology, curator=curator)
    assigned(technology, curator=curator, expert_user=reviewer)

    # The expert's session, created on A, is valid on B; B checks, then hands out a signed URL.
    as_expert = Browser()
    as_expert.log_in(web_a, reviewer.email, PASSWORD)
    download = reverse("technologies:attachment_download", args=[attachment.pk])
    response = as_expert.get(f"{web_b.url}{download}")
    assert response.status_code == 200
    assert response.content == content
    [redirect] = response.history
    assert redirect.status_code == 302
    assert redirect.headers["Location"].startswith(portal["s3"].endpoint)
    assert "Field%20trial%202024.pdf" in redirect.headers["Location"]
    # Without a session, B still refuses: no signed URL before the check.
    anonymous = Browser().get(f"{web_b.url}{download}", allow_redirects=False)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith(reverse("accounts:login"))

    # A report requested on B is built by a worker and downloaded from A.
    as_curator = Browser()
    as_curator.log_in(web_a, curator.email, PASSWORD)
    request_id = f"rehearsal-{uuid.uuid4().hex}"
    report = _report_done(_request_report(as_curator, web_b, request_id).pk, everyone)
    builder = next(w for w in workers if f"Report {report.pk}: queued -> running" in w.output())
    running = [
        line
        for line in _json_lines(builder)
        if line["message"].startswith(f"Report {report.pk}: queued -> running")
    ]
    assert [line["request_id"] for line in running] == [request_id]
    response = as_curator.get(f"{web_a.url}{reverse('reports:download', args=[report.pk])}")
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    assert b"Technology pool report" in response.content

    # A worker dies holding the next build; the other one builds it.
    with transaction.atomic():
        # The build locks its report with the requester's row: hold that row so the build
        # waits, while web B may still insert reports referring to it.
        User.objects.select_for_update(no_key=True).get(pk=curator.pk)
        seen = {worker.name: len(worker.output()) for worker in workers}
        pending = _request_report(as_curator, web_b, f"rehearsal-{uuid.uuid4().hex}")
        _wait_for(_waiting_on_a_lock, "a worker to wait for the report's lock", everyone)
        [holder] = [w for w in workers if "Task reports.build[" in w.output()[seen[w.name] :]]
        [survivor] = [w for w in workers if w is not holder]
        holder.kill()
        # Celery beat's sweep: a report still queued is enqueued again.
        task_recover_stale_reports.apply_async(queue="reports")
    pending = _report_done(pending.pk, [survivor, web_a, web_b])
    assert f"Report {pending.pk}: running -> done" in survivor.output()
    assert f"Report {pending.pk}: running -> done" not in holder.output()
    response = as_curator.get(f"{web_a.url}{reverse('reports:download', args=[pending.pk])}")
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())

    # Every file is in the bucket; no host kept one on its own disk.
    keys = portal["s3"].keys(portal["bucket"])
    assert {f"files/{report.file.name}", f"files/{pending.file.name}"} <= set(keys)
    for process in everyone:
        assert process.host.local_files() == [], process.name

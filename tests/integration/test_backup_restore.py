"""Backup and restore: `manage.py backup` writes the test database and the object store (a bucket
of moto's S3 server) to one archive; `manage.py restore`, run as a new host would, fills a fresh
database and a fresh bucket from it; a web server on the restored pair passes the smoke check:
the home page, a pool technology with its attachment, a report download."""

import io
import subprocess
import sys
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from greentech.reports.models import ReportKind, ReportStatus
from greentech.reports.services import report_request
from tests.factories import DEFAULT_PASSWORD, StaffCuratorFactory
from tests.integration.conftest import _database_url
from tests.integration.hosts import BASE_DIR, Browser, Host, WebServer, host_environment
from tests.technologies.factories import AttachmentFactory, PublishedTechnologyFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.xdist_group("celery-worker"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def fresh_database(worker_database_url):
    """An empty PostgreSQL database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _database_url({**connection.settings_dict, "NAME": name})
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _manage(env: dict, *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    return result.stdout


def test_a_backup_restored_into_a_fresh_database_and_bucket_passes_the_smoke_check(
    settings, s3_server, fresh_database, redis_url, tmp_path
):
    source = s3_server.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": s3_server.storage_options(source)}
    technology = PublishedTechnologyFactory(name="Reed-bed wastewater treatment")
    attachment = AttachmentFactory(
        technology=technology, file__data=b"%PDF-1.4\nsmoke " + uuid.uuid4().hex.encode()
    )
    curator = StaffCuratorFactory()
    with transaction.atomic():  # built when it commits (tasks run eagerly here)
        report = report_request(
            kind=ReportKind.POOL,
            format="csv",
            parameters={"start": "2000-01-01", "end": str(timezone.localdate())},
            requested_by=curator,
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    with report.file.open("rb") as handle:
        report_content = handle.read()

    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    target = s3_server.new_bucket()
    env = host_environment(
        database_url=fresh_database,
        redis_url=redis_url,
        storage_url=s3_server.storage_url(target),
    )
    output = _manage(env, "restore", str(archive))
    assert "files default: 2" in output
    assert sorted(s3_server.keys(target)) == sorted(s3_server.keys(source))

    web = WebServer(Host(tmp_path / "hosts", "restored", env)).start().wait_ready()
    try:
        browser = Browser()
        home = browser.get(f"{web.url}/")
        assert home.status_code == 200
        page = browser.get(
            f"{web.url}{reverse('technologies:pool_detail', args=[technology.slug])}"
        )
        assert page.status_code == 200
        assert "Reed-bed wastewater treatment" in page.text
        browser.log_in(web, curator.email, DEFAULT_PASSWORD)
        download = browser.get(
            f"{web.url}{reverse('technologies:attachment_download', args=[attachment.pk])}"
        )
        assert download.status_code == 200
        with attachment.file.open("rb") as handle:
            assert download.content == handle.read()
        report_download = browser.get(f"{web.url}{reverse('reports:download', args=[report.pk])}")
        assert report_download.status_code == 200
        assert report_download.content == report_content
    finally:
        web.stop()


def test_restore_refuses_a_database_that_has_tables(tmp_path, settings):
    archive = tmp_path / "backup.tar"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    with pytest.raises(CommandError, match="already has tables"):
        call_command("restore", str(archive))

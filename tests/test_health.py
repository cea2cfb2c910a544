"""/healthz, /healthz/live, /healthz/ready and `manage.py worker_health`."""

import io
import json
import os
import subprocess
import sys
import time

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory

from greentech import celery_app, health
from greentech.health import healthz
from greentech.notifications.management.commands import worker_health

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: the connection is refused at once.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def _get():
    response = healthz(RequestFactory().get("/healthz"))
    return response.status_code, json.loads(response.content)


def test_without_redis_the_portal_is_healthy_with_eager_tasks(settings):
    settings.REDIS_URL = ""

    status, body = _get()

    assert status == 200
    assert body == {"database": "ok", "redis": "not configured", "worker": "eager"}


def test_an_unreachable_redis_answers_503_quickly(settings):
    settings.REDIS_URL = UNREACHABLE_REDIS

    started = time.monotonic()
    status, body = _get()

    assert time.monotonic() - started < 3
    assert status == 503
    assert body["database"] == "ok"
    assert body["redis"] == "error"


def test_with_an_unreachable_broker_the_workers_are_not_pinged(settings, monkeypatch):
    settings.REDIS_URL = UNREACHABLE_REDIS
    monkeypatch.setitem(celery_app.conf, "CELERY_TASK_ALWAYS_EAGER", False)

    started = time.monotonic()
    status, body = _get()

    assert time.monotonic() - started < 3
    assert status == 503
    assert body == {"database": "ok", "redis": "error", "worker": "error"}


def test_the_answer_names_no_host_or_password(settings):
    settings.REDIS_URL = "redis://:s3cret-password@127.0.0.1:1/0"

    response = healthz(RequestFactory().get("/healthz"))

    assert b"s3cret" not in response.content
    assert b"127.0.0.1" not in response.content
    assert response["Cache-Control"].startswith("max-age=0")


def test_only_get_is_allowed():
    response = healthz(RequestFactory().post("/healthz"))

    assert response.status_code == 405


def test_a_broken_database_answers_503(monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    status, body = _get()

    assert status == 503
    assert body["database"] == "error"


# --- /healthz/live and /healthz/ready ----------------------------------------------------------


def _broken_database(monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)


def test_liveness_answers_through_the_whole_stack_without_the_database(client, monkeypatch):
    _broken_database(monkeypatch)

    response = client.get("/healthz/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_liveness_asks_nothing_of_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz/live").status_code == 200


def test_readiness_checks_the_database_and_the_cache(client):
    response = client.get("/healthz/ready")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}


def test_readiness_answers_503_without_the_database(client, monkeypatch):
    _broken_database(monkeypatch)

    response = client.get("/healthz/ready")

    assert response.status_code == 503
    assert response.json() == {"database": "error", "cache": "ok"}


def test_readiness_answers_503_quickly_without_the_cache(client, monkeypatch):
    unreachable = RedisCache(
        UNREACHABLE_REDIS, {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
    )
    monkeypatch.setattr(health, "cache", unreachable)

    started = time.monotonic()
    response = client.get("/healthz/ready")

    assert time.monotonic() - started < 3
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}
    assert b"127.0.0.1" not in response.content


def test_readiness_does_not_depend_on_the_workers(client, settings, monkeypatch):
    settings.REDIS_URL = UNREACHABLE_REDIS  # broker down: /healthz would answer 503
    monkeypatch.setitem(celery_app.conf, "CELERY_TASK_ALWAYS_EAGER", False)

    assert client.get("/healthz/ready").status_code == 200
    assert client.get("/healthz").status_code == 503


@pytest.mark.parametrize("path", ["/healthz/live", "/healthz/ready"])
def test_health_endpoints_refuse_writes(client, path):
    assert client.post(path).status_code == 405


# --- manage.py worker_health -------------------------------------------------------------------


def _pings(monkeypatch, names):
    monkeypatch.setitem(celery_app.conf, "CELERY_TASK_ALWAYS_EAGER", False)
    monkeypatch.setattr(health, "check_redis", lambda: health.OK)
    monkeypatch.setattr(worker_health, "check_redis", lambda: health.OK)
    replies = [{name: {"ok": "pong"}} for name in names]
    monkeypatch.setattr(celery_app.control, "ping", lambda timeout: replies)


def test_worker_health_passes_when_a_worker_of_this_host_answers(monkeypatch):
    _pings(monkeypatch, ["default@other-host", "mail@this-host"])
    out = io.StringIO()

    call_command("worker_health", "--host", "this-host", stdout=out)

    assert out.getvalue().strip() == "Answered: mail@this-host"


def test_worker_health_fails_when_only_other_hosts_answer(monkeypatch):
    _pings(monkeypatch, ["mail@other-host"])

    with pytest.raises(CommandError, match="No worker of this-host answered"):
        call_command("worker_health", "--host", "this-host", "--timeout", "1")


def test_worker_health_accepts_any_host_when_asked(monkeypatch):
    _pings(monkeypatch, ["mail@other-host"])

    call_command("worker_health", "--host", "this-host", "--any-host", stdout=io.StringIO())


def test_worker_health_fails_without_the_broker_and_pings_nobody(settings, monkeypatch):
    settings.REDIS_URL = UNREACHABLE_REDIS
    monkeypatch.setitem(celery_app.conf, "CELERY_TASK_ALWAYS_EAGER", False)
    monkeypatch.setattr(celery_app.control, "ping", lambda timeout: pytest.fail("pinged"))

    with pytest.raises(CommandError, match="broker"):
        call_command("worker_health")


def test_worker_health_exits_non_zero_from_the_shell(settings):
    """The container health check reads the exit status."""
    env = {
        **os.environ,
        "REDIS_URL": UNREACHABLE_REDIS,
        "DJANGO_SETTINGS_MODULE": "greentech.settings",
        "DEBUG": "true",  # the development key of the tests
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "worker_health", "--timeout", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "broker" in result.stderr

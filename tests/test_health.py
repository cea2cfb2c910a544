"""/healthz: the database, Redis and the workers, for the compose health checks."""

import json
import time

import pytest
from django.db import connection
from django.test import RequestFactory

from greentech import celery_app
from greentech.health import healthz

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

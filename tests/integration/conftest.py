"""A real Celery worker (a subprocess) against the pytest test database and a real Redis.

Fixtures:
- `celery_broker`: the test process publishes to Redis instead of running tasks eagerly;
  the outbox queues are emptied first.
- `celery_worker_factory`: a `CeleryWorker` not started yet (`.start()`), stopped at teardown.
- `celery_worker_process`: a started worker.

Without REDIS_URL, with Redis unreachable or without PostgreSQL, the tests are skipped, except
under CI (CI=true) where that is a failure.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import kombu.pools
import pytest
import redis
from django.conf import settings
from django.db import connection

from greentech import celery_app

BASE_DIR = Path(settings.BASE_DIR)
WORKER_QUEUES = ("default", "notifications")
# kombu's Redis transport keeps one list per queue and priority step (PRIORITY_STEPS).
_PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")
# kombu's Redis transport keeps delivered, unacknowledged messages under these keys.
UNACKED_KEYS = ("unacked", "unacked_index", "unacked_mutex")
START_TIMEOUT = 60
STOP_TIMEOUT = 20


def unavailable(reason: str):
    """Skip locally; under CI a missing service is a broken pipeline, not a skipped test."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the integration tests must run)", pytrace=False)
    pytest.skip(reason)


def _conf_key(name: str) -> str:
    # The app reads Django settings with the CELERY namespace: its keys are CELERY_<NAME>.
    return f"{celery_app.namespace}_{name}" if celery_app.namespace else name.lower()


def _reset_broker_connections():
    """Drop pooled connections so the next publish uses the current broker_url."""
    kombu.pools.reset()  # closes and forgets kombu's process-wide pools
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


class Broker:
    def __init__(self, url: str):
        self.url = url
        self.client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)

    def purge(self):
        self.client.delete(*(q + s for q in WORKER_QUEUES for s in _PRIORITY_SUFFIXES))
        # Messages a killed worker left unacknowledged: kombu would restore them later.
        self.client.delete(*UNACKED_KEYS)

    def unacked_count(self) -> int:
        return self.client.hlen("unacked")

    def queue_length(self, queue: str) -> int:
        return sum(self.client.llen(queue + s) for s in _PRIORITY_SUFFIXES)


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        unavailable("REDIS_URL is not set: the integration tests need a real Redis")
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        unavailable(f"Redis at {url} is unreachable: {exc}")
    finally:
        client.close()
    return url


@pytest.fixture
def celery_broker(redis_url):
    """Publish tasks to Redis for the duration of the test (settings made the app eager when
    REDIS_URL was unset at import time), then restore the previous configuration."""
    overrides = {_conf_key("TASK_ALWAYS_EAGER"): False, _conf_key("BROKER_URL"): redis_url}
    previous = {key: celery_app.conf.get(key) for key in overrides}
    broker = Broker(redis_url)
    broker.purge()
    _reset_broker_connections()
    celery_app.conf.update(overrides)
    try:
        yield broker
    finally:
        celery_app.conf.update(previous)
        _reset_broker_connections()
        broker.purge()
        broker.client.close()


def _database_url(database: dict) -> str:
    user = quote(database.get("USER") or "", safe="")
    password = quote(database.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = database.get("HOST") or "127.0.0.1"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(database['NAME'], safe='')}"


@pytest.fixture
def worker_database_url(transactional_db) -> str:
    """The URL of the pytest test database (pytest-django renamed it test_<name>), so the worker
    sees what the test commits."""
    if connection.vendor != "postgresql":
        unavailable(
            "The worker integration tests need PostgreSQL (set DATABASE_URL): "
            f"a separate process cannot share this {connection.vendor} test database"
        )
    return _database_url(settings.DATABASES["default"])


class CeleryWorker:
    """`celery -A greentech worker` in a subprocess, its output in a log file."""

    def __init__(self, *, env: dict, log_path: Path, mail_dir: Path):
        self.env = env
        self.log_path = log_path
        self.mail_dir = mail_dir
        self.hostname = f"integration-{uuid.uuid4().hex[:8]}@%h"
        self.process: subprocess.Popen | None = None
        self.queues = WORKER_QUEUES
        # Time limits need the prefork pool: a test may ask for it, e.g. ["-c", "2"].
        self.pool_options = ["--pool=solo", "--concurrency=1"]

    @property
    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def mail_files(self) -> list[Path]:
        return sorted(self.mail_dir.glob("*.log"))

    def start(self, timeout: float = START_TIMEOUT) -> "CeleryWorker":
        assert self.process is None, "this worker was started already"
        command = [
            sys.executable, "-m", "celery", "-A", "greentech", "worker",
            "-Q", ",".join(self.queues), *self.pool_options, "-l", "info",
            "-n", self.hostname, "--without-heartbeat", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.output():
                return self
            if not self.is_running:
                pytest.fail(f"The Celery worker exited at start:\n{self.output()[-5000:]}")
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"The Celery worker was not ready within {timeout}s:\n{self.output()[-5000:]}")

    def stop(self):
        if not self.is_running:
            return
        self.process.terminate()  # warm shutdown: unacked (acks_late) tasks go back to Redis
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)


@pytest.fixture
def celery_worker_factory(celery_broker, worker_database_url, tmp_path):
    """A worker ready to start. Stopped before the test database is flushed (this fixture
    depends on the database fixture, so it is torn down first)."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "greentech.settings",
        "DATABASE_URL": worker_database_url,
        "REDIS_URL": celery_broker.url,
        "EMAIL_FILE_PATH": str(mail_dir),
        "PYTHONUNBUFFERED": "1",
        # The worker signs links with the tests' (development) key, which needs DEBUG on.
        "DEBUG": "true",
    }
    env.pop("CELERY_BROKER_URL", None)  # would override the broker_url from settings
    worker = CeleryWorker(env=env, log_path=tmp_path / "worker.log", mail_dir=mail_dir)
    try:
        yield worker
    finally:
        worker.stop()


@pytest.fixture
def celery_worker_process(celery_worker_factory) -> CeleryWorker:
    """A running worker consuming the default and notifications queues."""
    return celery_worker_factory.start()


@pytest.fixture
def s3_server(tmp_path):
    """An S3 API server (moto's server mode) on a free port of 127.0.0.1, stopped afterwards."""
    from tests.integration.hosts import S3Server

    server = S3Server(tmp_path).start()
    try:
        yield server.wait_ready()
    finally:
        server.stop()

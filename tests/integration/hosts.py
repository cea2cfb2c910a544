"""Real processes for the multi-host tests: an S3 API server (moto's server mode), web servers
(gunicorn) and Celery workers, each started in a working directory of its own.

They share only what the portal may share between hosts: PostgreSQL, Redis and the object
store. Every process gets its own MEDIA_ROOT, STATIC_ROOT and mail folder, so a file written to
a local disk by mistake is found there (and on no other host).
"""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import pytest
import requests
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
START_TIMEOUT = 60
STOP_TIMEOUT = 20
S3_REGION = "us-east-1"
S3_KEY, S3_SECRET = "rehearsal-key", "rehearsal-secret"
SECRET_KEY = "multi-host-rehearsal-secret-key-not-for-production"
# Variables of the test run that must not reach the hosts (each host gets its own).
_HOST_PRIVATE = {
    "CELERY_BROKER_URL",
    "STORAGE_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "EMAIL_FILE_PATH",
    "SENTRY_DSN",
    "PROMETHEUS_MULTIPROC_DIR",
}


class Process:
    """A subprocess with its output in a log file; `ready` is a regular expression."""

    def __init__(self, name: str, command: list[str], *, cwd: Path, env: dict, ready: str):
        self.name = name
        self.command = command
        self.cwd = cwd
        self.env = env
        self.ready = re.compile(ready)
        self.log_path = cwd / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self.match: re.Match | None = None

    @property
    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def start(self) -> "Process":
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=self.cwd,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped whole
            )
        return self

    def wait_ready(self, timeout: float = START_TIMEOUT) -> "Process":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.match = self.ready.search(self.output())
            if self.match:
                return self
            if not self.is_running:
                pytest.fail(f"{self.name} exited at start:\n{self.output()[-5000:]}")
            time.sleep(0.1)
        pytest.fail(f"{self.name} was not ready within {timeout}s:\n{self.output()[-5000:]}")

    def kill(self) -> None:
        """SIGKILL, as when a host dies: nothing is cleaned up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT)

    def terminate(self) -> None:
        if self.is_running:
            os.killpg(self.process.pid, signal.SIGTERM)

    def stop(self) -> None:
        if not self.is_running:
            return
        self.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT)


class S3Server(Process):
    """moto's S3 API server on a free port of 127.0.0.1."""

    def __init__(self, cwd: Path):
        super().__init__(
            "s3",
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", "0"],
            cwd=cwd,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            ready=r"Running on (http://127\.0\.0\.1:\d+)",
        )

    @property
    def endpoint(self) -> str:
        return self.match.group(1)

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=S3_REGION,
            aws_access_key_id=S3_KEY,
            aws_secret_access_key=S3_SECRET,
        )

    def new_bucket(self) -> str:
        name = f"portal-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def storage_url(self, bucket: str, prefix: str = "files") -> str:
        return (
            f"s3://{S3_KEY}:{S3_SECRET}@{bucket}/{prefix}?endpoint_url={self.endpoint}"
            f"&region_name={S3_REGION}&addressing_style=path"
        )

    def keys(self, bucket: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(entry["Key"] for entry in listing.get("Contents", []))

    def storage_options(self, bucket: str, prefix: str = "files") -> dict:
        """settings.STORAGES["default"] for the test process itself."""
        from greentech.storage_config import default_storage

        return default_storage(
            {"STORAGE_URL": self.storage_url(bucket, prefix)}, presigned_expire=60
        )


def host_environment(*, database_url: str, redis_url: str, storage_url: str, **extra) -> dict:
    """What every host of one portal shares: the database, Redis, the object store, the secret
    key and a cache prefix of its own (sessions of this run only)."""
    env = {k: v for k, v in os.environ.items() if k not in _HOST_PRIVATE}
    env.update(
        DJANGO_SETTINGS_MODULE="greentech.settings",
        PYTHONPATH=str(BASE_DIR),
        PYTHONUNBUFFERED="1",
        DEBUG="false",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        DATABASE_POOL="false",  # one connection per request: few connections left open
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"rehearsal-{uuid.uuid4().hex[:8]}",
        STORAGE_URL=storage_url,
        AWS_EC2_METADATA_DISABLED="true",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Host:
    """One machine: a working directory of its own, and the folders nothing should write to."""

    def __init__(self, root: Path, name: str, env: dict, **overrides):
        self.name = name
        self.dir = root / name
        self.dir.mkdir(parents=True)
        self.media = self.dir / "media"
        self.env = {
            **env,
            "MEDIA_ROOT": str(self.media),
            "STATIC_ROOT": str(self.dir / "static"),
            "EMAIL_FILE_PATH": str(self.dir / "mail"),
            **{key: str(value) for key, value in overrides.items()},
        }

    def local_files(self) -> list[Path]:
        return [path for path in self.media.rglob("*") if path.is_file()]


class WebServer(Process):
    def __init__(self, host: Host):
        command = [
            sys.executable, "-m", "gunicorn", "greentech.wsgi:application",
            "--bind", "127.0.0.1:0", "--workers", "1", "--timeout", "60",
        ]  # fmt: skip
        super().__init__(
            f"web-{host.name}",
            command,
            cwd=host.dir,
            env=host.env,
            ready=r"Listening at: (http://127\.0\.0\.1:\d+)",
        )
        self.host = host

    @property
    def url(self) -> str:
        return self.match.group(1)


class Worker(Process):
    def __init__(self, host: Host, queues: tuple[str, ...]):
        command = [
            sys.executable, "-m", "celery", "-A", "greentech", "worker",
            "-Q", ",".join(queues), "--pool=solo", "-l", "info",
            "-n", f"{host.name}-{uuid.uuid4().hex[:6]}@%h",
            "--without-heartbeat", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        super().__init__(
            f"worker-{host.name}", command, cwd=host.dir, env=host.env, ready=r" ready\."
        )
        self.host = host


def start_all(processes) -> None:
    """Start side by side (each takes seconds to import Django), then wait for each."""
    for process in processes:
        process.start()
    for process in processes:
        process.wait_ready()


def stop_all(processes) -> None:
    """Ask all to stop at once, then wait for each."""
    for process in processes:
        process.terminate()
    for process in processes:
        process.stop()


class Browser:
    """One person's HTTP client (a cookie jar, as a browser has) talking to any host."""

    def __init__(self):
        self.session = requests.Session()

    def csrf_token(self, url: str) -> str:
        response = self.session.get(url, timeout=60)
        assert response.status_code == 200, (url, response.status_code)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def log_in(self, web: WebServer, email: str, password: str) -> None:
        url = f"{web.url}/accounts/login/"
        response = self.session.post(
            url,
            data={"csrfmiddlewaretoken": self.csrf_token(url), "username": email,
                  "password": password},
            allow_redirects=False,
            timeout=60,
        )  # fmt: skip
        assert response.status_code == 302, response.text[-2000:]

    def post_form(self, url: str, data: dict, files=None, headers=None) -> requests.Response:
        data = {"csrfmiddlewaretoken": self.csrf_token(url), **data}
        return self.session.post(
            url, data=data, files=files, headers=headers, allow_redirects=False, timeout=60
        )

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.session.get(url, timeout=60, **kwargs)

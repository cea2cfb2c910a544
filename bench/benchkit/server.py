"""The portal served by gunicorn on loopback for the benchmark: production settings (DEBUG off),
sync workers, a free port chosen at run time, stopped (with its workers) at the end."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .setup import BENCH_DIR

SITE_DIR = BENCH_DIR / "site"
READY_PATH = "/__bench__/bare/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(*, database_url: str, redis_url: str, key_prefix: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench_site.settings",
        DEBUG="false",
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        CACHE_KEY_PREFIX=key_prefix,
    )
    env.pop("CACHE_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url  # the cache and the Celery broker, as in production
    else:
        env.pop("REDIS_URL", None)
    return env


def _wait_ready(base_url: str, process: subprocess.Popen, log: Path, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(base_url + READY_PATH, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


@contextmanager
def serve(app_dir: Path, *, workers: int, env: dict):
    """Run gunicorn for the checkout in `app_dir`; yields its base URL."""
    log = Path(tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")[1])
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--chdir",
        str(app_dir),
        "--pythonpath",
        str(SITE_DIR),
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--log-level",
        "warning",
        "--error-logfile",
        str(log),
        "bench_site.wsgi:application",
    ]
    process = subprocess.Popen(command, env=env, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base_url, process, log)
        yield base_url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.unlink(missing_ok=True)


def new_key_prefix() -> str:
    return f"bench-{secrets.token_hex(4)}"

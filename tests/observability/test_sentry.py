"""Error reports go to a Sentry-compatible service only when SENTRY_DSN is set."""

import gzip
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sentry_sdk

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (
    "import django; django.setup(); import sentry_sdk\n"
    "try:\n    raise RuntimeError('report build exploded')\n"
    "except RuntimeError:\n    sentry_sdk.capture_exception()\n"
    "sentry_sdk.flush(timeout=5)\n"
)


@pytest.fixture
def collector():
    """A stand-in for the error service on 127.0.0.1: it keeps the bodies posted to it."""
    bodies = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            encoding = self.headers.get("Content-Encoding")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "br":  # the SDK compresses with brotli when it is installed
                import brotli

                body = brotli.decompress(body)
            bodies.append(body.decode(errors="replace"))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], bodies
    finally:
        server.shutdown()
        server.server_close()


def _run(env: dict):
    clean = {k: v for k, v in os.environ.items() if k not in {"SENTRY_DSN", "DATABASE_URL"}}
    subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env={**clean, "DJANGO_SETTINGS_MODULE": "greentech.settings", **env},
        cwd=ROOT,
        check=True,
        timeout=60,
    )


def test_with_a_dsn_an_error_is_reported_tagged_and_without_personal_data(collector):
    port, bodies = collector
    _run({"SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/1", "SENTRY_ENVIRONMENT": "staging"})
    [body] = bodies
    assert "report build exploded" in body
    assert '"environment":"staging"' in body.replace(" ", "")


def test_without_a_dsn_nothing_is_sent(collector):
    _port, bodies = collector
    _run({})
    assert bodies == []
    assert not sentry_sdk.get_client().is_active()  # neither in this process

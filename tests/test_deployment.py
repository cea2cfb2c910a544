"""The production-like files: docker-compose.yml and the settings read from the environment.

No Docker engine runs on the test machines, so these tests check what can be checked without
one: the compose file's shape (replicas behind a proxy, no shared disk), and that every command,
module, queue, page, setting and bucket it names exists.
"""

import importlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.core.management import get_commands
from django.urls import Resolver404, resolve

from greentech import storage_config
from greentech.observability.metrics import celery_queues

ROOT = Path(__file__).resolve().parent.parent


WORKER_SERVICES = ("mail-worker", "worker", "report-worker")
PORTAL_SERVICES = ("migrate", "web", *WORKER_SERVICES, "beat")
# Health checks compose may name before they exist (none now: every one is checked).
PENDING_HEALTH_CHECKS: set[str] = set()


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _words(value) -> list[str]:
    return shlex.split(value) if isinstance(value, str) else list(value)


def _exists_or_pending(name: str, exists: bool) -> None:
    assert exists or name in PENDING_HEALTH_CHECKS, f"{name} does not exist"


def _path_exists(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def test_compose_describes_replicas_behind_a_proxy_and_the_shared_services(compose):
    assert {*PORTAL_SERVICES, "proxy", "postgres", "redis", "minio", "bucket"} <= set(
        compose["services"]
    )


@pytest.mark.parametrize("name", ["web", *WORKER_SERVICES])
def test_web_and_worker_can_be_scaled(compose, name):
    service = compose["services"][name]
    assert "container_name" not in service
    assert "ports" not in service  # a fixed host port would clash between replicas
    assert "volumes" not in service  # no disk shared between replicas


def test_only_the_proxy_publishes_the_portal(compose):
    published = [n for n, s in compose["services"].items() if "8000:80" in s.get("ports", [])]
    assert published == ["proxy"]


def test_compose_services_have_health_checks(compose):
    for name in ["web", *WORKER_SERVICES, "postgres", "redis", "minio"]:
        assert "healthcheck" in compose["services"][name], name


def test_data_lives_in_volumes_of_the_shared_services_only(compose):
    assert set(compose["volumes"]) == {"pgdata", "redisdata", "miniodata"}


def test_every_command_of_the_portal_exists(compose, settings):
    settings.SECRET_KEY = "a-production-key-" + "x" * 40  # wsgi refuses the development key
    commands = get_commands()
    consumed = set()
    for name in PORTAL_SERVICES:
        words = _words(compose["services"][name]["command"])
        if words[:2] == ["python", "manage.py"]:
            assert words[2] in commands, name
        elif words[0] == "gunicorn":
            config = words[words.index("-c") + 1]
            assert config.startswith("python:")
            importlib.import_module(config.removeprefix("python:"))
            module_name, attribute = next(w for w in words if w.endswith(":application")).split(":")
            assert callable(getattr(importlib.import_module(module_name), attribute))
        else:
            assert words[:3] == ["celery", "-A", "greentech"], name
            assert importlib.import_module(words[2]).celery_app.main == "greentech"
            if "-Q" in words:
                queues = set(words[words.index("-Q") + 1].split(","))
                assert queues <= set(celery_queues()), name
                consumed |= queues
            if "--scheduler" in words:
                module_name, attribute = words[words.index("--scheduler") + 1].split(":")
                assert getattr(importlib.import_module(module_name), attribute)
    assert consumed == set(celery_queues())  # every queue has a worker


def test_mail_has_a_worker_of_its_own(compose):
    """A stalled mail server or a long report must not hold the other work, nor the reverse."""
    queues = {}
    for name in WORKER_SERVICES:
        words = _words(compose["services"][name]["command"])
        queues[name] = set(words[words.index("-Q") + 1].split(","))
    assert queues["mail-worker"] == {"notifications"}
    assert all("notifications" not in q for n, q in queues.items() if n != "mail-worker")
    assert "reports" not in queues["worker"]


def test_every_health_check_names_a_page_or_command_that_exists(compose):
    web_check = " ".join(compose["services"]["web"]["healthcheck"]["test"])
    [path] = re.findall(r"http://127\.0\.0\.1:8000(/[\w/-]*)", web_check)
    _exists_or_pending(path, _path_exists(path))
    assert path == "/healthz/live"  # liveness: a database outage must not restart the web
    for name in WORKER_SERVICES:
        worker_check = compose["services"][name]["healthcheck"]["test"]
        assert worker_check[:4] == ["CMD", "python", "manage.py", "worker_health"], name
        _exists_or_pending(worker_check[3], worker_check[3] in get_commands())


def _variables_the_portal_reads() -> set[str]:
    settings_source = (ROOT / "greentech" / "settings.py").read_text()
    names = set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z_]+)["']""", settings_source))
    names |= {"STORAGE_URL", "AWS_STORAGE_BUCKET_NAME", *storage_config.AWS_VARIABLES}
    names |= set(
        re.findall(
            r'os\.environ\.get\("([A-Z_]+)"', (ROOT / "greentech" / "gunicorn_conf.py").read_text()
        )
    )
    return names


def test_every_setting_compose_passes_is_read_by_the_portal(compose):
    known = _variables_the_portal_reads()
    for name in PORTAL_SERVICES:
        unknown = set(compose["services"][name]["environment"]) - known
        assert not unknown, f"{name}: {unknown}"


def test_the_portal_stores_files_in_the_bucket_compose_creates(compose):
    environment = compose["services"]["web"]["environment"]
    url = (
        environment["STORAGE_URL"]
        .replace("${MINIO_ROOT_USER:-greentech}", "u")
        .replace("${MINIO_ROOT_PASSWORD:-greentech-minio}", "p")
    )
    options = storage_config.default_storage({"STORAGE_URL": url}, presigned_expire=60)["OPTIONS"]
    assert urlsplit(options["endpoint_url"]).hostname == "minio"
    assert f"local/{options['bucket_name']}" in " ".join(compose["services"]["bucket"]["command"])
    assert compose["services"]["minio"]["image"].startswith("minio/minio")


def test_the_proxy_forwards_to_the_web_replicas_and_asks_their_readiness(compose):
    proxy = compose["services"]["proxy"]
    source, target, _mode = proxy["volumes"][0].split(":")
    caddyfile = (ROOT / source).read_text()
    assert target == "/etc/caddy/Caddyfile"
    assert re.search(r"name web\s+port 8000", caddyfile)
    assert "0.0.0.0:8000" in compose["services"]["web"]["command"]
    [path] = re.findall(r"health_uri (\S+)", caddyfile)
    assert path == "/healthz/ready"
    _exists_or_pending(path, _path_exists(path))


@pytest.mark.skipif(shutil.which("caddy") is None, reason="Caddy is not installed")
def test_caddy_accepts_the_proxy_configuration():
    result = subprocess.run(
        [
            "caddy",
            "validate",
            "--config",
            str(ROOT / "deploy" / "Caddyfile"),
            "--adapter",
            "caddyfile",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def _settings_in_subprocess(env: dict, expression: str) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(repr(({expression})))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "greentech.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_without_redis_url_tasks_run_eagerly():
    assert _settings_in_subprocess({}, "settings.CELERY_TASK_ALWAYS_EAGER") == "True"


def test_with_redis_url_tasks_go_to_the_broker():
    out = _settings_in_subprocess(
        {"REDIS_URL": "redis://127.0.0.1:6379/3"},
        "settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL",
    )
    assert out == "(False, 'redis://127.0.0.1:6379/3')"


def test_without_database_url_the_default_is_a_sqlite_file_under_the_project():
    out = _settings_in_subprocess({}, "settings.DATABASES['default']['NAME']")
    assert out == repr(str(ROOT / "var" / "db.sqlite3"))


def test_a_postgres_url_uses_psycopg_with_its_pool():
    out = _settings_in_subprocess(
        {"DATABASE_URL": "postgres://u:p@db.example:5432/portal"},
        "settings.DATABASES['default']['ENGINE'], "
        "bool(settings.DATABASES['default']['OPTIONS']['pool'])",
    )
    assert out == "('django.db.backends.postgresql', True)"


def test_celery_is_configured_to_survive_a_lost_worker():
    out = _settings_in_subprocess(
        {},
        "settings.CELERY_TASK_ACKS_LATE, settings.CELERY_TASK_REJECT_ON_WORKER_LOST, "
        "settings.CELERY_TASK_SERIALIZER",
    )
    assert out == "(True, True, 'json')"


def test_with_a_shared_cache_sessions_are_read_through_it_and_kept_in_the_database():
    out = _settings_in_subprocess(
        {"REDIS_URL": "redis://127.0.0.1:6379/3"},
        "settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND']",
    )
    assert out == repr(
        (
            "greentech.core.sessions",
            "django.core.cache.backends.redis.RedisCache",
        )
    )


def test_without_a_shared_cache_sessions_live_in_the_database_alone():
    # A per-process memory cache would keep a logged-out session alive in other processes.
    out = _settings_in_subprocess({}, "settings.SESSION_ENGINE")
    assert out == repr("django.contrib.sessions.backends.db")


def test_a_storage_url_sends_every_file_to_the_object_store():
    out = _settings_in_subprocess(
        {"STORAGE_URL": "s3://greentech/portal?endpoint_url=http://minio:9000"},
        "settings.STORAGES['default']['BACKEND'], "
        "settings.STORAGES['default']['OPTIONS']['endpoint_url']",
    )
    assert out == repr(("storages.backends.s3.S3Storage", "http://minio:9000"))


def test_the_smtp_timeout_defaults_to_ten_seconds():
    assert _settings_in_subprocess({}, "settings.EMAIL_TIMEOUT") == "10"


def test_the_smtp_timeout_of_the_email_url_is_honoured():
    out = _settings_in_subprocess(
        {"EMAIL_URL": "smtp://mail.example.org:25/?timeout=7"},
        "settings.EMAIL_TIMEOUT, settings.EMAIL_HOST",
    )
    assert out == "(7, 'mail.example.org')"


def test_email_timeout_overrides_the_url():
    out = _settings_in_subprocess(
        {"EMAIL_URL": "smtp://mail.example.org:25/?timeout=7", "EMAIL_TIMEOUT": "3"},
        "settings.EMAIL_TIMEOUT",
    )
    assert out == "3"

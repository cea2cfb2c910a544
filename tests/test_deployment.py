"""The production-like files: docker-compose.yml and the settings read from the environment.

No Docker engine runs on the test machines, so these tests check what can be checked without
one: the compose file's shape and that every module path it starts imports.
"""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_describes_web_worker_beat_postgres_and_redis(compose):
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(compose["services"])


def test_compose_services_that_serve_have_health_checks(compose):
    for name in ["web", "worker", "postgres", "redis"]:
        assert "healthcheck" in compose["services"][name], name


def test_compose_keeps_data_in_volumes(compose):
    assert {"pgdata", "redisdata", "media"} <= set(compose["volumes"])


def _command(service) -> str:
    command = service["command"]
    return command if isinstance(command, str) else " ".join(command)


def test_the_wsgi_application_compose_starts_imports(compose, settings):
    settings.SECRET_KEY = "a-production-key-" + "x" * 40  # it refuses the development key
    command = _command(compose["services"]["web"])
    target = next(word for word in command.split() if word.endswith(":application"))
    module_name, attribute = target.split(":")
    assert callable(getattr(importlib.import_module(module_name), attribute))


@pytest.mark.parametrize("service", ["worker", "beat"])
def test_the_celery_app_compose_starts_imports(compose, service):
    words = _command(compose["services"][service]).split()
    app_module = words[words.index("-A") + 1]
    module = importlib.import_module(app_module)
    assert module.celery_app.main == "greentech"


def test_the_beat_scheduler_compose_names_imports(compose):
    words = _command(compose["services"]["beat"]).split()
    module_name, attribute = words[words.index("--scheduler") + 1].split(":")
    assert getattr(importlib.import_module(module_name), attribute)


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

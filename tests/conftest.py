import pytest
from django.conf import settings
from django.utils import translation

from greentech import celery_app
from tests.factories import StaffCuratorFactory, SuperuserFactory


@pytest.fixture
def curator(db):
    """A staff user in the curator group (not a superuser): what staff really log in as."""
    return StaffCuratorFactory()


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def superuser(db):
    return SuperuserFactory()


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """Each test gets an empty memory cache of its own process, even when REDIS_URL points
    the portal's cache at Redis: cached pages or rate-limit counters never leak between tests
    or between xdist processes. Tests of the Redis cache itself override CACHES again."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests",
            "KEY_PREFIX": settings.CACHE_KEY_PREFIX,
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unreachable_cache(settings):
    """The portal's cache pointed at a Redis that refuses connections (nothing listens on port
    1); the test's own cache is given back before `isolated_cache` empties it."""
    test_caches = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "KEY_PREFIX": "test-unreachable",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield
    settings.CACHES = test_caches


@pytest.fixture(autouse=True)
def eager_celery():
    """Run tasks in-process even when REDIS_URL is set for the test run (settings choose
    eagerness at import time). Tests that need a real worker use the `celery_broker` fixture of
    tests/integration, which switches this off for their duration."""
    key = (
        f"{celery_app.namespace}_TASK_ALWAYS_EAGER" if celery_app.namespace else "task_always_eager"
    )
    previous = celery_app.conf[key]
    celery_app.conf[key] = True
    yield
    celery_app.conf[key] = previous


@pytest.fixture(autouse=True)
def default_language():
    """Requests in Chinese leave Chinese active in the thread; every test starts in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # Tests that start a real Celery worker share one Redis: run them on one xdist process.
    for item in items:
        if item.get_closest_marker("integration"):
            item.add_marker(pytest.mark.xdist_group("celery-worker"))


@pytest.fixture(scope="session", autouse=True)
def _no_stray_database_sessions(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end the sessions other processes or threads still
    hold on it (a Celery worker a test killed, a live-server request thread cut short), so the
    drop does not fail with "being accessed by other users". Torn down just before the database
    (it depends on it); PostgreSQL only."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock():
        connection.close()
        connection.close_pool()  # this process's own idle connections are not strays
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pid, application_name, state, left(query, 80) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [connection.settings_dict["NAME"]],
            )
            stray = cursor.fetchall()
            for pid, *_ in stray:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    if stray:
        print(f"\nEnded {len(stray)} stray session(s) on the test database: {stray}")

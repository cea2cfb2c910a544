"""Health endpoints. Public, cheap, and they name no host, URL or password.

- `/healthz/live` (liveness, for the web container): the process answers; it asks nothing else,
  so an outage of the database, Redis or the workers never gets a working web process restarted.
- `/healthz/ready` (readiness, for the load balancer): the database and the cache answer; 503
  when one does not, so the balancer sends requests elsewhere while this host cannot serve them.
- `/healthz` (monitoring): the database, Redis and the Celery workers:

    {"database": "ok", "redis": "ok" | "error" | "not configured",
     "worker": "ok" | "error" | "eager"}

  HTTP 200 when the database is ok and Redis and the workers are ok or not in use (no
  REDIS_URL: tasks run eagerly in the web process), 503 otherwise. Not for a load balancer: the
  pages work without the workers.

Worker health is `manage.py worker_health` (a worker of this host answers a ping).
"""

import logging

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

OK, ERROR = "ok", "error"
NOT_CONFIGURED, EAGER = "not configured", "eager"
REDIS_TIMEOUT_SECONDS = 1.0
WORKER_TIMEOUT_SECONDS = 1.0
CACHE_PROBE_KEY = "healthz:ready"

logger = logging.getLogger("greentech.health")


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database is unreachable.")
        return ERROR
    return OK


def check_redis() -> str:
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return NOT_CONFIGURED
    client = redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except Exception as exc:
        # The message may hold the host; it goes to the log, never into the response.
        logger.warning("Health check: Redis is unreachable (%s).", type(exc).__name__)
        return ERROR
    finally:
        client.close()
    return OK


def check_cache() -> str:
    """Write and read back a key in the configured cache (its client has short timeouts)."""
    try:
        cache.set(CACHE_PROBE_KEY, OK, timeout=10)
        value = cache.get(CACHE_PROBE_KEY)
    except Exception as exc:
        logger.warning("Health check: the cache is unreachable (%s).", type(exc).__name__)
        return ERROR
    return OK if value == OK else ERROR


def worker_replies(timeout: float) -> list[str]:
    """The names of the workers (`name@host`) that answer a ping within `timeout` seconds."""
    from greentech import celery_app

    replies = celery_app.control.ping(timeout=timeout)
    return sorted(name for reply in replies for name in reply)


def check_worker(redis_state: str) -> str:
    """Ask the workers for a pong (one second). Only when a broker is in use and reachable:
    pinging an unreachable broker would hang on its connection retries."""
    from greentech import celery_app

    if celery_app.conf.task_always_eager:
        return EAGER
    if redis_state != OK:
        return ERROR
    try:
        replies = worker_replies(WORKER_TIMEOUT_SECONDS)
    except Exception as exc:
        logger.warning("Health check: no answer from the workers (%s).", type(exc).__name__)
        return ERROR
    return OK if replies else ERROR


@never_cache
@require_GET
def healthz(request):
    checks = {"database": check_database(), "redis": check_redis()}
    checks["worker"] = check_worker(checks["redis"])
    healthy = (
        checks["database"] == OK
        and checks["redis"] in (OK, NOT_CONFIGURED)
        and checks["worker"] in (OK, EAGER)
    )
    return JsonResponse(checks, status=200 if healthy else 503)


@never_cache
@require_GET
def live(request):
    """The process answers. Nothing else is asked (no database, cache or broker)."""
    return JsonResponse({"status": OK})


@never_cache
@require_GET
def ready(request):
    checks = {"database": check_database(), "cache": check_cache()}
    healthy = all(state == OK for state in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)

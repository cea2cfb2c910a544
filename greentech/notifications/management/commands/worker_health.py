"""`manage.py worker_health`: does a Celery worker of this host answer? For the worker
containers' health check and for monitoring.

Exit status 0 when a worker whose name ends in `@<this host>` (Celery's default `celery@%h`, or
`-n mail@%h`) answers a ping within `--timeout` seconds; 1 when none does, or when the broker
is unreachable (checked first, with a short timeout: a ping to an unreachable broker would wait
on its connection retries). `--any-host` accepts a worker of any host (monitoring).
"""

import socket

from django.core.management.base import BaseCommand, CommandError

from greentech import celery_app
from greentech.health import OK, check_redis, worker_replies


class Command(BaseCommand):
    help = "Exit 0 when a Celery worker of this host answers a ping, non-zero otherwise."
    requires_system_checks = []  # run every minute by the container: only the ping matters

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=5.0, help="Seconds to wait for an answer."
        )
        parser.add_argument(
            "--host",
            default=socket.gethostname(),
            help="The host whose worker must answer (default: this one).",
        )
        parser.add_argument("--any-host", action="store_true", help="Accept a worker of any host.")

    def handle(self, *args, timeout, host, any_host, **options):
        if celery_app.conf.task_always_eager:
            self.stdout.write("No broker (REDIS_URL unset): tasks run in the web process.")
            return
        if check_redis() != OK:
            raise CommandError("The broker (Redis) is unreachable.")
        try:
            names = worker_replies(timeout)
        except Exception as exc:
            raise CommandError(f"No answer from the workers ({type(exc).__name__}).") from exc
        mine = [name for name in names if any_host or name.rpartition("@")[2] == host]
        if not mine:
            where = "any host" if any_host else host
            raise CommandError(f"No worker of {where} answered within {timeout:g} s.")
        self.stdout.write(f"Answered: {', '.join(mine)}")

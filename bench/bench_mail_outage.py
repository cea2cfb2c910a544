"""How long an SMTP outage delays e-mail, with the retry schedule (NOTIFICATION_RETRY_SCHEDULE).

Two figures:

1. `--simulate` (no services needed): the schedule's arithmetic. For e-mails written every
   second of an outage of `--outage` minutes, the attempts fall at 0, then after each delay of
   the schedule, each picked up by the sweep at its next run (every minute, worst case: a full
   minute late). Prints the longest and the mean delay.

2. A run (needs DATABASE_URL on PostgreSQL and REDIS_URL; it migrates that database): a real
   mail worker (prefork, two processes) and a test SMTP server that refuses connections for
   `--outage` seconds, with the schedule compressed `--scale` times (1m becomes 1s at 60) and
   the sweep run every 60/scale seconds by this script (as beat would every minute). E-mails
   are written evenly during the outage. Prints each e-mail's delay, attempts, and the totals.

    DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python bench/bench_mail_outage.py --outage 30 --mails 10
"""

import argparse
import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SCHEDULE = "1m,5m,30m,2h,6h"
SWEEP_SECONDS = 60


def simulate(schedule: list[timedelta], outage_minutes: float) -> tuple[float, float, int]:
    """(longest delay, mean delay, most attempts), in minutes, for e-mails written every second
    of the outage; the sweep runs at whole minutes (its worst phase)."""
    outage = outage_minutes * 60
    delays, attempts_needed = [], 0
    for written in range(int(outage)):
        at, attempt = float(written), 1
        while at < outage:  # refused: the next attempt is due after the next delay
            if attempt > len(schedule):
                at = None  # failed for good
                break
            due = at + schedule[attempt - 1].total_seconds()
            at = -(-due // SWEEP_SECONDS) * SWEEP_SECONDS  # the sweep's next run
            attempt += 1
        if at is None:
            continue
        delays.append((at - written) / 60)
        attempts_needed = max(attempts_needed, attempt)
    return max(delays), sum(delays) / len(delays), attempts_needed


def run(outage_seconds: float, mails: int, scale: float) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greentech.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    import redis
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from greentech.notifications import notify
    from greentech.notifications.models import Notification, NotificationStatus
    from greentech.notifications.services import notifications_resend_unsent, parse_schedule
    from tests.integration.smtp import ACCEPT, REFUSE, SmtpServer

    if not settings.REDIS_URL:
        sys.exit("Set REDIS_URL (and DATABASE_URL on PostgreSQL).")
    compressed = ",".join(
        f"{d.total_seconds() / scale:g}s" for d in parse_schedule(DEFAULT_SCHEDULE)
    )
    settings.NOTIFICATION_RETRY_SCHEDULE = compressed
    call_command("migrate", verbosity=0)
    redis.Redis.from_url(settings.REDIS_URL).delete("notifications")
    server = SmtpServer(mode=REFUSE).start()
    env = {
        **os.environ,
        "EMAIL_URL": server.url,
        "EMAIL_TIMEOUT": "2",
        "NOTIFICATION_RETRY_SCHEDULE": compressed,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("EMAIL_FILE_PATH", None)
    log = open(ROOT / "var" / "bench-mail-worker.log", "wb")  # noqa: SIM115
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "greentech", "worker", "-Q", "notifications",
         "-c", "2", "-l", "info", "-n", f"bench-{uuid.uuid4().hex[:6]}@%h",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    time.sleep(8)  # the worker starts
    token = uuid.uuid4().hex[:6]
    full_minutes = outage_seconds * scale / 60
    print(
        f"schedule {DEFAULT_SCHEDULE} compressed {scale:g}x: {compressed}; sweep every "
        f"{SWEEP_SECONDS / scale:g}s; outage {outage_seconds:g}s (= {full_minutes:g} min)"
    )
    started = time.monotonic()
    written, pks = 0, []
    last_sweep = 0.0
    try:
        while True:
            now = time.monotonic() - started
            if written < mails and now >= written * outage_seconds / mails:
                with transaction.atomic():
                    row = notify(
                        recipient="ops@example.org",
                        template="notifications/test_message",
                        context={"note": "outage bench"},
                        subject=f"Outage bench {token} #{written}",
                    )
                pks.append(row.pk)
                written += 1
            if now >= outage_seconds and server.mode != ACCEPT:
                server.set_mode(ACCEPT)
            if now - last_sweep >= SWEEP_SECONDS / scale:
                notifications_resend_unsent()
                last_sweep = now
            rows = Notification.objects.filter(pk__in=pks)
            if written == mails and not rows.exclude(status=NotificationStatus.SENT).exists():
                break
            if now > outage_seconds * 20 + 60:
                print("gave up waiting")
                break
            time.sleep(0.1)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        server.stop()
    print("mail  written(s)  sent after(s)  = at full scale (min)  attempts")
    delays = []
    for row in Notification.objects.filter(pk__in=pks).order_by("pk"):
        offset = (row.created - Notification.objects.get(pk=pks[0]).created).total_seconds()
        delay = (row.sent_at - row.created).total_seconds() if row.sent_at else float("nan")
        delays.append(delay)
        print(f"{row.subject.rsplit('#', 1)[1]:>4}  {offset:9.1f}  {delay:13.1f}  "
              f"{delay * scale / 60:21.1f}  {row.attempts:8d}")  # fmt: skip
    attempts = sum(Notification.objects.filter(pk__in=pks).values_list("attempts", flat=True))
    subjects = server.subjects()
    print(f"mails: {mails}, delivered: {len(subjects)} ({len(set(subjects))} distinct), "
          f"attempts: {attempts}, longest delay: {max(delays):.1f}s "
          f"(= {max(delays) * scale / 60:.1f} min at full scale)")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--outage", type=float, default=30, help="minutes (simulate) or seconds")
    parser.add_argument("--mails", type=int, default=10)
    parser.add_argument("--scale", type=float, default=60)
    parser.add_argument("--simulate", action="store_true")
    args = parser.parse_args()
    if args.simulate:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greentech.settings")
        import django

        django.setup()
        from greentech.notifications.services import parse_schedule

        schedule = os.environ.get("NOTIFICATION_RETRY_SCHEDULE", DEFAULT_SCHEDULE)
        longest, mean, attempts = simulate(parse_schedule(schedule), args.outage)
        print(f"schedule {schedule}, sweep every minute, outage {args.outage:g} min: longest delay "
              f"{longest:.1f} min, mean {mean:.1f} min, at most {attempts} attempts")  # fmt: skip
        return
    run(args.outage, args.mails, args.scale)


if __name__ == "__main__":
    main()

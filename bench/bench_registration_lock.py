"""Where the time goes while a confirmation holds the forum event's lock.

Registers N guests for a fresh event (capacity 20) through the public API (in process, Django's
test client), then confirms each from the link of their e-mail, and reports for the
confirmations: the request's time, the service's time and how long the event row stayed locked
(from the end of its SELECT ... FOR UPDATE to the end of the transaction), the statements run
under the lock with their times, and the functions that take the time (cProfile).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gt_bench REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python bench/bench_registration_lock.py --guests 100

Not a test: nothing is asserted. The event and its registrations stay in the database.
"""

import argparse
import cProfile
import datetime
import io
import json
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit.setup import app_dir_of, django_setup


class Timeline:
    """The statements of one confirmation: (start, end, locking?, sql)."""

    def __init__(self):
        self.marks = []

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.marks.append((began, time.perf_counter(), "FOR UPDATE" in sql, sql))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--guests", type=int, default=100)
    parser.add_argument("--app-dir", help="another checkout of the portal to measure")
    args = parser.parse_args()
    django_setup(app_dir_of(args.app_dir))
    from benchkit.registrations import CONFIRM, REGISTER, _confirm_tokens, _new_event
    from django.db import connection
    from django.test import Client

    from forums import services

    stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S%f")
    event = _new_event(stamp)
    client = Client(HTTP_HOST="127.0.0.1")
    emails = [f"lock-{n}-{stamp}@example.org" for n in range(args.guests)]
    for n, email in enumerate(emails):
        body = {"first_name": "Guest", "last_name": str(n), "email": email, "country": "KE"}
        client.post(
            REGISTER.format(slug=event.slug), json.dumps(body), content_type="application/json"
        )
    tokens = _confirm_tokens(emails)

    confirm = services.registration_confirm
    timings = []  # (request, service, locked, statements under the lock)

    def timed_confirm(**kwargs):
        timeline = Timeline()
        began = time.perf_counter()
        with connection.execute_wrapper(timeline):
            result = confirm(**kwargs)
        ended = time.perf_counter()
        first = next(n for n, mark in enumerate(timeline.marks) if mark[2])
        locked_at = timeline.marks[first][1]
        under = [((end - start) * 1000, sql) for start, end, _lock, sql in timeline.marks[first:]]
        timings.append([None, ended - began, ended - locked_at, under])
        return result

    services.registration_confirm = timed_confirm
    profile = cProfile.Profile()
    try:
        for number, token in enumerate(tokens):
            began = time.perf_counter()
            if number == len(tokens) // 5:
                profile.enable()
            client.post(CONFIRM, json.dumps({"token": token}), content_type="application/json")
            timings[-1][0] = time.perf_counter() - began
        profile.disable()
    finally:
        services.registration_confirm = confirm

    def median_ms(index):
        return statistics.median(row[index] for row in timings) * 1000

    print(
        f"{len(timings)} confirmations; medians: request {median_ms(0):.1f} ms, service "
        f"{median_ms(1):.1f} ms, event locked {median_ms(2):.1f} ms"
    )
    statements = timings[-1][3]
    print(
        f"\nUnder the lock in the last confirmation ({len(statements)} statements, "
        f"{sum(ms for ms, _sql in statements):.1f} ms in the database):"
    )
    for ms, sql in statements:
        print(f"  {ms:6.2f} ms  {' '.join(sql.split())[:110]}")
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_callees("registration_confirm")
    stats.sort_stats("tottime").print_stats(15)
    print(out.getvalue())


if __name__ == "__main__":
    main()

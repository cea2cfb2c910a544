"""The register-and-confirm path through the public API: a fresh forum event (capacity 20),
N guests registering at once, then all of them confirming from the link of their e-mail.

Registering and confirming are timed as two phases (the confirm links are read from the outbox
in between, untimed); participants per second end to end = guests / (both phases' time).
Overbooking is checked in the database at the end.
"""

import datetime
import http.client
import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from .load import QUERIES_HEADER

CAPACITY = 20
REGISTER = "/api/forum-events/{slug}/register/"
CONFIRM = "/api/forum-registrations/confirm/"


@dataclass(frozen=True)
class Phase:
    per_second: float
    p50_ms: float
    p95_ms: float
    statuses: dict[int, int]
    queries: int | None


@dataclass(frozen=True)
class RegistrationRun:
    guests: int
    register: Phase
    confirm: Phase
    participants_per_second: float
    confirmed: int
    waitlisted: int
    overbooked: int


def _post(base_url: str, path: str, body: dict) -> tuple[int, float, int | None]:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
    began = time.perf_counter()
    connection.request(
        "POST", path, json.dumps(body), {"Content-Type": "application/json", "Accept": "*/*"}
    )
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - began
    connection.close()
    queries = response.getheader(QUERIES_HEADER)
    return response.status, elapsed, int(queries) if queries is not None else None


def _phase(base_url: str, requests: list[tuple[str, dict]], concurrency: int) -> Phase:
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(lambda item: _post(base_url, *item), requests))
    wall = time.perf_counter() - began
    latencies = sorted(elapsed for _status, elapsed, _queries in results)
    statuses: dict[int, int] = {}
    for status, _elapsed, _queries in results:
        statuses[status] = statuses.get(status, 0) + 1
    queries = [q for _status, _elapsed, q in results if q is not None]
    return Phase(
        per_second=len(requests) / wall,
        p50_ms=statistics.median(latencies) * 1000,
        p95_ms=latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        statuses=statuses,
        queries=int(statistics.median(queries)) if queries else None,
    )


def _new_event(stamp: str):
    from forums.models import ForumEvent

    today = datetime.date.today()
    return ForumEvent.objects.create(
        title=f"Benchmark registration run {stamp}",
        slug=f"bench-registration-run-{stamp}",
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=31),
        city="Nairobi",
        country="KE",
        capacity=CAPACITY,
        status="open",
    )


def _confirm_tokens(emails: list[str]) -> list[str]:
    """The token of each guest's confirm link, from the e-mail written to the outbox."""
    from greentech.notifications.models import Notification

    links = {}
    for recipient, context in Notification.objects.filter(
        recipient__in=emails, template__endswith="forums_please_confirm"
    ).values_list("recipient", "context"):
        links[recipient] = context["confirm_url"]
    return [links[email].rstrip("/").rsplit("/", 1)[1] for email in emails if email in links]


def run(base_url: str, *, guests: int, concurrency: int) -> RegistrationRun:
    stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S%f")
    event = _new_event(stamp)
    emails = [f"guest-{n}-{stamp}@example.org" for n in range(guests)]
    register = _phase(
        base_url,
        [
            (
                REGISTER.format(slug=event.slug),
                {
                    "first_name": "Guest",
                    "last_name": str(n),
                    "email": email,
                    "country": ["KE", "TH", "VN", "PK"][n % 4],
                },
            )
            for n, email in enumerate(emails)
        ],
        concurrency,
    )
    tokens = _confirm_tokens(emails)
    confirm = _phase(base_url, [(CONFIRM, {"token": token}) for token in tokens], concurrency)
    statuses = _status_counts(event)
    confirmed = statuses.get("confirmed", 0)
    seconds = guests / register.per_second + len(tokens) / max(confirm.per_second, 1e-9)
    return RegistrationRun(
        guests=guests,
        register=register,
        confirm=confirm,
        participants_per_second=guests / seconds,
        confirmed=confirmed,
        waitlisted=statuses.get("waitlisted", 0),
        overbooked=max(confirmed - CAPACITY, 0),
    )


def _status_counts(event) -> dict[str, int]:
    from django.db.models import Count

    from forums.models import Registration

    rows = Registration.objects.filter(event=event).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}

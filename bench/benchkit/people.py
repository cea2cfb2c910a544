"""The benchmark's trainings and forums: programmes with a cohort a year and its applications,
forum events with their registrations, past ones and a few open for the coming months.

Found by slug ("bench-..."); a cohort or event and its people are created together, so a second
run adds nothing.
"""

import datetime
import random

from django.utils import timezone

from forums.models import ForumEvent, Registration
from training.models import Application, Cohort, Programme

from .copy import copy_objects
from .network import FIRST_YEAR, LAST_YEAR
from .vocabulary import CITIES, COUNTRIES, FIRST_NAMES, LAST_NAMES

PROGRAMMES = 8
EVENTS_PER_YEAR = 3
UPCOMING = 2  # open cohorts per programme / open events, starting in the coming months


def _person(rng: random.Random, n: int, key: str) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return {
        "first_name": first,
        "last_name": last,
        "email": f"{first}.{last}.{key}-{n}@example.org".lower(),
        "country": rng.choice(COUNTRIES[:40]),
        "institution_name": f"Benchmark institution {rng.randint(1, 400)}",
        "language": rng.choice(["en", "en", "zh-hans"]),
    }


def _status(rng: random.Random, past: bool) -> str:
    if past:
        return rng.choice(["attended", "attended", "attended", "confirmed", "cancelled"])
    return rng.choice(["confirmed", "confirmed", "pending_confirmation", "cancelled"])


def _dates(year_or_offset, upcoming: bool, rng: random.Random):
    if upcoming:
        starts = timezone.localdate() + datetime.timedelta(days=30 + 20 * year_or_offset)
    else:
        starts = datetime.date(year_or_offset, rng.randint(3, 11), rng.randint(1, 25))
    return starts, starts + datetime.timedelta(days=rng.randint(2, 14))


def _cohort_sessions():
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        yield str(year), year, False
    for k in range(UPCOMING):
        yield f"next-{k}", k, True


def ensure_training(institution_ids: list[int]) -> int:
    made = 0
    for p in range(PROGRAMMES):
        programme, _created = Programme.objects.get_or_create(
            slug=f"bench-programme-{p}",
            defaults={
                "title": f"Benchmark training programme {p + 1} on green technologies",
                "organiser_id": institution_ids[p],
                "summary": "A programme created by the benchmark data generator.",
            },
        )
        for key, value, upcoming in _cohort_sessions():
            slug = f"bench-cohort-{p}-{key}"
            if Cohort.objects.filter(slug=slug).exists():
                continue
            rng = random.Random(slug)
            starts, ends = _dates(value, upcoming, rng)
            capacity = rng.choice([20, 25, 30, 40])
            cohort = Cohort.objects.create(
                programme=programme,
                title=f"{programme.title}, session {key}",
                slug=slug,
                city=rng.choice(CITIES),
                country=rng.choice(COUNTRIES),
                starts_on=starts,
                ends_on=ends,
                capacity=capacity,
                status="open" if upcoming else "closed",
            )
            people = [_person(rng, n, slug) for n in range(capacity + rng.randint(0, 15))]
            made += copy_objects(
                Application,
                [
                    Application(
                        cohort=cohort,
                        **person,
                        position="Engineer",
                        field_of_work="Environmental engineering",
                        motivation="To learn and to share.",
                        consent_to_data_use=True,
                        status=_status(rng, not upcoming) if n < capacity else "cancelled",
                    )
                    for n, person in enumerate(people)
                ],
            )
    return made


def ensure_forums() -> int:
    made = 0
    sessions = [
        (f"{year}-{k}", year, False)
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
        for k in range(EVENTS_PER_YEAR)
    ]
    sessions += [(f"next-{k}", k, True) for k in range(UPCOMING)]
    for key, value, upcoming in sessions:
        slug = f"bench-forum-{key}"
        if ForumEvent.objects.filter(slug=slug).exists():
            continue
        rng = random.Random(slug)
        starts, ends = _dates(value, upcoming, rng)
        capacity = rng.choice([80, 120, 200])
        event = ForumEvent.objects.create(
            title=f"Benchmark forum on green cooperation {key}",
            slug=slug,
            starts_on=starts,
            ends_on=ends,
            city=rng.choice(CITIES),
            country=rng.choice(COUNTRIES),
            capacity=capacity,
            status="open" if upcoming else "closed",
            summary="A forum created by the benchmark data generator.",
        )
        made += copy_objects(
            Registration,
            [
                Registration(
                    event=event,
                    **_person(rng, n, slug),
                    status=_status(rng, not upcoming),
                )
                for n in range(int(capacity * 0.8))
            ],
        )
    return made

"""Sample sessions in the future, so the demo has something open to apply and register for.

Everything here is invented (the titles say "sample"); dates are relative to the day the demo is
loaded.
"""

from datetime import timedelta

from django.utils import timezone

from forums.models import AgendaItem, ForumEvent, ForumEventStatus, Registration, RegistrationStatus
from training.models import Application, ApplicationStatus, Cohort, CohortStatus, Module

SAMPLE_COUNTRIES = ["PK", "TH", "MY", "MM", "MN", "EG", "KE", "NG", "ET", "LK", "KZ"]
UPCOMING_CURRICULUM = [
    # day offset, kind, title, speaker
    (0, "ceremony", "Opening ceremony and introductions", ""),
    (0, "lecture", "Low-carbon transition pathways for industry", "Sample lecturer A"),
    (1, "lecture", "Process engineering for cleaner production", "Sample lecturer B"),
    (1, "case_exchange", "Participants' country cases: waste and water", ""),
    (2, "field_visit", "Field visit: a municipal solid-waste recycling plant", ""),
    (3, "workshop", "Technology transfer: from pool entry to partnership", "Sample lecturer C"),
    (4, "case_exchange", "Group presentations and closing", ""),
]


def load_upcoming_cohort(made, programme) -> Cohort:
    today = timezone.localdate()
    starts_on = today + timedelta(days=120)
    cohort = made(
        Cohort.objects.get_or_create(
            slug="shanghai-session-upcoming-sample",
            defaults={
                "programme": programme,
                "title": "Shanghai session (sample, upcoming)",
                "city": "Shanghai",
                "country": "CN",
                "venue": "Tongji University",
                "starts_on": starts_on,
                "ends_on": starts_on + timedelta(days=4),
                "application_deadline": timezone.now() + timedelta(days=90),
                "capacity": 22,
                "max_per_country": 3,
                "status": CohortStatus.OPEN,
            },
        )
    )
    for position, (offset, kind, title, speaker) in enumerate(UPCOMING_CURRICULUM, start=1):
        made(
            Module.objects.get_or_create(
                cohort=cohort,
                title=title,
                defaults={
                    "day": cohort.starts_on + timedelta(days=offset),
                    "kind": kind,
                    "speaker": speaker,
                    "position": position,
                },
            )
        )
    # 21 of 22 places taken: the next confirmation fills the cohort, the one after is waitlisted.
    for number in range(1, 22):
        made(
            Application.objects.get_or_create(
                cohort=cohort,
                email=f"upcoming-participant-{number}@example.org",
                defaults={
                    "first_name": "Participant",
                    "last_name": f"{number} (sample)",
                    "country": SAMPLE_COUNTRIES[(number - 1) % len(SAMPLE_COUNTRIES)],
                    "consent_to_data_use": True,
                    "status": ApplicationStatus.CONFIRMED,
                    "confirmed_at": timezone.now(),
                },
            )
        )
    return cohort


def load_upcoming_forum(made, organisers) -> ForumEvent:
    today = timezone.localdate()
    starts_on = today + timedelta(days=150)
    event = made(
        ForumEvent.objects.get_or_create(
            slug="green-technology-forum-upcoming-sample",
            defaults={
                "title": "Green Technology Forum (sample, upcoming)",
                "short_name": "GTF sample",
                "city": "Beijing",
                "country": "CN",
                "venue": "Institute of Process Engineering, CAS",
                "starts_on": starts_on,
                "ends_on": starts_on + timedelta(days=1),
                "capacity": 60,
                "registration_deadline": timezone.now() + timedelta(days=120),
                "status": ForumEventStatus.OPEN,
                "summary": "A sample forum to try registration in the demo.",
            },
        )
    )
    if not event.organisers.exists():
        event.organisers.set(organisers)
    start = timezone.make_aware(
        timezone.datetime.combine(starts_on, timezone.datetime.min.time().replace(hour=9))
    )
    for position, (hours, title, kind) in enumerate(
        [(0, "Opening and keynote", "keynote"), (2, "Panel: technology pools", "panel")],
        start=1,
    ):
        made(
            AgendaItem.objects.get_or_create(
                event=event,
                title=title,
                defaults={
                    "starts_at": start + timedelta(hours=hours),
                    "ends_at": start + timedelta(hours=hours + 1, minutes=30),
                    "kind": kind,
                    "position": position,
                },
            )
        )
    for number in range(1, 6):
        made(
            Registration.objects.get_or_create(
                event=event,
                email=f"forum-sample-{number}@example.org",
                defaults={
                    "first_name": "Delegate",
                    "last_name": f"{number} (sample)",
                    "country": SAMPLE_COUNTRIES[number],
                    "registration_type": "delegate",
                    "status": RegistrationStatus.CONFIRMED,
                    "confirmed_at": timezone.now(),
                },
            )
        )
    return event

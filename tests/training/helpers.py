"""Helpers for the application workflow tests: cohorts that take applications now, and the
outbox rows a service wrote."""

import datetime

from django.utils import timezone

from greentech.notifications.models import Notification
from tests.training.factories import ApplicationFactory, CohortFactory
from training.models import ApplicationStatus


def upcoming_cohort(**kwargs):
    """An open cohort starting in a month, with a deadline a week before."""
    start = timezone.localdate() + datetime.timedelta(days=30)
    defaults = {
        "starts_on": start,
        "ends_on": start + datetime.timedelta(days=11),
        "application_deadline": timezone.now() + datetime.timedelta(days=23),
    }
    defaults.update(kwargs)
    return CohortFactory(**defaults)


def confirmed(cohort, **kwargs):
    return ApplicationFactory(
        cohort=cohort, status=ApplicationStatus.CONFIRMED, confirmed_at=timezone.now(), **kwargs
    )


def waitlisted(cohort, position, **kwargs):
    return ApplicationFactory(
        cohort=cohort, status=ApplicationStatus.WAITLISTED, waitlist_position=position, **kwargs
    )


def mails_to(email, template=None):
    """The outbox rows for one address, oldest first, optionally of one template
    (e.g. "training_confirmed")."""
    rows = Notification.objects.filter(recipient=email).order_by("pk")
    if template:
        rows = rows.filter(template=f"notifications/{template}")
    return list(rows)


def templates_sent_to(email):
    return [row.template.removeprefix("notifications/") for row in mails_to(email)]

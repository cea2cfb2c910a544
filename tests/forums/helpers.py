"""Helpers for the registration workflow tests: events that take registrations now, and the
outbox rows a service wrote."""

import datetime

from django.utils import timezone

from forums.models import RegistrationStatus
from greentech.notifications.models import Notification
from tests.forums.factories import ForumEventFactory, RegistrationFactory


def upcoming_event(**kwargs):
    """An open event starting in a month, with a deadline a week before."""
    start = timezone.localdate() + datetime.timedelta(days=30)
    defaults = {
        "starts_on": start,
        "ends_on": start + datetime.timedelta(days=2),
        "registration_deadline": timezone.now() + datetime.timedelta(days=23),
    }
    defaults.update(kwargs)
    return ForumEventFactory(**defaults)


def confirmed(event, **kwargs):
    return RegistrationFactory(
        event=event, status=RegistrationStatus.CONFIRMED, confirmed_at=timezone.now(), **kwargs
    )


def waitlisted(event, position, **kwargs):
    return RegistrationFactory(
        event=event, status=RegistrationStatus.WAITLISTED, waitlist_position=position, **kwargs
    )


def mails_to(email, template=None):
    rows = Notification.objects.filter(recipient=email).order_by("pk")
    if template:
        rows = rows.filter(template=f"notifications/{template}")
    return list(rows)

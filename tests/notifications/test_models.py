import contextlib
from datetime import timedelta
from itertools import permutations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from greentech.notifications.models import (
    ALLOWED_TRANSITIONS,
    FINAL_STATES,
    RETRYABLE_STATES,
    Notification,
    NotificationStatus,
)
from greentech.notifications.services import (
    NotificationError,
    notification_attempt_done,
    notification_claim,
    notification_mark_failed,
    notification_retry,
)

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_a_sent_notification_without_sent_at_is_refused():
    notification = NotificationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.filter(pk=notification.pk).update(status=NotificationStatus.SENT)


def test_the_transition_table_covers_every_state():
    assert set(ALLOWED_TRANSITIONS) == set(NotificationStatus.values)
    assert ALLOWED_TRANSITIONS[NotificationStatus.SENT] == frozenset()
    assert {NotificationStatus.SENT, NotificationStatus.FAILED} == FINAL_STATES
    assert NotificationStatus.SENDING not in RETRYABLE_STATES


def _apply(service, notification):
    """Runs the service that moves a row towards a state; returns the state it ends in."""
    with contextlib.suppress(NotificationError):
        service(notification_id=notification.pk)
    notification.refresh_from_db()
    return notification.status


def _back_to_pending(notification_id):
    """A staff retry (from failed) and a failed attempt (from sending) lead back to pending."""
    with contextlib.suppress(NotificationError):
        notification_retry(notification_id=notification_id)
    attempt = Notification.objects.get(pk=notification_id).attempts
    notification_attempt_done(notification_id=notification_id, attempt=attempt, error="refused")


def _attempt_succeeded(notification_id):
    attempt = Notification.objects.get(pk=notification_id).attempts
    notification_attempt_done(notification_id=notification_id, attempt=attempt)


SERVICES_BY_TARGET = {
    NotificationStatus.SENDING: lambda notification_id: notification_claim(
        notification_id=notification_id
    ),
    NotificationStatus.SENT: _attempt_succeeded,
    NotificationStatus.FAILED: lambda notification_id: notification_mark_failed(
        notification_id=notification_id, error="gave up"
    ),
    NotificationStatus.PENDING: _back_to_pending,
}


@pytest.mark.parametrize(("old", "new"), list(permutations(NotificationStatus.values, 2)))
def test_services_follow_the_transition_table(old, new, mailoutbox):
    notification = NotificationFactory(
        status=old,
        attempts=1,
        sent_at=timezone.now() if old == NotificationStatus.SENT else None,
        lease_expires_at=timezone.now() + timedelta(hours=1)
        if old == NotificationStatus.SENDING
        else None,
    )

    reached = _apply(SERVICES_BY_TARGET[new], notification)

    if new in ALLOWED_TRANSITIONS[old]:
        assert reached == new
    else:
        assert reached == old


def test_a_row_being_sent_without_a_lease_is_refused():
    notification = NotificationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.filter(pk=notification.pk).update(status=NotificationStatus.SENDING)


def test_str_names_subject_and_recipient():
    notification = NotificationFactory.build(subject="Welcome", recipient="a@example.org")
    assert str(notification) == "Welcome → a@example.org"

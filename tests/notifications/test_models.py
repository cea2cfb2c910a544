import contextlib
from itertools import permutations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from greentech.notifications.models import (
    ALLOWED_TRANSITIONS,
    FINAL_STATES,
    Notification,
    NotificationStatus,
)
from greentech.notifications.services import (
    NotificationError,
    notification_mark_failed,
    notification_retry,
    notification_send,
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


def _apply(service, notification):
    """Runs the service that moves a row towards a state; returns the state it ends in."""
    with contextlib.suppress(NotificationError):
        service(notification_id=notification.pk)
    notification.refresh_from_db()
    return notification.status


SERVICES_BY_TARGET = {
    NotificationStatus.SENT: notification_send,
    NotificationStatus.FAILED: lambda notification_id: notification_mark_failed(
        notification_id=notification_id, error="gave up"
    ),
    NotificationStatus.PENDING: lambda notification_id: notification_retry(
        notification_id=notification_id
    ),
}


@pytest.mark.parametrize(("old", "new"), list(permutations(NotificationStatus.values, 2)))
def test_services_follow_the_transition_table(old, new, mailoutbox):
    sent_at = timezone.now() if old == NotificationStatus.SENT else None
    notification = NotificationFactory(status=old, sent_at=sent_at)

    reached = _apply(SERVICES_BY_TARGET[new], notification)

    if new in ALLOWED_TRANSITIONS[old]:
        assert reached == new
    else:
        assert reached == old


def test_str_names_subject_and_recipient():
    notification = NotificationFactory.build(subject="Welcome", recipient="a@example.org")
    assert str(notification) == "Welcome → a@example.org"

import pytest
from django.urls import reverse
from django.utils import timezone

from greentech.notifications.models import NotificationStatus

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notifications_notification_changelist")


def test_curator_sees_the_outbox(curator_client):
    NotificationFactory(recipient="expert@example.org", subject="Review due soon")

    response = curator_client.get(CHANGELIST, {"q": "expert", "status__exact": "pending"})

    assert response.status_code == 200
    assert b"expert@example.org" in response.content
    assert b"Review due soon" in response.content


def test_curator_sees_a_notification_read_only(curator_client):
    notification = NotificationFactory(last_error="TimeoutError: SMTP timed out")

    response = curator_client.get(
        reverse("admin:notifications_notification_change", args=[notification.pk])
    )

    assert response.status_code == 200
    assert b"TimeoutError: SMTP timed out" in response.content
    assert b'name="_save"' not in response.content
    assert b'name="recipient"' not in response.content  # no editable inputs


def test_nobody_adds_notifications_by_hand(curator_client):
    response = curator_client.get(reverse("admin:notifications_notification_add"))

    assert response.status_code == 403


def test_retry_action_requeues_failed_notifications(
    curator_client, django_capture_on_commit_callbacks, mailoutbox
):
    failed = NotificationFactory(status=NotificationStatus.FAILED, attempts=5)

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            CHANGELIST,
            {"action": "retry_notifications", "_selected_action": [failed.pk]},
            follow=True,
        )

    assert response.status_code == 200
    assert "1 notification queued for sending." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == NotificationStatus.SENT
    assert [m.to for m in mailoutbox] == [[failed.recipient]]


def test_retry_action_warns_about_sent_notifications(curator_client, mailoutbox):
    sent = NotificationFactory(
        recipient="done@example.org", status=NotificationStatus.SENT, sent_at=timezone.now()
    )

    response = curator_client.post(
        CHANGELIST, {"action": "retry_notifications", "_selected_action": [sent.pk]}, follow=True
    )

    assert "The notification to done@example.org was already sent." in response.content.decode()
    assert mailoutbox == []

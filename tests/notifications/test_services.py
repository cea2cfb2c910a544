from datetime import timedelta

import pytest
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from greentech.notifications import notify
from greentech.notifications.models import Notification, NotificationStatus
from greentech.notifications.services import (
    NotificationError,
    max_attempts,
    notification_mark_failed,
    notification_retry,
    notification_send,
    notifications_resend_unsent,
)
from greentech.notifications.tasks import task_send_notification
from tests.factories import UserFactory

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

TEMPLATE = "notifications/test_message"


def _notify(**overrides):
    kwargs = {
        "recipient": "partner@example.org",
        "template": TEMPLATE,
        "context": {"note": "Hello there"},
        "subject": "Your submission was received",
    }
    return notify(**(kwargs | overrides))


def test_notify_writes_the_row_and_sends_after_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory(email="partner@example.org")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = _notify(recipient_user=user)
        assert mailoutbox == []  # nothing leaves before the commit

    assert len(callbacks) == 1
    notification.refresh_from_db()
    assert notification.recipient_user == user
    assert notification.template == TEMPLATE
    assert notification.context == {"note": "Hello there"}
    assert notification.status == NotificationStatus.SENT
    assert notification.sent_at is not None
    assert notification.attempts == 1
    assert [m.subject for m in mailoutbox] == ["Your submission was received"]
    assert mailoutbox[0].to == ["partner@example.org"]


def test_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks, mailoutbox):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify()
        raise RuntimeError("the change failed")

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_notify_refuses_an_unknown_template():
    with pytest.raises(TemplateDoesNotExist):
        _notify(template="notifications/no_such_message")
    assert not Notification.objects.exists()


def test_notify_stores_json_context_with_dates():
    notification = _notify(context={"deadline": timezone.datetime(2025, 5, 1).date()})
    notification.refresh_from_db()
    assert notification.context == {"deadline": "2025-05-01"}


@pytest.mark.parametrize(
    ("requested", "active", "stored"),
    [
        ("zh-hans", "en", "zh-hans"),
        ("zh-cn", "en", "zh-hans"),  # closest supported variant
        ("fr", "en", "en"),  # unsupported: the site default
        (None, "zh-hans", "zh-hans"),  # default: the active language
    ],
)
def test_notify_stores_a_supported_language(requested, active, stored):
    with translation.override(active):
        notification = _notify(language=requested)
    assert notification.language == stored


def test_sending_twice_sends_one_email(mailoutbox):
    notification = NotificationFactory()

    notification_send(notification_id=notification.pk)
    notification_send(notification_id=notification.pk)
    task_send_notification.apply(kwargs={"notification_id": notification.pk})

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 1


def test_send_returns_none_when_the_row_is_gone(mailoutbox):
    assert notification_send(notification_id=987654) is None
    assert mailoutbox == []


def test_failing_backend_records_the_attempt_and_leaves_the_row_pending(failing_mail_backend):
    notification = NotificationFactory()

    with pytest.raises(ConnectionRefusedError):
        notification_send(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert notification.attempts == 1
    assert notification.sent_at is None
    assert notification.last_error == "ConnectionRefusedError: SMTP server said no"

    with pytest.raises(ConnectionRefusedError):
        notification_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.attempts == 2


def test_a_failed_row_is_not_sent_again(mailoutbox):
    notification = NotificationFactory(status=NotificationStatus.FAILED, attempts=5)

    notification_send(notification_id=notification.pk)

    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 5


def test_mark_failed_records_the_error():
    notification = NotificationFactory(attempts=5)

    notification_mark_failed(notification_id=notification.pk, error="SMTP 550 mailbox unknown")

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.last_error == "SMTP 550 mailbox unknown"


def test_mark_failed_leaves_a_sent_row_sent():
    notification = NotificationFactory(status=NotificationStatus.SENT, sent_at=timezone.now())

    notification_mark_failed(notification_id=notification.pk, error="late failure")

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.last_error == ""


def test_retry_puts_a_failed_row_back_and_sends_it(django_capture_on_commit_callbacks, mailoutbox):
    notification = NotificationFactory(
        status=NotificationStatus.FAILED, attempts=5, last_error="timeout"
    )

    with django_capture_on_commit_callbacks(execute=True):
        notification_retry(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 1  # a fresh budget, then one successful attempt
    assert [m.to for m in mailoutbox] == [[notification.recipient]]


def test_retry_refuses_a_sent_row(mailoutbox):
    notification = NotificationFactory(status=NotificationStatus.SENT, sent_at=timezone.now())

    with pytest.raises(NotificationError, match="already sent"):
        notification_retry(notification_id=notification.pk)
    assert mailoutbox == []


def _age(notification, minutes):
    # update() bypasses auto_now/auto_now_add.
    then = timezone.now() - timedelta(minutes=minutes)
    Notification.objects.filter(pk=notification.pk).update(created=then, modified=then)


def test_resend_sweep_picks_only_old_pending_rows(django_capture_on_commit_callbacks, mailoutbox):
    old_pending = NotificationFactory(recipient="lost@example.org")
    _age(old_pending, 30)
    recent_pending = NotificationFactory(recipient="recent@example.org")
    _age(recent_pending, 2)
    old_sent = NotificationFactory(status=NotificationStatus.SENT, sent_at=timezone.now())
    _age(old_sent, 30)
    old_failed = NotificationFactory(status=NotificationStatus.FAILED)
    _age(old_failed, 30)
    out_of_attempts = NotificationFactory(attempts=max_attempts())
    _age(out_of_attempts, 30)

    with django_capture_on_commit_callbacks(execute=True):
        count = notifications_resend_unsent(older_than_minutes=10)

    assert count == 1
    assert [m.to for m in mailoutbox] == [["lost@example.org"]]
    old_pending.refresh_from_db()
    assert old_pending.status == NotificationStatus.SENT
    recent_pending.refresh_from_db()
    assert recent_pending.status == NotificationStatus.PENDING


def test_resend_sweep_skips_a_row_attempted_recently(django_capture_on_commit_callbacks):
    notification = NotificationFactory(attempts=1)
    then = timezone.now() - timedelta(minutes=30)
    Notification.objects.filter(pk=notification.pk).update(created=then)

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_resend_unsent(older_than_minutes=10) == 0


def test_a_broker_outage_leaves_the_row_pending_for_the_sweep(
    django_capture_on_commit_callbacks, monkeypatch, mailoutbox, caplog
):
    def broker_down(**kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(task_send_notification, "delay", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify()  # must not raise: the change is committed already

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert mailoutbox == []
    assert "the re-send sweep will pick it up" in caplog.text

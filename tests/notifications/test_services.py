import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.template import TemplateDoesNotExist
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from greentech.notifications import notify
from greentech.notifications.models import Notification, NotificationStatus
from greentech.notifications.services import (
    NotificationError,
    max_attempts,
    notification_claim,
    notification_mark_failed,
    notification_retry,
    notification_send,
    notifications_resend_unsent,
    parse_schedule,
    retry_schedule,
)
from greentech.notifications.tasks import task_send_notification
from tests.factories import UserFactory

from .conftest import InspectingEmailBackend
from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

TEMPLATE = "notifications/test_message"
HOUR = timedelta(hours=1)


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


def test_a_failed_attempt_is_kept_and_the_next_one_scheduled_by_the_retry_schedule(
    failing_mail_backend,
):
    failing_mail_backend.NOTIFICATION_RETRY_SCHEDULE = "1m,5m"
    notification = NotificationFactory()
    before = timezone.now()

    returned = notification_send(notification_id=notification.pk)  # never raises

    notification.refresh_from_db()
    assert returned == notification
    assert notification.status == NotificationStatus.PENDING
    assert notification.attempts == 1
    assert notification.sent_at is None
    assert notification.lease_expires_at is None
    assert notification.last_error == "ConnectionRefusedError: SMTP server said no"
    assert before + timedelta(minutes=1) <= notification.next_attempt_at
    assert notification.next_attempt_at <= timezone.now() + timedelta(minutes=1)


def test_a_row_is_not_tried_again_before_its_next_attempt_is_due(failing_mail_backend):
    notification = NotificationFactory(attempts=1, next_attempt_at=timezone.now() + HOUR)

    notification_send(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.attempts == 1
    assert notification.status == NotificationStatus.PENDING


def test_the_attempts_follow_the_schedule_then_the_row_fails(failing_mail_backend):
    failing_mail_backend.NOTIFICATION_RETRY_SCHEDULE = "1m,5m,30m"
    notification = NotificationFactory()
    delays = []

    for _attempt in range(max_attempts()):
        started = timezone.now()
        notification_send(notification_id=notification.pk)
        notification.refresh_from_db()
        if notification.status == NotificationStatus.PENDING:
            delays.append(round((notification.next_attempt_at - started).total_seconds() / 60))
            Notification.objects.filter(pk=notification.pk).update(next_attempt_at=started)

    assert max_attempts() == 4
    assert delays == [1, 5, 30]
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 4
    assert notification.last_error == "ConnectionRefusedError: SMTP server said no"


def test_a_row_claimed_by_a_live_worker_is_not_sent_by_another(mailoutbox):
    notification = NotificationFactory()
    claimed = notification_claim(notification_id=notification.pk)

    notification_send(notification_id=notification.pk)  # e.g. the task delivered twice

    assert claimed.status == NotificationStatus.SENDING
    assert claimed.lease_expires_at > timezone.now()
    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENDING
    assert notification.attempts == 1


def test_a_row_whose_lease_expired_is_claimed_again_and_sent_once(mailoutbox):
    notification = NotificationFactory(
        status=NotificationStatus.SENDING, attempts=1, lease_expires_at=timezone.now() - HOUR
    )

    notification_send(notification_id=notification.pk)
    notification_send(notification_id=notification.pk)

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 2
    assert notification.lease_expires_at is None


def _row_seen_from_another_connection(subject: str) -> dict:
    """Read the row FOR UPDATE NOWAIT from a second database connection (a thread)."""
    seen = {}

    def read():
        try:
            with transaction.atomic():
                row = Notification.objects.select_for_update(nowait=True).get(subject=subject)
                seen.update(status=row.status, lease=row.lease_expires_at)
        except DatabaseError as exc:
            seen["error"] = type(exc).__name__
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return seen


@pytest.mark.django_db(transaction=True)
def test_the_mail_is_handed_over_with_no_transaction_or_lock_on_the_row(settings):
    """The SMTP exchange runs after the claim committed: while the backend works, another
    session sees the row `sending`, with its lease, and can lock it at once."""
    seen = {}
    settings.EMAIL_BACKEND = "tests.notifications.conftest.InspectingEmailBackend"
    InspectingEmailBackend.inspect = staticmethod(
        lambda message: seen.update(_row_seen_from_another_connection(message.subject))
    )
    notification = NotificationFactory(subject="Inspected")

    notification_send(notification_id=notification.pk)

    assert "error" not in seen
    assert seen["status"] == NotificationStatus.SENDING
    assert seen["lease"] is not None
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT


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
    Notification.objects.filter(pk=notification.pk).update(
        created=then, modified=then, next_attempt_at=then
    )


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


def test_resend_sweep_skips_a_row_whose_next_attempt_is_not_due(
    django_capture_on_commit_callbacks,
):
    notification = NotificationFactory(attempts=1)
    _age(notification, 30)
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now() + HOUR)

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_resend_unsent(older_than_minutes=10) == 0


def test_resend_sweep_enqueues_a_retry_as_soon_as_it_is_due_and_once(
    failing_mail_backend, django_capture_on_commit_callbacks, mailoutbox
):
    notification = NotificationFactory()
    notification_send(notification_id=notification.pk)  # fails: next attempt in a minute
    notification.refresh_from_db()
    due = notification.next_attempt_at
    failing_mail_backend.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    with django_capture_on_commit_callbacks(execute=False) as early:
        assert notifications_resend_unsent(now=due - timedelta(seconds=1)) == 0
    with django_capture_on_commit_callbacks(execute=False) as again:
        assert notifications_resend_unsent(now=due) == 1
        assert notifications_resend_unsent(now=due + timedelta(seconds=60)) == 0  # enqueued

    assert early == []
    assert len(again) == 1


def test_resend_sweep_hands_a_row_of_a_stopped_worker_to_another(
    django_capture_on_commit_callbacks, mailoutbox
):
    notification = NotificationFactory(
        status=NotificationStatus.SENDING, attempts=1, lease_expires_at=timezone.now() - HOUR
    )
    _age(notification, 120)

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_resend_unsent() == 1

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert [m.to for m in mailoutbox] == [[notification.recipient]]


def test_resend_sweep_fails_a_row_whose_last_attempt_stopped(settings):
    settings.NOTIFICATION_RETRY_SCHEDULE = "1m"
    notification = NotificationFactory(
        status=NotificationStatus.SENDING, attempts=2, lease_expires_at=timezone.now() - HOUR
    )

    assert notifications_resend_unsent() == 0

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.last_error == "The worker stopped while sending the last attempt."


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("1m,5m,30m,2h,6h", [1, 5, 30, 120, 360]), ("90s, 1d", [1.5, 1440]), ("30", [0.5])],
)
def test_the_retry_schedule_is_read_with_units(text, minutes):
    assert parse_schedule(text) == [timedelta(minutes=m) for m in minutes]


@pytest.mark.parametrize("text", ["", "5x", "0m", "-1h", "1m,,5m"])
def test_a_mistyped_retry_schedule_is_refused(text):
    with pytest.raises(ImproperlyConfigured, match="NOTIFICATION_RETRY_SCHEDULE"):
        parse_schedule(text)


def test_the_default_schedule_makes_six_attempts_over_about_nine_hours(settings):
    del settings.NOTIFICATION_RETRY_SCHEDULE

    assert max_attempts() == 6
    assert sum(retry_schedule(), timedelta()) == timedelta(hours=8, minutes=36)


def test_retry_refuses_a_row_being_sent():
    notification = NotificationFactory(
        status=NotificationStatus.SENDING, attempts=1, lease_expires_at=timezone.now() + HOUR
    )

    with pytest.raises(NotificationError, match="being sent right now"):
        notification_retry(notification_id=notification.pk)


def test_retry_makes_a_waiting_row_due_now(django_capture_on_commit_callbacks, mailoutbox):
    notification = NotificationFactory(attempts=2, next_attempt_at=timezone.now() + HOUR)

    with django_capture_on_commit_callbacks(execute=True):
        notification_retry(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 3


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

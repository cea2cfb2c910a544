"""An e-mail with a deduplication key is written once, whoever asks again."""

import pytest
from django.db import transaction

from greentech.notifications import notify
from greentech.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _notify(key: str, recipient: str = "someone@example.org"):
    return notify(
        recipient=recipient,
        template="notifications/test_message",
        context={},
        subject="Hello",
        dedupe_key=key,
    )


def test_second_notification_with_the_same_key_is_not_written():
    first = _notify("reminder:1:before")
    second = _notify("reminder:1:before")

    assert first is not None
    assert second is None
    assert Notification.objects.filter(dedupe_key="reminder:1:before").count() == 1


def test_different_keys_and_keyless_notifications_are_all_written():
    _notify("reminder:1:before")
    _notify("reminder:1:due")
    _notify("")
    _notify("")

    assert Notification.objects.count() == 4


def test_losing_the_race_leaves_the_callers_transaction_usable(monkeypatch):
    _notify("reminder:2:due")
    # Skip the existence check, as a concurrent writer that checked first would.
    monkeypatch.setattr(
        "greentech.notifications.services.Notification.objects.filter",
        lambda **kw: Notification.objects.none(),
    )
    with transaction.atomic():
        assert _notify("reminder:2:due") is None
        Notification.objects.create(recipient="x@example.org", subject="s", template="t")
    monkeypatch.undo()
    assert Notification.objects.count() == 2

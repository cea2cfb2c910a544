import pytest
from django.core.management import CommandError, call_command

from greentech.notifications.models import Notification, NotificationStatus

pytestmark = pytest.mark.django_db


def test_send_test_email_delivers_through_the_outbox(
    django_capture_on_commit_callbacks, mailoutbox, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_test_email", "--to", "ops@example.org", "--note", "after deploy")

    notification = Notification.objects.get()
    assert notification.template == "notifications/test_message"
    assert notification.status == NotificationStatus.SENT
    [message] = mailoutbox
    assert message.to == ["ops@example.org"]
    assert message.subject == "GreenTech Portal test e-mail"
    assert "after deploy" in message.body
    assert f"Notification {notification.pk} to ops@example.org" in capsys.readouterr().out


def test_send_test_email_refuses_a_bad_address(mailoutbox):
    with pytest.raises(CommandError, match="Not an e-mail address"):
        call_command("send_test_email", "--to", "not-an-address")
    assert not Notification.objects.exists()

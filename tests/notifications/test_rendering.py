import pytest
from django.utils import translation

from greentech.notifications.services import notification_send

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _sent_message(mailoutbox, **factory_kwargs):
    notification = NotificationFactory(**factory_kwargs)
    notification_send(notification_id=notification.pk)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return notification, message, html


def test_the_email_has_a_text_and_an_html_part(mailoutbox, settings):
    settings.SITE_URL = "https://portal.example.org"

    notification, message, html = _sent_message(
        mailoutbox, subject="Delivery check", context={"note": "R&D <labs> report"}
    )

    assert message.subject == "Delivery check"
    assert "e-mail delivery works" in message.body
    assert "R&D <labs> report" in message.body  # plain text: not HTML-escaped
    assert "https://portal.example.org/" in message.body
    assert "<html" not in message.body
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert "e-mail delivery works" in html
    assert "R&amp;D &lt;labs&gt; report" in html  # HTML: escaped
    assert 'href="https://portal.example.org/"' in html
    assert "<title>Delivery check</title>" in html
    assert message.extra_headers["Message-ID"].startswith(f"<notification-{notification.pk}.")
    assert message.extra_headers["Message-ID"].endswith("@portal.example.org>")


def test_the_email_is_rendered_in_the_notification_language(mailoutbox):
    _notification, message, html = _sent_message(mailoutbox, language="zh-hans")

    assert '<html lang="zh-hans">' in html
    assert "zh-hans" in message.body
    assert translation.get_language() == "en"  # the worker's language is restored


def test_the_email_is_rendered_in_english_by_default(mailoutbox):
    with translation.override("zh-hans"):  # whatever the worker happens to have active
        _notification, _message, html = _sent_message(mailoutbox, language="en")

    assert '<html lang="en">' in html

"""Absolute links written into registrants' e-mails. The pages behind these paths live in
forums/urls.py; the paths are fixed here so that e-mails already sent keep working."""

from django.conf import settings

from .models import ForumEvent, Registration
from .signing import make_confirm_token, make_manage_token

CONFIRM_PATH = "/forums/registrations/confirm/{token}/"
MANAGE_PATH = "/forums/registrations/manage/{token}/"
EVENT_PATH = "/forums/{slug}/"


def confirm_url(registration: Registration) -> str:
    return settings.SITE_URL + CONFIRM_PATH.format(token=make_confirm_token(registration))


def manage_url(registration: Registration) -> str:
    return settings.SITE_URL + MANAGE_PATH.format(token=make_manage_token(registration))


def event_url(event: ForumEvent) -> str:
    return settings.SITE_URL + EVENT_PATH.format(slug=event.slug)

"""Helpers for the account tests: links in e-mails, links signed in the past."""

import re

from django.core import signing
from django.utils import timezone

LINK = re.compile(r"https?://[^\s\"<>]+")


def link_in(message, fragment: str) -> str:
    """The path of the first link of the e-mail's text part that contains `fragment`."""
    for url in LINK.findall(message.body):
        if fragment in url:
            return "/" + url.split("://", 1)[1].split("/", 1)[1]
    raise AssertionError(f"no link with {fragment!r} in:\n{message.body}")


def html_part(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


class SignerAt(signing.TimestampSigner):
    """A signer whose clock shows another time, to make links that are already old."""

    def __init__(self, *args, seconds_ago: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.seconds_ago = seconds_ago

    def timestamp(self):
        return signing.b62_encode(int(timezone.now().timestamp()) - self.seconds_ago)


def old_token(payload: dict, *, salt: str, days_ago: int) -> str:
    return SignerAt(salt=salt, seconds_ago=days_ago * 86400).sign_object(payload)

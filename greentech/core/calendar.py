"""iCalendar (RFC 5545) files with all-day events, for "add to my calendar" links.

Small on purpose: one VCALENDAR holding one or more VEVENTs that span whole days. The format
rules that calendar programs are strict about are kept here:

- lines end with CRLF;
- content lines longer than 75 octets are folded (CRLF + one space), never inside a UTF-8
  character;
- TEXT values escape backslashes, semicolons, commas and newlines;
- an all-day DTEND is exclusive: an event on 13-14 October ends on 15 October.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

CRLF = "\r\n"
MAX_LINE_OCTETS = 75
PRODUCT_ID = "-//GreenTech Cooperation Portal//Calendar//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """An event over whole days; `ends_on` is the last day (inclusive)."""

    uid: str
    summary: str
    starts_on: datetime.date
    ends_on: datetime.date
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False

    def __post_init__(self):
        if self.ends_on < self.starts_on:
            raise ValueError("An event cannot end before it starts.")


def escape_text(value: str) -> str:
    """Escape a TEXT property value (RFC 5545, 3.3.11)."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (RFC 5545, 3.1).

    Continuation lines start with a space, which counts towards their 75 octets. A multi-byte
    UTF-8 character is never split.
    """
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_LINE_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def make_uid(*parts: object) -> str:
    """A globally unique, stable identifier: `<parts>@<the site's host name>`."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return "-".join(str(part) for part in parts) + f"@{host}"


def _date(value: datetime.date) -> str:
    return value.strftime("%Y%m%d")


def _timestamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: CalendarEvent, dtstamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{dtstamp}",
        f"DTSTART;VALUE=DATE:{_date(event.starts_on)}",
        f"DTEND;VALUE=DATE:{_date(event.ends_on + datetime.timedelta(days=1))}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        # URL is of type URI, not TEXT: no backslash escaping, but no line breaks either.
        lines.append(f"URL:{''.join(event.url.split())}")
    lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def build_calendar(
    events: Iterable[CalendarEvent],
    *,
    name: str = "",
    dtstamp: datetime.datetime | None = None,
) -> str:
    """The text of a VCALENDAR holding the given events, with CRLF line endings."""
    stamp = _timestamp(dtstamp or timezone.now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT_ID}", "CALSCALE:GREGORIAN"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines)

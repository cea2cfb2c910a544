"""Public forum pages: events, each with its agenda by day, speakers and places left, and its
calendar file. Anyone may read them; drafts are shown to staff only."""

from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from greentech.core.calendar import CalendarEvent, build_calendar, make_uid
from greentech.core.downloads import calendar_download, safe_filename

from ..models import AgendaItem, ForumEvent, ForumEventStatus
from ..selectors import events_with_places_left


def event_list(request):
    events = list(
        events_with_places_left(
            ForumEvent.objects.exclude(status=ForumEventStatus.DRAFT).prefetch_related("organisers")
        )
    )
    today = timezone.localdate()
    context = {
        "upcoming": sorted((e for e in events if e.ends_on >= today), key=lambda e: e.starts_on),
        "past": [e for e in events if e.ends_on < today],
    }
    return render(request, "forums/event_list.html", context)


@dataclass(frozen=True)
class RegistrationWindow:
    """Whether an event takes registrations now, and if not, why (a code the template words)."""

    is_open: bool
    reason: str  # open | full | draft | cancelled | closed | deadline_passed | started


def registration_window(user, event: ForumEvent) -> RegistrationWindow:
    if user.has_perm("forums.register_for_event", event):
        return RegistrationWindow(True, "full" if event.places_left <= 0 else "open")
    if event.status == ForumEventStatus.OPEN:
        reason = "deadline_passed" if event.registration_deadline else "started"
    else:
        reason = event.status
    return RegistrationWindow(False, reason)


@dataclass(frozen=True)
class AgendaDay:
    date: object
    number: int
    items: list[AgendaItem]


def agenda_by_day(event: ForumEvent) -> list[AgendaDay]:
    """The agenda grouped by day in the site's time zone, days in order."""
    items = sorted(event.agenda.all(), key=lambda item: (item.starts_at, item.position, item.pk))
    return [
        AgendaDay(date=day, number=(day - event.starts_on).days + 1, items=list(day_items))
        for day, day_items in groupby(items, key=lambda item: timezone.localdate(item.starts_at))
    ]


def visible_event(request, slug) -> ForumEvent:
    """The event with organisers, speakers, agenda and places left; 404 for a draft unless
    staff."""
    queryset = events_with_places_left(
        ForumEvent.objects.prefetch_related(
            "organisers",
            "speakers",
            Prefetch("agenda", queryset=AgendaItem.objects.prefetch_related("speakers")),
        )
    )
    event = get_object_or_404(queryset, slug=slug)
    if not request.user.has_perm("forums.see_event", event):
        raise Http404
    return event


def event_detail(request, slug):
    event = visible_event(request, slug)
    detail_path = reverse("forums:event_detail", kwargs={"slug": event.slug})
    context = {
        "event": event,
        "window": registration_window(request.user, event),
        "agenda_days": agenda_by_day(event),
        "speakers": event.speakers.all(),
        "organisers": event.organisers.all(),
        # The registration form lives at this path (its route is added with the form).
        "register_url": f"{detail_path}register/",
        "can_manage": request.user.has_perm("forums.manage_registrations", event),
    }
    return render(request, "forums/event_detail.html", context)


def event_calendar_event(event: ForumEvent) -> CalendarEvent:
    detail_url = settings.SITE_URL + reverse("forums:event_detail", kwargs={"slug": event.slug})
    place = ", ".join(part for part in (event.venue, event.city, event.country.name) if part)
    return CalendarEvent(
        uid=make_uid("forum-event", event.pk),
        summary=event.display_title,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        location=place,
        description="\n".join(part for part in (event.display_summary, detail_url) if part),
        url=detail_url,
        cancelled=event.status == ForumEventStatus.CANCELLED,
    )


def event_ics(request, slug):
    event = get_object_or_404(ForumEvent, slug=slug)
    if not request.user.has_perm("forums.see_event", event):
        raise Http404
    content = build_calendar([event_calendar_event(event)], name=event.display_title)
    return calendar_download(safe_filename(event.slug, "ics"), content)

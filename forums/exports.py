"""Participant lists, badges and statistics of a forum event, for staff (and for reports).

Pure functions over querysets: the views only wrap their results in responses.
"""

from collections.abc import Iterable, Iterator

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from greentech.core.pdf import Badge, render_badge_sheet
from greentech.core.tabular import StatTable, grouped_counts

from .models import ACTIVE_STATES, HOLDS_PLACE, ForumEvent, Registration, RegistrationStatus

S = RegistrationStatus
# Who has a place, then the waiting list in its order, then unconfirmed e-mails.
STATUS_ORDER = [S.ATTENDED, S.CONFIRMED, S.WAITLISTED, S.PENDING_CONFIRMATION, S.CANCELLED]

PARTICIPANT_HEADERS = [
    _("First name"),
    _("Last name"),
    _("E-mail"),
    _("Country"),
    _("Institution"),
    _("Registration type"),
    _("Dietary needs"),
    _("Accessibility needs"),
    _("Status"),
    _("Waitlist position"),
    _("Confirmed at"),
]


def status_rank() -> Case:
    return Case(
        *(When(status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)),
        default=Value(len(STATUS_ORDER)),
        output_field=IntegerField(),
    )


def ordered_registrations(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    """Registrations in the order staff read them."""
    return queryset.annotate(status_rank=status_rank()).order_by(
        "status_rank", "waitlist_position", "last_name", "first_name", "pk"
    )


def participants(event: ForumEvent) -> QuerySet[Registration]:
    """The event's active registrations (everything but cancelled)."""
    return ordered_registrations(
        Registration.objects.filter(event=event, status__in=sorted(ACTIVE_STATES))
    )


def local_naive(value):
    """A datetime in the site's time zone without tzinfo (spreadsheets have no time zones)."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def participant_rows(registrations: Iterable[Registration]) -> Iterator[list]:
    """One row per registration, in the columns of PARTICIPANT_HEADERS."""
    for registration in registrations:
        yield [
            registration.first_name,
            registration.last_name,
            registration.email,
            registration.country.name,
            registration.institution_name,
            registration.get_registration_type_display(),
            registration.dietary_needs,
            registration.access_needs,
            registration.get_status_display(),
            registration.waitlist_position,
            local_naive(registration.confirmed_at),
        ]


def badges(event: ForumEvent) -> list[Badge]:
    """A badge for every person holding a place (confirmed or attended), by last name."""
    holders = Registration.objects.filter(event=event, status__in=sorted(HOLDS_PLACE)).order_by(
        "last_name", "first_name", "pk"
    )
    title = event.display_title
    return [
        Badge(
            name=registration.full_name,
            institution=registration.institution_name,
            country=registration.country.name,
            event=title,
        )
        for registration in holders
    ]


def render_badges_pdf(event: ForumEvent) -> bytes:
    return render_badge_sheet(badges(event), title=event.display_title)


def event_statistics(event: ForumEvent) -> list[StatTable]:
    """Registrations by country and by registration type (active ones), and by status (all).
    Each row also counts those holding a place. Three queries."""
    everyone = Registration.objects.filter(event=event)
    active = everyone.filter(status__in=sorted(ACTIVE_STATES))
    holding = Q(status__in=sorted(HOLDS_PLACE))
    return [
        StatTable(
            key="country",
            title=_("By country"),
            rows=grouped_counts(
                active, "country", holding_place=holding, label=lambda code: countries.name(code)
            ),
        ),
        StatTable(
            key="registration_type",
            title=_("By registration type"),
            rows=grouped_counts(
                active,
                "registration_type",
                holding_place=holding,
                label=lambda value: Registration.Type(value).label,
                order=Registration.Type.values,
            ),
        ),
        StatTable(
            key="status",
            title=_("By status"),
            rows=grouped_counts(
                everyone,
                "status",
                holding_place=holding,
                label=lambda status: S(status).label,
                order=STATUS_ORDER,
            ),
        ),
    ]

"""Participant lists, badges and statistics of a cohort, for staff (and for reports).

Pure functions over querysets: the views only wrap their results in responses.
"""

from collections.abc import Iterable, Iterator

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from centres.models import InstitutionKind
from greentech.core.pdf import Badge, render_badge_sheet
from greentech.core.tabular import StatTable, grouped_counts

from .models import ACTIVE_STATES, HOLDS_PLACE, Application, ApplicationStatus, Cohort

S = ApplicationStatus
# Staff read a list as: who has a place, who waits for a decision, who is on the waiting list
# (in its order), who has not confirmed their e-mail yet.
STATUS_ORDER = [
    S.ATTENDED,
    S.CONFIRMED,
    S.PENDING_SELECTION,
    S.WAITLISTED,
    S.PENDING_CONFIRMATION,
    S.DECLINED,
    S.CANCELLED,
]

PARTICIPANT_HEADERS = [
    _("First name"),
    _("Last name"),
    _("E-mail"),
    _("Country"),
    _("Institution"),
    _("Institution kind"),
    _("Position"),
    _("Field of work"),
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


def ordered_applications(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Applications with their known institution, in the order staff read them."""
    return (
        queryset.select_related("institution")
        .annotate(status_rank=status_rank())
        .order_by("status_rank", "waitlist_position", "last_name", "first_name", "pk")
    )


def participants(cohort: Cohort) -> QuerySet[Application]:
    """The cohort's active applications (everything but cancelled and declined)."""
    return ordered_applications(
        Application.objects.filter(cohort=cohort, status__in=sorted(ACTIVE_STATES))
    )


def institution_label(application: Application) -> str:
    if application.institution_id is not None:
        return application.institution.name
    return application.institution_name


def institution_kind_label(kind: str | None) -> str:
    if kind in InstitutionKind.values:
        return str(InstitutionKind(kind).label)
    return str(_("unknown"))


def local_naive(value):
    """A datetime in the site's time zone without tzinfo (spreadsheets have no time zones)."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def participant_rows(applications: Iterable[Application]) -> Iterator[list]:
    """One row per application, in the columns of PARTICIPANT_HEADERS."""
    for application in applications:
        kind = application.institution.kind if application.institution_id else None
        yield [
            application.first_name,
            application.last_name,
            application.email,
            application.country.name,
            institution_label(application),
            institution_kind_label(kind),
            application.position,
            application.field_of_work,
            application.get_status_display(),
            application.waitlist_position,
            local_naive(application.confirmed_at),
        ]


def badges(cohort: Cohort) -> list[Badge]:
    """A badge for every person holding a place (confirmed or attended), by last name."""
    holders = (
        Application.objects.filter(cohort=cohort, status__in=sorted(HOLDS_PLACE))
        .select_related("institution")
        .order_by("last_name", "first_name", "pk")
    )
    event = cohort.display_title
    return [
        Badge(
            name=application.full_name,
            institution=institution_label(application),
            country=application.country.name,
            event=event,
        )
        for application in holders
    ]


def render_badges_pdf(cohort: Cohort) -> bytes:
    return render_badge_sheet(badges(cohort), title=cohort.display_title)


def cohort_statistics(cohort: Cohort) -> list[StatTable]:
    """Applications by country and by institution kind (active ones), and by status (all).
    Each row also counts those holding a place. Three queries."""
    everyone = Application.objects.filter(cohort=cohort)
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
            key="institution_kind",
            title=_("By institution kind"),
            rows=grouped_counts(
                active,
                "institution__kind",
                holding_place=holding,
                label=institution_kind_label,
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

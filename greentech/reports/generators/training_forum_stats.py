"""Training and forum statistics for the cohorts and forum events starting within a period.

Per cohort (and per applicant country): applications received (every status), accepted
(confirmed or attended: holding a place), attended, certificates issued, waitlisted, cancelled.
Per forum event (and per registrant country): registrations, participants (confirmed or
attended), attended, waitlisted, cancelled.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from forums.models import HOLDS_PLACE as FORUM_HOLDS_PLACE
from forums.models import ForumEvent, Registration, RegistrationStatus
from greentech.core.models import localized
from training.models import HOLDS_PLACE as TRAINING_HOLDS_PLACE
from training.models import Application, ApplicationStatus, Cohort

from ..charts import BarChart, Series
from .base import Figure, ReportDocument, Section, Table, percent
from .common import country_name, period_text

A = ApplicationStatus
R = RegistrationStatus


def _application_counts(prefix: str = "") -> dict:
    """Counts of applications; `prefix` reaches them from another model ("applications__")."""
    field = f"{prefix}pk"

    def status_in(*states):
        return Q(**{f"{prefix}status__in": sorted(states)})

    return {
        "applied": Count(field, distinct=True),
        "accepted": Count(field, filter=status_in(*TRAINING_HOLDS_PLACE), distinct=True),
        "attended": Count(field, filter=status_in(A.ATTENDED), distinct=True),
        "certificates": Count(f"{prefix}certificate", distinct=True),
        "waitlisted": Count(field, filter=status_in(A.WAITLISTED), distinct=True),
        "cancelled": Count(field, filter=status_in(A.CANCELLED), distinct=True),
    }


def _registration_counts(prefix: str = "") -> dict:
    field = f"{prefix}pk"

    def status_in(*states):
        return Q(**{f"{prefix}status__in": sorted(states)})

    return {
        "registered": Count(field, distinct=True),
        "participants": Count(field, filter=status_in(*FORUM_HOLDS_PLACE), distinct=True),
        "attended": Count(field, filter=status_in(R.ATTENDED), distinct=True),
        "waitlisted": Count(field, filter=status_in(R.WAITLISTED), distinct=True),
        "cancelled": Count(field, filter=status_in(R.CANCELLED), distinct=True),
    }


TRAINING_COLUMNS = ("applied", "accepted", "attended", "certificates", "waitlisted", "cancelled")
FORUM_COLUMNS = ("registered", "participants", "attended", "waitlisted", "cancelled")


def _training_headers() -> list[str]:
    return [
        _("Applications"),
        _("Accepted"),
        _("Attended"),
        _("Certificates"),
        _("Waitlisted"),
        _("Cancelled"),
    ]


def _forum_headers() -> list[str]:
    return [
        _("Registrations"),
        _("Participants"),
        _("Attended"),
        _("Waitlisted"),
        _("Cancelled"),
    ]


def _chart(title, rows, first, columns, names) -> BarChart:
    return BarChart(
        title=title,
        labels=[str(row[0]) for row in rows],
        series=[
            Series(name, [row[first + index] for row in rows])
            for index, name in zip(columns, names, strict=True)
        ],
    )


def _cohorts(start, end) -> Table:
    cohorts = (
        Cohort.objects.filter(starts_on__gte=start, starts_on__lte=end)
        .select_related("programme")
        .annotate(**_application_counts("applications__"))
        .order_by("starts_on", "title")
    )
    rows = [
        [
            localized(cohort, "title"),
            localized(cohort.programme, "title"),
            cohort.city,
            cohort.starts_on,
            cohort.capacity,
            *(getattr(cohort, column) for column in TRAINING_COLUMNS),
        ]
        for cohort in cohorts
    ]
    headers = [_("Cohort"), _("Programme"), _("City"), _("Starts on"), _("Capacity")]
    return Table.of(
        "cohorts",
        _("Training by cohort"),
        [*headers, *_training_headers()],
        rows,
        chart=_chart(
            _("Applications, accepted and attended by cohort"),
            rows,
            5,
            (0, 1, 2),
            (_("Applications"), _("Accepted"), _("Attended")),
        ),
    )


def _training_countries(start, end) -> Table:
    grouped = (
        Application.objects.filter(cohort__starts_on__gte=start, cohort__starts_on__lte=end)
        .order_by()
        .values("country")
        .annotate(**_application_counts())
    )
    rows = sorted(
        (
            [country_name(entry["country"]), *(entry[column] for column in TRAINING_COLUMNS)]
            for entry in grouped
        ),
        key=lambda row: (-row[1], row[0]),
    )
    return Table.of(
        "training_countries",
        _("Training by applicant country"),
        [_("Country"), *_training_headers()],
        rows,
        chart=_chart(
            _("Training applications and attendance by country"),
            rows,
            1,
            (0, 2),
            (_("Applications"), _("Attended")),
        ),
    )


def _events(start, end) -> Table:
    events = (
        ForumEvent.objects.filter(starts_on__gte=start, starts_on__lte=end)
        .annotate(**_registration_counts("registrations__"))
        .order_by("starts_on", "title")
    )
    rows = [
        [
            localized(event, "title"),
            event.city,
            event.starts_on,
            event.capacity,
            *(getattr(event, column) for column in FORUM_COLUMNS),
        ]
        for event in events
    ]
    headers = [_("Forum event"), _("City"), _("Starts on"), _("Capacity")]
    return Table.of(
        "events",
        _("Forums by event"),
        [*headers, *_forum_headers()],
        rows,
        chart=_chart(
            _("Registrations, participants and attendance by event"),
            rows,
            4,
            (0, 1, 2),
            (_("Registrations"), _("Participants"), _("Attended")),
        ),
    )


def _forum_countries(start, end) -> Table:
    grouped = (
        Registration.objects.filter(event__starts_on__gte=start, event__starts_on__lte=end)
        .order_by()
        .values("country")
        .annotate(**_registration_counts())
    )
    rows = sorted(
        (
            [country_name(entry["country"]), *(entry[column] for column in FORUM_COLUMNS)]
            for entry in grouped
        ),
        key=lambda row: (-row[1], row[0]),
    )
    return Table.of(
        "forum_countries",
        _("Forums by registrant country"),
        [_("Country"), *_forum_headers()],
        rows,
        chart=_chart(
            _("Forum registrations and participants by country"),
            rows,
            1,
            (0, 1),
            (_("Registrations"), _("Participants")),
        ),
    )


def _total(table: Table, column: int) -> int:
    return sum(row[column] for row in table.rows)


def build(parameters: dict) -> ReportDocument:
    start, end = parameters["start"], parameters["end"]
    cohorts = _cohorts(start, end)
    training_countries = _training_countries(start, end)
    events = _events(start, end)
    forum_countries = _forum_countries(start, end)
    applied, accepted = _total(training_countries, 1), _total(training_countries, 2)
    registered, participants = _total(forum_countries, 1), _total(forum_countries, 2)
    training_figures = [
        Figure(_("Cohorts"), cohorts.size, "cohorts"),
        Figure(_("Applications"), applied, "applications"),
        Figure(_("Accepted"), accepted, "accepted"),
        Figure(_("Acceptance rate (%)"), percent(accepted, applied), "acceptance_rate"),
        Figure(_("Attended"), _total(training_countries, 3), "attended"),
        Figure(_("Certificates"), _total(training_countries, 4), "certificates"),
        Figure(_("Applicant countries"), training_countries.size, "training_countries"),
    ]
    forum_figures = [
        Figure(_("Forum events"), events.size, "events"),
        Figure(_("Registrations"), registered, "registrations"),
        Figure(_("Participants"), participants, "participants"),
        Figure(_("Attended"), _total(forum_countries, 3), "forum_attended"),
        Figure(_("Registrant countries"), forum_countries.size, "forum_countries"),
    ]
    return ReportDocument(
        title=str(_("Training and forum statistics")),
        subtitle=period_text(start, end),
        sections=[
            Section(
                title=_("Training"),
                intro=_(
                    "Cohorts starting in the period. Applications count every application "
                    "received; accepted ones hold a place (confirmed or attended)."
                ),
                figures=training_figures,
                tables=[cohorts, training_countries],
            ),
            Section(
                title=_("Forums"),
                intro=_(
                    "Forum events starting in the period. Participants hold a place "
                    "(confirmed or attended)."
                ),
                figures=forum_figures,
                tables=[events, forum_countries],
            ),
        ],
    )

"""Cooperation annual report for one calendar year, in the spirit of the network's Green Tech
Report: key figures, centres, joint laboratories and their outputs, transfer cases with their
impact, trainees and forum participants by country and by year.

What "in the year" means:
- centres: established in or before the year (or with no known date);
- joint laboratories: active or closed, established in or before the year (or no known date)
  and not closed before it; planned ones are left out;
- outputs and transfer cases: those recorded for the year;
- trainees: distinct people (by e-mail) who attended, or earned a certificate in, a cohort
  starting in the year; forum participants: confirmed or attended registrations for events
  starting in the year (a person at two events counts twice), as in the key figures.
"""

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear, Lower
from django.utils.translation import gettext as _

from centres.selectors import centre_list
from forums.models import HOLDS_PLACE as FORUM_HOLDS_PLACE
from forums.models import Registration
from greentech.core.models import localized
from greentech.figures import key_figures
from labs.models import LabOutput, LabStatus
from labs.selectors import joint_lab_list
from technologies.selectors import transfer_case_list
from training.models import Application, ApplicationStatus

from ..charts import BarChart, Series
from .base import Figure, ReportDocument, Section, Table
from .common import country_name, country_names, indicators_text

TRAINEE = Q(status=ApplicationStatus.ATTENDED) | Q(certificate__isnull=False)
FORUM_PARTICIPANT = Q(status__in=sorted(FORUM_HOLDS_PLACE))


def trainees() -> QuerySet[Application]:
    return Application.objects.filter(TRAINEE)


def forum_participants() -> QuerySet[Registration]:
    return Registration.objects.filter(FORUM_PARTICIPANT)


def _centres(year: int) -> Table:
    centres = centre_list().filter(Q(established__isnull=True) | Q(established__year__lte=year))
    rows = [
        [
            localized(centre, "name"),
            localized(centre.host_institution, "name"),
            country_name(centre.host_institution.country.code),
            localized(centre.parent, "name") if centre.parent else "",
            centre.established,
            ", ".join(area.display_name for area in centre.focus_areas.all()),
        ]
        for centre in centres.order_by("name")
    ]
    headers = [
        _("Centre"),
        _("Host institution"),
        _("Country"),
        _("Parent centre"),
        _("Established"),
        _("Focus areas"),
    ]
    return Table.of("centres", _("Centres of excellence"), headers, rows)


def _labs(year: int) -> Table:
    labs = (
        joint_lab_list()
        .exclude(status=LabStatus.PLANNED)
        .filter(Q(established__isnull=True) | Q(established__year__lte=year))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__year__gte=year))
        .annotate(outputs_in_year=Count("outputs", filter=Q(outputs__year=year), distinct=True))
        .order_by("name")
    )
    rows = [
        [
            localized(lab, "name"),
            str(lab.centre),
            lab.get_status_display(),
            lab.established,
            country_names(lab.partner_countries),
            ", ".join(localized(partner.institution, "name") for partner in lab.partners.all()),
            lab.outputs_in_year,
        ]
        for lab in labs
    ]
    headers = [
        _("Joint laboratory"),
        _("Centre"),
        _("Status"),
        _("Established"),
        _("Partner countries"),
        _("Partner institutions"),
        _("Outputs in the year"),
    ]
    return Table.of("labs", _("Joint laboratories"), headers, rows)


def _outputs_by_kind(year: int) -> Table:
    counts = dict(
        LabOutput.objects.filter(year=year)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    rows = [[kind.label, counts.get(kind.value, 0)] for kind in LabOutput.Kind]
    return Table.of(
        "outputs_by_kind",
        _("Lab outputs by kind"),
        [_("Kind"), _("Outputs")],
        rows,
        chart=BarChart(
            _("Lab outputs by kind"),
            [row[0] for row in rows],
            [Series(_("Outputs"), [row[1] for row in rows])],
        ),
    )


def _outputs(year: int) -> Table:
    outputs = (
        LabOutput.objects.filter(year=year)
        .select_related("lab")
        .order_by("lab__name", "kind", "title")
    )
    rows = [
        [localized(output.lab, "name"), output.get_kind_display(), output.title, output.link]
        for output in outputs
    ]
    headers = [_("Joint laboratory"), _("Kind"), _("Title"), _("Link")]
    return Table.of("outputs", _("Lab outputs"), headers, rows)


def _transfer_cases(year: int) -> Table:
    cases = transfer_case_list().filter(year=year).order_by("country", "title")
    rows = [
        [
            localized(case, "title"),
            country_name(case.country.code),
            localized(case.partner, "name") if case.partner else "",
            localized(case.technology, "name") if case.technology else "",
            indicators_text(case.indicators.all()),
        ]
        for case in cases
    ]
    headers = [
        _("Transfer case"),
        _("Country"),
        _("Partner"),
        _("Technology"),
        _("Impact indicators"),
    ]
    return Table.of("transfer_cases", _("Transfer cases and their impact"), headers, rows)


def people_by_country(year: int) -> list[list]:
    """[country, trainees, forum participants] for cohorts and events starting in `year`."""
    trained = dict(
        trainees()
        .filter(cohort__starts_on__year=year)
        .order_by()
        .values("country")
        .annotate(people=Count(Lower("email"), distinct=True))
        .values_list("country", "people")
    )
    delegates = dict(
        forum_participants()
        .filter(event__starts_on__year=year)
        .order_by()
        .values("country")
        .annotate(n=Count("pk"))
        .values_list("country", "n")
    )
    rows = [
        [country_name(code), trained.get(code, 0), delegates.get(code, 0)]
        for code in set(trained) | set(delegates)
    ]
    return sorted(rows, key=lambda row: (-(row[1] + row[2]), row[0]))


def people_by_year(up_to: int) -> list[list]:
    """[year, trainees, forum participants] for every year up to `up_to` with any."""
    trained = dict(
        trainees()
        .filter(cohort__starts_on__year__lte=up_to)
        .annotate(year=ExtractYear("cohort__starts_on"))
        .order_by()
        .values("year")
        .annotate(people=Count(Lower("email"), distinct=True))
        .values_list("year", "people")
    )
    delegates = dict(
        forum_participants()
        .filter(event__starts_on__year__lte=up_to)
        .annotate(year=ExtractYear("event__starts_on"))
        .order_by()
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    years = sorted(set(trained) | set(delegates))
    return [[year, trained.get(year, 0), delegates.get(year, 0)] for year in years]


def trainee_total(year: int) -> int:
    """Distinct people trained in cohorts starting in `year`."""
    return (
        trainees()
        .filter(cohort__starts_on__year=year)
        .aggregate(people=Count(Lower("email"), distinct=True))["people"]
    )


def _series(names, rows) -> list[Series]:
    """One series per name, from the columns after the label."""
    return [Series(name, [row[i + 1] for row in rows]) for i, name in enumerate(names)]


def _people_tables(year: int) -> list[Table]:
    headers = [_("Country"), _("Trainees"), _("Forum participants")]
    by_country = people_by_country(year)
    by_year = people_by_year(year)
    series_names = (_("Trainees"), _("Forum participants"))
    return [
        Table.of(
            "people_by_country",
            _("Trainees and forum participants by country (%(year)s)") % {"year": year},
            headers,
            by_country,
            chart=BarChart(
                _("Trainees and forum participants by country"),
                [row[0] for row in by_country],
                _series(series_names, by_country),
            ),
        ),
        Table.of(
            "people_by_year",
            _("Trainees and forum participants by year"),
            [_("Year"), _("Trainees"), _("Forum participants")],
            by_year,
            chart=BarChart(
                _("Trainees and forum participants by year"),
                [str(row[0]) for row in by_year],
                _series(series_names, by_year),
            ),
        ),
    ]


def build(parameters: dict) -> ReportDocument:
    year = parameters["year"]
    centres = _centres(year)
    labs = _labs(year)
    outputs_by_kind = _outputs_by_kind(year)
    transfer_cases = _transfer_cases(year)
    people = _people_tables(year)
    outputs_total = sum(row[1] for row in outputs_by_kind.rows)
    people_rows = people[0].rows
    network = [Figure(str(figure.label), figure.value, figure.key) for figure in key_figures()]
    in_year = [
        Figure(_("Centres"), centres.size, "centres"),
        Figure(_("Joint laboratories in operation"), labs.size, "labs"),
        Figure(_("Lab outputs"), outputs_total, "outputs"),
        Figure(_("Transfer cases"), transfer_cases.size, "transfer_cases"),
        Figure(_("Trainees"), trainee_total(year), "trainees"),
        Figure(_("Forum participants"), sum(row[2] for row in people_rows), "forum_participants"),
        Figure(_("Countries of trainees and forum participants"), len(people_rows), "countries"),
    ]
    return ReportDocument(
        title=str(_("Cooperation annual report")),
        subtitle=str(year),
        sections=[
            Section(
                title=_("Key figures of the network"),
                intro=_("Totals for the whole network on the day this report was made."),
                figures=network,
            ),
            Section(title=_("The year in figures"), figures=in_year),
            Section(title=_("Centres of excellence"), tables=[centres]),
            Section(
                title=_("Joint laboratories and their outputs"),
                tables=[labs, outputs_by_kind, _outputs(year)],
            ),
            Section(title=_("Transfer cases and their impact"), tables=[transfer_cases]),
            Section(
                title=_("Trainees and forum participants"),
                intro=_(
                    "Trainees: distinct people who attended, or earned a certificate in, a "
                    "cohort. Forum participants: confirmed or attended registrations."
                ),
                tables=people,
            ),
        ],
    )

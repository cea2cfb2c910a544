"""Country profile: everything the network does with one partner country.

- joint laboratories: the country is among the lab's partner countries, or one of the lab's
  partner institutions is from it (leaving out a lab whose centre is hosted in that country:
  a Chinese sponsor of a Chinese centre's lab does not make China a partner country);
- partner institutions: the institutions of the directory located in the country;
- technologies provided: published pool entries whose provider is from the country
  (streamed: a large provider country can have thousands);
- technologies transferred: transfer cases to the country, with their impact indicators;
- trainees and forum delegates from the country, per cohort and per event;
- technology needs stated for the country (published or not).
"""

from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from centres.models import Institution
from forums.models import HOLDS_PLACE as FORUM_HOLDS_PLACE
from forums.models import ForumEvent, Registration, RegistrationStatus
from greentech.core.models import localized
from labs.selectors import labs_with_country
from technologies.models import PUBLISHED_STATES, Technology, TechnologyNeed
from technologies.selectors import transfer_case_list
from training.models import HOLDS_PLACE as TRAINING_HOLDS_PLACE
from training.models import Application, ApplicationStatus, Cohort

from ..charts import BarChart, Series
from .base import Figure, ReportDocument, Section, Table, local_date
from .common import chunk_size, country_name, country_names, indicators_text


def _labs(code: str) -> Table:
    rows = [
        [
            localized(lab, "name"),
            str(lab.centre),
            lab.get_status_display(),
            lab.established,
            country_names(lab.partner_countries),
            ", ".join(
                localized(partner.institution, "name")
                for partner in lab.partners.all()
                if partner.institution.country.code == code
            ),
            lab.outputs_count,
        ]
        for lab in labs_with_country(code).order_by("name")
    ]
    headers = [
        _("Joint laboratory"),
        _("Centre"),
        _("Status"),
        _("Established"),
        _("Partner countries"),
        _("Partner institutions from the country"),
        _("Outputs"),
    ]
    return Table.of("labs", _("Joint laboratories"), headers, rows)


def _institutions(code: str) -> Table:
    institutions = (
        Institution.objects.filter(country=code)
        .annotate(
            lab_count=Count("lab_partnerships", distinct=True),
            published=Count(
                "technologies",
                filter=Q(technologies__status__in=sorted(PUBLISHED_STATES)),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    rows = [
        [
            localized(institution, "name"),
            institution.get_kind_display(),
            institution.city,
            institution.lab_count,
            institution.published,
        ]
        for institution in institutions
    ]
    headers = [
        _("Institution"),
        _("Kind"),
        _("City"),
        _("Joint laboratories"),
        _("Technologies in the pool"),
    ]
    return Table.of("institutions", _("Partner institutions"), headers, rows)


def _provided(code: str) -> Table:
    technologies = (
        Technology.objects.published()
        .filter(provider__country=code)
        .select_related("provider", "green_area")
        .order_by("green_area__position", "name", "pk")
    )

    def rows():
        for technology in technologies.iterator(chunk_size=chunk_size()):
            yield [
                localized(technology, "name"),
                localized(technology.provider, "name"),
                localized(technology.green_area, "name"),
                technology.trl,
                local_date(technology.published_at),
            ]

    headers = [_("Technology"), _("Provider"), _("Green area"), _("TRL"), _("Published on")]
    return Table(
        key="technologies_provided",
        title=_("Technologies provided"),
        headers=headers,
        rows=rows,
        size=technologies.count(),
    )


def _transferred(code: str) -> Table:
    cases = transfer_case_list().filter(country=code).order_by("-year", "title")
    rows = [
        [
            localized(case, "title"),
            localized(case.technology, "name") if case.technology else "",
            localized(case.partner, "name") if case.partner else "",
            case.year,
            indicators_text(case.indicators.all()),
        ]
        for case in cases
    ]
    headers = [
        _("Transfer case"),
        _("Technology"),
        _("Partner"),
        _("Year"),
        _("Impact indicators"),
    ]
    return Table.of("technologies_transferred", _("Technologies transferred"), headers, rows)


def applications_from(code: str):
    return Application.objects.filter(country=code)


def trainee_total(code: str) -> int:
    """Distinct people from the country who attended, or earned a certificate in, a cohort."""
    return (
        applications_from(code)
        .filter(Q(status=ApplicationStatus.ATTENDED) | Q(certificate__isnull=False))
        .aggregate(people=Count(Lower("email"), distinct=True))["people"]
    )


def _trainees(code: str) -> Table:
    from_country = Q(applications__country=code)
    cohorts = (
        Cohort.objects.filter(pk__in=applications_from(code).values("cohort_id"))
        .select_related("programme")
        .annotate(
            applied=Count("applications", filter=from_country, distinct=True),
            accepted=Count(
                "applications",
                filter=from_country & Q(applications__status__in=sorted(TRAINING_HOLDS_PLACE)),
                distinct=True,
            ),
            trained=Count(
                Lower("applications__email"),
                filter=from_country
                & (
                    Q(applications__status=ApplicationStatus.ATTENDED)
                    | Q(applications__certificate__isnull=False)
                ),
                distinct=True,
            ),
            certificates=Count(
                "applications__certificate",
                filter=from_country & Q(applications__certificate__isnull=False),
                distinct=True,
            ),
        )
        .order_by("starts_on", "title")
    )
    rows = [
        [
            localized(cohort, "title"),
            localized(cohort.programme, "title"),
            cohort.starts_on,
            cohort.applied,
            cohort.accepted,
            cohort.trained,
            cohort.certificates,
        ]
        for cohort in cohorts
    ]
    headers = [
        _("Cohort"),
        _("Programme"),
        _("Starts on"),
        _("Applications"),
        _("Accepted"),
        _("Trainees"),
        _("Certificates"),
    ]
    return Table.of("trainees", _("Trainees by cohort"), headers, rows)


def _delegates(code: str) -> Table:
    from_country = Q(registrations__country=code)
    events = (
        ForumEvent.objects.filter(
            pk__in=Registration.objects.filter(country=code).values("event_id")
        )
        .annotate(
            registered=Count("registrations", filter=from_country, distinct=True),
            participants=Count(
                "registrations",
                filter=from_country & Q(registrations__status__in=sorted(FORUM_HOLDS_PLACE)),
                distinct=True,
            ),
            attended=Count(
                "registrations",
                filter=from_country & Q(registrations__status=RegistrationStatus.ATTENDED),
                distinct=True,
            ),
        )
        .order_by("starts_on", "title")
    )
    rows = [
        [
            localized(event, "title"),
            event.starts_on,
            event.city,
            event.registered,
            event.participants,
            event.attended,
        ]
        for event in events
    ]
    headers = [
        _("Forum event"),
        _("Starts on"),
        _("City"),
        _("Registrations"),
        _("Participants"),
        _("Attended"),
    ]
    return Table.of("forum_delegates", _("Forum delegates by event"), headers, rows)


def _needs(code: str) -> Table:
    needs = (
        TechnologyNeed.objects.filter(country=code)
        .select_related("institution", "green_area")
        .order_by("-stated_on", "title")
    )
    rows = [
        [
            localized(need, "title"),
            localized(need.institution, "name") if need.institution else "",
            localized(need.green_area, "name"),
            need.stated_on,
            _("Yes") if need.is_published else _("No"),
        ]
        for need in needs
    ]
    headers = [_("Need"), _("Institution"), _("Green area"), _("Stated on"), _("Published")]
    return Table.of("needs", _("Stated technology needs"), headers, rows)


def build(parameters: dict) -> ReportDocument:
    code = parameters["country"]
    labs = _labs(code)
    institutions = _institutions(code)
    provided = _provided(code)
    transferred = _transferred(code)
    trainees = _trainees(code)
    delegates = _delegates(code)
    needs = _needs(code)
    people = (trainee_total(code), sum(row[4] for row in delegates.rows))
    figures = [
        Figure(_("Joint laboratories"), labs.size, "labs"),
        Figure(_("Partner institutions"), institutions.size, "institutions"),
        Figure(_("Technologies provided"), provided.size, "technologies_provided"),
        Figure(_("Technologies transferred"), transferred.size, "technologies_transferred"),
        Figure(_("Trainees"), people[0], "trainees"),
        Figure(_("Forum participants"), people[1], "forum_participants"),
        Figure(_("Stated technology needs"), needs.size, "needs"),
    ]
    overview = BarChart(
        _("Cooperation with %(country)s") % {"country": country_name(code)},
        [figure.label for figure in figures],
        [Series(_("Count"), [figure.value for figure in figures])],
    )
    summary = Table.of(
        "summary",
        _("Overview"),
        [_("Figure"), _("Count")],
        [[figure.label, figure.value] for figure in figures],
        chart=overview,
    )
    return ReportDocument(
        title=str(_("Country profile")),
        subtitle=f"{country_name(code)} ({code})",
        sections=[
            Section(title=_("Overview"), figures=figures, tables=[summary]),
            Section(title=_("Joint laboratories"), tables=[labs]),
            Section(title=_("Partner institutions"), tables=[institutions]),
            Section(title=_("Technologies provided"), tables=[provided]),
            Section(title=_("Technologies transferred"), tables=[transferred]),
            Section(
                title=_("Trainees and forum delegates"),
                intro=_(
                    "Trainees: distinct people who attended, or earned a certificate in, a "
                    "cohort. Forum participants: confirmed or attended registrations."
                ),
                tables=[trainees, delegates],
            ),
            Section(title=_("Stated technology needs"), tables=[needs]),
        ],
    )

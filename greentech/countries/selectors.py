"""Read queries on the countries the network cooperates with, shared by the country pages, the
API and the home page's map.

What counts for a country:
- labs: joint labs listing it among their partner countries or with a partner institution from
  it (`labs.selectors.labs_with_country`);
- transfer_cases: transfer cases to the country;
- trainees: cohort applications from the country that hold a place (confirmed or attended);
- delegates: forum registrations from the country that hold a place (confirmed or attended);
- technologies: published pool entries whose provider institution is in the country.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django_countries import countries

from centres.models import Institution
from forums.models import HOLDS_PLACE as FORUM_HOLDS_PLACE
from forums.models import ForumEvent, Registration
from labs.selectors import lab_ids_by_country, labs_with_country
from technologies.models import Technology, TransferCase
from technologies.selectors import (
    technology_need_public_list,
    transfer_case_list,
)
from training.models import HOLDS_PLACE as TRAINING_HOLDS_PLACE
from training.models import Application, Cohort


@dataclass(frozen=True)
class CountryCooperation:
    labs: int = 0
    transfer_cases: int = 0
    trainees: int = 0
    delegates: int = 0
    technologies: int = 0

    @property
    def total(self) -> int:
        return self.labs + self.transfer_cases + self.trainees + self.delegates + self.technologies


def _count_by(queryset: QuerySet, field: str) -> dict[str, int]:
    """Rows of the queryset per country code in `field`, in one query."""
    rows = queryset.exclude(**{field: ""}).order_by().values(field).annotate(n=Count("pk"))
    return dict(rows.values_list(field, "n"))


def trainee_applications():
    """Cohort applications that count as trainees: confirmed or attended."""
    return Application.objects.filter(status__in=sorted(TRAINING_HOLDS_PLACE))


def delegate_registrations():
    """Forum registrations that count as delegates: confirmed or attended."""
    return Registration.objects.filter(status__in=sorted(FORUM_HOLDS_PLACE))


def cooperation_by_country() -> dict[str, CountryCooperation]:
    """Every country the network cooperates with (at least one count above zero), keyed by its
    ISO alpha-2 code in alphabetical order, in six queries whatever the number of countries."""
    labs = {code: len(ids) for code, ids in lab_ids_by_country().items()}
    transfer_cases = _count_by(TransferCase.objects.all(), "country")
    trainees = _count_by(trainee_applications(), "country")
    delegates = _count_by(delegate_registrations(), "country")
    technologies = _count_by(Technology.objects.published(), "provider__country")
    codes = set(labs) | set(transfer_cases) | set(trainees) | set(delegates) | set(technologies)
    return {
        code: CountryCooperation(
            labs=labs.get(code, 0),
            transfer_cases=transfer_cases.get(code, 0),
            trainees=trainees.get(code, 0),
            delegates=delegates.get(code, 0),
            technologies=technologies.get(code, 0),
        )
        for code in sorted(codes)
    }


def country_cooperation(code: str) -> CountryCooperation:
    """The counts for one country (zero everywhere when the network has nothing with it)."""
    return cooperation_by_country().get(code.upper(), CountryCooperation())


def is_country_code(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code known to django-countries (any case)."""
    return len(code) == 2 and code.isalpha() and bool(countries.name(code.upper()))


TECHNOLOGIES_SHOWN = 20


@dataclass(frozen=True)
class CountryProfile:
    """What the network does with one country, for its public page and the API."""

    code: str
    labs: list
    institutions: list
    technologies: list
    technologies_total: int
    transfer_cases: list
    cohorts: list
    events: list
    needs: list

    @property
    def name(self) -> str:
        return str(countries.name(self.code))

    @property
    def cooperation(self) -> CountryCooperation:
        return CountryCooperation(
            labs=len(self.labs),
            transfer_cases=len(self.transfer_cases),
            trainees=sum(cohort.trainees for cohort in self.cohorts),
            delegates=sum(event.delegates for event in self.events),
            technologies=self.technologies_total,
        )


def _cohorts_with_trainees_from(code: str) -> list[Cohort]:
    """Cohorts with trainees from the country, each annotated with their number."""
    from_country = Q(
        applications__country=code, applications__status__in=sorted(TRAINING_HOLDS_PLACE)
    )
    return list(
        Cohort.objects.filter(
            pk__in=trainee_applications().filter(country=code).values("cohort_id")
        )
        .select_related("programme")
        .annotate(trainees=Count("applications", filter=from_country, distinct=True))
        .order_by("-starts_on", "title")
    )


def _events_with_delegates_from(code: str) -> list[ForumEvent]:
    """Forum events with delegates from the country, each annotated with their number."""
    from_country = Q(
        registrations__country=code, registrations__status__in=sorted(FORUM_HOLDS_PLACE)
    )
    return list(
        ForumEvent.objects.filter(
            pk__in=delegate_registrations().filter(country=code).values("event_id")
        )
        .annotate(delegates=Count("registrations", filter=from_country, distinct=True))
        .order_by("-starts_on", "title")
    )


def country_profile(code: str) -> CountryProfile:
    """Labs, partner institutions, technologies provided (the first `TECHNOLOGIES_SHOWN`, and
    how many), transfer cases, cohorts and events with their trainees and delegates from the
    country, and its published technology needs: eleven queries whatever the country."""
    code = code.upper()
    technologies = Technology.objects.published().filter(provider__country=code)
    return CountryProfile(
        code=code,
        labs=list(labs_with_country(code).order_by("name")),
        institutions=list(
            Institution.objects.filter(country=code)
            .annotate(labs_count=Count("lab_partnerships", distinct=True))
            .order_by("name")
        ),
        technologies=list(
            technologies.select_related("provider", "green_area").order_by("name", "pk")[
                :TECHNOLOGIES_SHOWN
            ]
        ),
        technologies_total=technologies.count(),
        transfer_cases=list(transfer_case_list().filter(country=code).order_by("-year", "title")),
        cohorts=_cohorts_with_trainees_from(code),
        events=_events_with_delegates_from(code),
        needs=list(
            technology_need_public_list().filter(country=code).order_by("-stated_on", "title")
        ),
    )

"""The network's figures, computed from the database: the key figures (home page, reports)
and the charts of the figures page.

The pages read them through the `cached_...()` functions (with the map's counts per country):
computed once per language and kept until something they count changes
(greentech.site.invalidation bumps FIGURES_CACHE). Reports call `key_figures()` directly, so a
report is always exact.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from centres.models import Centre
from forums.selectors import forum_participant_count
from greentech.core import cache
from greentech.core.models import GreenArea
from greentech.countries.selectors import (
    cooperation_by_country,
    delegate_registrations,
    trainee_applications,
)
from greentech.reports.charts import BarChart, Series
from labs.models import JointLab
from labs.selectors import partner_country_codes
from technologies.models import Technology
from technologies.selectors import confirmed_need_match_count
from training.selectors import trainee_count

# Cache namespaces: what the figures, the map and the charts count; the upcoming sessions of
# the home page (with their places left).
FIGURES_CACHE = "figures"
SESSIONS_CACHE = "sessions"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int


def key_figures() -> list[Figure]:
    return [
        Figure("centres", _("Centres of excellence"), Centre.objects.count()),
        Figure("labs", _("Joint laboratories"), JointLab.objects.count()),
        Figure("partner_countries", _("Partner countries"), len(partner_country_codes())),
        Figure(
            "technologies", _("Technologies in the pool"), Technology.objects.published().count()
        ),
        Figure("trainees", _("Trainees"), trainee_count()),
        Figure("forum_participants", _("Forum participants"), forum_participant_count()),
        Figure("need_matches", _("Needs matched with a technology"), confirmed_need_match_count()),
    ]


# --- The figures page: charts and the tables beside them ----------------------------------


@dataclass(frozen=True)
class FigureChart:
    """One chart of the figures page with the table that holds the same numbers."""

    key: str
    chart: BarChart
    headers: list[str]
    rows: list[list]
    note: str = ""

    @property
    def svg(self):
        return self.chart.render()

    @property
    def has_values(self) -> bool:
        return self.chart.has_values


def _chart(key, title, first_header, series_names, rows, note="") -> FigureChart:
    return FigureChart(
        key=key,
        chart=BarChart(
            title=str(title),
            labels=[row[0] for row in rows],
            series=[
                Series(str(name), [row[index] for row in rows])
                for index, name in enumerate(series_names, start=1)
            ],
        ),
        headers=[str(first_header), *(str(name) for name in series_names)],
        rows=rows,
        note=str(note),
    )


def pool_by_green_area() -> FigureChart:
    """Published technologies per green area, every area listed (largest first)."""
    counts = dict(
        Technology.objects.published()
        .order_by()
        .values("green_area")
        .annotate(n=Count("pk"))
        .values_list("green_area", "n")
    )
    rows = sorted(
        ([area.display_name, counts.get(area.pk, 0)] for area in GreenArea.objects.all()),
        key=lambda row: (-row[1], row[0]),
    )
    return _chart(
        "pool_by_green_area",
        _("Technologies in the pool by green area"),
        _("Green area"),
        [_("Technologies")],
        rows,
    )


def _by(queryset, field: str) -> dict:
    return dict(queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n"))


def people_by_country() -> FigureChart:
    """Trainees and forum delegates (holding a place) per country of the person."""
    trainees = _by(trainee_applications().exclude(country=""), "country")
    delegates = _by(delegate_registrations().exclude(country=""), "country")
    rows = sorted(
        (
            [str(countries.name(code)) or code, trainees.get(code, 0), delegates.get(code, 0)]
            for code in set(trainees) | set(delegates)
        ),
        key=lambda row: (-(row[1] + row[2]), row[0]),
    )
    return _chart(
        "people_by_country",
        _("Trainees and forum delegates by country"),
        _("Country"),
        [_("Trainees"), _("Forum delegates")],
        rows,
        note=_("The chart shows the 25 countries with the most people; the table lists all."),
    )


def people_by_year() -> FigureChart:
    """Trainees and forum delegates (holding a place) per year the cohort or event starts."""
    trainees = _by(trainee_applications().annotate(year=ExtractYear("cohort__starts_on")), "year")
    delegates = _by(delegate_registrations().annotate(year=ExtractYear("event__starts_on")), "year")
    rows = [
        [str(year), trainees.get(year, 0), delegates.get(year, 0)]
        for year in sorted(set(trainees) | set(delegates))
    ]
    return _chart(
        "people_by_year",
        _("Trainees and forum delegates by year"),
        _("Year"),
        [_("Trainees"), _("Forum delegates")],
        rows,
    )


def figure_charts() -> list[FigureChart]:
    return [pool_by_green_area(), people_by_country(), people_by_year()]


def cached_key_figures() -> list[Figure]:
    return cache.remember("key-figures", namespaces=[FIGURES_CACHE], compute=key_figures)


def cached_figure_charts() -> list[FigureChart]:
    return cache.remember("figure-charts", namespaces=[FIGURES_CACHE], compute=figure_charts)


def cached_cooperation_by_country():
    """The map's counts per country (`cooperation_by_country`)."""
    return cache.remember(
        "cooperation-by-country", namespaces=[FIGURES_CACHE], compute=cooperation_by_country
    )

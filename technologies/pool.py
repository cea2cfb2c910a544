"""The public catalogue of the technology pool: its search form, filtering and ordering (the
counts and facets are in `pool_facets`).

Everything starts from `Technology.objects.published()`, so drafts, submissions under review,
rejected, withdrawn and archived technologies never appear, whatever the query string says.
"""

from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchRank
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from centres.models import Institution
from greentech.core.models import GreenArea
from greentech.core.search import search_query

from .models import TRL_MAX, TRL_MIN, Technology
from .models.technology import SEARCH_CONFIG, TITLE_DOCUMENT_ZH

RESULTS_PER_PAGE = 20
QUERY_MAX_LENGTH = 200

# What each technology readiness level means (the scale the declaration form uses).
TRL_MEANINGS = {
    1: _("Basic principles observed"),
    2: _("Technology concept formulated"),
    3: _("Experimental proof of concept"),
    4: _("Technology validated in the laboratory"),
    5: _("Technology validated in a relevant environment"),
    6: _("Technology demonstrated in a relevant environment"),
    7: _("System prototype demonstrated in an operational environment"),
    8: _("System complete and qualified"),
    9: _("Actual system proven in an operational environment"),
}
TRL_LEVELS = range(TRL_MIN, TRL_MAX + 1)


# --- The filters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolFilters:
    """The valid part of a catalogue query; what the results, facets and links are built from."""

    q: str = ""
    green_area: str = ""
    provider_country: str = ""
    trl: tuple[int, ...] = ()
    target_country: str = ""

    @property
    def is_empty(self) -> bool:
        return self == PoolFilters()

    def without(self, name: str, value=None) -> "PoolFilters":
        """These filters minus one facet (or one level of the multi-valued TRL facet)."""
        if name == "trl" and value is not None:
            return replace(self, trl=tuple(level for level in self.trl if level != value))
        return replace(self, **{name: PoolFilters.__dataclass_fields__[name].default})

    def as_query(self, page: int | None = None) -> str:
        """The query string that reproduces these filters (and a page): "?..." or ""."""
        pairs = [
            (name, value)
            for name, value in [
                ("q", self.q),
                ("green_area", self.green_area),
                ("provider_country", self.provider_country),
            ]
            if value
        ]
        pairs += [("trl", level) for level in self.trl]
        if self.target_country:
            pairs.append(("target_country", self.target_country))
        if page and page > 1:
            pairs.append(("page", page))
        return f"?{urlencode(pairs)}" if pairs else ""


@lru_cache(maxsize=len(settings.LANGUAGES) + 1)
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    return (("", ""), *((code, str(name)) for code, name in countries))


def country_choices() -> tuple[tuple[str, str], ...]:
    """Every country's code and name in the active language, translated once per language and
    process (250 names, read by every catalogue page)."""
    return _country_choices(get_language() or settings.LANGUAGE_CODE)


class PoolSearchForm(forms.Form):
    """The catalogue's GET form. Each field is optional; a bad value invalidates only its own
    field, which the catalogue then ignores (see `PoolSearchForm.filters`)."""

    q = forms.CharField(
        label=_("Search the pool"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text=_("Words of the name, summary, principle or performance indicators."),
    )
    green_area = forms.ChoiceField(label=_("Green area"), required=False)
    provider_country = forms.ChoiceField(label=_("Provider country"), required=False)
    trl = forms.TypedMultipleChoiceField(
        label=_("Technology readiness level"),
        required=False,
        coerce=int,
        choices=[(level, level) for level in TRL_LEVELS],
    )
    target_country = forms.ChoiceField(label=_("Target country"), required=False)

    def __init__(self, data, *, green_areas: list[GreenArea], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["green_area"].choices = [("", "")] + [
            (area.code, area.display_name) for area in green_areas
        ]
        self.fields["provider_country"].choices = country_choices()
        self.fields["target_country"].choices = country_choices()

    def filters(self) -> tuple[PoolFilters, list[str]]:
        """The valid filters and, for every ignored one, a message saying why."""
        self.is_valid()
        data = self.cleaned_data
        filters = PoolFilters(
            q=data.get("q", "").strip(),
            green_area=data.get("green_area", ""),
            provider_country=data.get("provider_country", ""),
            trl=tuple(sorted(set(data.get("trl", ())))),
            target_country=data.get("target_country", ""),
        )
        ignored = [
            _("%(filter)s: %(error)s This filter was ignored.")
            % {"filter": self.fields[name].label, "error": " ".join(errors)}
            for name, errors in self.errors.items()
        ]
        return filters, ignored


# --- The query -------------------------------------------------------------------------------


def pool_base() -> QuerySet[Technology]:
    """Published technologies with what a result row shows (area, provider)."""
    return Technology.objects.published().select_related("green_area", "provider")


def facet_conditions(filters: PoolFilters) -> dict[str, Q]:
    """The condition of each chosen facet, by the facet's name."""
    conditions = {}
    # As subqueries rather than joins: the facet counts test every match against them.
    if filters.green_area:
        conditions["green_area"] = Q(
            green_area__in=GreenArea.objects.filter(code=filters.green_area).values("pk")
        )
    if filters.provider_country:
        conditions["provider_country"] = Q(
            provider__in=Institution.objects.filter(country=filters.provider_country).values("pk")
        )
    if filters.trl:
        conditions["trl"] = Q(trl__in=filters.trl)
    if filters.target_country:
        # Stored as comma-separated two-letter codes ("KE,TH"): a two-letter code can only
        # match one whole code, never the end of one and the start of the next (a comma is
        # always between them).
        conditions["target_country"] = Q(target_countries__contains=filters.target_country)
    return conditions


def pool_filter(
    queryset: QuerySet[Technology], filters: PoolFilters, *, skip: str = ""
) -> QuerySet[Technology]:
    """Apply the search and every facet but `skip` (the facet being counted)."""
    if filters.q:
        queryset = queryset.search(filters.q)
    for name, condition in facet_conditions(filters).items():
        if name != skip:
            queryset = queryset.filter(condition)
    return queryset


def _on_postgresql(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


# The pool's order without a search, and within equally relevant results: served by the partial
# index technologies_tech_pub_newest.
NEWEST_FIRST = (F("published_at").desc(nulls_last=True), F("pk").desc())


def pool_results(filters: PoolFilters) -> QuerySet[Technology]:
    """The catalogue's results. Without a search, the newest entries first. With one, the
    entries whose name matches first (ranked on the names' vector, which is stored in the row
    and cheap to read for every match, unlike the whole document's), then the newest."""
    queryset = pool_filter(pool_base(), filters)
    if not filters.q:
        return queryset.order_by(*NEWEST_FIRST)
    if _on_postgresql(queryset):
        query = search_query(filters.q, config=SEARCH_CONFIG)
        if query is None:
            return queryset.none()
        rank = SearchRank(F("title_vector"), query)
    else:
        # The substring fallback ranks a match in a name before one elsewhere.
        in_name = Q(name__icontains=filters.q)
        for field, _weight in TITLE_DOCUMENT_ZH:
            in_name |= Q(**{f"{field}__icontains": filters.q})
        rank = Case(When(in_name, then=Value(1)), default=Value(0), output_field=IntegerField())
    return queryset.annotate(rank=rank).order_by(F("rank").desc(nulls_last=True), *NEWEST_FIRST)


# --- The chosen filters --------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveFilter:
    """A chosen filter as the page shows it, with the link that removes it."""

    label: str
    value: str
    remove_query: str


def active_filters(filters: PoolFilters, *, green_areas: list[GreenArea]) -> list[ActiveFilter]:
    area_names = {area.code: area.display_name for area in green_areas}
    chosen = []
    if filters.q:
        chosen.append(ActiveFilter(_("Search"), filters.q, filters.without("q").as_query()))
    if filters.green_area:
        chosen.append(
            ActiveFilter(
                _("Green area"),
                area_names.get(filters.green_area, filters.green_area),
                filters.without("green_area").as_query(),
            )
        )
    if filters.provider_country:
        chosen.append(
            ActiveFilter(
                _("Provider country"),
                str(countries.name(filters.provider_country)),
                filters.without("provider_country").as_query(),
            )
        )
    chosen += [
        ActiveFilter(_("Readiness level"), str(level), filters.without("trl", level).as_query())
        for level in filters.trl
    ]
    if filters.target_country:
        chosen.append(
            ActiveFilter(
                _("Target country"),
                str(countries.name(filters.target_country)),
                filters.without("target_country").as_query(),
            )
        )
    return chosen

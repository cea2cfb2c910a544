"""The public catalogue of the technology pool: its search form, filtering, ordering and facets.

Everything starts from `Technology.objects.published()`, so drafts, submissions under review,
rejected, withdrawn and archived technologies never appear, whatever the query string says.

Facets follow the usual faceted-search rule: each facet counts the results of the current
search and of every *other* facet's selection. The counts of the other facets therefore always
describe the current result set, and the options of a facet stay visible (with their counts)
after one of them is chosen, so a visitor can switch area or add a readiness level without
starting over. The chosen option of a single-choice facet counts exactly the results listed.
"""

from collections import Counter
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from greentech.core.models import GreenArea

from .models import TRL_MAX, TRL_MIN, Technology
from .models.technology import SEARCH_CONFIG

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
        country_choices = [("", ""), *countries]
        self.fields["provider_country"].choices = country_choices
        self.fields["target_country"].choices = country_choices

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


def pool_filter(
    queryset: QuerySet[Technology], filters: PoolFilters, *, skip: str = ""
) -> QuerySet[Technology]:
    """Apply the search and every facet but `skip` (the facet being counted)."""
    if filters.q:
        queryset = queryset.search(filters.q)
    if filters.green_area and skip != "green_area":
        queryset = queryset.filter(green_area__code=filters.green_area)
    if filters.provider_country and skip != "provider_country":
        queryset = queryset.filter(provider__country=filters.provider_country)
    if filters.trl and skip != "trl":
        queryset = queryset.filter(trl__in=filters.trl)
    if filters.target_country and skip != "target_country":
        # Stored as comma-separated two-letter codes ("KE,TH"): a two-letter code can only
        # match one whole code, never the end of one and the start of the next (a comma is
        # always between them).
        queryset = queryset.filter(target_countries__contains=filters.target_country)
    return queryset


def _on_postgresql(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def pool_results(filters: PoolFilters) -> QuerySet[Technology]:
    """The catalogue's results: by relevance when searching, else the newest entries first."""
    queryset = pool_filter(pool_base(), filters)
    newest = [F("published_at").desc(nulls_last=True), "-pk"]
    if not filters.q:
        return queryset.order_by(*newest)
    if _on_postgresql(queryset):
        query = SearchQuery(filters.q, config=SEARCH_CONFIG, search_type="websearch")
        rank = SearchRank(F("search_vector"), query)
    else:
        # The substring fallback ranks a match in the name before one in the summary only.
        rank = Case(
            When(name__icontains=filters.q, then=Value(2)),
            When(name_zh__icontains=filters.q, then=Value(2)),
            When(summary__icontains=filters.q, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return queryset.annotate(rank=rank).order_by(F("rank").desc(nulls_last=True), *newest)


# --- The facets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # the query parameter
    legend: str
    multiple: bool
    options: list[FacetOption] = field(default_factory=list)
    any_label: str = ""  # the "no filter" choice of a single-choice facet

    @property
    def has_selection(self) -> bool:
        return any(option.selected for option in self.options)


def _grouped(queryset: QuerySet, path: str) -> Counter:
    rows = queryset.order_by().values(path).annotate(n=Count("pk")).values_list(path, "n")
    return Counter({value: n for value, n in rows if value not in (None, "")})


def _target_country_counts(queryset: QuerySet) -> Counter:
    """Technologies per target country. The field holds several codes, so the database groups
    by the whole stored list (at most one row per distinct combination) and each list is split
    here; a technology counts once per country it names."""
    counts = Counter()
    for stored, n in _grouped(queryset, "target_countries").items():
        for code in set(stored.split(",")):
            if code:
                counts[code] += n
    return counts


def _country_options(counts: Counter, selected: str) -> list[FacetOption]:
    codes = set(counts) | ({selected} if selected else set())
    options = [
        FacetOption(code, str(countries.name(code)), counts[code], code == selected)
        for code in codes
    ]
    return sorted(options, key=lambda option: (-option.count, option.label))


def pool_facets(filters: PoolFilters, *, green_areas: list[GreenArea]) -> list[Facet]:
    """The four facets of the catalogue with their counts (four grouped queries)."""
    base = pool_base()
    area_counts = _grouped(pool_filter(base, filters, skip="green_area"), "green_area__code")
    provider_counts = _grouped(
        pool_filter(base, filters, skip="provider_country"), "provider__country"
    )
    trl_counts = _grouped(pool_filter(base, filters, skip="trl"), "trl")
    target_counts = _target_country_counts(pool_filter(base, filters, skip="target_country"))

    areas = [
        FacetOption(
            area.code,
            area.display_name,
            area_counts[area.code],
            area.code == filters.green_area,
        )
        for area in green_areas
        if area_counts[area.code] or area.code == filters.green_area
    ]
    levels = [
        FacetOption(str(level), str(TRL_MEANINGS[level]), trl_counts[level], level in filters.trl)
        for level in TRL_LEVELS
    ]
    return [
        Facet("green_area", _("Green area"), False, areas, _("All green areas")),
        Facet(
            "provider_country",
            _("Provider country"),
            False,
            _country_options(provider_counts, filters.provider_country),
            _("All provider countries"),
        ),
        Facet("trl", _("Technology readiness level"), True, levels),
        Facet(
            "target_country",
            _("Target country"),
            False,
            _country_options(target_counts, filters.target_country),
            _("All target countries"),
        ),
    ]


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

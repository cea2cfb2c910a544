"""The catalogue's result count and facets, in one query.

Facets follow the usual faceted-search rule: each facet counts the results of the current
search and of every *other* facet's selection. The counts of the other facets therefore always
describe the current result set, and the options of a facet stay visible (with their counts)
after one of them is chosen, so a visitor can switch area or add a readiness level without
starting over. The chosen option of a single-choice facet counts exactly the results listed.

On PostgreSQL the count and the four facets come from one statement that reads the search's
matches once, through the GIN index (a materialized CTE carrying, per match, its facet values
and whether it passes each chosen facet), and groups them in memory. Elsewhere (SQLite) each is
its own grouped query.
The counts of the unfiltered pool are cached until the pool changes (see `POOL_CACHE`).
"""

from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchRank
from django.db import connections
from django.db.models import BooleanField, Count, ExpressionWrapper, F, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from centres.models import Institution
from greentech.core import cache as shared_cache
from greentech.core.models import GreenArea
from greentech.core.search import matches_from_the_index, search_query

from .models import Technology
from .models.technology import SEARCH_CONFIG
from .pool import (
    TRL_LEVELS,
    TRL_MEANINGS,
    PoolFilters,
    country_choices,
    facet_conditions,
    pool_filter,
)

# The cache namespace of everything the public pool shows (pages, API lists, counts); the
# signal handlers in greentech.site bump it when a technology or what it shows changes.
POOL_CACHE = "pool"
FACETS = ("green_area", "provider_country", "trl", "target_country")


@dataclass(frozen=True)
class PoolCounts:
    """How many results the filters give, each facet's counts (by option value) and, when asked
    for with a search, the ids of one page of results in their order."""

    total: int
    facets: dict[str, Counter]
    page_ids: list[int] | None = None


def _split_target_countries(grouped: Counter) -> Counter:  # (SQLite)
    """Technologies per target country from counts per stored list ("KE,TH"): a technology
    counts once per country it names."""
    counts = Counter()
    for stored, n in grouped.items():
        for code in set(stored.split(",")):
            if code:
                counts[code] += n
    return counts


def _grouped(queryset: QuerySet, path: str) -> Counter:
    rows = queryset.order_by().values(path).annotate(n=Count("pk")).values_list(path, "n")
    return Counter({value: n for value, n in rows if value not in (None, "")})


def _counts_one_by_one(filters: PoolFilters) -> PoolCounts:
    base = Technology.objects.published()
    return PoolCounts(
        total=pool_filter(base, filters).count(),
        facets={
            "green_area": _grouped(pool_filter(base, filters, skip="green_area"), "green_area_id"),
            "provider_country": _grouped(
                pool_filter(base, filters, skip="provider_country"), "provider__country"
            ),
            "trl": _grouped(pool_filter(base, filters, skip="trl"), "trl"),
            "target_country": _split_target_countries(
                _grouped(pool_filter(base, filters, skip="target_country"), "target_countries")
            ),
        },
    )


def _passes(condition) -> ExpressionWrapper | Value:
    if condition is None:
        return Value(True)
    return ExpressionWrapper(condition, output_field=BooleanField())


def _others(name: str) -> str:
    """The SQL condition "passes every chosen facet but `name`" (all of them for "total")."""
    return " AND ".join(f"ok_{other}" for other in FACETS if other != name)


# One read of the matches (materialized, through the GIN index), then passes over them in
# memory: the grouping sets give the area, provider and readiness facets and the total (the
# 2,000-odd providers then joined to their countries); the target countries, stored as "KE,TH",
# come back joined into one string, split here (cheaper than splitting every row in SQL); with
# a search, one page of results ranked (the name's rank, then the newest).
COUNTS_SQL = """
WITH matches AS MATERIALIZED ({matches}),
grouped AS (
    SELECT grouping(f_area, f_provider, f_trl) AS g, f_area, f_provider, f_trl,
        count(*) FILTER (WHERE {green_area}) AS n_area,
        count(*) FILTER (WHERE {provider_country}) AS n_provider,
        count(*) FILTER (WHERE {trl}) AS n_trl,
        count(*) FILTER (WHERE {total}) AS n_total
    FROM matches GROUP BY GROUPING SETS ((f_area), (f_provider), (f_trl), ())
)
SELECT g, f_area, {institution}.country, f_trl, n_area, n_provider, n_trl, n_total,
    NULL, NULL::double precision, NULL::timestamptz
FROM grouped LEFT JOIN {institution} ON {institution}.id = grouped.f_provider
UNION ALL
SELECT -1, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    string_agg(f_targets, ','), NULL, NULL
FROM matches WHERE {target_country}
"""
PAGE_SQL = """
UNION ALL
(SELECT -2, f_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, f_rank, f_published
FROM matches WHERE {total}
ORDER BY f_rank DESC NULLS LAST, f_published DESC NULLS LAST, f_id DESC LIMIT %s OFFSET %s)
"""
# grouping() of each grouping set: the one column grouped is 0, the others 1 (bits area,
# provider, trl).
BY_AREA, BY_PROVIDER, BY_TRL, TOTAL, TARGETS, PAGE = 0b011, 0b101, 0b110, 0b111, -1, -2


def _page_order(row) -> tuple:
    """The order of PAGE_SQL (rank, newest, id; all descending, no date last) for its rows."""
    technology_id, rank, published = row[1], row[-2], row[-1]
    newest = -published.timestamp() if published else 0
    return (-(rank or 0), published is None, newest, -technology_id)


def _matches(filters: PoolFilters, *, ranked: bool) -> QuerySet:
    conditions = facet_conditions(filters)
    columns = {
        "f_area": F("green_area_id"),
        "f_provider": F("provider_id"),
        "f_trl": F("trl"),
        "f_targets": F("target_countries"),
        **{f"ok_{name}": _passes(conditions.get(name)) for name in FACETS},
    }
    if ranked:
        query = search_query(filters.q, config=SEARCH_CONFIG)
        columns |= {
            "f_id": F("id"),
            "f_rank": SearchRank(F("title_vector"), query),
            "f_published": F("published_at"),
        }
    published = Technology.objects.published()
    return pool_filter(published, PoolFilters(q=filters.q)).values(**columns).order_by()


def _counts_in_one_query(filters: PoolFilters, using: str, page_slice) -> PoolCounts:
    ranked = bool(filters.q) and page_slice is not None
    sql, params = _matches(filters, ranked=ranked).query.sql_with_params()
    conditions = {name: _others(name) for name in (*FACETS, "total")}
    statement = COUNTS_SQL.format(matches=sql, institution=Institution._meta.db_table, **conditions)
    params = list(params)
    if ranked:
        statement += PAGE_SQL.format(total=conditions["total"])
        offset, limit = page_slice
        params += [limit, offset]
    searching = matches_from_the_index(using) if filters.q else nullcontext()
    with searching, connections[using].cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    facets = {name: Counter() for name in FACETS}
    total, page = 0, []
    for row in rows:
        grouping, area, country, trl, n_area, n_provider, n_trl, n_total, targets = row[:9]
        if grouping == BY_AREA and n_area:
            facets["green_area"][area] += n_area
        elif grouping == BY_PROVIDER and country and n_provider:
            facets["provider_country"][country] += n_provider
        elif grouping == BY_TRL and trl is not None and n_trl:
            facets["trl"][trl] += n_trl
        elif grouping == TOTAL:
            total = n_total
        elif grouping == TARGETS and targets:
            # A stored list names each country once (the field removes repeats).
            facets["target_country"] = Counter(code for code in targets.split(",") if code)
        elif grouping == PAGE:
            page.append(row)
    page_ids = [row[1] for row in sorted(page, key=_page_order)] if ranked else None
    return PoolCounts(total=total, facets=facets, page_ids=page_ids)


def _compute(filters: PoolFilters, page_slice=None) -> PoolCounts:
    using = Technology.objects.db
    if connections[using].vendor == "postgresql":
        return _counts_in_one_query(filters, using, page_slice)
    return _counts_one_by_one(filters)


def pool_counts(filters: PoolFilters, *, page_slice: tuple[int, int] | None = None) -> PoolCounts:
    """The result count and the facet counts for these filters; those of the unfiltered pool
    come from the cache while the pool is unchanged. With a search on PostgreSQL and a
    `page_slice` (offset, limit), also the ids of those results, read in the same statement."""
    if filters.is_empty:
        return shared_cache.remember(
            "pool-counts", namespaces=[POOL_CACHE], compute=lambda: _compute(filters)
        )
    return _compute(filters, page_slice)


# --- The facets as the page shows them ----------------------------------------------------------


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


def _country_options(counts: Counter, selected: str) -> list[FacetOption]:
    codes = set(counts) | ({selected} if selected else set())
    names = dict(country_choices())
    options = [
        FacetOption(code, names.get(code) or code, counts[code], code == selected) for code in codes
    ]
    return sorted(options, key=lambda option: (-option.count, option.label))


def pool_facets(
    filters: PoolFilters, *, green_areas: list[GreenArea], counts: PoolCounts | None = None
) -> list[Facet]:
    """The four facets of the catalogue with their counts (`counts`, or one query for them)."""
    counts = counts if counts is not None else pool_counts(filters)
    area_counts = counts.facets["green_area"]
    trl_counts = counts.facets["trl"]
    areas = [
        FacetOption(
            area.code,
            area.display_name,
            area_counts[area.pk],
            area.code == filters.green_area,
        )
        for area in green_areas
        if area_counts[area.pk] or area.code == filters.green_area
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
            _country_options(counts.facets["provider_country"], filters.provider_country),
            _("All provider countries"),
        ),
        Facet("trl", _("Technology readiness level"), True, levels),
        Facet(
            "target_country",
            _("Target country"),
            False,
            _country_options(counts.facets["target_country"], filters.target_country),
            _("All target countries"),
        ),
    ]

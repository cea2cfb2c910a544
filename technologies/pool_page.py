"""One page of the catalogue: its results, their count and the facets, in as few statements as
the database allows.

Without a search, the page's rows come from the partial index of the newest entries and the
counts from one grouped statement (cached for the unfiltered pool). With a search on
PostgreSQL, one statement reads the matches once through the GIN index and returns the count,
the facets and the ids of the page's results (see `pool_facets`); the twenty rows are then
loaded by id.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connections

from greentech.core.search import matches_from_the_index

from .models import Technology
from .pool import RESULTS_PER_PAGE, PoolFilters, pool_base, pool_results
from .pool_facets import PoolCounts, pool_counts


class CountedPaginator(Paginator):
    """A paginator given the number of results (counted with the facets), so it does not count
    them again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count  # replaces Paginator's cached property


@dataclass(frozen=True)
class PoolPage:
    counts: PoolCounts
    paginator: CountedPaginator
    page: Page
    technologies: list[Technology]


def _asked_number(number) -> int:
    try:
        return max(int(number), 1)
    except (TypeError, ValueError):
        return 1


def _load(ids: list[int]) -> list[Technology]:
    rows = pool_base().in_bulk(ids)
    return [rows[pk] for pk in ids]


def pool_page(filters: PoolFilters, number) -> PoolPage:
    """Page `number` (as given: a page out of range shows the last one, something that is not
    a number the first) of the results of `filters`."""
    results = pool_results(filters)
    if not filters.q or connections[results.db].vendor != "postgresql":
        counts = pool_counts(filters)
        paginator = CountedPaginator(results, RESULTS_PER_PAGE, count=counts.total)
        page = paginator.get_page(number)
        return PoolPage(counts, paginator, page, list(page.object_list))
    asked = _asked_number(number)
    with matches_from_the_index(results.db):
        counts = pool_counts(filters, page_slice=((asked - 1) * RESULTS_PER_PAGE, RESULTS_PER_PAGE))
        paginator = CountedPaginator(results, RESULTS_PER_PAGE, count=counts.total)
        page = paginator.get_page(number)
        ids = counts.page_ids
        if page.number != asked:  # out of range: the last page, ranked on its own
            ids = list(page.object_list.values_list("pk", flat=True))
    return PoolPage(counts, paginator, page, _load(ids))

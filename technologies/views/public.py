"""The public technology pool: a searchable, faceted catalogue and one page per entry.

Only published (accepted) technologies are reachable here, for every visitor including staff:
any other slug (a draft, a submission under review, a rejected, withdrawn or archived entry) is
a 404. Staff curators see declarations in every state in the admin, not on these pages.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from greentech.core.models import GreenArea, localized
from greentech.core.pagecache import cache_public_page

from .. import selectors
from ..pool import TRL_MEANINGS, PoolSearchForm, active_filters
from ..pool_facets import POOL_CACHE, pool_facets
from ..pool_page import pool_page


def _searching(request) -> bool:
    return bool(request.GET.get("q", "").strip())


def _page_links(paginator, page, filters) -> list[dict]:
    links = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == paginator.ELLIPSIS:
            links.append({"ellipsis": number})
        else:
            links.append(
                {
                    "number": number,
                    "query": filters.as_query(page=number),
                    "current": number == page.number,
                }
            )
    return links


@require_safe
@cache_public_page("pool", namespaces=[POOL_CACHE], unless=_searching)
def pool(request):
    """The catalogue. Invalid filters are ignored and named on the page; a page number out of
    range shows the last page, one that is not a number the first. Anonymous visitors get the
    pages without a free-text search from the cache."""
    green_areas = list(GreenArea.objects.all())
    form = PoolSearchForm(request.GET, green_areas=green_areas)
    filters, ignored = form.filters()
    found = pool_page(filters, request.GET.get("page"))
    paginator, page, technologies = found.paginator, found.page, found.technologies
    for technology in technologies:
        technology.trl_meaning = TRL_MEANINGS.get(technology.trl, "")
    context = {
        "form": form,
        "filters": filters,
        "ignored_filters": ignored,
        "active_filters": active_filters(filters, green_areas=green_areas),
        "facets": pool_facets(filters, green_areas=green_areas, counts=found.counts),
        "page_obj": page,
        "technologies": technologies,
        "page_links": _page_links(paginator, page, filters) if paginator.num_pages > 1 else [],
        "previous_query": (
            filters.as_query(page=page.previous_page_number()) if page.has_previous() else ""
        ),
        "next_query": filters.as_query(page=page.next_page_number()) if page.has_next() else "",
    }
    return render(request, "technologies/pool_list.html", context)


@require_safe
def pool_detail(request, slug):
    """One pool entry. The queryset is the permission decision: published entries only."""
    technology = get_object_or_404(selectors.technology_public_list(), slug=slug)
    transfer_cases = list(technology.transfer_cases.all())
    for case in transfer_cases:
        case.display_description = localized(case, "description")
    context = {
        "technology": technology,
        "trl_meaning": TRL_MEANINGS.get(technology.trl, ""),
        "application_cases": technology.application_cases.all(),
        "transfer_cases": transfer_cases,
        "need_matches": selectors.need_matches_for_technology(technology),
    }
    return render(request, "technologies/pool_detail.html", context)

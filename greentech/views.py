"""Project-level pages that draw on several domain apps: the home page and the figures page."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from forums.models import ForumEvent, ForumEventStatus
from forums.selectors import events_with_places_left
from greentech.core.pagecache import cache_public_page
from technologies.pool import NEWEST_FIRST, pool_base
from technologies.pool_facets import POOL_CACHE
from training.models import Cohort, CohortStatus
from training.selectors import cohorts_with_places_left

from .figures import (
    FIGURES_CACHE,
    SESSIONS_CACHE,
    cached_cooperation_by_country,
    cached_figure_charts,
    cached_key_figures,
)
from .worldmap.render import world_map

LATEST_TECHNOLOGIES = 5
UPCOMING = 4
NOT_ANNOUNCED = (CohortStatus.DRAFT, CohortStatus.CANCELLED)


def latest_technologies(limit: int = LATEST_TECHNOLOGIES):
    """The pool's most recently published entries, with area and provider."""
    return list(pool_base().order_by(*NEWEST_FIRST)[:limit])


def upcoming_cohorts(limit: int = UPCOMING):
    """Public cohorts that have not started yet (cancelled ones left out), soonest first."""
    cohorts = (
        Cohort.objects.filter(starts_on__gte=timezone.localdate())
        .exclude(status__in=NOT_ANNOUNCED)
        .select_related("programme")
        .order_by("starts_on", "title")
    )
    return list(cohorts_with_places_left(cohorts)[:limit])


def upcoming_events(limit: int = UPCOMING):
    """Public forum events that have not started yet (cancelled ones left out), soonest first."""
    events = (
        ForumEvent.objects.filter(starts_on__gte=timezone.localdate())
        .exclude(status__in=(ForumEventStatus.DRAFT, ForumEventStatus.CANCELLED))
        .order_by("starts_on", "title")
    )
    return list(events_with_places_left(events)[:limit])


@require_safe
@cache_public_page("home", namespaces=[FIGURES_CACHE, POOL_CACHE, SESSIONS_CACHE])
def home(request):
    context = {
        "figures": cached_key_figures(),
        "worldmap": world_map(cached_cooperation_by_country()),
        "latest_technologies": latest_technologies(),
        "upcoming_cohorts": upcoming_cohorts(),
        "upcoming_events": upcoming_events(),
    }
    return render(request, "home.html", context)


@require_safe
@cache_public_page("figures", namespaces=[FIGURES_CACHE])
def figures_page(request):
    """The network in charts: each chart drawn on the server, with its table beside it."""
    context = {
        "figures": cached_key_figures(),
        "charts": cached_figure_charts(),
        "worldmap": world_map(cached_cooperation_by_country()),
    }
    return render(request, "figures.html", context)

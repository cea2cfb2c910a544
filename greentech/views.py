"""Project-level pages that draw on several domain apps: the home page and the figures page."""

from django.db.models import F
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from forums.models import ForumEvent, ForumEventStatus
from forums.selectors import events_with_places_left
from technologies.pool import pool_base
from training.models import Cohort, CohortStatus
from training.selectors import cohorts_with_places_left

from .countries.selectors import cooperation_by_country
from .figures import figure_charts, key_figures
from .worldmap.render import world_map

LATEST_TECHNOLOGIES = 5
UPCOMING = 4
NOT_ANNOUNCED = (CohortStatus.DRAFT, CohortStatus.CANCELLED)


def latest_technologies(limit: int = LATEST_TECHNOLOGIES):
    """The pool's most recently published entries, with area and provider."""
    return list(pool_base().order_by(F("published_at").desc(nulls_last=True), "name")[:limit])


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
def home(request):
    context = {
        "figures": key_figures(),
        "worldmap": world_map(cooperation_by_country()),
        "latest_technologies": latest_technologies(),
        "upcoming_cohorts": upcoming_cohorts(),
        "upcoming_events": upcoming_events(),
    }
    return render(request, "home.html", context)


@require_safe
def figures_page(request):
    """The network in charts: each chart drawn on the server, with its table beside it."""
    context = {
        "figures": key_figures(),
        "charts": figure_charts(),
        "worldmap": world_map(cooperation_by_country()),
    }
    return render(request, "figures.html", context)

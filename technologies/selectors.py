"""Read queries on the technology pool shared by pages, the API and reports.

Every public query starts from what the public may see: accepted technologies only, published
calls and needs. Nothing here returns drafts, reviews or assignments to the public.
"""

from django.db.models import Prefetch, QuerySet

from .models import (
    ApplicationCase,
    CollectionCall,
    Criterion,
    ImpactIndicator,
    Technology,
    TechnologyNeed,
    TransferCase,
)


def transfer_case_list() -> QuerySet[TransferCase]:
    """Transfer cases (all are curated, hence public) with partner, technology and indicators."""
    return TransferCase.objects.select_related("partner", "technology").prefetch_related(
        Prefetch("indicators", queryset=ImpactIndicator.objects.order_by("position", "pk"))
    )


def technology_public_list() -> QuerySet[Technology]:
    """The public pool: published technologies with everything a pool page shows."""
    return (
        Technology.objects.published()
        .select_related("call", "provider", "green_area")
        .prefetch_related(
            Prefetch(
                "application_cases",
                queryset=ApplicationCase.objects.order_by("position", "pk"),
            ),
            Prefetch(
                "transfer_cases",
                queryset=TransferCase.objects.select_related("partner").prefetch_related(
                    Prefetch(
                        "indicators", queryset=ImpactIndicator.objects.order_by("position", "pk")
                    )
                ),
            ),
        )
    )


def collection_call_public_list() -> QuerySet[CollectionCall]:
    """Published calls with their green areas and criteria."""
    return CollectionCall.objects.filter(is_published=True).prefetch_related(
        "green_areas",
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "name")),
    )


def technology_need_public_list() -> QuerySet[TechnologyNeed]:
    return TechnologyNeed.objects.filter(is_published=True).select_related(
        "institution", "green_area"
    )

"""Read queries on the directory (institutions, centres, alliances) shared by pages and API."""

from django.db.models import Prefetch, QuerySet

from .models import Alliance, AllianceMembership, Centre, Institution


def institution_list() -> QuerySet[Institution]:
    return Institution.objects.all()


def centre_list() -> QuerySet[Centre]:
    """Centres with their host institution, parent, sub-centres and focus areas."""
    return Centre.objects.select_related("host_institution", "parent").prefetch_related(
        "sub_centres", "focus_areas"
    )


def alliance_list() -> QuerySet[Alliance]:
    """Alliances with their memberships and the member institutions."""
    return Alliance.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=AllianceMembership.objects.select_related("institution").order_by(
                "institution__name"
            ),
        )
    )

"""Read queries on joint laboratories shared by pages, the API and reports."""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from .models import JointLab, LabOutput, LabPartner


def joint_lab_list() -> QuerySet[JointLab]:
    """Labs with their centre, partners (and institutions), research areas and output count."""
    return (
        JointLab.objects.select_related("centre")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=LabPartner.objects.select_related("institution").order_by(
                    "role", "institution__name"
                ),
            ),
            "research_areas",
        )
        .annotate(outputs_count=Count("outputs", distinct=True))
    )


def joint_lab_page() -> QuerySet[JointLab]:
    """Labs with what their page shows: the list's relations plus the centre's host and the
    outputs, newest first."""
    return (
        joint_lab_list()
        .select_related("centre__host_institution")
        .prefetch_related(
            Prefetch("outputs", queryset=LabOutput.objects.order_by("-year", "title"))
        )
    )


def lab_output_list() -> QuerySet[LabOutput]:
    return LabOutput.objects.select_related("lab")


def partner_country_codes() -> set[str]:
    """Distinct ISO codes of the countries the network works with through joint labs: the labs'
    partner countries plus the countries of their partner institutions, leaving out the home
    country of each lab's centre (a Chinese sponsor of a Chinese centre's lab adds no partner
    country)."""
    return set(lab_ids_by_country())


def _partner_links_abroad() -> QuerySet[LabPartner]:
    """Lab partnerships of institutions outside the country hosting the lab's centre."""
    return LabPartner.objects.exclude(institution__country="").exclude(
        institution__country=F("lab__centre__host_institution__country")
    )


def with_country(queryset: QuerySet[JointLab], code: str) -> QuerySet[JointLab]:
    """The labs of the queryset a country takes part in: listed among the lab's partner
    countries, or one of the lab's partner institutions is from it (a Chinese sponsor of a
    Chinese centre's lab does not make China a partner country). Partner countries are stored
    as "KE,TH": with two-letter codes a substring match finds exactly the labs listing it."""
    code = code.upper()
    through_partner = _partner_links_abroad().filter(institution__country=code)
    return queryset.filter(
        Q(partner_countries__contains=code) | Q(pk__in=through_partner.values("lab_id"))
    )


def labs_with_country(code: str) -> QuerySet[JointLab]:
    """The joint labs a country takes part in (see `with_country`), with what a list shows."""
    return with_country(joint_lab_list(), code)


def lab_ids_by_country() -> dict[str, set[int]]:
    """For every partner country, the ids of the joint labs it takes part in (the same rule
    as `labs_with_country`), in two queries whatever the number of labs or countries."""
    by_country: dict[str, set[int]] = {}
    field = JointLab._meta.get_field("partner_countries")
    for lab_id, value in JointLab.objects.exclude(partner_countries="").values_list(
        "pk", "partner_countries"
    ):
        for code in field.get_clean_value(value):
            if code:
                by_country.setdefault(code, set()).add(lab_id)
    for lab_id, code in _partner_links_abroad().values_list("lab_id", "institution__country"):
        by_country.setdefault(code, set()).add(lab_id)
    return by_country

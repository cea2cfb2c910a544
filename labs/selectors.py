"""Read queries on joint laboratories shared by pages, the API and reports."""

from django.db.models import Count, F, Prefetch, QuerySet

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


def lab_output_list() -> QuerySet[LabOutput]:
    return LabOutput.objects.select_related("lab")


def partner_country_codes() -> set[str]:
    """Distinct ISO codes of the countries the network works with through joint labs: the labs'
    partner countries plus the countries of their partner institutions, leaving out the home
    country of each lab's centre (a Chinese sponsor of a Chinese centre's lab adds no partner
    country)."""
    codes: set[str] = set()
    field = JointLab._meta.get_field("partner_countries")
    for value in JointLab.objects.exclude(partner_countries="").values_list(
        "partner_countries", flat=True
    ):
        codes.update(code for code in field.get_clean_value(value) if code)
    codes.update(
        LabPartner.objects.exclude(institution__country="")
        .exclude(institution__country=F("lab__centre__host_institution__country"))
        .values_list("institution__country", flat=True)
        .distinct()
    )
    return codes

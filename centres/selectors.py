"""Read queries on the directory (institutions, centres, alliances) shared by pages and API.

The centre and institution pages also show what other apps record about them (joint labs,
pool entries, transfer cases, needs); those are read through the reverse relations, so this
module imports no app that depends on `centres`.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

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


def centre_directory() -> QuerySet[Centre]:
    """Centres for the directory page, with the number of their joint labs."""
    return centre_list().annotate(labs_count=Count("joint_labs", distinct=True)).order_by("name")


def centre_page() -> QuerySet[Centre]:
    """Centres with what their page shows: host, parent, sub-centres, focus areas, and the
    joint labs with their research areas."""
    return centre_list().prefetch_related(
        "joint_labs__research_areas", "sub_centres__host_institution"
    )


def institution_directory() -> QuerySet[Institution]:
    """Institutions for the directory page, with the number of joint labs they take part in."""
    return (
        institution_list()
        .annotate(labs_count=Count("lab_partnerships", distinct=True))
        .order_by("name")
    )


def countries_in(queryset: QuerySet, field: str) -> list[str]:
    """The distinct, non-empty country codes in `field` of the queryset, in one query."""
    return list(queryset.exclude(**{field: ""}).order_by().values_list(field, flat=True).distinct())


@dataclass(frozen=True)
class InstitutionRecord:
    """What the network records about an institution, for its public page."""

    hosted_centres: list
    lab_partnerships: list
    technologies: list
    transfer_cases: list
    needs: list


def institution_record(institution: Institution) -> InstitutionRecord:
    """Hosted centres, joint labs (with role and centre), published pool entries it provides,
    transfer cases where it is the partner, and its published technology needs: five queries."""
    return InstitutionRecord(
        hosted_centres=list(institution.hosted_centres.order_by("name")),
        lab_partnerships=list(
            institution.lab_partnerships.select_related("lab__centre").order_by("lab__name")
        ),
        technologies=list(
            institution.technologies.published().select_related("green_area").order_by("name", "pk")
        ),
        transfer_cases=list(
            institution.transfer_cases.select_related("technology").order_by("-year", "title")
        ),
        needs=list(
            institution.technology_needs.filter(is_published=True)
            .select_related("green_area")
            .order_by("-stated_on", "title")
        ),
    )

"""Read queries on programmes, cohorts and trainees shared by pages, the API and reports."""

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Lower

from .models import HOLDS_PLACE, Application, ApplicationStatus, Cohort, CohortStatus, Programme


def places_taken_subquery():
    """The number of applications holding a place in the outer cohort."""
    taken = (
        Application.objects.filter(cohort=OuterRef("pk"), status__in=HOLDS_PLACE)
        .order_by()
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(taken, output_field=IntegerField()), 0)


def cohorts_with_places_left(queryset: QuerySet[Cohort] | None = None) -> QuerySet[Cohort]:
    """Cohorts annotated with `places_taken` (confirmed or attended applications) and
    `places_left` (the capacity minus those, never below zero)."""
    if queryset is None:
        queryset = Cohort.objects.all()
    return queryset.annotate(places_taken=places_taken_subquery()).annotate(
        places_left=Greatest(
            F("capacity") - F("places_taken"), Value(0), output_field=IntegerField()
        )
    )


def public_cohorts() -> QuerySet[Cohort]:
    """Cohorts anyone may see (not drafts), with their programme, modules and places left."""
    return cohorts_with_places_left(
        Cohort.objects.exclude(status=CohortStatus.DRAFT)
        .select_related("programme")
        .prefetch_related("modules")
    )


def public_programmes() -> QuerySet[Programme]:
    """Programmes with their organiser, alliance, green areas and public cohorts."""
    return Programme.objects.select_related("organiser", "alliance").prefetch_related(
        "green_areas",
        Prefetch(
            "cohorts",
            queryset=Cohort.objects.exclude(status=CohortStatus.DRAFT).order_by("starts_on"),
            to_attr="public_cohorts",
        ),
    )


def trainee_count() -> int:
    """People trained: distinct e-mail addresses (case-insensitive) of the applications that
    were attended or earned a certificate."""
    return Application.objects.filter(
        Q(status=ApplicationStatus.ATTENDED) | Q(certificate__isnull=False)
    ).aggregate(people=Count(Lower("email"), distinct=True))["people"]


def applications_for_staff() -> QuerySet[Application]:
    """Applications with their cohort, attendance records and certificate, for staff lists."""
    return (
        Application.objects.select_related("cohort__programme", "certificate")
        .prefetch_related("attendance")
        .order_by("cohort__starts_on", "last_name", "first_name", "pk")
    )


def applications_of_user(user) -> QuerySet[Application]:
    """A logged-in person's own applications: linked to their account, or made with their
    verified e-mail address. Newest cohort first."""
    if not user or not user.is_authenticated:
        return Application.objects.none()
    mine = Q(user=user)
    if getattr(user, "email_verified", False):
        mine |= Q(email__iexact=user.email)
    return (
        Application.objects.filter(mine)
        .select_related("cohort__programme", "certificate")
        .order_by("-cohort__starts_on", "-created", "pk")
    )

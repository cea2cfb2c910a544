"""Read-only public API: training programmes and their cohorts (never the applications)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from . import selectors
from .models import Cohort, CohortStatus, Module, Programme


class ProgrammeOrganiserSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class ProgrammeSerializer(serializers.ModelSerializer):
    organiser = ProgrammeOrganiserSerializer(allow_null=True)
    alliance = ProgrammeOrganiserSerializer(allow_null=True)
    green_areas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    cohorts = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [
            "slug",
            "title",
            "title_zh",
            "summary",
            "summary_zh",
            "organiser",
            "alliance",
            "green_areas",
            "website",
            "cohorts",
        ]

    def get_cohorts(self, programme) -> list[str]:
        """The slugs of the programme's public cohorts, earliest first."""
        return [cohort.slug for cohort in programme.public_cohorts]


class ProgrammeFilter(django_filters.FilterSet):
    organiser = django_filters.CharFilter(field_name="organiser__slug", label=_("Organiser (slug)"))
    alliance = django_filters.CharFilter(field_name="alliance__slug", label=_("Alliance (slug)"))
    area = django_filters.CharFilter(
        field_name="green_areas__code", label=_("Green area (code)"), distinct=True
    )

    class Meta:
        model = Programme
        fields = ["organiser", "alliance", "area"]


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Training programmes, with the slugs of their public cohorts."""

    queryset = selectors.public_programmes()
    serializer_class = ProgrammeSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = ProgrammeFilter
    search_fields = ["title", "title_zh", "summary", "summary_zh"]
    ordering_fields = ["title", "created"]
    ordering = ["title"]


class CohortModuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Module
        fields = [
            "day",
            "starts_at",
            "ends_at",
            "kind",
            "title",
            "title_zh",
            "speaker",
            "location",
            "description",
            "position",
        ]


class CohortSerializer(serializers.ModelSerializer):
    programme = serializers.SlugField(source="programme.slug")
    country = serializers.CharField(source="country.code")
    places_left = serializers.IntegerField(read_only=True)
    modules = CohortModuleSerializer(many=True, read_only=True)

    class Meta:
        model = Cohort
        fields = [
            "slug",
            "title",
            "title_zh",
            "programme",
            "city",
            "country",
            "venue",
            "starts_on",
            "ends_on",
            "application_deadline",
            "language",
            "capacity",
            "places_left",
            "max_per_country",
            "requires_selection",
            "status",
            "modules",
        ]


class CohortFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(field_name="programme__slug", label=_("Programme (slug)"))
    status = django_filters.ChoiceFilter(
        choices=[c for c in CohortStatus.choices if c[0] != CohortStatus.DRAFT]
    )
    city = django_filters.CharFilter(lookup_expr="iexact", label=_("City"))
    country = django_filters.ChoiceFilter(
        choices=lambda: list(countries), label=_("Country (ISO code)")
    )
    starts_after = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="gte", label=_("Starts on or after")
    )
    starts_before = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="lte", label=_("Starts on or before")
    )

    class Meta:
        model = Cohort
        fields = ["programme", "status", "city", "country", "starts_after", "starts_before"]


class CohortViewSet(viewsets.ReadOnlyModelViewSet):
    """Public cohorts (sessions) with their modules and the number of places left."""

    queryset = selectors.public_cohorts()
    serializer_class = CohortSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = CohortFilter
    search_fields = ["title", "title_zh", "city", "venue", "programme__title"]
    ordering_fields = ["starts_on", "application_deadline", "title", "places_left"]
    ordering = ["starts_on", "title"]


ROUTES = [
    ("programmes", ProgrammeViewSet, "programme"),
    ("cohorts", CohortViewSet, "cohort"),
]

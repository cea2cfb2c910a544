"""Read-only public API: the directory of institutions, centres and alliances."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from . import selectors
from .models import Alliance, AllianceMembership, Centre, Institution, InstitutionKind


class InstitutionSerializer(CountryFieldMixin, serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = [
            "slug",
            "name",
            "name_zh",
            "short_name",
            "kind",
            "country",
            "city",
            "website",
            "description",
            "description_zh",
        ]


class InstitutionSummarySerializer(CountryFieldMixin, serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["slug", "name", "short_name", "country"]


class InstitutionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=InstitutionKind.choices)
    country = django_filters.ChoiceFilter(
        choices=lambda: list(countries), label=_("Country (ISO code)")
    )

    class Meta:
        model = Institution
        fields = ["kind", "country"]


class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.institution_list()
    serializer_class = InstitutionSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = InstitutionFilter
    search_fields = ["name", "name_zh", "short_name", "city"]
    ordering_fields = ["name", "country"]
    ordering = ["name"]


class CentreSerializer(serializers.ModelSerializer):
    host_institution = InstitutionSummarySerializer()
    parent = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    sub_centres = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    focus_areas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Centre
        fields = [
            "slug",
            "name",
            "name_zh",
            "short_name",
            "host_institution",
            "parent",
            "sub_centres",
            "established",
            "focus_areas",
            "mission",
            "mission_zh",
            "website",
        ]


class CentreFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__slug", label=_("Parent centre (slug)"))
    top_level = django_filters.BooleanFilter(
        field_name="parent", lookup_expr="isnull", label=_("Top-level centres only")
    )
    area = django_filters.CharFilter(field_name="focus_areas__code", label=_("Focus area (code)"))

    class Meta:
        model = Centre
        fields = ["parent", "top_level", "area"]


class CentreViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.centre_list()
    serializer_class = CentreSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = CentreFilter
    search_fields = ["name", "name_zh", "short_name", "mission", "host_institution__name"]
    ordering_fields = ["name", "established"]
    ordering = ["name"]


class AllianceMemberSerializer(serializers.ModelSerializer):
    institution = InstitutionSummarySerializer()

    class Meta:
        model = AllianceMembership
        fields = ["institution", "role", "joined"]


class AllianceSerializer(serializers.ModelSerializer):
    members = AllianceMemberSerializer(source="memberships", many=True)

    class Meta:
        model = Alliance
        fields = [
            "slug",
            "name",
            "name_zh",
            "short_name",
            "founded",
            "description",
            "description_zh",
            "website",
            "members",
        ]


class AllianceFilter(django_filters.FilterSet):
    member = django_filters.CharFilter(
        field_name="memberships__institution__slug", label=_("Member institution (slug)")
    )

    class Meta:
        model = Alliance
        fields = ["member"]


class AllianceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.alliance_list()
    serializer_class = AllianceSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = AllianceFilter
    search_fields = ["name", "name_zh", "short_name", "description"]
    ordering_fields = ["name", "founded"]
    ordering = ["name"]


ROUTES = [
    ("institutions", InstitutionViewSet, "institution"),
    ("centres", CentreViewSet, "centre"),
    ("alliances", AllianceViewSet, "alliance"),
]

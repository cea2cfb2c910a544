"""Read-only public API: the directory of institutions, centres and alliances.

The filter sets here are also the filter forms of the directory pages (centres/views.py), so a
page and its endpoint accept the same parameters: `q` (name in English or Chinese), `country`,
and per list `kind` or `area`. Lists are paginated (`page`), also searchable with `search`.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from greentech.core import api_answers
from greentech.core.models import GreenArea

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


def search_names(queryset, fields: tuple[str, ...], text: str):
    """Rows whose name matches the text in any of the given fields (English or Chinese)."""
    text = text.strip()
    if not text:
        return queryset
    matches = Q()
    for field in fields:
        matches |= Q(**{f"{field}__icontains": text})
    return queryset.filter(matches)


def country_filter(field_name: str, label) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        field_name=field_name,
        choices=lambda: list(countries),
        label=label,
        empty_label=_("Any country"),
    )


class InstitutionFilter(django_filters.FilterSet):
    """The filters of the institutions directory, shared by the page and the API."""

    q = django_filters.CharFilter(
        method="search", label=_("Name (English or Chinese)"), max_length=100
    )
    country = country_filter("country", _("Country"))
    kind = django_filters.ChoiceFilter(
        choices=InstitutionKind.choices, label=_("Kind"), empty_label=_("Any kind")
    )

    class Meta:
        model = Institution
        fields = ["q", "country", "kind"]

    def search(self, queryset, name, value: str):
        return search_names(queryset, ("name", "name_zh", "short_name", "city"), value)


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
    parent = serializers.SlugRelatedField(
        read_only=True, slug_field="slug", allow_null=True, help_text=_("Null for a top centre.")
    )
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
    """The filters of the centres directory, shared by the page and the API."""

    q = django_filters.CharFilter(
        method="search", label=_("Name (English or Chinese)"), max_length=100
    )
    country = country_filter("host_institution__country", _("Country"))
    area = django_filters.ModelChoiceFilter(
        field_name="focus_areas",
        to_field_name="code",
        queryset=GreenArea.objects.all(),
        label=_("Focus area"),
        empty_label=_("Any focus area"),
    )
    parent = django_filters.CharFilter(field_name="parent__slug", label=_("Parent centre (slug)"))
    top_level = api_answers.BooleanFilter(
        field_name="parent", lookup_expr="isnull", label=_("Top-level centres only")
    )

    class Meta:
        model = Centre
        fields = ["q", "country", "area", "parent", "top_level"]

    def search(self, queryset, name, value: str):
        return search_names(queryset, ("name", "name_zh", "short_name"), value)


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
    q = django_filters.CharFilter(
        method="search", label=_("Name (English or Chinese)"), max_length=100
    )
    member = django_filters.CharFilter(
        field_name="memberships__institution__slug", label=_("Member institution (slug)")
    )

    class Meta:
        model = Alliance
        fields = ["q", "member"]

    def search(self, queryset, name, value: str):
        return search_names(queryset, ("name", "name_zh", "short_name"), value)


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

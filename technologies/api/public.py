"""Read-only public API of the technology pool.

Only public data: accepted technologies (never drafts, submissions under review or rejected
ones), published calls and needs, transfer cases. Never reviews, assignments, submitters or
the providers' contact details.
"""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from centres.models import Institution
from greentech.core.models import GreenArea

from .. import selectors
from ..models import (
    ApplicationCase,
    CollectionCall,
    Criterion,
    ImpactIndicator,
    Technology,
    TechnologyNeed,
    TransferCase,
)


def country_choices():
    return list(countries)


class PoolGreenAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = GreenArea
        fields = ["code", "name", "name_zh"]


class PoolInstitutionSerializer(CountryFieldMixin, serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["slug", "name", "name_zh", "short_name", "country", "website"]


# --- Transfer cases ------------------------------------------------------------------------


class ImpactIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImpactIndicator
        fields = ["name", "value", "unit"]


class TransferCaseSerializer(CountryFieldMixin, serializers.ModelSerializer):
    partner = PoolInstitutionSerializer(allow_null=True)
    indicators = ImpactIndicatorSerializer(many=True)
    technology = serializers.SerializerMethodField()

    class Meta:
        model = TransferCase
        fields = [
            "slug",
            "title",
            "title_zh",
            "country",
            "year",
            "partner",
            "technology",
            "description",
            "description_zh",
            "indicators",
        ]

    def get_technology(self, case) -> str | None:
        """The pool entry's slug, only while the technology is published."""
        technology = case.technology
        if technology is None or not technology.is_published:
            return None
        return technology.slug


class NestedTransferCaseSerializer(TransferCaseSerializer):
    """Inside a technology: the technology is the parent already."""

    technology = None

    class Meta(TransferCaseSerializer.Meta):
        fields = [f for f in TransferCaseSerializer.Meta.fields if f != "technology"]


class TransferCaseFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(choices=country_choices, label=_("Country (ISO code)"))

    class Meta:
        model = TransferCase
        fields = ["country", "year"]


class TransferCaseViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.transfer_case_list()
    serializer_class = TransferCaseSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = TransferCaseFilter
    search_fields = ["title", "title_zh", "description"]
    ordering_fields = ["year", "title"]
    ordering = ["-year", "title"]


# --- Technologies --------------------------------------------------------------------------


class ApplicationCaseSerializer(CountryFieldMixin, serializers.ModelSerializer):
    class Meta:
        model = ApplicationCase
        fields = ["place", "country", "year", "scale", "results"]


class CallSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = CollectionCall
        fields = ["slug", "title", "title_zh"]


class TechnologySerializer(CountryFieldMixin, serializers.ModelSerializer):
    call = CallSummarySerializer()
    provider = PoolInstitutionSerializer()
    green_area = PoolGreenAreaSerializer()
    application_cases = ApplicationCaseSerializer(many=True)
    transfer_cases = NestedTransferCaseSerializer(many=True)

    class Meta:
        model = Technology
        # Deliberately no contact_*, submitted_by, status history, feedback or reviews.
        fields = [
            "slug",
            "name",
            "name_zh",
            "call",
            "provider",
            "green_area",
            "summary",
            "technical_principle",
            "key_performance_indicators",
            "trl",
            "intellectual_property",
            "ip_details",
            "investment_usd",
            "operating_cost_usd_per_year",
            "co2e_avoided_t_per_year",
            "other_environmental_benefits",
            "applicable_conditions",
            "target_countries",
            "published_at",
            "valid_until",
            "application_cases",
            "transfer_cases",
        ]


class TechnologyFilter(django_filters.FilterSet):
    green_area = django_filters.CharFilter(
        field_name="green_area__code", label=_("Green area (code)")
    )
    provider = django_filters.CharFilter(field_name="provider__slug", label=_("Provider (slug)"))
    provider_country = django_filters.ChoiceFilter(
        field_name="provider__country",
        choices=country_choices,
        label=_("Provider country (ISO code)"),
    )
    trl = django_filters.NumberFilter(field_name="trl", label=_("Readiness level"))
    trl_min = django_filters.NumberFilter(
        field_name="trl", lookup_expr="gte", label=_("Readiness level at least")
    )
    trl_max = django_filters.NumberFilter(
        field_name="trl", lookup_expr="lte", label=_("Readiness level at most")
    )
    target_country = django_filters.ChoiceFilter(
        field_name="target_countries",
        lookup_expr="contains",
        choices=country_choices,
        label=_("Target country (ISO code)"),
    )
    call = django_filters.CharFilter(field_name="call__slug", label=_("Collection call (slug)"))
    q = django_filters.CharFilter(
        method="filter_full_text", label=_("Full-text search (PostgreSQL; substring elsewhere)")
    )

    class Meta:
        model = Technology
        fields = [
            "green_area",
            "provider",
            "provider_country",
            "trl",
            "trl_min",
            "trl_max",
            "target_country",
            "call",
            "q",
        ]

    def filter_full_text(self, queryset, name, value):
        return queryset.search(value)


class TechnologyViewSet(viewsets.ReadOnlyModelViewSet):
    """The public technology pool: accepted technologies only; any other slug is a 404."""

    queryset = selectors.technology_public_list()
    serializer_class = TechnologySerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = TechnologyFilter
    search_fields = ["name", "name_zh", "summary"]
    ordering_fields = ["name", "trl", "published_at"]
    ordering = ["name"]


# --- Collection calls ----------------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["name", "name_zh", "description", "weight", "position"]


class CollectionCallSerializer(serializers.ModelSerializer):
    green_areas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    criteria = CriterionSerializer(many=True)
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = CollectionCall
        fields = [
            "slug",
            "title",
            "title_zh",
            "organisers",
            "description",
            "description_zh",
            "opens_on",
            "closes_on",
            "is_open",
            "green_areas",
            "score_scale_max",
            "criteria",
        ]

    def get_is_open(self, call) -> bool:
        return call.is_open()


class CollectionCallFilter(django_filters.FilterSet):
    green_area = django_filters.CharFilter(
        field_name="green_areas__code", label=_("Green area (code)")
    )
    is_open = django_filters.BooleanFilter(method="filter_is_open", label=_("Open now"))

    class Meta:
        model = CollectionCall
        fields = ["green_area", "is_open"]

    def filter_is_open(self, queryset, name, value):
        now = timezone.now()
        open_now = {"opens_on__lte": now, "closes_on__gt": now}
        return queryset.filter(**open_now) if value else queryset.exclude(**open_now)


class CollectionCallViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.collection_call_public_list()
    serializer_class = CollectionCallSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = CollectionCallFilter
    search_fields = ["title", "title_zh", "organisers", "description"]
    ordering_fields = ["opens_on", "closes_on", "title"]
    ordering = ["-opens_on"]


# --- Technology needs ----------------------------------------------------------------------


class TechnologyNeedSerializer(CountryFieldMixin, serializers.ModelSerializer):
    institution = PoolInstitutionSerializer(allow_null=True)
    green_area = PoolGreenAreaSerializer()

    class Meta:
        model = TechnologyNeed
        fields = [
            "slug",
            "title",
            "title_zh",
            "country",
            "institution",
            "green_area",
            "description",
            "stated_on",
        ]


class TechnologyNeedFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(choices=country_choices, label=_("Country (ISO code)"))
    green_area = django_filters.CharFilter(
        field_name="green_area__code", label=_("Green area (code)")
    )

    class Meta:
        model = TechnologyNeed
        fields = ["country", "green_area"]


class TechnologyNeedViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.technology_need_public_list()
    serializer_class = TechnologyNeedSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = TechnologyNeedFilter
    search_fields = ["title", "title_zh", "description"]
    ordering_fields = ["stated_on", "title"]
    ordering = ["-stated_on", "title"]

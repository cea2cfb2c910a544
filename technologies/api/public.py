"""Read-only public API of the technology pool.

Only public data: accepted technologies (never drafts, submissions under review or rejected
ones), published calls and needs, transfer cases. Never reviews, assignments, submitters or
the providers' contact details.
"""

import django_filters
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.serializers import CountryFieldMixin
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, serializers, viewsets
from rest_framework.permissions import AllowAny

from centres.models import Institution
from greentech.core import api_answers
from greentech.core.models import GreenArea
from greentech.core.pagecache import CachedPublicListMixin
from greentech.core.search import matches_from_the_index

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
from ..pool_facets import POOL_CACHE


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
    trl = api_answers.IntegerFilter(field_name="trl", label=_("Readiness level"))
    trl_min = api_answers.IntegerFilter(
        field_name="trl", lookup_expr="gte", label=_("Readiness level at least")
    )
    trl_max = api_answers.IntegerFilter(
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


class PoolSearchFilter(filters.SearchFilter):
    """`?search=` on the pool is the full-text search of `?q=` (through the GIN index), not
    DRF's substring match over a few columns, which reads every row."""

    def filter_queryset(self, request, queryset, view):
        text = request.query_params.get(self.search_param, "")
        return queryset.search(text) if text.strip() else queryset


class IndexCountedPaginator(Paginator):
    """Counts a search's matches from the GIN index (see `matches_from_the_index`); the page
    itself is read as the planner likes (by name, an index walk that stops early)."""

    @cached_property
    def count(self) -> int:
        with matches_from_the_index(self.object_list.db):
            return Paginator.count.func(self)


class PoolPagination(api_answers.PageNumberPagination):
    def paginate_queryset(self, queryset, request, view=None):
        searching = any(request.query_params.get(name, "").strip() for name in ("q", "search"))
        self.django_paginator_class = IndexCountedPaginator if searching else Paginator
        return super().paginate_queryset(queryset, request, view)


class TechnologyViewSet(CachedPublicListMixin, viewsets.ReadOnlyModelViewSet):
    """The public technology pool: accepted technologies only; any other slug is a 404.
    Lists without a free-text search are cached for anonymous clients."""

    cache_namespaces = (POOL_CACHE,)
    filter_backends = [
        api_answers.KnownParametersFilter,
        DjangoFilterBackend,
        PoolSearchFilter,
        filters.OrderingFilter,
    ]
    pagination_class = PoolPagination
    queryset = selectors.technology_public_list()
    serializer_class = TechnologySerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = TechnologyFilter
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
    is_open = api_answers.BooleanFilter(method="filter_is_open", label=_("Open now"))

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

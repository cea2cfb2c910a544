"""Read-only public API: forum events with their agenda and speakers (never the registrations)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from . import selectors
from .models import AgendaItem, ForumEvent, ForumEventStatus, Speaker


class ForumSpeakerSerializer(serializers.ModelSerializer):
    country = serializers.SerializerMethodField()

    class Meta:
        model = Speaker
        fields = ["id", "name", "affiliation", "country", "bio", "photo_url"]

    def get_country(self, speaker) -> str:
        return speaker.country.code or ""


class ForumAgendaSpeakerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "affiliation"]


class ForumAgendaItemSerializer(serializers.ModelSerializer):
    speakers = ForumAgendaSpeakerSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "starts_at",
            "ends_at",
            "kind",
            "title",
            "title_zh",
            "room",
            "description",
            "speakers",
        ]


class ForumOrganiserSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class ForumEventSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    places_left = serializers.IntegerField(read_only=True)
    organisers = ForumOrganiserSerializer(many=True, read_only=True)
    agenda = ForumAgendaItemSerializer(many=True, read_only=True)
    speakers = ForumSpeakerSerializer(many=True, read_only=True)

    class Meta:
        model = ForumEvent
        fields = [
            "slug",
            "title",
            "title_zh",
            "short_name",
            "series",
            "series_number",
            "starts_on",
            "ends_on",
            "city",
            "country",
            "venue",
            "registration_deadline",
            "capacity",
            "places_left",
            "status",
            "organisers",
            "summary",
            "summary_zh",
            "delegate_countries_count",
            "agenda",
            "speakers",
        ]


class ForumEventFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=[c for c in ForumEventStatus.choices if c[0] != ForumEventStatus.DRAFT]
    )
    series = django_filters.CharFilter(lookup_expr="iexact", label=_("Series"))
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
        model = ForumEvent
        fields = ["status", "series", "city", "country", "starts_after", "starts_before"]


class ForumEventViewSet(viewsets.ReadOnlyModelViewSet):
    """Public forum events with their agenda, speakers and the number of places left."""

    queryset = selectors.public_events()
    serializer_class = ForumEventSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = ForumEventFilter
    search_fields = ["title", "title_zh", "short_name", "series", "city", "summary"]
    ordering_fields = ["starts_on", "title", "places_left"]
    ordering = ["-starts_on", "title"]


ROUTES = [
    ("forum-events", ForumEventViewSet, "forum-event"),
]

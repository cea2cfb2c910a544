"""Read-only public API: the countries the network cooperates with, with their counts, and one
country's profile (`/api/countries/<CODE>/`, ISO alpha-2 in any case; an unknown code is a 404).
"""

from django.utils.translation import gettext as _
from django_countries import countries
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from greentech.core import api_answers

from . import selectors


class CountryCooperationSerializer(serializers.Serializer):
    labs = serializers.IntegerField()
    transfer_cases = serializers.IntegerField()
    trainees = serializers.IntegerField()
    delegates = serializers.IntegerField()
    technologies = serializers.IntegerField()
    total = serializers.IntegerField()


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    cooperation = CountryCooperationSerializer()


class CountryNamedSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    name_zh = serializers.CharField()


class CountryInstitutionSerializer(CountryNamedSerializer):
    kind = serializers.CharField()
    labs_count = serializers.IntegerField()


class CountryTechnologySerializer(CountryNamedSerializer):
    provider = serializers.SlugField(source="provider.slug")
    green_area = serializers.SlugField(source="green_area.code")


class CountryTitledSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    title_zh = serializers.CharField()


class CountryTransferSerializer(CountryTitledSerializer):
    year = serializers.IntegerField(allow_null=True)
    partner = serializers.SlugField(source="partner.slug", allow_null=True, default=None)


class CountryCohortSerializer(CountryTitledSerializer):
    starts_on = serializers.DateField()
    trainees = serializers.IntegerField()


class CountryEventSerializer(CountryTitledSerializer):
    starts_on = serializers.DateField()
    delegates = serializers.IntegerField()


class CountryNeedSerializer(CountryTitledSerializer):
    green_area = serializers.SlugField(source="green_area.code")
    institution = serializers.SlugField(source="institution.slug", allow_null=True, default=None)


class CountryProfileSerializer(CountrySerializer):
    labs = CountryNamedSerializer(many=True)
    institutions = CountryInstitutionSerializer(many=True)
    technologies = CountryTechnologySerializer(
        many=True, help_text="The first technologies provided, by name; see technologies_total."
    )
    technologies_total = serializers.IntegerField()
    transfer_cases = CountryTransferSerializer(many=True)
    cohorts = CountryCohortSerializer(many=True)
    events = CountryEventSerializer(many=True)
    needs = CountryNeedSerializer(many=True)


class CountryViewSet(viewsets.GenericViewSet):
    """Countries the network cooperates with: joint labs, transfer cases to the country,
    trainees and forum delegates from it (confirmed or attended), and published pool entries
    its institutions provide. Public, read-only."""

    permission_classes = [AllowAny]
    filter_backends = [api_answers.KnownParametersFilter]  # no filters: only paging is known
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"

    def get_serializer_class(self):
        return CountryProfileSerializer if self.action == "retrieve" else CountrySerializer

    def list(self, request, format=None):
        rows = self.filter_queryset(
            [
                {"code": code, "name": countries.name(code), "cooperation": cooperation}
                for code, cooperation in selectors.cooperation_by_country().items()
            ]
        )
        page = self.paginate_queryset(rows)
        serializer = self.get_serializer(page if page is not None else rows, many=True)
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    def retrieve(self, request, code=None):
        if not selectors.is_country_code(code or ""):
            raise NotFound(_("There is no country with this code."))
        return Response(self.get_serializer(selectors.country_profile(code)).data)


ROUTES = [("countries", CountryViewSet, "country")]

"""Read-only public API: joint laboratories and their outputs.

`JointLabFilter` is also the filter form of the labs directory page (labs/views.py): the page
and the endpoint accept the same parameters (`q`, `country`, `area`, `status`; `centre` here
too). Lists are paginated (`page`), also searchable with `search`.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from greentech.core.models import GreenArea

from . import selectors
from .models import JointLab, LabOutput, LabPartner, LabStatus


class LabCentreSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class LabPartnerSerializer(serializers.ModelSerializer):
    institution = serializers.SlugField(source="institution.slug")
    name = serializers.CharField(source="institution.name")
    country = serializers.CharField(source="institution.country.code")

    class Meta:
        model = LabPartner
        fields = ["institution", "name", "country", "role", "since"]


class JointLabSerializer(serializers.ModelSerializer):
    centre = LabCentreSerializer()
    partners = LabPartnerSerializer(many=True)
    partner_countries = serializers.SerializerMethodField()
    research_areas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    outputs_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = JointLab
        fields = [
            "slug",
            "name",
            "name_zh",
            "short_name",
            "status",
            "established",
            "closed_on",
            "centre",
            "partners",
            "partner_countries",
            "research_areas",
            "outputs_count",
            "description",
            "description_zh",
            "website",
        ]

    def get_partner_countries(self, lab) -> list[str]:
        return [country.code for country in lab.partner_countries]


class JointLabFilter(django_filters.FilterSet):
    """The filters of the joint labs directory, shared by the page and the API."""

    q = django_filters.CharFilter(
        method="search", label=_("Name (English or Chinese)"), max_length=100
    )
    country = django_filters.ChoiceFilter(
        method="partner_country",
        choices=lambda: list(countries),
        label=_("Partner country"),
        empty_label=_("Any country"),
    )
    area = django_filters.ModelChoiceFilter(
        field_name="research_areas",
        to_field_name="code",
        queryset=GreenArea.objects.all(),
        label=_("Research area"),
        empty_label=_("Any research area"),
    )
    status = django_filters.ChoiceFilter(
        choices=LabStatus.choices, label=_("Status"), empty_label=_("Any status")
    )
    centre = django_filters.CharFilter(field_name="centre__slug", label=_("Centre (slug)"))

    class Meta:
        model = JointLab
        fields = ["q", "country", "area", "status", "centre"]

    def search(self, queryset, name, value: str):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(name_zh__icontains=value) | Q(short_name__icontains=value)
        )

    def partner_country(self, queryset, name, value: str):
        return selectors.with_country(queryset, value) if value else queryset


class JointLabViewSet(viewsets.ReadOnlyModelViewSet):
    """Joint laboratories: every lab is public, planned and closed ones included."""

    queryset = selectors.joint_lab_list()
    serializer_class = JointLabSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = JointLabFilter
    search_fields = ["name", "name_zh", "short_name", "description", "description_zh"]
    ordering_fields = ["name", "established", "outputs_count"]
    ordering = ["name"]


class LabOutputSerializer(serializers.ModelSerializer):
    lab = serializers.SlugField(source="lab.slug")

    class Meta:
        model = LabOutput
        fields = ["id", "lab", "kind", "title", "year", "link", "description"]


class LabOutputFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title"))
    lab = django_filters.CharFilter(field_name="lab__slug", label=_("Joint lab (slug)"))
    kind = django_filters.ChoiceFilter(choices=LabOutput.Kind.choices)

    class Meta:
        model = LabOutput
        fields = ["q", "lab", "kind", "year"]


class LabOutputViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.lab_output_list()
    serializer_class = LabOutputSerializer
    permission_classes = [AllowAny]
    filterset_class = LabOutputFilter
    search_fields = ["title", "description"]
    ordering_fields = ["year", "title"]
    ordering = ["-year", "title"]


ROUTES = [
    ("labs", JointLabViewSet, "lab"),
    ("lab-outputs", LabOutputViewSet, "lab-output"),
]

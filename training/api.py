"""Training API.

Public and read-only: programmes and cohorts (never the applications). Public writes with the
same rules as the pages: apply to a cohort; confirm, see and cancel an application with the
token of an e-mailed link. Staff: applications per cohort, selection, attendance. A logged-in
person: their own applications.
"""

import django_filters
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response

from greentech.core import api_answers
from greentech.core.clientip import client_ip
from greentech.core.ratelimit import scoped_throttle

from . import selectors, services
from .exceptions import AlreadyRegistered, InvalidApplicationLink, TrainingError
from .models import Application, ApplicationStatus, Cohort, CohortStatus, Module, Programme
from .signing import read_confirm_token, read_manage_token


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
    starts_after = api_answers.DateFilter(
        field_name="starts_on", lookup_expr="gte", label=_("Starts on or after")
    )
    starts_before = api_answers.DateFilter(
        field_name="starts_on", lookup_expr="lte", label=_("Starts on or before")
    )

    class Meta:
        model = Cohort
        fields = ["programme", "status", "city", "country", "starts_after", "starts_before"]


class ApplicationInputSerializer(serializers.Serializer):
    """What a person gives to apply (the same fields as the application form)."""

    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(max_length=254)
    country = CountryField()
    institution_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    field_of_work = serializers.CharField(max_length=200, required=False, allow_blank=True)
    motivation = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    consent_to_data_use = serializers.BooleanField()

    def validate_consent_to_data_use(self, value):
        if not value:
            raise serializers.ValidationError(_("Consent to the use of the data is required."))
        return value


MessageSerializer = inline_serializer(
    "TrainingMessage", fields={"detail": serializers.CharField(), "status": serializers.CharField()}
)


def domain_error(exc: TrainingError) -> Exception:
    """A domain error as a 400 with field errors (or non_field_errors); one of another kind
    (a forbidden status change: 409) is left to the API's exception handler."""
    if exc.status_code != 400:
        return exc
    return serializers.ValidationError(serializers.as_serializer_error(exc))


class CohortViewSet(viewsets.ReadOnlyModelViewSet):
    """Public cohorts (sessions) with their modules and the number of places left."""

    queryset = selectors.public_cohorts()
    serializer_class = CohortSerializer
    permission_classes = [AllowAny]
    write_scopes = {"apply": "submit"}  # what an API token needs to write here
    lookup_field = "slug"
    filterset_class = CohortFilter
    search_fields = ["title", "title_zh", "city", "venue", "programme__title"]
    ordering_fields = ["starts_on", "application_deadline", "title", "places_left"]
    ordering = ["starts_on", "title"]

    @extend_schema(
        request=ApplicationInputSerializer,
        responses={
            201: MessageSerializer,
            400: OpenApiResponse(
                description=_("Field errors, or the cohort takes no applications.")
            ),
            429: OpenApiResponse(
                description=_("Too many applications from this client or for this address.")
            ),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[AllowAny],
        throttle_classes=[scoped_throttle("registration", target_field="email")],
    )
    def apply(self, request, slug=None, format=None):
        """Apply to the cohort. The person confirms from the e-mailed link. The answer is the
        same whether or not the e-mail address already has an application for the cohort: then
        nothing is created or changed, and the owner of the address is told by e-mail (with
        the application's links), so the answer tells a stranger nothing."""
        cohort = self.get_object()
        serializer = ApplicationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.application_submit(
                cohort=cohort,
                user=request.user,
                language=translation.get_language(),
                **serializer.validated_data,
            )
        except AlreadyRegistered as exc:
            services.application_tell_owner(application=exc.existing, client=client_ip(request))
        except TrainingError as exc:
            raise domain_error(exc) from None
        return Response(
            {
                "detail": _(
                    "Thank you. We have sent you an e-mail: follow its link to confirm your "
                    "application."
                ),
                "status": ApplicationStatus.PENDING_CONFIRMATION,
            },
            status=status.HTTP_201_CREATED,
        )


class ApplicationTokenSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=500)


class ApplicationCohortSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.title")

    class Meta:
        model = Cohort
        fields = ["slug", "title", "title_zh", "programme", "city", "venue", "starts_on", "ends_on"]


class OwnApplicationSerializer(serializers.ModelSerializer):
    """An application as its owner sees it (through a signed link or logged in)."""

    cohort = ApplicationCohortSerializer(read_only=True)
    country = serializers.CharField(source="country.code")
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display")
    certificate_code = serializers.SerializerMethodField()
    can_cancel = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "cohort",
            "first_name",
            "last_name",
            "email",
            "country",
            "institution_name",
            "position",
            "field_of_work",
            "status",
            "status_display",
            "waitlist_position",
            "confirmed_at",
            "cancelled_at",
            "created",
            "certificate_code",
            "can_cancel",
        ]

    def get_certificate_code(self, application) -> str | None:
        certificate = getattr(application, "certificate", None)
        return certificate.code if certificate is not None else None

    def get_can_cancel(self, application) -> bool:
        return application.can_transition_to(ApplicationStatus.CANCELLED)


class AttendanceRecordSerializer(serializers.Serializer):
    day = serializers.DateField()
    present = serializers.BooleanField()


class StaffApplicationSerializer(OwnApplicationSerializer):
    """An application with everything staff need (personal data: staff only)."""

    cohort = serializers.SlugField(source="cohort.slug")
    attendance = AttendanceRecordSerializer(many=True, read_only=True)

    class Meta(OwnApplicationSerializer.Meta):
        fields = [
            "id",
            *OwnApplicationSerializer.Meta.fields,
            "motivation",
            "attendance",
        ]


class AttendanceInputSerializer(serializers.Serializer):
    day = serializers.DateField()
    present = serializers.BooleanField(default=True)


class SelectionInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=services.SelectionOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CanManageApplications(BasePermission):
    """Staff curators (the `training.manage_applications` rule)."""

    def has_permission(self, request, view):
        return request.user.has_perm("training.manage_applications")


class ApplicationFilter(django_filters.FilterSet):
    cohort = django_filters.CharFilter(field_name="cohort__slug", label=_("Cohort (slug)"))
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices)
    country = django_filters.ChoiceFilter(
        choices=lambda: list(countries), label=_("Country (ISO code)")
    )

    class Meta:
        model = Application
        fields = ["cohort", "status", "country"]


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications.

    Staff only: the list (filter by cohort slug, status, country), one application, selection
    and attendance. Anyone holding an e-mailed link: confirm, see and cancel that application
    with its token.
    """

    serializer_class = StaffApplicationSerializer
    permission_classes = [CanManageApplications]
    # What an API token needs to write: the person's own links, or staff work.
    write_scopes = {"confirm": "submit", "cancel": "submit", "*": "staff"}
    filterset_class = ApplicationFilter
    search_fields = ["first_name", "last_name", "email", "institution_name"]
    ordering_fields = ["last_name", "created", "status", "waitlist_position"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if not self.request.user.has_perm("training.manage_applications"):
            return Application.objects.none()
        return selectors.applications_for_staff()

    def _own(self, application: Application) -> Response:
        return Response(OwnApplicationSerializer(application).data)

    def _token(self, request) -> str:
        serializer = ApplicationTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data["token"]

    @extend_schema(request=ApplicationTokenSerializer, responses={200: OwnApplicationSerializer})
    @action(detail=False, methods=["post"], permission_classes=[AllowAny])
    def confirm(self, request, format=None):
        """Confirm an application with the token of its confirm link: a place, the waitlist (with
        its position) or, for a cohort with selection, pending selection. Idempotent."""
        try:
            application = services.application_confirm(
                application=read_confirm_token(self._token(request))
            )
        except TrainingError as exc:
            raise _token_error(exc) from None
        return self._own(application)

    @extend_schema(request=ApplicationTokenSerializer, responses={200: OwnApplicationSerializer})
    @action(detail=False, methods=["post"], permission_classes=[AllowAny])
    def cancel(self, request, format=None):
        """Cancel an application with the token of its manage link. Idempotent."""
        try:
            application = services.application_cancel(
                application=read_manage_token(self._token(request)), note="Cancelled by link."
            )
        except TrainingError as exc:
            raise _token_error(exc) from None
        return self._own(application)

    @extend_schema(request=None, responses={200: OwnApplicationSerializer})
    @action(
        detail=False,
        methods=["get"],
        permission_classes=[AllowAny],
        url_path=r"manage/(?P<token>[^/]+)",
    )
    def manage(self, request, token=None):
        """An application as its owner sees it, from the token of its manage link."""
        try:
            application = read_manage_token(token)
        except InvalidApplicationLink as exc:
            raise NotFound(exc.messages[0]) from None
        return self._own(application)

    @extend_schema(request=AttendanceInputSerializer, responses={200: StaffApplicationSerializer})
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Staff: record whether the participant was present on one day."""
        application = self.get_object()
        serializer = AttendanceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.attendance_mark(
                application=application, by=request.user, **serializer.validated_data
            )
        except TrainingError as exc:
            raise domain_error(exc) from None
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=SelectionInputSerializer, responses={200: StaffApplicationSerializer})
    @action(detail=True, methods=["post"])
    def select(self, request, pk=None):
        """Staff: accept, waitlist or decline an application pending selection."""
        application = self.get_object()
        serializer = SelectionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.application_select(
                application=application, by=request.user, **serializer.validated_data
            )
        except TrainingError as exc:
            raise domain_error(exc) from None
        return Response(self.get_serializer(self.get_object()).data)


def _token_error(exc: TrainingError) -> serializers.ValidationError:
    if isinstance(exc, InvalidApplicationLink):
        return serializers.ValidationError({"token": exc.messages})
    return domain_error(exc)


class MyApplicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The logged-in person's own applications (linked to their account or made with their
    verified e-mail address)."""

    serializer_class = OwnApplicationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return selectors.applications_of_user(self.request.user)


ROUTES = [
    ("programmes", ProgrammeViewSet, "programme"),
    ("cohorts", CohortViewSet, "cohort"),
    ("applications", ApplicationViewSet, "application"),
    ("me/applications", MyApplicationViewSet, "my-application"),
]

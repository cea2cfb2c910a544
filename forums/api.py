"""Forums API.

Public and read-only: forum events with their agenda and speakers (never the registrations).
Public writes with the same rules as the pages: register for an event; confirm, see and cancel a
registration with the token of an e-mailed link. Staff: registrations per event, attendance. A
logged-in person: their own registrations.
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
from .exceptions import AlreadyRegistered, ForumsError, InvalidRegistrationLink
from .models import (
    AgendaItem,
    ForumEvent,
    ForumEventStatus,
    Registration,
    RegistrationStatus,
    Speaker,
)
from .signing import read_confirm_token, read_manage_token


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
    starts_after = api_answers.DateFilter(
        field_name="starts_on", lookup_expr="gte", label=_("Starts on or after")
    )
    starts_before = api_answers.DateFilter(
        field_name="starts_on", lookup_expr="lte", label=_("Starts on or before")
    )

    class Meta:
        model = ForumEvent
        fields = ["status", "series", "city", "country", "starts_after", "starts_before"]


class RegistrationInputSerializer(serializers.Serializer):
    """What a person gives to register (the same fields as the registration form)."""

    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(max_length=254)
    country = CountryField()
    institution_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    registration_type = serializers.ChoiceField(
        choices=Registration.Type.choices, default=Registration.Type.DELEGATE
    )
    dietary_needs = serializers.CharField(max_length=255, required=False, allow_blank=True)
    access_needs = serializers.CharField(max_length=255, required=False, allow_blank=True)


MessageSerializer = inline_serializer(
    "ForumsMessage", fields={"detail": serializers.CharField(), "status": serializers.CharField()}
)


def domain_error(exc: ForumsError) -> Exception:
    """A domain error as a 400 with field errors (or non_field_errors); one of another kind
    (a forbidden status change: 409) is left to the API's exception handler."""
    if exc.status_code != 400:
        return exc
    return serializers.ValidationError(serializers.as_serializer_error(exc))


class ForumEventViewSet(viewsets.ReadOnlyModelViewSet):
    """Public forum events with their agenda, speakers and the number of places left."""

    queryset = selectors.public_events()
    serializer_class = ForumEventSerializer
    permission_classes = [AllowAny]
    write_scopes = {"register": "submit"}  # what an API token needs to write here
    lookup_field = "slug"
    filterset_class = ForumEventFilter
    search_fields = ["title", "title_zh", "short_name", "series", "city", "summary"]
    ordering_fields = ["starts_on", "title", "places_left"]
    ordering = ["-starts_on", "title"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "register":
            # Registering reads the event's own fields: not its organisers, speakers and agenda.
            return queryset.prefetch_related(None)
        return queryset

    @extend_schema(
        request=RegistrationInputSerializer,
        responses={
            201: MessageSerializer,
            400: OpenApiResponse(
                description=_("Field errors, or the event takes no registrations.")
            ),
            429: OpenApiResponse(
                description=_("Too many registrations from this client or for this address.")
            ),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[AllowAny],
        throttle_classes=[scoped_throttle("registration", target_field="email")],
    )
    def register(self, request, slug=None, format=None):
        """Register for the event. The person confirms from the e-mailed link. The answer is
        the same whether or not the e-mail address already has a registration for the event:
        then nothing is created or changed, and the owner of the address is told by e-mail
        (with the registration's links), so the answer tells a stranger nothing."""
        event = self.get_object()
        serializer = RegistrationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.registration_submit(
                event=event,
                user=request.user,
                language=translation.get_language(),
                **serializer.validated_data,
            )
        except AlreadyRegistered as exc:
            services.registration_tell_owner(registration=exc.existing, client=client_ip(request))
        except ForumsError as exc:
            raise domain_error(exc) from None
        return Response(
            {
                "detail": _(
                    "Thank you. We have sent you an e-mail: follow its link to confirm your "
                    "registration."
                ),
                "status": RegistrationStatus.PENDING_CONFIRMATION,
            },
            status=status.HTTP_201_CREATED,
        )


class RegistrationTokenSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=500)


class RegistrationEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForumEvent
        fields = [
            "slug",
            "title",
            "title_zh",
            "short_name",
            "city",
            "venue",
            "starts_on",
            "ends_on",
        ]


class OwnRegistrationSerializer(serializers.ModelSerializer):
    """A registration as its owner sees it (through a signed link or logged in)."""

    event = RegistrationEventSerializer(read_only=True)
    country = serializers.CharField(source="country.code")
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display")
    can_cancel = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "event",
            "first_name",
            "last_name",
            "email",
            "country",
            "institution_name",
            "registration_type",
            "dietary_needs",
            "access_needs",
            "status",
            "status_display",
            "waitlist_position",
            "confirmed_at",
            "cancelled_at",
            "created",
            "can_cancel",
        ]

    def get_can_cancel(self, registration) -> bool:
        return registration.can_transition_to(RegistrationStatus.CANCELLED)


class StaffRegistrationSerializer(OwnRegistrationSerializer):
    """A registration with its id, for staff (personal data: staff only)."""

    event = serializers.SlugField(source="event.slug")

    class Meta(OwnRegistrationSerializer.Meta):
        fields = ["id", *OwnRegistrationSerializer.Meta.fields]


class CanManageRegistrations(BasePermission):
    """Staff curators (the `forums.manage_registrations` rule)."""

    def has_permission(self, request, view):
        return request.user.has_perm("forums.manage_registrations")


class RegistrationFilter(django_filters.FilterSet):
    event = django_filters.CharFilter(field_name="event__slug", label=_("Event (slug)"))
    status = django_filters.ChoiceFilter(choices=RegistrationStatus.choices)
    registration_type = django_filters.ChoiceFilter(choices=Registration.Type.choices)
    country = django_filters.ChoiceFilter(
        choices=lambda: list(countries), label=_("Country (ISO code)")
    )

    class Meta:
        model = Registration
        fields = ["event", "status", "registration_type", "country"]


class RegistrationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Forum registrations.

    Staff only: the list (filter by event slug, status, type, country), one registration, and
    marking attendance. Anyone holding an e-mailed link: confirm, see and cancel that
    registration with its token.
    """

    serializer_class = StaffRegistrationSerializer
    permission_classes = [CanManageRegistrations]
    # What an API token needs to write: the person's own links, or staff work.
    write_scopes = {"confirm": "submit", "cancel": "submit", "*": "staff"}
    filterset_class = RegistrationFilter
    search_fields = ["first_name", "last_name", "email", "institution_name"]
    ordering_fields = ["last_name", "created", "status", "waitlist_position"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if not self.request.user.has_perm("forums.manage_registrations"):
            return Registration.objects.none()
        return selectors.registrations_for_staff()

    def _own(self, registration: Registration) -> Response:
        return Response(OwnRegistrationSerializer(registration).data)

    def _token(self, request) -> str:
        serializer = RegistrationTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data["token"]

    @extend_schema(request=RegistrationTokenSerializer, responses={200: OwnRegistrationSerializer})
    @action(detail=False, methods=["post"], permission_classes=[AllowAny])
    def confirm(self, request, format=None):
        """Confirm a registration with the token of its confirm link: a place, or the waitlist
        with its position. Idempotent."""
        try:
            registration = services.registration_confirm(
                registration=read_confirm_token(self._token(request))
            )
        except ForumsError as exc:
            raise _token_error(exc) from None
        return self._own(registration)

    @extend_schema(request=RegistrationTokenSerializer, responses={200: OwnRegistrationSerializer})
    @action(detail=False, methods=["post"], permission_classes=[AllowAny])
    def cancel(self, request, format=None):
        """Cancel a registration with the token of its manage link. Idempotent."""
        try:
            registration = services.registration_cancel(
                registration=read_manage_token(self._token(request)), note="Cancelled by link."
            )
        except ForumsError as exc:
            raise _token_error(exc) from None
        return self._own(registration)

    @extend_schema(request=None, responses={200: OwnRegistrationSerializer})
    @action(
        detail=False,
        methods=["get"],
        permission_classes=[AllowAny],
        url_path=r"manage/(?P<token>[^/]+)",
    )
    def manage(self, request, token=None):
        """A registration as its owner sees it, from the token of its manage link."""
        try:
            registration = read_manage_token(token)
        except InvalidRegistrationLink as exc:
            raise NotFound(exc.messages[0]) from None
        return self._own(registration)

    @extend_schema(request=None, responses={200: StaffRegistrationSerializer})
    @action(detail=True, methods=["post"])
    def attended(self, request, pk=None):
        """Staff: record that a confirmed registrant attended the event."""
        registration = self.get_object()
        try:
            services.registration_mark_attended(registration=registration, by=request.user)
        except ForumsError as exc:
            raise domain_error(exc) from None
        return Response(self.get_serializer(self.get_object()).data)


def _token_error(exc: ForumsError) -> serializers.ValidationError:
    if isinstance(exc, InvalidRegistrationLink):
        return serializers.ValidationError({"token": exc.messages})
    return domain_error(exc)


class MyRegistrationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The logged-in person's own forum registrations (linked to their account or made with
    their verified e-mail address)."""

    serializer_class = OwnRegistrationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return selectors.registrations_of_user(self.request.user)


ROUTES = [
    ("forum-events", ForumEventViewSet, "forum-event"),
    ("forum-registrations", RegistrationViewSet, "forum-registration"),
    ("me/forum-registrations", MyRegistrationViewSet, "my-forum-registration"),
]

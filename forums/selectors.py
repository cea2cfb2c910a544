"""Read queries on forum events and participants shared by pages, the API and reports."""

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from .models import HOLDS_PLACE, AgendaItem, ForumEvent, ForumEventStatus, Registration


def places_taken_subquery():
    """The number of registrations holding a place in the outer event."""
    taken = (
        Registration.objects.filter(event=OuterRef("pk"), status__in=HOLDS_PLACE)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(taken, output_field=IntegerField()), 0)


def events_with_places_left(
    queryset: QuerySet[ForumEvent] | None = None,
) -> QuerySet[ForumEvent]:
    """Events annotated with `places_taken` (confirmed or attended registrations) and
    `places_left` (the capacity minus those, never below zero)."""
    if queryset is None:
        queryset = ForumEvent.objects.all()
    return queryset.annotate(places_taken=places_taken_subquery()).annotate(
        places_left=Greatest(
            F("capacity") - F("places_taken"), Value(0), output_field=IntegerField()
        )
    )


def public_events() -> QuerySet[ForumEvent]:
    """Events anyone may see (not drafts), with organisers, agenda (and its speakers),
    speakers and places left."""
    return events_with_places_left(
        ForumEvent.objects.exclude(status=ForumEventStatus.DRAFT).prefetch_related(
            "organisers",
            "speakers",
            Prefetch(
                "agenda",
                queryset=AgendaItem.objects.prefetch_related("speakers"),
            ),
        )
    )


def forum_participant_count() -> int:
    """Forum participations: registrations confirmed or attended, over every event (a person at
    two events counts twice)."""
    return Registration.objects.filter(status__in=HOLDS_PLACE).count()


def registrations_for_staff() -> QuerySet[Registration]:
    """Registrations with their event, for staff lists."""
    return Registration.objects.select_related("event").order_by(
        "event__starts_on", "last_name", "first_name", "pk"
    )


def registrations_of_user(user) -> QuerySet[Registration]:
    """A logged-in person's own registrations: linked to their account, or made with their
    verified e-mail address. Newest event first."""
    if not user or not user.is_authenticated:
        return Registration.objects.none()
    mine = Q(user=user)
    if getattr(user, "email_verified", False):
        mine |= Q(email__iexact=user.email)
    return (
        Registration.objects.filter(mine)
        .select_related("event")
        .order_by("-event__starts_on", "-created", "pk")
    )

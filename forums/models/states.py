"""The states of a forum registration and the transitions allowed between them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    PENDING_CONFIRMATION = "pending_confirmation", _("Pending e-mail confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")


S = RegistrationStatus

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_CONFIRMATION: frozenset({S.CONFIRMED, S.WAITLISTED, S.CANCELLED}),
    S.WAITLISTED: frozenset({S.CONFIRMED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.ATTENDED, S.CANCELLED}),
    S.ATTENDED: frozenset(),
    S.CANCELLED: frozenset(),
}

# A registration in one of these states blocks another one with the same e-mail for the event.
ACTIVE_STATES = frozenset({S.PENDING_CONFIRMATION, S.CONFIRMED, S.WAITLISTED, S.ATTENDED})
# These take one of the event's places.
HOLDS_PLACE = frozenset({S.CONFIRMED, S.ATTENDED})
# Nothing follows these.
FINAL_STATES = frozenset(state for state, targets in ALLOWED_TRANSITIONS.items() if not targets)

del S


def can_transition(from_status: str, to_status: str) -> bool:
    """Whether the table allows moving a registration from one state to another."""
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())

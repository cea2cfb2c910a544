"""The states of a training application and the transitions allowed between them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    PENDING_CONFIRMATION = "pending_confirmation", _("Pending e-mail confirmation")
    # Only when the cohort requires a selection: staff choose among the confirmed applicants.
    PENDING_SELECTION = "pending_selection", _("Pending selection")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")


S = ApplicationStatus

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_CONFIRMATION: frozenset(
        {S.CONFIRMED, S.WAITLISTED, S.PENDING_SELECTION, S.CANCELLED}
    ),
    S.PENDING_SELECTION: frozenset({S.CONFIRMED, S.WAITLISTED, S.DECLINED, S.CANCELLED}),
    S.WAITLISTED: frozenset({S.CONFIRMED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.ATTENDED, S.CANCELLED}),
    S.ATTENDED: frozenset(),
    S.DECLINED: frozenset(),
    S.CANCELLED: frozenset(),
}

# An application in one of these states blocks another one with the same e-mail in the cohort.
ACTIVE_STATES = frozenset(
    {S.PENDING_CONFIRMATION, S.PENDING_SELECTION, S.CONFIRMED, S.WAITLISTED, S.ATTENDED}
)
# These take one of the cohort's places.
HOLDS_PLACE = frozenset({S.CONFIRMED, S.ATTENDED})
# Nothing follows these.
FINAL_STATES = frozenset(state for state, targets in ALLOWED_TRANSITIONS.items() if not targets)

del S


def can_transition(from_status: str, to_status: str) -> bool:
    """Whether the table allows moving an application from one state to another."""
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())

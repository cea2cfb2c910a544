"""Forum events (symposia, conferences), their agenda and speakers, and registrations.

The models live in small modules; everything is importable from `forums.models`.
"""

from .events import AgendaItem, ForumEvent, ForumEventStatus, Speaker
from .registrations import Registration, RegistrationTransition
from .states import (
    ACTIVE_STATES,
    ALLOWED_TRANSITIONS,
    FINAL_STATES,
    HOLDS_PLACE,
    RegistrationStatus,
    can_transition,
)

__all__ = [
    "ACTIVE_STATES",
    "ALLOWED_TRANSITIONS",
    "FINAL_STATES",
    "HOLDS_PLACE",
    "AgendaItem",
    "ForumEvent",
    "ForumEventStatus",
    "Registration",
    "RegistrationStatus",
    "RegistrationTransition",
    "Speaker",
    "can_transition",
]

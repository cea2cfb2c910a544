"""Training programmes, their cohorts (sessions), modules, applications and certificates.

The models live in small modules; everything is importable from `training.models`.
"""

from .applications import (
    Application,
    ApplicationTransition,
    Attendance,
    Certificate,
    generate_certificate_code,
)
from .programmes import Cohort, CohortStatus, Module, Programme
from .states import (
    ACTIVE_STATES,
    ALLOWED_TRANSITIONS,
    FINAL_STATES,
    HOLDS_PLACE,
    ApplicationStatus,
    can_transition,
)

__all__ = [
    "ACTIVE_STATES",
    "ALLOWED_TRANSITIONS",
    "FINAL_STATES",
    "HOLDS_PLACE",
    "Application",
    "ApplicationStatus",
    "ApplicationTransition",
    "Attendance",
    "Certificate",
    "Cohort",
    "CohortStatus",
    "Module",
    "Programme",
    "can_transition",
    "generate_certificate_code",
]

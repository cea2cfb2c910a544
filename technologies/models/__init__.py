"""The technology pool's models; import them from here (`from technologies.models import X`)."""

from .attachments import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    Attachment,
    attachment_upload_to,
    validate_attachment_file,
)
from .calls import DEFAULT_CRITERIA, CollectionCall, Criterion
from .impact import ImpactIndicator, TechnologyNeed, TransferCase
from .matching import NeedMatch, NeedMatchStatus  # noqa: F401
from .reviews import Review, ReviewAssignment, ReviewScore
from .states import (
    ALLOWED_TRANSITIONS,
    DECIDED_STATES,
    DECISION_STATUS,
    EDITABLE_BY_SUBMITTER,
    PUBLISHED_STATES,
    TERMINAL_STATES,
    WITHDRAWABLE,
    AssignmentStatus,
    DecisionOutcome,
    IntellectualProperty,
    Recommendation,
    TechnologyStatus,
)
from .technology import (
    TRL_MAX,
    TRL_MIN,
    ApplicationCase,
    Technology,
    TechnologyQuerySet,
    TechnologyTransition,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "ATTACHMENT_EXTENSIONS",
    "ATTACHMENT_MAX_BYTES",
    "DECIDED_STATES",
    "DECISION_STATUS",
    "DEFAULT_CRITERIA",
    "EDITABLE_BY_SUBMITTER",
    "PUBLISHED_STATES",
    "TERMINAL_STATES",
    "TRL_MAX",
    "TRL_MIN",
    "WITHDRAWABLE",
    "ApplicationCase",
    "AssignmentStatus",
    "Attachment",
    "CollectionCall",
    "Criterion",
    "DecisionOutcome",
    "ImpactIndicator",
    "IntellectualProperty",
    "Recommendation",
    "Review",
    "ReviewAssignment",
    "ReviewScore",
    "Technology",
    "TechnologyNeed",
    "TechnologyQuerySet",
    "TechnologyStatus",
    "TechnologyTransition",
    "TransferCase",
    "attachment_upload_to",
    "validate_attachment_file",
]

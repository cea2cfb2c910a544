"""State names, named groups of states and the allowed-transitions table of the technology pool.

The submission workflow (DESIGN.md):

    draft -> submitted -> screening -> under_review -> accepted <-> archived
                              |              |-> revision_requested -> submitted (again)
                              |              '-> rejected
                              '-> returned to draft (incomplete)
    withdrawn: by the submitter, any time before a decision
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TechnologyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Screening")
    UNDER_REVIEW = "under_review", _("Under review")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ARCHIVED = "archived", _("Archived")


S = TechnologyStatus

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.SCREENING, S.WITHDRAWN}),
    S.SCREENING: frozenset({S.UNDER_REVIEW, S.DRAFT, S.WITHDRAWN}),
    S.UNDER_REVIEW: frozenset({S.ACCEPTED, S.REJECTED, S.REVISION_REQUESTED, S.WITHDRAWN}),
    S.REVISION_REQUESTED: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.ARCHIVED}),
    S.ARCHIVED: frozenset({S.ACCEPTED}),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

# Shown in the public pool.
PUBLISHED_STATES = frozenset({S.ACCEPTED})
# A staff decision has been taken (archived entries were accepted first).
DECIDED_STATES = frozenset({S.ACCEPTED, S.REJECTED, S.ARCHIVED})
# The submitter may still change the declaration.
EDITABLE_BY_SUBMITTER = frozenset({S.DRAFT, S.REVISION_REQUESTED})
# The submitter may withdraw: sent in, no decision yet.
WITHDRAWABLE = frozenset({S.SUBMITTED, S.SCREENING, S.UNDER_REVIEW, S.REVISION_REQUESTED})
# Nothing follows.
TERMINAL_STATES = frozenset({S.REJECTED, S.WITHDRAWN})

del S


class IntellectualProperty(models.TextChoices):
    PATENT_GRANTED = "patent_granted", _("Patent granted")
    PATENT_PENDING = "patent_pending", _("Patent pending")
    KNOW_HOW = "know_how", _("Know-how (trade secret)")
    OPEN = "open", _("Open / none")


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    SUBMITTED = "submitted", _("Review submitted")
    DECLINED_CONFLICT = "declined_conflict", _("Declined (conflict of interest)")


class Recommendation(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REVISE = "revise", _("Ask for a revision")
    REJECT = "reject", _("Reject")


class DecisionOutcome(models.TextChoices):
    """What staff decide on a reviewed submission; each leads to one status."""

    ACCEPT = "accept", _("Accept and publish")
    REVISE = "revise", _("Request a revision")
    REJECT = "reject", _("Reject")


DECISION_STATUS: dict[str, str] = {
    DecisionOutcome.ACCEPT: TechnologyStatus.ACCEPTED,
    DecisionOutcome.REVISE: TechnologyStatus.REVISION_REQUESTED,
    DecisionOutcome.REJECT: TechnologyStatus.REJECTED,
}

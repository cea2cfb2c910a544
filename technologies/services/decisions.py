"""Staff decisions: accept (publish in the pool), request a revision, or reject; taken one by
one or staged and released together for a whole call; and the pool entry's archiving."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import TechnologyError, TransitionNotAllowed
from ..models import (
    DECISION_STATUS,
    AssignmentStatus,
    CollectionCall,
    DecisionOutcome,
    ReviewAssignment,
    Technology,
    TechnologyStatus,
)
from ..selectors import decision_summary
from . import emails
from .transitions import lock, require_source, require_staff, technology_transition

logger = logging.getLogger("technologies.services")

S = TechnologyStatus
FEEDBACK_REQUIRED = frozenset({DecisionOutcome.REVISE, DecisionOutcome.REJECT})


def _check_decision(
    technology: Technology, outcome: str, feedback: str, accept_below_minimum: bool
) -> None:
    if technology.status != S.UNDER_REVIEW:
        raise TransitionNotAllowed(
            _("Only a declaration under review can be decided; this one is “%(status)s”.")
            % {"status": technology.get_status_display()},
            code="not_under_review",
        )
    if outcome not in DecisionOutcome.values:
        raise TechnologyError(
            {
                "outcome": [
                    _("Choose one of: %(choices)s.")
                    % {"choices": ", ".join(DecisionOutcome.values)}
                ]
            },
            code="unknown_outcome",
        )
    if outcome in FEEDBACK_REQUIRED and not feedback:
        raise TechnologyError(
            {
                "feedback": [
                    _("Tell the submitter what to change or why the declaration is refused.")
                ]
            },
            code="feedback_required",
        )
    if outcome != DecisionOutcome.ACCEPT:
        return
    if not ReviewAssignment.objects.filter(
        technology=technology, status=AssignmentStatus.SUBMITTED
    ).exists():
        raise TechnologyError(
            {"outcome": [_("A declaration is accepted only after at least one review.")]},
            code="no_review",
        )
    summary = decision_summary(technology)
    below = [c.name for c in summary.criteria if c.below_minimum]
    if (below or summary.below_overall_minimum) and not accept_below_minimum:
        messages = [w for w in summary.warnings if w]
        raise TechnologyError(
            {
                "accept_below_minimum": [
                    _("The scores are below the call's thresholds; confirm to accept anyway."),
                    *messages,
                ]
            },
            code="below_minimum",
        )


def _release(technology: Technology, *, outcome: str, feedback: str, by, note: str) -> Technology:
    technology.feedback = feedback
    technology.save(update_fields=["feedback", "modified"])
    technology_transition(technology=technology, to=DECISION_STATUS[outcome], by=by, note=note)
    emails.decision_released(technology, outcome=outcome)
    return technology


@transaction.atomic
def technology_decide(
    *,
    technology: Technology,
    outcome: str,
    feedback: str = "",
    by,
    release: bool = True,
    accept_below_minimum: bool = False,
) -> Technology:
    """Decide on a declaration under review: accept (published in the pool at once, valid one
    year), request a revision, or reject; `feedback` goes to the submitter (required unless
    accepting).

    With `release=False` the decision is only staged on the technology (outcome, feedback, who,
    when): nothing changes for the submitter and nothing is sent until
    `technology_release_decision` or `call_release_decisions`. Staging again replaces it.

    Accepting needs at least one submitted review and, when a criterion's mean or the overall
    score is under the call's thresholds, `accept_below_minimum=True` (the decision page's
    warning, confirmed).
    """
    require_staff(by)
    technology = lock(technology)
    feedback = (feedback or "").strip()
    _check_decision(technology, outcome, feedback, accept_below_minimum)
    if release:
        return _release(technology, outcome=outcome, feedback=feedback, by=by, note=feedback)
    technology.staged_outcome = outcome
    technology.staged_feedback = feedback
    technology.staged_by = by
    technology.staged_at = timezone.now()
    technology.save(
        update_fields=["staged_outcome", "staged_feedback", "staged_by", "staged_at", "modified"]
    )
    logger.info("Technology %s: decision %s staged by %s", technology.pk, outcome, by.pk)
    return technology


def _release_staged(technology: Technology, by) -> Technology:
    note = _("Staged by %(who)s on %(when)s; released.") % {
        "who": technology.staged_by or "?",
        "when": timezone.localtime(technology.staged_at).strftime("%Y-%m-%d %H:%M"),
    }
    return _release(
        technology,
        outcome=technology.staged_outcome,
        feedback=technology.staged_feedback,
        by=by,
        note=note,
    )


@transaction.atomic
def technology_release_decision(*, technology: Technology, by) -> Technology:
    """Release one staged decision (transition, publication, e-mail)."""
    require_staff(by)
    technology = lock(technology)
    if not technology.staged_outcome:
        raise TechnologyError(_("This declaration has no staged decision."), code="nothing_staged")
    if technology.status != S.UNDER_REVIEW:
        raise TransitionNotAllowed(
            _("Only a declaration under review can be decided; this one is “%(status)s”.")
            % {"status": technology.get_status_display()},
            code="not_under_review",
        )
    return _release_staged(technology, by)


@transaction.atomic
def call_release_decisions(*, call: CollectionCall, by) -> list[Technology]:
    """Release every staged decision of a call at once: each technology moves to its decided
    status, accepted ones are published, and every submitter gets their decision e-mail (all
    sent once the whole release is committed). Returns the released technologies."""
    require_staff(by)
    staged = list(
        Technology.objects.select_for_update(of=("self",))
        .select_related("call", "provider", "green_area", "submitted_by", "staged_by")
        .filter(call=call, status=S.UNDER_REVIEW)
        .exclude(staged_outcome="")
        .order_by("pk")
    )
    for technology in staged:
        _release_staged(technology, by)
    logger.info("Call %s: %s staged decisions released by %s", call.pk, len(staged), by.pk)
    return staged


@transaction.atomic
def technology_archive(*, technology: Technology, by, note: str = "") -> Technology:
    """Take a pool entry out of the public pool (e.g. not re-validated after a year)."""
    require_staff(by)
    technology = lock(technology)
    require_source(technology, frozenset({S.ACCEPTED}), S.ARCHIVED)
    return technology_transition(technology=technology, to=S.ARCHIVED, by=by, note=note)


@transaction.atomic
def technology_restore(*, technology: Technology, by, note: str = "") -> Technology:
    """Put an archived entry back in the pool, valid for another year."""
    require_staff(by)
    technology = lock(technology)
    require_source(technology, frozenset({S.ARCHIVED}), S.ACCEPTED)
    return technology_transition(technology=technology, to=S.ACCEPTED, by=by, note=note)


@transaction.atomic
def technologies_archive_expired(*, today=None) -> int:
    """Archive the pool entries whose validity ended before `today` (default: today), each
    logged as a change by the system. Returns how many."""
    today = today or timezone.localdate()
    expired = Technology.objects.filter(status=S.ACCEPTED, valid_until__lt=today)
    count = 0
    for technology in expired.select_for_update().order_by("pk"):
        technology_transition(
            technology=technology,
            to=S.ARCHIVED,
            by=None,
            note=_("Validity ended on %(date)s without re-validation.")
            % {"date": technology.valid_until.isoformat()},
        )
        count += 1
    return count

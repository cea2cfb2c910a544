"""An expert's review: one score per criterion of the call, a recommendation, once."""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import NotPermitted, TechnologyError
from ..models import (
    AssignmentStatus,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewScore,
    TechnologyStatus,
)
from .assignments import lock_assignment, notify_if_all_reviews_in
from .transitions import require_expert

TWO_PLACES = Decimal("0.01")


def _as_int(key) -> int | None:
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


def _check_scores(call, criteria, scores: Mapping) -> tuple[dict[int, tuple[Decimal, str]], list]:
    """Scores by criterion id, and the problems found (missing, unknown, off the scale)."""
    by_id = {c.pk: c for c in criteria}
    given: dict[int, tuple[Decimal, str]] = {}
    seen: set[int] = set()
    problems = []
    for key, value in scores.items():
        criterion = by_id.get(_as_int(key))
        if criterion is None:
            problems.append(_("%(key)s is not a criterion of this call.") % {"key": key})
            continue
        seen.add(criterion.pk)
        score, comment = value if isinstance(value, tuple | list) else (value, "")
        try:
            score = Decimal(str(score))
        except (InvalidOperation, ValueError):
            score = None
        if score is None or not score.is_finite():
            problems.append(
                _("%(criterion)s: the score must be a number.") % {"criterion": criterion}
            )
        elif score != score.quantize(TWO_PLACES):
            problems.append(
                _("%(criterion)s: use at most two decimal places.") % {"criterion": criterion}
            )
        elif not Decimal(0) <= score <= call.score_scale_max:
            problems.append(
                _("%(criterion)s: the score must lie between 0 and %(max)s.")
                % {"criterion": criterion, "max": call.score_scale_max}
            )
        else:
            given[criterion.pk] = (score, (comment or "").strip())
    problems += [
        _("%(criterion)s: a score is required.") % {"criterion": criterion}
        for criterion in criteria
        if criterion.pk not in seen
    ]
    return given, problems


@transaction.atomic
def review_submit(
    *,
    assignment: ReviewAssignment,
    scores: Mapping[int, tuple[Decimal, str]],
    recommendation: str,
    comment: str = "",
    by,
) -> Review:
    """The assigned expert's review: `scores` maps every criterion id of the call to
    (score, comment), each score between 0 and the call's maximum. Submitted once; final."""
    require_expert(by)
    assignment = lock_assignment(assignment)
    if assignment.expert_id != by.pk:
        raise NotPermitted(
            _("Only the assigned expert can review this declaration."), code="not_assignee"
        )
    if assignment.status == AssignmentStatus.SUBMITTED:
        raise TechnologyError(_("This review has been submitted already."), code="already_reviewed")
    if assignment.status != AssignmentStatus.ASSIGNED:
        raise TechnologyError(
            _("This assignment was released; it takes no review."), code="assignment_released"
        )
    technology = assignment.technology
    if technology.status != TechnologyStatus.UNDER_REVIEW:
        raise TechnologyError(
            _("This declaration is “%(status)s”; it no longer takes reviews.")
            % {"status": technology.get_status_display()},
            code="not_under_review",
        )
    call = technology.call
    criteria = list(call.criteria.order_by("position", "name"))
    given, score_problems = _check_scores(call, criteria, scores)
    errors = {}
    if score_problems:
        errors["scores"] = score_problems
    if recommendation not in Recommendation.values:
        errors["recommendation"] = [
            _("Choose one of: %(choices)s.")
            % {"choices": ", ".join(str(label) for label in Recommendation.labels)}
        ]
    if errors:
        raise TechnologyError(errors, code="invalid_review")
    review = Review.objects.create(
        assignment=assignment,
        recommendation=recommendation,
        comment=(comment or "").strip(),
        submitted_at=timezone.now(),
    )
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion_id=criterion_id, score=score, comment=score_comment)
        for criterion_id, (score, score_comment) in given.items()
    )
    assignment.status = AssignmentStatus.SUBMITTED
    assignment.save(update_fields=["status", "modified"])
    notify_if_all_reviews_in(technology)
    return review

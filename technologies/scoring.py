"""The arithmetic of a decision: what the staff decision page and the API's decision summary show.

For each criterion of the call: the mean of the reviewers' scores, the lowest and highest score
and their difference (the spread). Overall: the weighted mean of the criterion means,
sum(weight x mean) / sum(weight), over the criteria that have scores. Plus the count of each
recommendation and warnings:

- a criterion mean below the criterion's warning threshold (`Criterion.min_score`);
- an overall score below the call's minimum (`CollectionCall.min_overall_score`);
- a large disagreement: a spread of at least `spread_flag_fraction()` of the call's scale
  (by default 40 %, i.e. 2 points on a 0-5 scale);
- reviews still outstanding, or none at all.

Means are computed exactly (Decimal) and rounded half up to two places only for display; the
overall score uses the unrounded means.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Recommendation

# A spread between reviewers of at least this share of the call's scale is flagged.
SPREAD_FLAG_FRACTION = Decimal("0.4")
TWO_PLACES = Decimal("0.01")


def spread_flag_fraction() -> Decimal:
    """`TECHNOLOGY_SCORE_SPREAD_FLAG_FRACTION` (a share of the scale, 0-1; default 0.4)."""
    value = Decimal(
        str(getattr(settings, "TECHNOLOGY_SCORE_SPREAD_FLAG_FRACTION", SPREAD_FLAG_FRACTION))
    )
    return min(max(value, Decimal(0)), Decimal(1))


def rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return sum(values, Decimal(0)) / len(values)


def spread(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return max(values) - min(values)


def weighted_overall(means_and_weights: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """sum(weight x mean) / sum(weight), leaving out criteria without a mean."""
    pairs = [(m, w) for m, w in means_and_weights if m is not None]
    total_weight = sum((w for _m, w in pairs), Decimal(0))
    if not pairs or total_weight <= 0:
        return None
    return sum((m * w for m, w in pairs), Decimal(0)) / total_weight


def spread_threshold(scale_max: int, fraction: Decimal | None = None) -> Decimal:
    fraction = spread_flag_fraction() if fraction is None else fraction
    return Decimal(scale_max) * fraction


def is_large_spread(value: Decimal | None, threshold: Decimal) -> bool:
    return value is not None and threshold > 0 and value >= threshold


@dataclass(frozen=True)
class ReviewerScore:
    assignment_id: int
    reviewer: str
    score: Decimal
    comment: str


@dataclass(frozen=True)
class CriterionSummary:
    criterion_id: int
    name: str
    weight: Decimal
    min_score: Decimal | None
    scores: list[ReviewerScore]
    mean: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None
    spread: Decimal | None
    large_spread: bool
    below_minimum: bool


@dataclass(frozen=True)
class ReviewerSummary:
    assignment_id: int
    expert_id: int
    reviewer: str
    recommendation: str
    comment: str
    submitted_at: object


@dataclass(frozen=True)
class DecisionSummary:
    technology_id: int
    scale_max: int
    spread_threshold: Decimal
    criteria: list[CriterionSummary]
    overall: Decimal | None
    min_overall_score: Decimal | None
    below_overall_minimum: bool
    recommendation_counts: dict[str, int]
    reviews_submitted: int
    reviews_pending: int
    reviewers: list[ReviewerSummary]
    warnings: list[str] = field(default_factory=list)


def summarize(
    *, technology, criteria: Sequence, reviews: Sequence, pending: int
) -> DecisionSummary:
    """The decision summary of `technology` from its call's `criteria`, its submitted `reviews`
    (each with `scores` and `assignment.expert` loaded) and the number of `pending` ones."""
    call = technology.call
    threshold = spread_threshold(call.score_scale_max)
    scores_by_criterion: dict[int, list[ReviewerScore]] = {c.pk: [] for c in criteria}
    reviewers = []
    counts = dict.fromkeys(Recommendation.values, 0)
    for review in reviews:
        assignment = review.assignment
        name = str(assignment.expert)
        reviewers.append(
            ReviewerSummary(
                assignment_id=assignment.pk,
                expert_id=assignment.expert_id,
                reviewer=name,
                recommendation=review.recommendation,
                comment=review.comment,
                submitted_at=review.submitted_at,
            )
        )
        counts[review.recommendation] = counts.get(review.recommendation, 0) + 1
        for score in review.scores.all():
            if score.criterion_id in scores_by_criterion:
                scores_by_criterion[score.criterion_id].append(
                    ReviewerScore(assignment.pk, name, score.score, score.comment)
                )

    summaries, warnings = [], []
    for criterion in criteria:
        given = scores_by_criterion[criterion.pk]
        values = [s.score for s in given]
        criterion_mean = mean(values)
        criterion_spread = spread(values)
        below = (
            criterion.min_score is not None
            and criterion_mean is not None
            and criterion_mean < criterion.min_score
        )
        large = is_large_spread(criterion_spread, threshold)
        summaries.append(
            CriterionSummary(
                criterion_id=criterion.pk,
                name=criterion.display_name,
                weight=criterion.weight,
                min_score=criterion.min_score,
                scores=given,
                mean=criterion_mean,
                lowest=min(values) if values else None,
                highest=max(values) if values else None,
                spread=criterion_spread,
                large_spread=large,
                below_minimum=below,
            )
        )
        if below:
            warnings.append(
                _("%(criterion)s: the mean score %(mean)s is below the threshold %(min)s.")
                % {
                    "criterion": criterion.display_name,
                    "mean": rounded(criterion_mean),
                    "min": criterion.min_score,
                }
            )
        if large:
            warnings.append(
                _("%(criterion)s: reviewers disagree (scores from %(low)s to %(high)s).")
                % {"criterion": criterion.display_name, "low": min(values), "high": max(values)}
            )

    overall = weighted_overall((s.mean, s.weight) for s in summaries)
    below_overall = (
        call.min_overall_score is not None
        and overall is not None
        and overall < call.min_overall_score
    )
    if below_overall:
        warnings.append(
            _("The overall score %(overall)s is below the call's minimum of %(min)s.")
            % {"overall": rounded(overall), "min": call.min_overall_score}
        )
    if not reviews:
        warnings.append(_("No review has been submitted yet."))
    if pending:
        warnings.append(
            ngettext(
                "%(count)s assigned review is not submitted yet.",
                "%(count)s assigned reviews are not submitted yet.",
                pending,
            )
            % {"count": pending}
        )
    return DecisionSummary(
        technology_id=technology.pk,
        scale_max=call.score_scale_max,
        spread_threshold=threshold,
        criteria=summaries,
        overall=overall,
        min_overall_score=call.min_overall_score,
        below_overall_minimum=below_overall,
        recommendation_counts=counts,
        reviews_submitted=len(reviews),
        reviews_pending=pending,
        reviewers=reviewers,
        warnings=warnings,
    )

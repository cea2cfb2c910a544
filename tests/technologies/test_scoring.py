"""The decision arithmetic, on a worked example with known numbers."""

from decimal import Decimal

import pytest

from technologies import scoring, services
from technologies.models import Recommendation, TechnologyStatus
from technologies.selectors import decision_summary
from tests.factories import GreenAreaFactory, StaffCuratorFactory
from tests.technologies.builders import assigned, complete_draft, expert, under_review
from tests.technologies.factories import CollectionCallFactory, CriterionFactory

D = Decimal


def test_mean_spread_and_weighted_overall_of_plain_numbers():
    assert scoring.mean([D(3), D(3), D(4)]) == D(10) / D(3)
    assert scoring.rounded(scoring.mean([D(3), D(3), D(4)])) == D("3.33")
    assert scoring.spread([D(1), D("4.5"), D(3)]) == D("3.5")
    # (1 x 10/3 + 2 x 4) / 3 = 34/9 = 3.777...
    assert scoring.rounded(scoring.weighted_overall([(D(10) / 3, D(1)), (D(4), D(2))])) == D("3.78")


def test_nothing_to_average_gives_none():
    assert scoring.mean([]) is None
    assert scoring.spread([]) is None
    assert scoring.weighted_overall([(None, D(1))]) is None


def test_a_spread_of_40_percent_of_the_scale_is_large():
    threshold = scoring.spread_threshold(5)

    assert threshold == D(2)
    assert scoring.is_large_spread(D(2), threshold)
    assert not scoring.is_large_spread(D("1.99"), threshold)


def test_the_spread_threshold_is_a_setting(settings):
    settings.TECHNOLOGY_SCORE_SPREAD_FLAG_FRACTION = "0.25"

    assert scoring.spread_threshold(10) == D("2.5")


@pytest.mark.django_db
def test_worked_example_of_three_reviewers_on_three_weighted_criteria():
    # Scale 0-10, overall minimum 6.00.
    #                      weight  min   R1  R2  R3   mean  spread
    #   Advanced nature      2      -     8   6   7    7      2
    #   Practicability       1      5     4   5   3    4      2    (below its minimum)
    #   Economy              1      -     7   3   8    6      5    (>= 4 = 40 % of 10)
    # Overall = (2x7 + 1x4 + 1x6) / (2+1+1) = 24/4 = 6.00 (not below 6.00)
    area = GreenAreaFactory()
    call = CollectionCallFactory(
        score_scale_max=10, min_overall_score=D("6.00"), green_areas=[area]
    )
    advanced = CriterionFactory(call=call, name="Advanced nature", weight=D(2), position=1)
    practicable = CriterionFactory(
        call=call, name="Practicability", weight=D(1), min_score=D(5), position=2
    )
    economy = CriterionFactory(call=call, name="Economy", weight=D(1), position=3)
    curator = StaffCuratorFactory()
    technology = under_review(complete_draft(call=call), curator=curator)
    sheets = [
        ((8, 4, 7), Recommendation.ACCEPT),
        ((6, 5, 3), Recommendation.REVISE),
        ((7, 3, 8), Recommendation.ACCEPT),
    ]
    for (a, p, e), recommendation in sheets:
        assignment = assigned(technology, curator=curator, expert_user=expert(area=area))
        services.review_submit(
            assignment=assignment,
            scores={advanced.pk: (a, ""), practicable.pk: (p, ""), economy.pk: (e, "")},
            recommendation=recommendation,
            by=assignment.expert,
        )
    assigned(technology, curator=curator)  # one review still outstanding

    summary = decision_summary(technology)

    by_name = {c.name: c for c in summary.criteria}
    assert [c.name for c in summary.criteria] == ["Advanced nature", "Practicability", "Economy"]
    assert {n: c.mean for n, c in by_name.items()} == {
        "Advanced nature": D(7),
        "Practicability": D(4),
        "Economy": D(6),
    }
    assert {n: c.spread for n, c in by_name.items()} == {
        "Advanced nature": D(2),
        "Practicability": D(2),
        "Economy": D(5),
    }
    assert {n: c.large_spread for n, c in by_name.items()} == {
        "Advanced nature": False,
        "Practicability": False,
        "Economy": True,
    }
    assert {n: c.below_minimum for n, c in by_name.items()} == {
        "Advanced nature": False,
        "Practicability": True,
        "Economy": False,
    }
    assert (by_name["Economy"].lowest, by_name["Economy"].highest) == (D(3), D(8))
    assert summary.overall == D(6)
    assert summary.spread_threshold == D(4)
    assert not summary.below_overall_minimum
    assert summary.recommendation_counts == {"accept": 2, "revise": 1, "reject": 0}
    assert (summary.reviews_submitted, summary.reviews_pending) == (3, 1)
    assert len(summary.reviewers) == 3
    assert [s.score for s in by_name["Economy"].scores] == [D(7), D(3), D(8)]
    assert summary.warnings == [
        "Practicability: the mean score 4.00 is below the threshold 5.00.",
        "Economy: reviewers disagree (scores from 3.00 to 8.00).",
        "1 assigned review is not submitted yet.",
    ]
    assert technology.status == TechnologyStatus.UNDER_REVIEW


@pytest.mark.django_db
def test_an_overall_score_below_the_calls_minimum_is_flagged():
    area = GreenAreaFactory()
    call = CollectionCallFactory(min_overall_score=D("3.50"), green_areas=[area])
    criterion = CriterionFactory(call=call)
    curator = StaffCuratorFactory()
    technology = under_review(complete_draft(call=call), curator=curator)
    assignment = assigned(technology, curator=curator, expert_user=expert(area=area))
    services.review_submit(
        assignment=assignment,
        scores={criterion.pk: (3, "")},
        recommendation=Recommendation.REJECT,
        by=assignment.expert,
    )

    summary = decision_summary(technology)

    assert summary.overall == D(3)
    assert summary.below_overall_minimum
    assert summary.warnings == ["The overall score 3.00 is below the call's minimum of 3.50."]


@pytest.mark.django_db
def test_without_reviews_the_summary_says_so():
    technology = under_review()

    summary = decision_summary(technology)

    assert summary.overall is None
    assert all(c.mean is None for c in summary.criteria)
    assert summary.warnings == ["No review has been submitted yet."]

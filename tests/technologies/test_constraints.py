"""The database refuses what must never be stored, whatever code writes it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from technologies.models import Technology, TechnologyStatus
from tests.technologies.factories import (
    ApplicationCaseFactory,
    CollectionCallFactory,
    CriterionFactory,
    ReviewAssignmentFactory,
    ReviewScoreFactory,
    TechnologyFactory,
    TechnologyTransitionFactory,
    TransferCaseFactory,
)

pytestmark = pytest.mark.django_db


def refused(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


@pytest.mark.parametrize("trl", [0, 10])
def test_trl_outside_1_to_9_is_refused(trl):
    refused(TechnologyFactory, trl=trl)


@pytest.mark.parametrize("trl", [None, 1, 9])
def test_trl_1_to_9_or_unset_while_draft_is_stored(trl):
    assert TechnologyFactory(trl=trl).trl == trl


def test_trl_out_of_range_is_refused_on_update_too():
    technology = TechnologyFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Technology.objects.filter(pk=technology.pk).update(trl=10)


def test_call_closing_before_it_opens_is_refused():
    opens = dt.datetime(2020, 6, 1, tzinfo=dt.UTC)
    refused(CollectionCallFactory, opens_on=opens, closes_on=opens - dt.timedelta(days=1))


def test_call_closing_when_it_opens_is_refused():
    opens = dt.datetime(2020, 6, 1, tzinfo=dt.UTC)
    refused(CollectionCallFactory, opens_on=opens, closes_on=opens)


def test_score_scale_below_2_is_refused():
    refused(CollectionCallFactory, score_scale_max=1)


def test_minimum_overall_score_above_the_scale_is_refused():
    refused(CollectionCallFactory, score_scale_max=5, min_overall_score=Decimal("5.01"))


def test_duplicate_call_title_is_refused():
    CollectionCallFactory(title="Green Belt and Road Technology Pool 2020")
    refused(CollectionCallFactory, title="Green Belt and Road Technology Pool 2020")


@pytest.mark.parametrize("weight", [Decimal("0"), Decimal("-1")])
def test_criterion_weight_not_above_zero_is_refused(weight):
    refused(CriterionFactory, weight=weight)


def test_duplicate_criterion_name_in_a_call_is_refused():
    criterion = CriterionFactory(name="Economy")
    refused(CriterionFactory, call=criterion.call, name="Economy")


def test_same_criterion_name_in_two_calls_is_stored():
    CriterionFactory(name="Economy")
    assert CriterionFactory(name="Economy").pk


@pytest.mark.parametrize(
    "field", ["investment_usd", "operating_cost_usd_per_year", "co2e_avoided_t_per_year"]
)
def test_negative_economics_and_benefits_are_refused(field):
    refused(TechnologyFactory, **{field: Decimal("-0.01")})


def test_zero_economics_are_stored():
    technology = TechnologyFactory(investment_usd=0, operating_cost_usd_per_year=0)
    assert technology.investment_usd == 0


def test_unknown_technology_status_is_refused():
    refused(TechnologyFactory, status="published")


def test_same_technology_name_twice_in_a_call_by_one_provider_is_refused():
    first = TechnologyFactory(name="Biochar kiln")
    refused(TechnologyFactory, call=first.call, provider=first.provider, name="Biochar kiln")


def test_duplicate_technology_slug_is_refused():
    TechnologyFactory(slug="biochar-kiln")
    refused(TechnologyFactory, slug="biochar-kiln")


def test_duplicate_assignment_of_an_expert_is_refused():
    assignment = ReviewAssignmentFactory()
    refused(ReviewAssignmentFactory, technology=assignment.technology, expert=assignment.expert)


def test_negative_review_score_is_refused():
    refused(ReviewScoreFactory, score=Decimal("-1"))


def test_scoring_a_criterion_twice_in_one_review_is_refused():
    score = ReviewScoreFactory()
    refused(ReviewScoreFactory, review=score.review, criterion=score.criterion)


@pytest.mark.parametrize("year", [1949, 2101])
def test_application_case_year_out_of_range_is_refused(year):
    refused(ApplicationCaseFactory, year=year)


@pytest.mark.parametrize("year", [1949, 2101])
def test_transfer_case_year_out_of_range_is_refused(year):
    refused(TransferCaseFactory, year=year)


def test_transition_to_the_same_status_is_refused():
    refused(
        TechnologyTransitionFactory,
        from_status=TechnologyStatus.SUBMITTED,
        to_status=TechnologyStatus.SUBMITTED,
    )


def test_transfer_case_without_a_known_year_is_allowed():
    case = TransferCaseFactory(year=None)
    case.full_clean()
    assert case.year is None

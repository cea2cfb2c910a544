"""Staff confirm or dismiss a need <-> technology match through the matching services."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from technologies import services
from technologies.exceptions import NotPermitted, TechnologyError
from technologies.models import NeedMatch, NeedMatchStatus, TechnologyStatus
from tests.factories import ExpertFactory, PartnerFactory, UserFactory
from tests.technologies.factories import (
    PublishedTechnologyFactory,
    TechnologyFactory,
    TechnologyNeedFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def need():
    return TechnologyNeedFactory()


@pytest.fixture
def technology():
    return PublishedTechnologyFactory()


def test_a_curator_confirms_a_match_with_who_when_and_a_note(need, technology, curator):
    match = services.need_match_confirm(
        need=need, technology=technology, by=curator, note="  Fits the villages.  "
    )

    match.refresh_from_db()
    assert match.status == NeedMatchStatus.CONFIRMED
    assert match.decided_by == curator and match.decided_at is not None
    assert match.note == "Fits the villages."


@pytest.mark.parametrize(
    "make_user", [PartnerFactory, ExpertFactory, UserFactory], ids=["partner", "expert", "user"]
)
def test_only_staff_curators_decide_on_matches(need, technology, make_user):
    person = make_user()
    for service in (services.need_match_confirm, services.need_match_dismiss):
        with pytest.raises(NotPermitted):
            service(need=need, technology=technology, by=person)
    assert not NeedMatch.objects.exists()


def test_a_staff_user_outside_the_curator_group_may_not_decide(need, technology):
    with pytest.raises(NotPermitted):
        services.need_match_confirm(need=need, technology=technology, by=UserFactory(is_staff=True))


@pytest.mark.parametrize("status", [TechnologyStatus.UNDER_REVIEW, TechnologyStatus.ARCHIVED])
def test_a_technology_outside_the_pool_cannot_be_confirmed(need, curator, status):
    technology = TechnologyFactory(status=status)

    with pytest.raises(TechnologyError) as refused:
        services.need_match_confirm(need=need, technology=technology, by=curator)

    assert "technology" in refused.value.message_dict
    assert not NeedMatch.objects.exists()


def test_confirming_twice_changes_nothing(need, technology, curator):
    first = services.need_match_confirm(need=need, technology=technology, by=curator, note="A")
    second = services.need_match_confirm(need=need, technology=technology, by=curator)

    assert second.pk == first.pk and second.note == "A"
    assert NeedMatch.objects.count() == 1


def test_dismissing_a_confirmed_match_withdraws_it_and_confirming_again_restores_it(
    need, technology, curator
):
    services.need_match_confirm(need=need, technology=technology, by=curator)
    dismissed = services.need_match_dismiss(
        need=need, technology=technology, by=curator, note="Too costly"
    )
    assert dismissed.status == NeedMatchStatus.DISMISSED and dismissed.note == "Too costly"

    confirmed = services.need_match_confirm(need=need, technology=technology, by=curator)

    assert confirmed.pk == dismissed.pk and confirmed.status == NeedMatchStatus.CONFIRMED
    assert NeedMatch.objects.count() == 1


def test_a_technology_that_left_the_pool_can_still_be_dismissed(need, curator):
    technology = TechnologyFactory(status=TechnologyStatus.ARCHIVED)

    match = services.need_match_dismiss(need=need, technology=technology, by=curator)

    assert match.status == NeedMatchStatus.DISMISSED


def test_an_unpublished_need_can_be_matched_by_staff(technology, curator):
    need = TechnologyNeedFactory(is_published=False)

    assert services.need_match_confirm(need=need, technology=technology, by=curator).pk


def test_a_too_long_note_is_refused_on_its_field(need, technology, curator):
    with pytest.raises(TechnologyError) as refused:
        services.need_match_confirm(need=need, technology=technology, by=curator, note="x" * 2001)

    assert list(refused.value.message_dict) == ["note"]


def test_one_decision_per_pair_with_a_clear_message(need, technology):
    NeedMatch.objects.create(need=need, technology=technology, status=NeedMatchStatus.CONFIRMED)
    duplicate = NeedMatch(need=need, technology=technology, status=NeedMatchStatus.DISMISSED)

    with pytest.raises(ValidationError) as refused:
        duplicate.validate_constraints()
    assert "exists already" in " ".join(refused.value.messages)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_an_unknown_status_is_refused_by_the_database(need, technology):
    with pytest.raises(IntegrityError), transaction.atomic():
        NeedMatch.objects.create(need=need, technology=technology, status="maybe")

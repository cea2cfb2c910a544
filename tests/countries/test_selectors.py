import pytest

from greentech.countries.selectors import (
    CountryCooperation,
    cooperation_by_country,
    country_cooperation,
)
from labs.selectors import labs_with_country
from tests.countries.fixtures import small_network
from tests.forums.factories import RegistrationFactory
from tests.labs.factories import JointLabFactory

pytestmark = pytest.mark.django_db


def test_cooperation_by_country_counts_each_kind_of_cooperation_per_country():
    small_network()

    result = cooperation_by_country()

    assert result["KE"] == CountryCooperation(
        labs=2, transfer_cases=1, trainees=2, delegates=1, technologies=1
    )
    assert result["TH"] == CountryCooperation(labs=1)
    assert result["KE"].total == 7


def test_the_home_country_of_a_centre_gains_no_lab_from_its_own_sponsor():
    small_network()

    assert "CN" not in cooperation_by_country()


def test_countries_come_in_code_order_and_only_when_something_counts():
    small_network()
    RegistrationFactory(country="FR", status="cancelled")

    assert list(cooperation_by_country()) == ["KE", "TH"]


def test_cooperation_by_country_runs_a_fixed_number_of_queries(django_assert_num_queries):
    small_network()
    JointLabFactory.create_batch(3, partner_countries=["BR", "AR", "EG"])

    with django_assert_num_queries(6):
        result = cooperation_by_country()

    assert result["BR"].labs == 3


def test_country_cooperation_is_case_insensitive_and_zero_for_unknown_countries():
    small_network()

    assert country_cooperation("ke").labs == 2
    assert country_cooperation("ZZ") == CountryCooperation()
    assert CountryCooperation().total == 0


def test_labs_with_country_matches_the_counted_labs():
    network = small_network()

    assert set(labs_with_country("KE")) == {network.kenya_lab, network.thai_lab}
    assert list(labs_with_country("CN")) == []

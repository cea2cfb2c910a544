import pytest

from labs.selectors import joint_lab_list, partner_country_codes
from tests.factories import InstitutionFactory

from .factories import JointLabFactory, LabOutputFactory, LabPartnerFactory

pytestmark = pytest.mark.django_db


def test_partner_country_codes_is_empty_without_labs():
    InstitutionFactory(country="FR")
    assert partner_country_codes() == set()


def test_partner_country_codes_joins_lab_countries_and_partner_institution_countries():
    lab = JointLabFactory(partner_countries=["KE", "PK"])
    JointLabFactory(partner_countries=["PK", "LK"])
    JointLabFactory(partner_countries=[])
    LabPartnerFactory(lab=lab, institution=InstitutionFactory(country="BR"))
    LabPartnerFactory(lab=lab, institution=InstitutionFactory(country="KE"))
    InstitutionFactory(country="FR")  # in no lab: not counted

    assert partner_country_codes() == {"KE", "PK", "LK", "BR"}


def test_partner_country_codes_leaves_out_the_home_country_of_the_labs_centre():
    lab = JointLabFactory(partner_countries=["TH"], centre__host_institution__country="CN")
    LabPartnerFactory(lab=lab, institution=InstitutionFactory(country="CN"))  # the host
    LabPartnerFactory(lab=lab, institution=InstitutionFactory(country="MY"))

    assert partner_country_codes() == {"TH", "MY"}


def test_partner_country_codes_runs_two_queries(django_assert_num_queries):
    JointLabFactory.create_batch(3, partner_countries=["KE", "TH"])
    LabPartnerFactory.create_batch(3, institution__country="MY")
    with django_assert_num_queries(2):
        assert partner_country_codes() == {"KE", "TH", "MY"}


def test_joint_lab_list_counts_each_output_once_with_several_partners():
    lab = JointLabFactory()
    LabPartnerFactory.create_batch(3, lab=lab)
    LabOutputFactory.create_batch(2, lab=lab)
    assert joint_lab_list().get(pk=lab.pk).outputs_count == 2

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import translation

from labs.models import ALLOWED_TRANSITIONS, JointLab, LabOutput, LabStatus
from tests.factories import InstitutionFactory

from .factories import JointLabFactory, LabOutputFactory, LabPartnerFactory

pytestmark = pytest.mark.django_db


def test_lab_closed_before_established_is_refused():
    lab = JointLabFactory(established=datetime.date(2019, 1, 1))
    lab.closed_on = datetime.date(2018, 12, 31)
    with pytest.raises(IntegrityError), transaction.atomic():
        lab.save()


@pytest.mark.parametrize(
    ("established", "closed_on"),
    [
        (datetime.date(2019, 1, 1), datetime.date(2019, 1, 1)),
        (datetime.date(2019, 1, 1), datetime.date(2024, 6, 30)),
        (None, datetime.date(2024, 6, 30)),
        (datetime.date(2019, 1, 1), None),
    ],
)
def test_lab_closing_date_on_or_after_establishment_or_unknown_is_accepted(established, closed_on):
    lab = JointLabFactory(established=established, closed_on=closed_on)
    lab.refresh_from_db()
    assert lab.closed_on == closed_on


def test_lab_name_and_slug_are_unique():
    lab = JointLabFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        JointLabFactory(name=lab.name)
    with pytest.raises(IntegrityError), transaction.atomic():
        JointLabFactory(slug=lab.slug)


def test_new_lab_is_active_by_default():
    lab = JointLab(name="China-Kenya Joint Lab", slug="ck")
    assert lab.status == LabStatus.ACTIVE


def test_partner_countries_are_stored_sorted_and_unique():
    lab = JointLabFactory(partner_countries=["PK", "KE", "PK"])
    lab.refresh_from_db()
    assert [country.code for country in lab.partner_countries] == ["KE", "PK"]


def test_same_institution_twice_in_a_lab_is_refused():
    partner = LabPartnerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        LabPartnerFactory(lab=partner.lab, institution=partner.institution)


def test_same_institution_in_two_labs_is_accepted():
    institution = InstitutionFactory()
    LabPartnerFactory(institution=institution)
    LabPartnerFactory(institution=institution)
    assert institution.lab_partnerships.count() == 2


@pytest.mark.parametrize("year", [1949, 2101])
def test_output_year_out_of_range_is_refused(year):
    with pytest.raises(IntegrityError), transaction.atomic():
        LabOutputFactory(year=year)


@pytest.mark.parametrize("year", [1950, 2100])
def test_output_year_at_the_range_bounds_is_accepted(year):
    assert LabOutputFactory(year=year).pk


def test_deleting_a_lab_deletes_its_partners_and_outputs():
    partner = LabPartnerFactory()
    output = LabOutputFactory(lab=partner.lab)
    partner.lab.delete()
    assert not partner.institution.lab_partnerships.exists()
    assert not LabOutput.objects.filter(pk=output.pk).exists()


def test_a_centre_with_labs_cannot_be_deleted():
    lab = JointLabFactory()
    with pytest.raises(ProtectedError):
        lab.centre.delete()


def test_lab_shows_chinese_name_to_chinese_readers():
    lab = JointLab(name="China-Kenya Joint Lab", name_zh="中肯联合实验室", slug="ck")
    with translation.override("zh-hans"):
        assert lab.display_name == "中肯联合实验室"
    with translation.override("en"):
        assert lab.display_name == "China-Kenya Joint Lab"


def test_str_of_each_model_names_it():
    output = LabOutputFactory(title="Solar desalination prototype", year=2022)
    partner = LabPartnerFactory(lab=output.lab)
    assert str(output) == "Solar desalination prototype (2022)"
    assert str(output.lab) == output.lab.name
    assert str(partner.institution) in str(partner)


def test_closed_is_a_final_state():
    assert ALLOWED_TRANSITIONS[LabStatus.CLOSED] == frozenset()
    assert set(ALLOWED_TRANSITIONS) == set(LabStatus.values)

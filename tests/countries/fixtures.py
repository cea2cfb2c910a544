"""A small network spread over a few countries, shared by the country tests."""

from dataclasses import dataclass

from forums.models import RegistrationStatus
from labs.models import LabPartner
from technologies.models import TechnologyStatus
from tests.factories import CentreFactory, InstitutionFactory
from tests.forums.factories import RegistrationFactory
from tests.labs.factories import JointLabFactory, LabPartnerFactory
from tests.technologies.factories import (
    PublishedTechnologyFactory,
    TechnologyFactory,
    TechnologyNeedFactory,
    TransferCaseFactory,
)
from tests.training.factories import ApplicationFactory
from training.models import ApplicationStatus


@dataclass
class SmallNetwork:
    centre: object
    kenya_lab: object
    thai_lab: object
    nairobi: object
    bangkok: object
    beijing: object


def small_network() -> SmallNetwork:
    """Kenya: 2 labs (one listed, one through a partner), 1 transfer case, 2 trainees, 1
    delegate, 1 technology. Thailand: 1 lab. China hosts the centre: its sponsor adds no lab."""
    beijing = InstitutionFactory(name="Beijing Institute", slug="beijing-institute", country="CN")
    nairobi = InstitutionFactory(
        name="Nairobi University", slug="nairobi-university", country="KE", city="Nairobi"
    )
    bangkok = InstitutionFactory(
        name="Bangkok Institute", slug="bangkok-institute", country="TH", city="Bangkok"
    )
    centre = CentreFactory(host_institution=beijing)
    kenya_lab = JointLabFactory(
        centre=centre, partner_countries=["KE"], name="Kenya Water Lab", slug="kenya-water-lab"
    )
    thai_lab = JointLabFactory(
        centre=centre, partner_countries=["TH"], name="Thai Energy Lab", slug="thai-energy-lab"
    )
    LabPartnerFactory(lab=thai_lab, institution=bangkok)
    LabPartnerFactory(lab=thai_lab, institution=nairobi)
    LabPartnerFactory(lab=thai_lab, institution=beijing, role=LabPartner.Role.INDUSTRY_SPONSOR)
    LabPartnerFactory(lab=kenya_lab, institution=nairobi)

    PublishedTechnologyFactory(provider=nairobi, name="Solar dryer")
    TechnologyFactory(provider=nairobi, status=TechnologyStatus.SUBMITTED, name="Draft kiln")
    TransferCaseFactory(country="KE", partner=nairobi, technology=None)

    ApplicationFactory(country="KE", status=ApplicationStatus.CONFIRMED)
    ApplicationFactory(country="KE", status=ApplicationStatus.ATTENDED)
    ApplicationFactory(country="KE", status=ApplicationStatus.PENDING_CONFIRMATION)
    ApplicationFactory(country="KE", status=ApplicationStatus.CANCELLED)
    RegistrationFactory(country="KE", status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(country="KE", status=RegistrationStatus.WAITLISTED)
    TechnologyNeedFactory(country="KE", institution=nairobi, title="Rainwater harvesting")
    TechnologyNeedFactory(
        country="KE", institution=nairobi, title="Unpublished need", is_published=False
    )
    return SmallNetwork(centre, kenya_lab, thai_lab, nairobi, bangkok, beijing)

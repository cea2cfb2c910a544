import datetime

import factory

from labs.models import JointLab, LabOutput, LabPartner, LabStatus
from tests.factories import CentreFactory, InstitutionFactory


class JointLabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointLab
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Joint Laboratory {n}")
    slug = factory.Sequence(lambda n: f"joint-lab-{n}")
    centre = factory.SubFactory(CentreFactory)
    partner_countries = ["KE"]
    status = LabStatus.ACTIVE
    established = datetime.date(2018, 5, 1)

    @factory.post_generation
    def research_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.research_areas.set(extracted)


class LabPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LabPartner

    lab = factory.SubFactory(JointLabFactory)
    institution = factory.SubFactory(InstitutionFactory, country="KE", city="Nairobi")
    role = LabPartner.Role.PARTNER


class LabOutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LabOutput

    lab = factory.SubFactory(JointLabFactory)
    kind = LabOutput.Kind.PUBLICATION
    title = factory.Sequence(lambda n: f"Low-cost membrane filtration, part {n}")
    year = 2021

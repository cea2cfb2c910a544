import factory

from centres.models import AllianceMembership
from tests.factories import AllianceFactory, InstitutionFactory


class AllianceMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllianceMembership

    alliance = factory.SubFactory(AllianceFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = AllianceMembership.Role.MEMBER

"""Factories for the shared models (core, accounts, centres). Domain apps keep theirs in
tests/<app>/factories.py."""

import factory
from django.contrib.auth.models import Group

from centres.models import Alliance, Centre, Institution, InstitutionKind
from greentech.accounts.models import ExpertProfile, Role, User
from greentech.core.models import GreenArea

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class GreenAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GreenArea
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Green area {n}")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institution {n}")
    slug = factory.Sequence(lambda n: f"institution-{n}")
    kind = InstitutionKind.RESEARCH_INSTITUTE
    country = "CN"
    city = "Beijing"


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Centre of Excellence {n}")
    slug = factory.Sequence(lambda n: f"centre-{n}")
    host_institution = factory.SubFactory(InstitutionFactory)


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance

    name = factory.Sequence(lambda n: f"Alliance {n}")
    slug = factory.Sequence(lambda n: f"alliance-{n}")


def _add_roles(user, roles):
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=Role(role).value)[0])


def roles_hook(*default_roles):
    """A post-generation hook: `Factory(roles=[...])` overrides the factory's default roles."""

    def add(user, create, extracted, **kwargs):
        if create:
            _add_roles(user, default_roles if extracted is None else extracted)

    return factory.PostGeneration(add)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Sample"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(DEFAULT_PASSWORD)

    roles = roles_hook()


class StaffCuratorFactory(UserFactory):
    is_staff = True
    roles = roles_hook(Role.STAFF_CURATOR)


class PartnerFactory(UserFactory):
    institution = factory.SubFactory(InstitutionFactory)
    roles = roles_hook(Role.PARTNER_SUBMITTER)


class ExpertFactory(UserFactory):
    roles = roles_hook(Role.EXPERT_REVIEWER)


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(ExpertFactory)
    languages = "en, zh-hans"

    @factory.post_generation
    def green_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.green_areas.set(extracted)


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True

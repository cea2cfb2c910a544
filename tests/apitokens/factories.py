import factory

from greentech.apitokens.models import ApiToken
from greentech.apitokens.services import digest
from tests.factories import PartnerFactory


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token row; its secret (not stored) is `gt_<prefix>_secret<n>`."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(PartnerFactory)
    name = "Data system"
    prefix = factory.Sequence(lambda n: f"gt_t{n:07d}")
    secret_hash = factory.LazyAttribute(lambda token: digest(f"{token.prefix}_secret"))
    scopes = factory.LazyFunction(lambda: ["read", "submit"])

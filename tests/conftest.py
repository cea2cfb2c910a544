import pytest

from tests.factories import StaffCuratorFactory, SuperuserFactory


@pytest.fixture
def curator(db):
    """A staff user in the curator group (not a superuser): what staff really log in as."""
    return StaffCuratorFactory()


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def superuser(db):
    return SuperuserFactory()

import pytest

from tests.factories import StaffCuratorFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests make many accounts; a fast hasher keeps them quick (the real hashers are
    Django's, tested there)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def curators(db):
    """Two active curators (both get staff notices)."""
    return [StaffCuratorFactory(email="curator-a@example.org"), StaffCuratorFactory()]

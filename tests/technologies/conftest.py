import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded attachments go to a temporary folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Factories hash a password for every user; the default hasher takes most of a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

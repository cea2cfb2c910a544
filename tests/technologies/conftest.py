import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded attachments go to a temporary folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT

"""Downloads of stored files from an S3-compatible store (moto in this process): streamed through
the view, or a redirect to a short-lived signed URL, and only after the permission check."""

from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.urls import reverse
from moto import mock_aws

from greentech.storage_config import default_storage
from tests.factories import StaffCuratorFactory, UserFactory
from tests.technologies.factories import AttachmentFactory
from tests.training.factories import ApplicationFactory
from training import services
from training.models import ApplicationStatus
from training.signing import make_manage_token

pytestmark = pytest.mark.django_db

BUCKET = "portal-files"
CONTENT = b"%PDF-1.4\nstored in the bucket\n"


@pytest.fixture
def bucket(settings):
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        url = f"s3://key:secret@{BUCKET}/files?region_name=us-east-1"
        settings.STORAGES = {**settings.STORAGES, "default": default_storage(
            {"STORAGE_URL": url}, presigned_expire=45)}  # fmt: skip
        settings.STORAGE_PRESIGNED_EXPIRE = 45
        yield boto3.client("s3", region_name="us-east-1")


@pytest.fixture
def attachment(bucket):
    return AttachmentFactory(file__data=CONTENT, original_name="Trial report.pdf")


def _url(attachment):
    return reverse("technologies:attachment_download", args=[attachment.pk])


def test_an_uploaded_file_lands_in_the_bucket_under_the_prefix(bucket, attachment):
    body = bucket.get_object(Bucket=BUCKET, Key=f"files/{attachment.file.name}")["Body"].read()
    assert body == CONTENT


def test_streamed_through_the_view_by_default(client, attachment, settings):
    settings.STORAGE_DOWNLOADS = "stream"
    client.force_login(StaffCuratorFactory())
    response = client.get(_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    response.close()
    assert response["Content-Disposition"] == 'attachment; filename="Trial report.pdf"'
    assert "no-store" in response["Cache-Control"]


def test_presigned_a_permitted_download_is_a_short_lived_signed_redirect(
    client, attachment, settings
):
    settings.STORAGE_DOWNLOADS = "presigned"
    client.force_login(StaffCuratorFactory())
    response = client.get(_url(attachment))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert location.path.endswith(f"files/{attachment.file.name}")
    assert query["X-Amz-Expires"] == ["45"]
    assert "X-Amz-Signature" in query
    assert query["response-content-disposition"] == ['attachment; filename="Trial report.pdf"']
    assert query["response-content-type"] == ["application/pdf"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("mode", ["stream", "presigned"])
def test_someone_else_gets_no_file_and_no_signed_url(client, attachment, settings, mode):
    settings.STORAGE_DOWNLOADS = mode
    client.force_login(UserFactory())
    response = client.get(_url(attachment))
    assert response.status_code == 404
    assert "Location" not in response


def test_a_file_missing_from_the_bucket_is_a_404(client, attachment, bucket, settings):
    settings.STORAGE_DOWNLOADS = "stream"
    bucket.delete_object(Bucket=BUCKET, Key=f"files/{attachment.file.name}")
    client.force_login(StaffCuratorFactory())
    assert client.get(_url(attachment)).status_code == 404


def test_the_local_disk_always_streams(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGE_DOWNLOADS = "presigned"
    attachment = AttachmentFactory(file__data=CONTENT)
    client.force_login(StaffCuratorFactory())
    response = client.get(_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    response.close()


def test_a_certificate_is_stored_in_the_bucket_and_served_from_it(client, bucket, curator):
    application = ApplicationFactory(status=ApplicationStatus.ATTENDED)
    certificate = services.certificate_issue(application=application, by=curator)

    key = f"files/{certificate.file.name}"
    stored = bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert stored.startswith(b"%PDF")
    token = make_manage_token(application)
    response = client.get(reverse("training:manage_certificate", kwargs={"token": token}))
    assert response.status_code == 200
    assert response.content == stored

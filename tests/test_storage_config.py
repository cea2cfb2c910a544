"""Where files go: MEDIA_ROOT by default, an S3-compatible store with STORAGE_URL or the
AWS-style variables; objects private, never overwritten, URLs signed and short-lived."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from greentech.storage_config import default_storage

S3 = "storages.backends.s3.S3Storage"


def test_without_settings_files_stay_on_the_local_disk():
    assert default_storage({}, presigned_expire=60) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_a_storage_url_names_bucket_prefix_credentials_and_endpoint():
    url = (
        "s3://AKIA%2FKEY:s%2Fecret@greentech-files/portal?endpoint_url=http://minio:9000"
        "&region_name=us-east-1&addressing_style=path"
    )
    entry = default_storage({"STORAGE_URL": url}, presigned_expire=30)
    assert entry["BACKEND"] == S3
    assert entry["OPTIONS"] == {
        "bucket_name": "greentech-files",
        "location": "portal",
        "access_key": "AKIA/KEY",
        "secret_key": "s/ecret",
        "endpoint_url": "http://minio:9000",
        "region_name": "us-east-1",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        "querystring_expire": 30,
    }


def test_aws_style_variables_describe_the_store_too():
    environ = {
        "AWS_STORAGE_BUCKET_NAME": "greentech-oss",
        "AWS_S3_ENDPOINT_URL": "https://oss-cn-hangzhou.aliyuncs.com",
        "AWS_S3_REGION_NAME": "cn-hangzhou",
        "AWS_S3_ADDRESSING_STYLE": "virtual",
        "AWS_ACCESS_KEY_ID": "id",
        "AWS_SECRET_ACCESS_KEY": "secret",
    }
    options = default_storage(environ, presigned_expire=60)["OPTIONS"]
    assert options["bucket_name"] == "greentech-oss"
    assert options["endpoint_url"] == "https://oss-cn-hangzhou.aliyuncs.com"
    assert options["addressing_style"] == "virtual"
    assert (options["access_key"], options["secret_key"]) == ("id", "secret")
    assert options["default_acl"] is None


def test_without_credentials_in_the_url_the_usual_aws_chain_applies():
    options = default_storage({"STORAGE_URL": "s3://bucket"}, presigned_expire=60)["OPTIONS"]
    assert "access_key" not in options
    assert options["location"] == ""


@pytest.mark.parametrize(
    "url, message",
    [
        ("gs://bucket", "must start with s3://"),
        ("s3:///prefix", "names no bucket"),
        ("s3://bucket?endpoint=http://x", "unknown parameter 'endpoint'"),
        ("s3://bucket?addressing_style=sideways", "Unknown S3 addressing style"),
    ],
)
def test_a_wrong_storage_url_stops_the_start_with_a_clear_message(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        default_storage({"STORAGE_URL": url}, presigned_expire=60)

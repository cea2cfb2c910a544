"""Where uploaded and generated files live, read from the environment by settings.py.

Nothing set: the local folder `MEDIA_ROOT` (the zero-setup default, one machine only).

`STORAGE_URL` set: an S3-compatible object store through django-storages, shared by every web
and worker host::

    s3://ACCESS_KEY:SECRET_KEY@BUCKET/PREFIX?endpoint_url=https://s3.example.org&region_name=x

The credentials (URL-quoted) and the prefix are optional: without credentials the usual
`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` variables, or the machine's role, are used.

`AWS_STORAGE_BUCKET_NAME` set (and no `STORAGE_URL`): the same, described by the AWS-style
variables `AWS_S3_ENDPOINT_URL`, `AWS_S3_REGION_NAME`, `AWS_S3_ADDRESSING_STYLE`,
`AWS_S3_SIGNATURE_VERSION`, `AWS_LOCATION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`.

Objects are private (no ACL), never overwritten (a taken name gets a suffix), and the URLs the
storage makes are signed and short-lived (`STORAGE_PRESIGNED_EXPIRE`): downloads go through a
view that checks permissions first (greentech.core.files).
"""

from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
# Query parameters of STORAGE_URL, each an option of django-storages' S3Storage.
URL_OPTIONS = ("endpoint_url", "region_name", "addressing_style", "signature_version")
# The AWS-style variables and the S3Storage option each sets.
AWS_VARIABLES = {
    "AWS_S3_ENDPOINT_URL": "endpoint_url",
    "AWS_S3_REGION_NAME": "region_name",
    "AWS_S3_ADDRESSING_STYLE": "addressing_style",
    "AWS_S3_SIGNATURE_VERSION": "signature_version",
    "AWS_LOCATION": "location",
    "AWS_ACCESS_KEY_ID": "access_key",
    "AWS_SECRET_ACCESS_KEY": "secret_key",  # nosec B105 - an option name, not a secret
}
ADDRESSING_STYLES = ("auto", "path", "virtual")


def s3_options_from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ImproperlyConfigured(f"STORAGE_URL must start with s3://, not {parts.scheme}://")
    bucket = parts.netloc.rpartition("@")[2]
    if not bucket:
        raise ImproperlyConfigured("STORAGE_URL names no bucket: s3://BUCKET/PREFIX")
    options = {"bucket_name": bucket, "location": parts.path.strip("/")}
    if parts.username:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password or "")
    for key, value in parse_qsl(parts.query):
        if key not in URL_OPTIONS:
            raise ImproperlyConfigured(
                f"STORAGE_URL has an unknown parameter {key!r}; known: {', '.join(URL_OPTIONS)}"
            )
        options[key] = value
    return options


def s3_options_from_variables(environ) -> dict:
    options = {"bucket_name": environ["AWS_STORAGE_BUCKET_NAME"]}
    for variable, option in AWS_VARIABLES.items():
        if environ.get(variable):
            options[option] = environ[variable]
    return options


def default_storage(environ, *, presigned_expire: int) -> dict:
    """The STORAGES["default"] entry for this environment (os.environ or a dict). The file
    system storage follows settings.MEDIA_ROOT."""
    url = environ.get("STORAGE_URL", "")
    if url:
        options = s3_options_from_url(url)
    elif environ.get("AWS_STORAGE_BUCKET_NAME"):
        options = s3_options_from_variables(environ)
    else:
        return {"BACKEND": FILESYSTEM_BACKEND}
    style = options.get("addressing_style", "auto")
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"Unknown S3 addressing style {style!r}; use one of {', '.join(ADDRESSING_STYLES)}"
        )
    options.setdefault("signature_version", "s3v4")
    options.update(
        default_acl=None,  # private objects: the bucket's policy decides, never public-read
        file_overwrite=False,
        querystring_auth=True,
        querystring_expire=presigned_expire,
    )
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}

"""Stored files (attachments, certificates, reports) handed to the person a view has already
checked: through Django's storage API only, never a path, so the file system and an S3-compatible
object store (settings.STORAGES, greentech/storage_config.py) serve alike.

`STORAGE_DOWNLOADS=stream` (the default) streams the file through the view; `presigned` answers
with a redirect to a signed URL of the object store, valid `STORAGE_PRESIGNED_EXPIRE` seconds and
carrying the file name and type, so large files never pass through the web process. Storages
that cannot sign a URL (the file system) always stream.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header


def can_presign(storage) -> bool:
    return bool(getattr(storage, "querystring_auth", False)) and hasattr(storage, "bucket_name")


def stored_file_response(
    field_file, *, filename: str, content_type: str, as_attachment: bool = True, missing=None
):
    """The response for a permitted download of `field_file`. A 404 with `missing` as its
    message when the storage has no such file (streaming only: a signed URL is not checked)."""
    storage = field_file.storage
    if settings.STORAGE_DOWNLOADS == "presigned" and can_presign(storage):
        url = storage.url(
            field_file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
                "ResponseContentType": content_type,
            },
            expire=settings.STORAGE_PRESIGNED_EXPIRE,
        )
        response = HttpResponseRedirect(url)
    else:
        try:
            handle = storage.open(field_file.name, "rb")
        except FileNotFoundError:
            raise Http404(missing) from None
        response = FileResponse(
            handle, as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response

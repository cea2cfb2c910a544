"""Attachments of a declaration: PDF, PNG or JPEG, recognised by their content, size-capped."""

import logging
import posixpath
import unicodedata

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..exceptions import AttachmentRefused
from ..models import ATTACHMENT_MAX_BYTES, Attachment, Technology
from .transitions import lock, require_editable, require_provider_partner

logger = logging.getLogger("technologies.services")

MIB = 1024 * 1024
DEFAULT_ATTACHMENT_MAX_BYTES = 10 * MIB
DEFAULT_SUBMISSION_MAX_BYTES = 30 * MIB

# (leading bytes, content type, stored extension). A file is what its first bytes say it is,
# whatever its name claims.
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
HEADER_LENGTH = max(len(signature) for signature, _t, _e in SIGNATURES)
NAME_MAX_LENGTH = 255  # Attachment.original_name
# Extensions a name may keep for each detected type; any other gets the type's own.
NAME_EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}


def attachment_max_bytes() -> int:
    """Per-file cap: `TECHNOLOGY_ATTACHMENT_MAX_BYTES` (default 10 MiB), never above the
    database's own cap on an attachment (`ATTACHMENT_MAX_BYTES`, 10 MiB)."""
    value = int(getattr(settings, "TECHNOLOGY_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_MAX_BYTES))
    return min(value, ATTACHMENT_MAX_BYTES)


def submission_max_bytes() -> int:
    """Cap on all attachments of one declaration together: `TECHNOLOGY_SUBMISSION_MAX_BYTES`
    (default 30 MiB)."""
    return int(getattr(settings, "TECHNOLOGY_SUBMISSION_MAX_BYTES", DEFAULT_SUBMISSION_MAX_BYTES))


def detect_type(upload) -> tuple[str, str] | None:
    """(content type, extension) from the file's leading bytes; None for anything else."""
    upload.seek(0)
    header = upload.read(HEADER_LENGTH)
    upload.seek(0)
    for signature, content_type, extension in SIGNATURES:
        if header.startswith(signature):
            return content_type, extension
    return None


def display_name(name: str) -> str:
    """The uploader's file name without folders or control characters, for display only."""
    base = posixpath.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[:255] or _("attachment")


def name_for_type(name: str, content_type: str) -> str:
    """`name` with the extension of its detected type: "poly.html" holding a PDF becomes
    "poly.pdf"; "photo.jpeg" holding a JPEG stays as it is."""
    allowed = NAME_EXTENSIONS.get(content_type)
    if not allowed:
        return name
    stem, dot, suffix = name.rpartition(".")
    if dot and f".{suffix.lower()}" in allowed:
        return name
    stem = stem if dot and stem else name
    return f"{stem[: NAME_MAX_LENGTH - len(allowed[0])]}{allowed[0]}"


@transaction.atomic
def attachment_add(*, technology: Technology, by, file) -> Attachment:
    """Attach an uploaded file to a declaration the partner may still change.

    The type comes from the content (PDF, PNG, JPEG), not from the name; the file is stored
    under a generated name with the extension of its real type, and its name (shown and used for
    downloads) gets that extension too; the per-file and per-declaration caps come from the
    settings.
    """
    technology = lock(technology)
    require_provider_partner(by, technology)
    require_editable(technology)
    size = file.size
    if not size:
        raise AttachmentRefused({"file": [_("The file is empty.")]}, code="attachment_empty")
    per_file = attachment_max_bytes()
    if size > per_file:
        raise AttachmentRefused(
            {"file": [_("The file is larger than %(max)s.") % {"max": filesizeformat(per_file)}]},
            code="attachment_size",
        )
    detected = detect_type(file)
    if detected is None:
        raise AttachmentRefused(
            {
                "file": [
                    _("Only PDF, PNG and JPEG files can be attached; this file is none of them.")
                ]
            },
            code="attachment_type",
        )
    used = technology.attachments.aggregate(total=Sum("size"))["total"] or 0
    total_cap = submission_max_bytes()
    if used + size > total_cap:
        raise AttachmentRefused(
            {
                "file": [
                    _("The attachments of a declaration may total %(max)s; %(left)s are left.")
                    % {
                        "max": filesizeformat(total_cap),
                        "left": filesizeformat(max(total_cap - used, 0)),
                    }
                ]
            },
            code="submission_size",
        )
    content_type, extension = detected
    attachment = Attachment(
        technology=technology,
        original_name=name_for_type(display_name(file.name), content_type),
        content_type=content_type,
        size=size,
    )
    # The storage name is generated (attachment_upload_to): only the detected extension is kept.
    attachment.file.save(f"attachment{extension}", file, save=False)
    stored_name = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored_name)
        raise
    technology.save(update_fields=["modified"])
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by) -> None:
    """Remove an attachment from a declaration the partner may still change; the file goes once
    the removal is committed."""
    technology = lock(attachment.technology)
    require_provider_partner(by, technology)
    require_editable(technology)
    storage, name = attachment.file.storage, attachment.file.name
    Attachment.objects.filter(pk=attachment.pk).delete()
    technology.save(update_fields=["modified"])
    transaction.on_commit(lambda: storage.delete(name))

import re
import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# PDF and images only, as the declaration scheme asks.
ATTACHMENT_EXTENSIONS = frozenset({".pdf", ".png", ".jpg", ".jpeg"})
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
_SAFE_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")


def attachment_upload_to(instance, filename: str) -> str:
    """A random stored name (`technologies/<uuid4 hex><ext>`): the uploader's name never
    reaches the file system; it is kept in `original_name`."""
    ext = PurePath(filename).suffix.lower()
    if not _SAFE_EXTENSION.match(ext):
        ext = ""
    return f"technologies/{uuid.uuid4().hex}{ext}"


def validate_attachment_file(value) -> None:
    ext = PurePath(value.name or "").suffix.lower()
    if ext not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("Only PDF files and images (%(allowed)s) can be attached."),
            code="attachment_type",
            params={"allowed": ", ".join(sorted(ATTACHMENT_EXTENSIONS))},
        )
    if value.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(max)s."),
            code="attachment_size",
            params={"max": filesizeformat(ATTACHMENT_MAX_BYTES)},
        )


class Attachment(models.Model):
    technology = models.ForeignKey(
        "technologies.Technology",
        verbose_name=_("technology"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"),
        upload_to=attachment_upload_to,
        max_length=255,
        validators=[validate_attachment_file],
    )
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__lte=ATTACHMENT_MAX_BYTES),
                name="technologies_attachment_size_cap",
                violation_error_message=_("The file is too large."),
            ),
        ]

    def __str__(self):
        return self.original_name

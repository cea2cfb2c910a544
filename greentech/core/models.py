from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    modified = models.DateTimeField(_("modified"), auto_now=True, editable=False)

    class Meta:
        abstract = True


def localized(obj, field: str) -> str:
    """The Chinese version of a curated text when the visitor reads Chinese and one exists."""
    if (get_language() or "").startswith("zh"):
        value = getattr(obj, f"{field}_zh", "")
        if value:
            return value
    return getattr(obj, field)


class GreenArea(models.Model):
    """One area of the green-technology taxonomy (e.g. water pollution control)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("green area")
        verbose_name_plural = _("green areas")

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

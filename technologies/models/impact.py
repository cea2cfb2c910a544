from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from greentech.core.models import TimeStampedModel, localized

from .technology import YEAR_MAX, YEAR_MIN, year_range_constraint


class TransferCase(TimeStampedModel):
    """A technology transferred to a partner country, with its measured impact."""

    technology = models.ForeignKey(
        "technologies.Technology",
        verbose_name=_("technology"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfer_cases",
        help_text=_("Empty for cases that predate the technology pool."),
    )
    title = models.CharField(_("title"), max_length=255)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    country = CountryField(_("country"))
    partner = models.ForeignKey(
        "centres.Institution",
        verbose_name=_("partner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transfer_cases",
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)],
        help_text=_("Leave empty when the public record gives no year."),
    )
    description = models.TextField(_("description"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("transfer case")
        verbose_name_plural = _("transfer cases")
        indexes = [
            models.Index(fields=["country", "year"], name="technologies_transfer_cy_idx"),
            models.Index(fields=["year"], name="technologies_transfer_year_idx"),
        ]
        constraints = [
            year_range_constraint("year", "technologies_transfer_year_range", nullable=True)
        ]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")


class ImpactIndicator(models.Model):
    """One measured result of a transfer case (e.g. 1,200 m3/day of wastewater treated)."""

    transfer_case = models.ForeignKey(
        TransferCase,
        verbose_name=_("transfer case"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("impact indicator")
        verbose_name_plural = _("impact indicators")

    def __str__(self):
        return f"{self.name}: {self.value} {self.unit}".strip()


class TechnologyNeed(TimeStampedModel):
    """A need for a technology stated by a country or an institution."""

    title = models.CharField(_("title"), max_length=255)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    country = CountryField(_("country"), blank=True)
    institution = models.ForeignKey(
        "centres.Institution",
        verbose_name=_("institution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="technology_needs",
    )
    green_area = models.ForeignKey(
        "core.GreenArea",
        verbose_name=_("green area"),
        on_delete=models.PROTECT,
        related_name="technology_needs",
    )
    description = models.TextField(_("description"), blank=True)
    stated_on = models.DateField(_("stated on"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["-stated_on", "title"]
        verbose_name = _("technology need")
        verbose_name_plural = _("technology needs")
        indexes = [
            models.Index(fields=["is_published", "country"], name="technologies_need_pub_cty_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")

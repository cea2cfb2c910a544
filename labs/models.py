from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from greentech.core.models import TimeStampedModel, localized


class LabStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


# A lab that is being set up or runs: it can still be closed.
OPEN_STATES = frozenset({LabStatus.PLANNED, LabStatus.ACTIVE})

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    LabStatus.PLANNED: frozenset({LabStatus.ACTIVE, LabStatus.CLOSED}),
    LabStatus.ACTIVE: frozenset({LabStatus.CLOSED}),
    LabStatus.CLOSED: frozenset(),
}


class JointLab(TimeStampedModel):
    """A joint laboratory run by a centre with partner institutions abroad."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    centre = models.ForeignKey(
        "centres.Centre",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        related_name="joint_labs",
    )
    partner_countries = CountryField(_("partner countries"), multiple=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=LabStatus.choices, default=LabStatus.ACTIVE
    )
    established = models.DateField(_("established"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    research_areas = models.ManyToManyField(
        "core.GreenArea",
        verbose_name=_("research areas"),
        related_name="joint_labs",
        blank=True,
    )
    description = models.TextField(_("description"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("joint laboratory")
        verbose_name_plural = _("joint laboratories")
        indexes = [models.Index(fields=["status"], name="labs_jointlab_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(established__isnull=True)
                | Q(closed_on__gte=F("established")),
                name="labs_jointlab_closed_after_established",
                violation_error_message=_(
                    "A joint laboratory cannot close before it was established."
                ),
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_description(self) -> str:
        return localized(self, "description")


class LabPartner(models.Model):
    """An institution taking part in a joint laboratory, with its role."""

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        PARTNER = "partner", _("Partner")
        INDUSTRY_SPONSOR = "industry_sponsor", _("Industry sponsor")

    lab = models.ForeignKey(
        JointLab,
        verbose_name=_("joint laboratory"),
        on_delete=models.CASCADE,
        related_name="partners",
    )
    institution = models.ForeignKey(
        "centres.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="lab_partnerships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        ordering = ["lab", "role", "institution__name"]
        verbose_name = _("lab partner")
        verbose_name_plural = _("lab partners")
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "institution"],
                name="labs_partner_unique_lab_institution",
                violation_error_message=_(
                    "This institution is already a partner of this joint laboratory."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.institution} ({self.get_role_display()}) in {self.lab}"


class LabOutput(models.Model):
    """A result of a joint laboratory: a paper, a patent, a standard, a prototype, a data set."""

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("Publication")
        PATENT = "patent", _("Patent")
        STANDARD = "standard", _("Standard")
        PROTOTYPE = "prototype", _("Prototype")
        DATASET = "dataset", _("Data set")

    lab = models.ForeignKey(
        JointLab,
        verbose_name=_("joint laboratory"),
        on_delete=models.CASCADE,
        related_name="outputs",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    year = models.PositiveSmallIntegerField(_("year"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("lab output")
        verbose_name_plural = _("lab outputs")
        indexes = [models.Index(fields=["lab", "year"], name="labs_output_lab_year_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1950) & Q(year__lte=2100),
                name="labs_output_year_range",
                violation_error_message=_("The year must be between 1950 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

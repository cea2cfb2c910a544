from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from greentech.core.models import TimeStampedModel, localized


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    ENTERPRISE = "enterprise", _("Enterprise")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    NGO = "ngo", _("Non-governmental organisation")


class Institution(TimeStampedModel):
    name = models.CharField(_("name"), max_length=255, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=InstitutionKind.choices)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        indexes = [
            models.Index(fields=["country"], name="centres_inst_country_idx"),
            models.Index(fields=["kind"], name="centres_inst_kind_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class Centre(TimeStampedModel):
    """A centre of excellence, possibly a sub-centre of another."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    host_institution = models.ForeignKey(
        Institution,
        verbose_name=_("host institution"),
        on_delete=models.PROTECT,
        related_name="hosted_centres",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_centres",
    )
    established = models.DateField(_("established"), null=True, blank=True)
    mission = models.TextField(_("mission"), blank=True)
    mission_zh = models.TextField(_("mission (Chinese)"), blank=True)
    focus_areas = models.ManyToManyField(
        "core.GreenArea", verbose_name=_("focus areas"), related_name="centres", blank=True
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("pk")),
                name="centres_centre_not_own_parent",
                violation_error_message=_("A centre cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    def get_absolute_url(self):
        return reverse("centres:centre_detail", args=[self.slug])


class Alliance(TimeStampedModel):
    name = models.CharField(_("name"), max_length=255, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    founded = models.DateField(_("founded"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField(
        Institution,
        verbose_name=_("members"),
        through="AllianceMembership",
        related_name="alliances",
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")

    def __str__(self):
        return self.short_name or self.name


class AllianceMembership(models.Model):
    class Role(models.TextChoices):
        FOUNDING_MEMBER = "founding", _("Founding member")
        MEMBER = "member", _("Member")
        SECRETARIAT = "secretariat", _("Secretariat")

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="memberships"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="alliance_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateField(_("joined"), null=True, blank=True)

    class Meta:
        ordering = ["alliance", "institution__name"]
        verbose_name = _("alliance membership")
        verbose_name_plural = _("alliance memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "institution"], name="centres_membership_unique"
            ),
        ]

    def __str__(self):
        return f"{self.institution} in {self.alliance}"

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greentech.core.models import TimeStampedModel, localized

# The pool's own criteria (Green Belt and Road technology pool), equally weighted. Services
# copy them onto a new call; they are data, stored in both languages, not UI strings.
DEFAULT_CRITERIA: tuple[dict, ...] = (
    {
        "name": "Advanced nature",
        "name_zh": "先进性",
        "description": "How advanced the technology is compared with the state of the art.",
        "weight": Decimal("1.00"),
        "position": 1,
    },
    {
        "name": "Practicability",
        "name_zh": "实用性",
        "description": "How readily it can be applied under real local conditions.",
        "weight": Decimal("1.00"),
        "position": 2,
    },
    {
        "name": "Economy",
        "name_zh": "经济性",
        "description": "Investment and operating costs against the benefits obtained.",
        "weight": Decimal("1.00"),
        "position": 3,
    },
    {
        "name": "Maturity degree",
        "name_zh": "成熟度",
        "description": "Readiness level and proven applications.",
        "weight": Decimal("1.00"),
        "position": 4,
    },
    {
        "name": "Service capability",
        "name_zh": "服务能力",
        "description": "The provider's capacity to transfer, install and support it abroad.",
        "weight": Decimal("1.00"),
        "position": 5,
    },
)


class CollectionCall(TimeStampedModel):
    """A call for technologies, open between two moments, with its own weighted criteria."""

    title = models.CharField(_("title"), max_length=255, unique=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    organisers = models.CharField(
        _("organisers"), max_length=255, blank=True, help_text=_('e.g. "FECO and CAEPI"')
    )
    description = models.TextField(_("description"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    opens_on = models.DateTimeField(_("opens on"))
    closes_on = models.DateTimeField(_("closes on"))
    green_areas = models.ManyToManyField(
        "core.GreenArea",
        verbose_name=_("green areas"),
        related_name="collection_calls",
        blank=True,
    )
    score_scale_max = models.PositiveSmallIntegerField(
        _("maximum score"),
        default=5,
        help_text=_("Experts score every criterion from 0 to this value."),
    )
    min_overall_score = models.DecimalField(
        _("minimum overall score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Weighted mean below which staff are warned before accepting."),
    )
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["-opens_on"]
        verbose_name = _("collection call")
        verbose_name_plural = _("collection calls")
        indexes = [
            models.Index(fields=["is_published", "-opens_on"], name="technologies_call_pub_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gt=F("opens_on")),
                name="technologies_call_closes_after_opens",
                violation_error_message=_("The call must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(score_scale_max__gte=2),
                name="technologies_call_scale_max_min_2",
                violation_error_message=_("The maximum score must be at least 2."),
            ),
            models.CheckConstraint(
                condition=Q(min_overall_score__isnull=True)
                | Q(min_overall_score__gte=0, min_overall_score__lte=F("score_scale_max")),
                name="technologies_call_min_overall_in_scale",
                violation_error_message=_(
                    "The minimum overall score must lie between 0 and the maximum score."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    def is_open(self, at=None) -> bool:
        """Published and taking submissions at `at` (default: now); closes_on is exclusive."""
        at = at or timezone.now()
        return self.is_published and self.opens_on <= at < self.closes_on


class Criterion(models.Model):
    """One weighted criterion experts score a call's submissions against."""

    call = models.ForeignKey(
        CollectionCall,
        verbose_name=_("collection call"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal(1))
    min_score = models.DecimalField(
        _("warning threshold"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A mean score below this value is flagged to staff."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "name"],
                name="technologies_criterion_unique_name",
                violation_error_message=_("This call already has a criterion with this name."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="technologies_criterion_weight_positive",
                violation_error_message=_("The weight must be greater than 0."),
            ),
            models.CheckConstraint(
                condition=Q(min_score__isnull=True) | Q(min_score__gte=0),
                name="technologies_criterion_min_score_not_negative",
                violation_error_message=_("The warning threshold cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

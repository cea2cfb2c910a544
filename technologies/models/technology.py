from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from greentech.core.models import TimeStampedModel, localized
from greentech.core.search import search_query, search_trigger_sql

from .states import (
    ALLOWED_TRANSITIONS,
    EDITABLE_BY_SUBMITTER,
    PUBLISHED_STATES,
    WITHDRAWABLE,
    DecisionOutcome,
    IntellectualProperty,
    TechnologyStatus,
)

TRL_MIN, TRL_MAX = 1, 9
YEAR_MIN, YEAR_MAX = 1950, 2100


def year_range_constraint(field: str, name: str, *, nullable=False) -> models.CheckConstraint:
    in_range = Q(**{f"{field}__gte": YEAR_MIN, f"{field}__lte": YEAR_MAX})
    return models.CheckConstraint(
        condition=(Q(**{f"{field}__isnull": True}) | in_range) if nullable else in_range,
        name=name,
        violation_error_message=_("The year must lie between 1950 and 2100."),
    )


def not_negative_constraint(field: str, name: str, message) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=name,
        violation_error_message=message,
    )


# Full-text search (PostgreSQL; see greentech.core.search). A trigger keeps two vectors
# current, whatever writes the row: `search_vector` (everything searched, GIN-indexed) and
# `title_vector` (the names only, stored in the row itself: what ranks a result first).
SEARCH_CONFIG = "english"
SEARCH_DOCUMENT = (
    ("name", "A"),
    ("summary", "B"),
    ("technical_principle", "C"),
    ("key_performance_indicators", "C"),
    ("applicable_conditions", "D"),
)
# The Chinese versions of the texts: searched, as character bigrams, when a query has Chinese
# characters. Adding one (e.g. ("summary_zh", "B")) is a line here plus a migration that runs
# `technology_search_trigger()`'s SQL again with the new list (as migration 0006 does).
SEARCH_DOCUMENT_ZH = (("name_zh", "A"),)
TITLE_DOCUMENT = (("name", "A"),)
TITLE_DOCUMENT_ZH = (("name_zh", "A"),)


def technology_search_trigger(
    *, document=SEARCH_DOCUMENT, document_zh=SEARCH_DOCUMENT_ZH
) -> tuple[list[str], list[str]]:
    """The SQL of the trigger keeping the technology table's vectors current (for migrations,
    which pass the lists as they were at that point)."""
    return search_trigger_sql(
        table="technologies_technology",
        vectors={
            "search_vector": (document, document_zh),
            "title_vector": (TITLE_DOCUMENT, TITLE_DOCUMENT_ZH),
        },
        config=SEARCH_CONFIG,
    )


class TechnologyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=PUBLISHED_STATES)

    def _on_postgresql(self) -> bool:
        return connections[self.db].vendor == "postgresql"

    def search(self, text: str):
        """Full text on PostgreSQL (English web-search syntax, stemmed; Chinese characters as a
        phrase of bigrams, see greentech.core.search), through the GIN index. Elsewhere
        (SQLite) a substring match on the name, the summary and the Chinese texts."""
        text = text.strip()
        if not text:
            return self
        if self._on_postgresql():
            query = search_query(text, config=SEARCH_CONFIG)
            return self.filter(search_vector=query) if query is not None else self.none()
        matches = Q(name__icontains=text) | Q(summary__icontains=text)
        for field, _weight in SEARCH_DOCUMENT_ZH:
            matches |= Q(**{f"{field}__icontains": text})
        return self.filter(matches)


class Technology(TimeStampedModel):
    """A technology declared to a collection call; once accepted, an entry of the public pool."""

    call = models.ForeignKey(
        "technologies.CollectionCall",
        verbose_name=_("collection call"),
        on_delete=models.PROTECT,
        related_name="technologies",
    )
    provider = models.ForeignKey(
        "centres.Institution",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="technologies",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_technologies",
    )
    name = models.CharField(_("name"), max_length=255)
    name_zh = models.CharField(_("name (Chinese)"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    green_area = models.ForeignKey(
        "core.GreenArea",
        verbose_name=_("green area"),
        on_delete=models.PROTECT,
        related_name="technologies",
    )
    summary = models.TextField(_("summary"), blank=True)
    technical_principle = models.TextField(_("technical principle"), blank=True)
    key_performance_indicators = models.TextField(_("key performance indicators"), blank=True)
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(TRL_MIN), MaxValueValidator(TRL_MAX)],
        help_text=_("From 1 (basic principles observed) to 9 (proven in operation)."),
    )
    intellectual_property = models.CharField(
        _("intellectual property"), max_length=20, choices=IntellectualProperty.choices, blank=True
    )
    ip_details = models.TextField(_("intellectual property details"), blank=True)
    investment_usd = models.DecimalField(
        _("investment (USD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    operating_cost_usd_per_year = models.DecimalField(
        _("operating cost (USD per year)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    co2e_avoided_t_per_year = models.DecimalField(
        _("CO2e avoided (t per year)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    other_environmental_benefits = models.TextField(_("other environmental benefits"), blank=True)
    applicable_conditions = models.TextField(_("applicable conditions"), blank=True)
    target_countries = CountryField(_("target countries"), multiple=True, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TechnologyStatus.choices,
        default=TechnologyStatus.DRAFT,
    )
    feedback = models.TextField(
        _("decision feedback"), blank=True, help_text=_("Staff feedback sent with the decision.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # A decision taken but not yet released (see technology_decide(release=False)): the
    # submitter sees nothing of it until call_release_decisions() or a release one by one.
    staged_outcome = models.CharField(
        _("staged decision"), max_length=10, choices=DecisionOutcome.choices, blank=True
    )
    staged_feedback = models.TextField(_("staged feedback"), blank=True)
    staged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    staged_at = models.DateTimeField(_("staged at"), null=True, blank=True)
    # Kept by a database trigger (see SEARCH_DOCUMENT); NULL (never used) on SQLite.
    search_vector = SearchVectorField(_("search vector"), null=True, blank=True, editable=False)
    title_vector = SearchVectorField(_("title vector"), null=True, blank=True, editable=False)

    objects = TechnologyQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")
        indexes = [
            models.Index(fields=["status"], name="technologies_tech_status_idx"),
            models.Index(fields=["call", "status"], name="technologies_tech_call_st_idx"),
            models.Index(fields=["green_area", "status"], name="technologies_tech_area_st_idx"),
            # A GIN index on PostgreSQL; SQLite's schema editor builds a plain index instead.
            GinIndex(fields=["search_vector"], name="technologies_tech_search_gin"),
            # The published orderings, partial (only the published rows, which every public
            # query filters): the API by name here; the pool newest first (and the home page's
            # latest) in migration 0006, PostgreSQL only (SQLite indexes take no NULLS LAST).
            models.Index(
                fields=["name", "id"],
                name="technologies_tech_pub_name",
                condition=Q(status__in=sorted(PUBLISHED_STATES)),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "provider", "name"],
                name="technologies_tech_unique_per_call",
                violation_error_message=_(
                    "This provider already declared a technology with this name to this call."
                ),
            ),
            models.CheckConstraint(
                condition=Q(trl__isnull=True) | Q(trl__gte=TRL_MIN, trl__lte=TRL_MAX),
                name="technologies_tech_trl_range",
                violation_error_message=_("The readiness level must lie between 1 and 9."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=TechnologyStatus.values),
                name="technologies_tech_status_valid",
                violation_error_message=_("Unknown status."),
            ),
            models.CheckConstraint(
                condition=Q(staged_outcome="") | Q(staged_outcome__in=DecisionOutcome.values),
                name="technologies_tech_staged_outcome_valid",
                violation_error_message=_("Unknown decision."),
            ),
            not_negative_constraint(
                "investment_usd",
                "technologies_tech_investment_not_negative",
                _("The investment cannot be negative."),
            ),
            not_negative_constraint(
                "operating_cost_usd_per_year",
                "technologies_tech_operating_cost_not_negative",
                _("The operating cost cannot be negative."),
            ),
            not_negative_constraint(
                "co2e_avoided_t_per_year",
                "technologies_tech_co2e_not_negative",
                _("The CO2e avoided cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    def can_transition(self, to: str) -> bool:
        return to in ALLOWED_TRANSITIONS.get(self.status, frozenset())

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED_STATES

    @property
    def is_editable_by_submitter(self) -> bool:
        return self.status in EDITABLE_BY_SUBMITTER

    @property
    def is_withdrawable(self) -> bool:
        return self.status in WITHDRAWABLE

    @property
    def has_staged_decision(self) -> bool:
        return bool(self.staged_outcome)


class ApplicationCase(models.Model):
    """A place where the technology already runs, as the declaration form asks."""

    technology = models.ForeignKey(
        Technology,
        verbose_name=_("technology"),
        on_delete=models.CASCADE,
        related_name="application_cases",
    )
    place = models.CharField(_("place"), max_length=255)
    country = CountryField(_("country"))
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
    )
    scale = models.CharField(_("scale"), max_length=255, blank=True)
    results = models.TextField(_("results"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("application case")
        verbose_name_plural = _("application cases")
        constraints = [year_range_constraint("year", "technologies_appcase_year_range")]

    def __str__(self):
        return f"{self.place} ({self.year})"


class TechnologyTransition(models.Model):
    """One change of a technology's status: from, to, who, when, why."""

    technology = models.ForeignKey(
        Technology,
        verbose_name=_("technology"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=TechnologyStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=TechnologyStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["technology", "at"], name="technologies_trans_tech_at_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")),
                name="technologies_transition_changes_status",
                violation_error_message=_("A status change must change the status."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.technology}: {self.get_from_status_display()} → {self.get_to_status_display()}"
        )

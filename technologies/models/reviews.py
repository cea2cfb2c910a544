from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greentech.core.models import TimeStampedModel

from .states import AssignmentStatus, Recommendation


class ReviewAssignment(TimeStampedModel):
    """An expert asked by staff to review one technology."""

    technology = models.ForeignKey(
        "technologies.Technology",
        verbose_name=_("technology"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ASSIGNED,
    )
    conflict_note = models.TextField(_("conflict of interest note"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        indexes = [
            models.Index(fields=["expert", "status"], name="technologies_assign_exp_st_idx"),
            models.Index(fields=["status", "due_on"], name="technologies_assign_st_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["technology", "expert"],
                name="technologies_assignment_unique_expert",
                violation_error_message=_("This expert is already assigned to this technology."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=AssignmentStatus.values),
                name="technologies_assignment_status_valid",
                violation_error_message=_("Unknown status."),
            ),
        ]

    def __str__(self):
        return f"{self.expert} — {self.technology}"


class Review(TimeStampedModel):
    """An expert's review of an assignment: a recommendation and one score per criterion."""

    assignment = models.OneToOneField(
        ReviewAssignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="review",
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation__in=Recommendation.values),
                name="technologies_review_recommendation_valid",
                violation_error_message=_("Unknown recommendation."),
            ),
        ]

    def __str__(self):
        return _("Review of %(assignment)s") % {"assignment": self.assignment}


class ReviewScore(models.Model):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        "technologies.Criterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__position", "pk"]
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"],
                name="technologies_score_unique_criterion",
                violation_error_message=_("This review already scores this criterion."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0),
                name="technologies_score_not_negative",
                violation_error_message=_("A score cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"

    def clean(self):
        """The scale and the criteria belong to the technology's call; the DB can't see that."""
        super().clean()
        call = self._call()
        if call is None:
            return
        errors = {}
        if self.score is not None and self.score > call.score_scale_max:
            errors["score"] = ValidationError(
                _("A score cannot exceed the call's maximum of %(max)s."),
                code="score_above_scale",
                params={"max": call.score_scale_max},
            )
        if self.criterion_id is not None and self.criterion.call_id != call.pk:
            errors["criterion"] = ValidationError(
                _("This criterion belongs to another collection call."),
                code="criterion_other_call",
            )
        if errors:
            raise ValidationError(errors)

    def _call(self):
        try:
            return self.review.assignment.technology.call
        except ObjectDoesNotExist:
            return None

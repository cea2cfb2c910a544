"""Serializers of the declaration workflow. Input serializers only check the shape of a
request; the services decide. Output serializers for partners and experts never carry reviewer
names, individual scores of others, staged decisions or the submitter's account."""

from django.utils.translation import gettext_lazy as _
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from greentech.accounts.models import User
from greentech.core.models import GreenArea

from .. import links
from ..models import (
    ApplicationCase,
    AssignmentStatus,
    Attachment,
    CollectionCall,
    Criterion,
    Review,
    ReviewAssignment,
    ReviewScore,
    Technology,
)
from ..services import DECLARATION_FIELDS
from ..validation import submission_problems
from .fields import (
    assignment_status_field,
    decision_outcome_field,
    recommendation_field,
    technology_status_field,
)
from .public import CallSummarySerializer, PoolGreenAreaSerializer, PoolInstitutionSerializer

# The declaration fields in the order of the form's steps.
DECLARATION_FIELD_ORDER = [
    "name",
    "name_zh",
    "green_area",
    "summary",
    "contact_name",
    "contact_email",
    "contact_phone",
    "technical_principle",
    "key_performance_indicators",
    "trl",
    "intellectual_property",
    "ip_details",
    "applicable_conditions",
    "target_countries",
    "investment_usd",
    "operating_cost_usd_per_year",
    "co2e_avoided_t_per_year",
    "other_environmental_benefits",
]
if set(DECLARATION_FIELD_ORDER) != DECLARATION_FIELDS:
    raise RuntimeError("DECLARATION_FIELD_ORDER must list every declaration field once.")


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "name", "email"]

    def get_name(self, user) -> str:
        return user.get_full_name() or user.email


# --- Declarations: output ------------------------------------------------------------------


class DeclarationApplicationCaseSerializer(CountryFieldMixin, serializers.ModelSerializer):
    class Meta:
        model = ApplicationCase
        fields = ["id", "place", "country", "year", "scale", "results", "position"]
        read_only_fields = ["id"]
        extra_kwargs = {"position": {"required": False}}


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "download_url"]

    def get_download_url(self, attachment) -> str:
        return links.attachment_download(attachment.pk)


class SubmissionListSerializer(serializers.ModelSerializer):
    call = CallSummarySerializer()
    provider = PoolInstitutionSerializer()
    green_area = PoolGreenAreaSerializer()
    status = technology_status_field(read_only=True)
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = Technology
        fields = [
            "id",
            "slug",
            "name",
            "name_zh",
            "call",
            "provider",
            "green_area",
            "trl",
            "status",
            "status_display",
            "submitted_at",
            "decided_at",
            "published_at",
            "modified",
        ]


class SubmissionSerializer(CountryFieldMixin, SubmissionListSerializer):
    """A declaration as its partners (and assigned experts) see it: the released decision's
    feedback, never reviewers, scores or a staged decision."""

    application_cases = DeclarationApplicationCaseSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    missing_items = serializers.SerializerMethodField()

    class Meta(SubmissionListSerializer.Meta):
        fields = [
            *SubmissionListSerializer.Meta.fields,
            *[
                f
                for f in DECLARATION_FIELD_ORDER
                if f not in {"name", "name_zh", "green_area", "trl"}
            ],
            "feedback",
            "valid_until",
            "application_cases",
            "attachments",
            "missing_items",
        ]

    @extend_schema_field(
        serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    )
    def get_missing_items(self, technology) -> dict:
        """While the declaration may be changed: what still keeps it from being submitted, by
        step (empty when complete)."""
        if not technology.is_editable_by_submitter:
            return {}
        return submission_problems(technology)


class StaffAssignmentSerializer(serializers.ModelSerializer):
    expert = PersonSerializer()
    status = assignment_status_field(read_only=True)
    has_review = serializers.SerializerMethodField()

    class Meta:
        model = ReviewAssignment
        fields = ["id", "expert", "due_on", "status", "conflict_note", "has_review"]

    def get_has_review(self, assignment) -> bool:
        return assignment.status == AssignmentStatus.SUBMITTED


class StaffSubmissionSerializer(SubmissionSerializer):
    """A declaration for staff curators: also who declared it, its assignments (with expert
    names) and a staged decision."""

    submitted_by = PersonSerializer(allow_null=True)
    staged_by = PersonSerializer(allow_null=True)
    staged_outcome = decision_outcome_field(read_only=True, allow_null=True)
    assignments = StaffAssignmentSerializer(many=True)

    class Meta(SubmissionSerializer.Meta):
        fields = [
            *SubmissionSerializer.Meta.fields,
            "submitted_by",
            "assignments",
            "staged_outcome",
            "staged_feedback",
            "staged_by",
            "staged_at",
        ]


# --- Declarations: input -------------------------------------------------------------------


class DraftInputSerializer(CountryFieldMixin, serializers.ModelSerializer):
    """The declaration fields a partner fills in; all optional on update (PATCH)."""

    green_area = serializers.SlugRelatedField(
        slug_field="code", queryset=GreenArea.objects.all(), help_text=_("Green area code.")
    )

    class Meta:
        model = Technology
        fields = DECLARATION_FIELD_ORDER
        # The countries field loses the model's "blank" on its way through CountryFieldMixin.
        extra_kwargs = {"target_countries": {"required": False}}
        # The services check uniqueness and everything that depends on the declaration's state.
        validators = []


class DraftCreateSerializer(DraftInputSerializer):
    call = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=CollectionCall.objects.filter(is_published=True),
        help_text=_("Collection call slug."),
    )

    class Meta(DraftInputSerializer.Meta):
        fields = ["call", *DECLARATION_FIELD_ORDER]


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("A PDF, PNG or JPEG file."))


class WithdrawInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --- Staff ---------------------------------------------------------------------------------


class ScreenInputSerializer(serializers.Serializer):
    ACCEPT, RETURN = "accept", "return_to_draft"
    action = serializers.ChoiceField(choices=[ACCEPT, RETURN])
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required to return to draft (sent to the submitter); a note when accepting."),
    )


class AssignInputSerializer(serializers.Serializer):
    expert = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    due_on = serializers.DateField()


class ReleaseAssignmentInputSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecideInputSerializer(serializers.Serializer):
    outcome = decision_outcome_field()
    feedback = serializers.CharField(required=False, allow_blank=True, default="")
    release = serializers.BooleanField(
        required=False,
        default=True,
        help_text=_("False stages the decision: released later, e.g. with the whole call."),
    )
    accept_below_minimum = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Confirms accepting although scores are below the call's thresholds."),
    )


class SuggestedExpertSerializer(PersonSerializer):
    institution = serializers.StringRelatedField()
    open_assignments = serializers.IntegerField()

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "institution", "open_assignments"]


class ReviewerScoreSerializer(serializers.Serializer):
    assignment_id = serializers.IntegerField()
    reviewer = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2)
    comment = serializers.CharField()


class CriterionSummarySerializer(serializers.Serializer):
    criterion_id = serializers.IntegerField()
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    min_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    mean = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    lowest = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    highest = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    spread = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    large_spread = serializers.BooleanField()
    below_minimum = serializers.BooleanField()
    scores = ReviewerScoreSerializer(many=True)


class ReviewerSummarySerializer(serializers.Serializer):
    assignment_id = serializers.IntegerField()
    expert_id = serializers.IntegerField()
    reviewer = serializers.CharField()
    recommendation = recommendation_field()
    comment = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)


class RecommendationCountsSerializer(serializers.Serializer):
    accept = serializers.IntegerField()
    revise = serializers.IntegerField()
    reject = serializers.IntegerField()


class DecisionSummarySerializer(serializers.Serializer):
    """The decision arithmetic (staff only: reviewer names included)."""

    technology_id = serializers.IntegerField()
    scale_max = serializers.IntegerField()
    spread_threshold = serializers.DecimalField(max_digits=7, decimal_places=2)
    overall = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    min_overall_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    below_overall_minimum = serializers.BooleanField()
    recommendation_counts = RecommendationCountsSerializer()
    reviews_submitted = serializers.IntegerField()
    reviews_pending = serializers.IntegerField()
    criteria = CriterionSummarySerializer(many=True)
    reviewers = ReviewerSummarySerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())


class ReleasedDecisionsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    released = SubmissionListSerializer(many=True)


# --- Experts -------------------------------------------------------------------------------


class ReviewCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "name_zh", "description", "weight", "position"]


class OwnScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewScore
        fields = ["criterion", "score", "comment"]


class OwnReviewSerializer(serializers.ModelSerializer):
    recommendation = recommendation_field(read_only=True)
    scores = OwnScoreSerializer(many=True)

    class Meta:
        model = Review
        fields = ["recommendation", "comment", "submitted_at", "scores"]


class ReviewAssignmentListSerializer(serializers.ModelSerializer):
    technology = SubmissionListSerializer()
    status = assignment_status_field(read_only=True)
    review_form_url = serializers.SerializerMethodField()

    class Meta:
        model = ReviewAssignment
        fields = ["id", "technology", "due_on", "status", "review_form_url"]

    def get_review_form_url(self, assignment) -> str:
        return links.review_form(assignment.pk)


class ReviewAssignmentSerializer(ReviewAssignmentListSerializer):
    """What the review form needs: the declaration, the call's criteria and scale, and the
    expert's own review once submitted."""

    technology = SubmissionSerializer()
    criteria = ReviewCriterionSerializer(many=True, source="technology.call.criteria")
    score_scale_max = serializers.IntegerField(source="technology.call.score_scale_max")
    review = serializers.SerializerMethodField()

    class Meta(ReviewAssignmentListSerializer.Meta):
        fields = [
            *ReviewAssignmentListSerializer.Meta.fields,
            "score_scale_max",
            "criteria",
            "review",
        ]

    @extend_schema_field(OwnReviewSerializer(allow_null=True))
    def get_review(self, assignment):
        review = (
            getattr(assignment, "review", None)
            if assignment.status == AssignmentStatus.SUBMITTED
            else None
        )
        return None if review is None else OwnReviewSerializer(review).data


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewInputSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True)
    recommendation = recommendation_field()
    comment = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_scores(self, scores):
        criteria = [s["criterion"] for s in scores]
        if len(criteria) != len(set(criteria)):
            raise serializers.ValidationError(_("Give one score per criterion."))
        return scores

    def scores_by_criterion(self) -> dict:
        return {s["criterion"]: (s["score"], s["comment"]) for s in self.validated_data["scores"]}


class ConflictInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class OtherScoreSerializer(serializers.ModelSerializer):
    criterion_name = serializers.CharField(source="criterion.name")

    class Meta:
        model = ReviewScore
        fields = ["criterion", "criterion_name", "score", "comment"]


class OtherReviewSerializer(serializers.ModelSerializer):
    """Another expert's review, shown to an expert after their own: no name, no account."""

    reviewer = serializers.CharField(source="reviewer_label")
    recommendation = recommendation_field(read_only=True)
    scores = OtherScoreSerializer(many=True)

    class Meta:
        model = Review
        fields = ["reviewer", "recommendation", "comment", "submitted_at", "scores"]

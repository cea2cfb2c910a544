"""An expert's assignments: list, the review form's data, the review, a conflict declaration,
and the other experts' reviews once their own is in (names hidden)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from greentech.accounts.rules import is_expert_reviewer

from .. import selectors, services
from ..models import ReviewAssignment
from .errors import domain_errors
from .permissions import ActionRules
from .serializers import (
    ConflictInputSerializer,
    OtherReviewSerializer,
    OwnReviewSerializer,
    ReviewAssignmentListSerializer,
    ReviewAssignmentSerializer,
    ReviewInputSerializer,
)

ERRORS = {
    400: OpenApiResponse(description="Refused: the messages by field."),
    403: OpenApiResponse(description="Expert reviewers only."),
    404: OpenApiResponse(description="Not one of your assignments."),
}


@extend_schema_view(
    list=extend_schema(summary="Your assignments (not declined), by due date."),
    retrieve=extend_schema(summary="One assignment with the declaration and the call's criteria."),
)
class ReviewAssignmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [ActionRules]
    filterset_fields = ["status"]
    ordering_fields = ["due_on"]
    ordering = ["due_on", "pk"]
    user_rules = dict.fromkeys(
        ["list", "retrieve", "review", "declare_conflict", "other_reviews"], is_expert_reviewer
    )
    write_scopes = "review"  # what an API token needs to write here

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReviewAssignment.objects.none()
        queryset = selectors.assignments_for_expert(self.request.user)
        if self.action == "retrieve":
            queryset = selectors.with_review_form_details(queryset)
        return queryset

    def get_serializer_class(self):
        if self.action == "list":
            return ReviewAssignmentListSerializer
        return ReviewAssignmentSerializer

    @extend_schema(
        summary="Submit your review: one score per criterion, a recommendation (once).",
        request=ReviewInputSerializer,
        responses={201: OwnReviewSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        assignment = self.get_object()
        serializer = ReviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            review = services.review_submit(
                assignment=assignment,
                scores=serializer.scores_by_criterion(),
                recommendation=serializer.validated_data["recommendation"],
                comment=serializer.validated_data["comment"],
                by=request.user,
            )
        return Response(OwnReviewSerializer(review).data, status=201)

    @extend_schema(
        summary="Declare a conflict of interest: the assignment goes back to staff.",
        request=ConflictInputSerializer,
        responses={200: ReviewAssignmentListSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="declare-conflict")
    def declare_conflict(self, request, pk=None):
        assignment = self.get_object()
        serializer = ConflictInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            assignment = services.assignment_declare_conflict(
                assignment=assignment, note=serializer.validated_data["note"], by=request.user
            )
        return Response(ReviewAssignmentListSerializer(assignment).data)

    @extend_schema(
        summary="The other experts' reviews, without names, once yours is submitted.",
        responses={200: OtherReviewSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="other-reviews", pagination_class=None)
    def other_reviews(self, request, pk=None):
        assignment = self.get_object()
        reviews = selectors.other_reviews_for_expert(request.user, assignment.technology)
        return Response(OtherReviewSerializer(reviews, many=True).data)

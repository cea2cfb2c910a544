"""Declarations: partners create, edit, submit and withdraw their institution's; staff screen,
assign experts and decide. Experts see the ones assigned to them (read only).

Every list and object starts from `selectors.technologies_visible_to(user)`: a declaration the
user may not see is a 404, whatever the action."""

import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from greentech.accounts.rules import is_partner_submitter, is_staff_curator

from .. import selectors, services
from ..models import (
    ApplicationCase,
    Attachment,
    ReviewAssignment,
    Technology,
    TechnologyStatus,
)
from ..rules import is_provider_partner
from .errors import domain_errors
from .permissions import ActionRules
from .serializers import (
    AssignInputSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    DecideInputSerializer,
    DecisionSummarySerializer,
    DeclarationApplicationCaseSerializer,
    DraftCreateSerializer,
    DraftInputSerializer,
    ReleaseAssignmentInputSerializer,
    ScreenInputSerializer,
    StaffAssignmentSerializer,
    StaffSubmissionSerializer,
    SubmissionListSerializer,
    SubmissionSerializer,
    SuggestedExpertSerializer,
    WithdrawInputSerializer,
)

ERRORS = {
    400: OpenApiResponse(
        description="Refused: the messages by field, or by step for an "
        'incomplete declaration ({"errors": {step: [message]}}).'
    ),
    403: OpenApiResponse(description="Not allowed for this role."),
    404: OpenApiResponse(description="No such declaration among those you may see."),
}

PARTNER_ACTIONS = [
    "partial_update",
    "submit",
    "withdraw",
    "attachments",
    "remove_attachment",
    "application_cases",
    "application_case",
]
STAFF_ACTIONS = [
    "start_screening",
    "screen",
    "assign",
    "release_assignment",
    "suggested_experts",
    "decide",
    "release_decision",
    "decision_summary",
]


class SubmissionFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=TechnologyStatus.choices)
    call = django_filters.CharFilter(field_name="call__slug", label=_("Collection call (slug)"))

    class Meta:
        model = Technology
        fields = ["status", "call"]


@extend_schema_view(
    list=extend_schema(summary="Declarations you may see (partners: your institution's)."),
    retrieve=extend_schema(
        summary="One declaration.",
        # What everyone gets; staff curators get more fields (StaffSubmission, as the staff
        # actions answer), which the common shape allows.
        responses={200: SubmissionSerializer, 404: ERRORS[404]},
        description=(
            "Staff curators also get the submitter, assignments and a staged decision "
            "(the StaffSubmission fields)."
        ),
    ),
    create=extend_schema(
        summary="Start a draft for an open call (partner submitters).",
        request=DraftCreateSerializer,
        responses={201: SubmissionSerializer, **ERRORS},
    ),
    partial_update=extend_schema(
        summary="Save draft fields (partner submitters of the provider).",
        request=DraftInputSerializer,
        responses={200: SubmissionSerializer, **ERRORS},
    ),
)
class SubmissionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [ActionRules]
    filterset_class = SubmissionFilter
    search_fields = ["name", "name_zh"]
    ordering_fields = ["modified", "submitted_at", "name"]
    ordering = ["-modified"]
    user_rules = {
        "create": is_partner_submitter,
        **dict.fromkeys(STAFF_ACTIONS, is_staff_curator),
    }
    object_rules = dict.fromkeys(PARTNER_ACTIONS, is_provider_partner)
    # What an API token needs for each write (greentech.apitokens.scopes).
    write_scopes = {
        "create": "submit",
        **dict.fromkeys(PARTNER_ACTIONS, "submit"),
        **dict.fromkeys(STAFF_ACTIONS, "staff"),
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Technology.objects.none()
        queryset = selectors.technologies_visible_to(self.request.user)
        if self.action == "list":
            return queryset
        queryset = selectors.with_declaration_details(queryset)
        if self.action == "retrieve" and is_staff_curator.test(self.request.user):
            queryset = queryset.select_related("staged_by").prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=ReviewAssignment.objects.select_related("expert").order_by(
                        "due_on", "pk"
                    ),
                )
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "list":
            return SubmissionListSerializer
        if self.action == "retrieve" and is_staff_curator.test(self.request.user):
            return StaffSubmissionSerializer
        return SubmissionSerializer

    def _detail(self, technology, *, status_code=status.HTTP_200_OK) -> Response:
        technology = selectors.with_declaration_details(
            Technology.objects.select_related("call", "provider", "green_area")
        ).get(pk=technology.pk)
        return Response(SubmissionSerializer(technology).data, status=status_code)

    # --- partners ------------------------------------------------------------------------

    def create(self, request):
        serializer = DraftCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with domain_errors():
            technology = services.technology_create_draft(
                call=data.pop("call"),
                green_area=data.pop("green_area"),
                name=data.pop("name"),
                by=request.user,
                data=data,
            )
        return self._detail(technology, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        technology = self.get_object()
        serializer = DraftInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            technology = services.technology_update_draft(
                technology=technology, by=request.user, data=serializer.validated_data
            )
        return self._detail(technology)

    @extend_schema(
        summary="Submit a complete declaration (or resubmit after a revision request).",
        request=None,
        responses={200: SubmissionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        technology = self.get_object()
        with domain_errors():
            technology = services.technology_submit(technology=technology, by=request.user)
        return self._detail(technology)

    @extend_schema(
        summary="Withdraw a declaration before a decision.",
        request=WithdrawInputSerializer,
        responses={200: SubmissionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        technology = self.get_object()
        serializer = WithdrawInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            technology = services.technology_withdraw(
                technology=technology, by=request.user, note=serializer.validated_data["note"]
            )
        return self._detail(technology)

    @extend_schema(
        summary="Attach a file (multipart; PDF, PNG or JPEG, by content).",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        technology = self.get_object()
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            attachment = services.attachment_add(
                technology=technology, by=request.user, file=serializer.validated_data["file"]
            )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Remove an attachment.", request=None, responses={204: None, **ERRORS})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"attachments/(?P<attachment_id>[0-9]+)",
        url_name="attachment",
    )
    def remove_attachment(self, request, pk=None, attachment_id=None):
        technology = self.get_object()
        attachment = get_object_or_404(Attachment, pk=attachment_id, technology=technology)
        with domain_errors():
            services.attachment_remove(attachment=attachment, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Add an application case.",
        request=DeclarationApplicationCaseSerializer,
        responses={201: DeclarationApplicationCaseSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="application-cases")
    def application_cases(self, request, pk=None):
        technology = self.get_object()
        serializer = DeclarationApplicationCaseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            case = services.application_case_add(
                technology=technology, by=request.user, data=serializer.validated_data
            )
        data = DeclarationApplicationCaseSerializer(case).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change (PATCH) or remove (DELETE) an application case.",
        request=DeclarationApplicationCaseSerializer,
        responses={200: DeclarationApplicationCaseSerializer, 204: None, **ERRORS},
    )
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=r"application-cases/(?P<case_id>[0-9]+)",
        url_name="application-case",
    )
    def application_case(self, request, pk=None, case_id=None):
        technology = self.get_object()
        case = get_object_or_404(ApplicationCase, pk=case_id, technology=technology)
        if request.method == "DELETE":
            with domain_errors():
                services.application_case_remove(case=case, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = DeclarationApplicationCaseSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            case = services.application_case_update(
                case=case, by=request.user, data=serializer.validated_data
            )
        return Response(DeclarationApplicationCaseSerializer(case).data)

    # --- staff ---------------------------------------------------------------------------

    @extend_schema(
        summary="Take a submitted declaration into screening (staff).",
        request=None,
        responses={200: StaffSubmissionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="start-screening")
    def start_screening(self, request, pk=None):
        technology = self.get_object()
        with domain_errors():
            technology = services.technology_start_screening(technology=technology, by=request.user)
        return self._staff_detail(technology)

    @extend_schema(
        summary="Screen: accept for review, or return to draft with a reason (staff).",
        request=ScreenInputSerializer,
        responses={200: StaffSubmissionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def screen(self, request, pk=None):
        technology = self.get_object()
        serializer = ScreenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with domain_errors():
            if data["action"] == ScreenInputSerializer.ACCEPT:
                technology = services.technology_screen_accept(
                    technology=technology, by=request.user, note=data["reason"]
                )
            else:
                technology = services.technology_return_to_draft(
                    technology=technology, by=request.user, reason=data["reason"]
                )
        return self._staff_detail(technology)

    @extend_schema(
        summary="Experts to suggest, best first (staff).",
        responses={200: SuggestedExpertSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="suggested-experts", pagination_class=None)
    def suggested_experts(self, request, pk=None):
        technology = self.get_object()
        experts = selectors.suggest_experts(technology)
        return Response(SuggestedExpertSerializer(experts, many=True).data)

    @extend_schema(
        summary="Assign an expert with a due date (staff).",
        request=AssignInputSerializer,
        responses={201: StaffAssignmentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        technology = self.get_object()
        serializer = AssignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            assignment = services.assignment_create(
                technology=technology, by=request.user, **serializer.validated_data
            )
        return Response(StaffAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Release an expert's assignment because of a conflict of interest (staff).",
        request=ReleaseAssignmentInputSerializer,
        responses={200: StaffAssignmentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="release-assignment")
    def release_assignment(self, request, pk=None):
        technology = self.get_object()
        serializer = ReleaseAssignmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = get_object_or_404(
            ReviewAssignment.objects.select_related("expert"),
            pk=serializer.validated_data["assignment"],
            technology=technology,
        )
        with domain_errors():
            assignment = services.assignment_release(
                assignment=assignment, by=request.user, note=serializer.validated_data["note"]
            )
        return Response(StaffAssignmentSerializer(assignment).data)

    @extend_schema(
        summary="Scores per criterion, weighted overall score, spread, recommendations (staff).",
        responses={200: DecisionSummarySerializer, **ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="decision-summary")
    def decision_summary(self, request, pk=None):
        technology = self.get_object()
        return Response(DecisionSummarySerializer(selectors.decision_summary(technology)).data)

    @extend_schema(
        summary="Decide: accept, revise or reject; release now or stage (staff).",
        request=DecideInputSerializer,
        responses={200: StaffSubmissionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        technology = self.get_object()
        serializer = DecideInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            technology = services.technology_decide(
                technology=technology, by=request.user, **serializer.validated_data
            )
        return self._staff_detail(technology)

    @extend_schema(
        summary="Release this declaration's staged decision (staff).",
        request=None,
        responses={200: StaffSubmissionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="release-decision")
    def release_decision(self, request, pk=None):
        technology = self.get_object()
        with domain_errors():
            technology = services.technology_release_decision(
                technology=technology, by=request.user
            )
        return self._staff_detail(technology)

    def _staff_detail(self, technology) -> Response:
        technology = (
            selectors.with_declaration_details(
                Technology.objects.select_related(
                    "call", "provider", "green_area", "submitted_by", "staged_by"
                )
            )
            .prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=ReviewAssignment.objects.select_related("expert").order_by(
                        "due_on", "pk"
                    ),
                )
            )
            .get(pk=technology.pk)
        )
        return Response(StaffSubmissionSerializer(technology).data)

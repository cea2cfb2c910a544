"""The matches of a technology need: read-only for anyone, decisions for staff curators.

- GET  technology-needs/{slug}/matches/          the pool technologies that may answer the need,
                                                 confirmed first, then suggestions, best first;
- POST technology-needs/{slug}/matches/confirm/  staff: {"technology": slug, "note": ""};
- POST technology-needs/{slug}/matches/dismiss/  staff: the same body.

An unpublished need is a 404 for everyone but staff curators. Decisions go through
`technologies.services`; bad input is a 400 with the messages by field.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response

from greentech.accounts.rules import is_staff_curator

from .. import selectors, services
from ..models import NeedMatch, Technology
from ..services.matching import NOTE_MAX_LENGTH
from .errors import domain_errors


class MatchedTechnologySerializer(serializers.ModelSerializer):
    green_area = serializers.SlugRelatedField(read_only=True, slug_field="code")
    provider = serializers.SlugRelatedField(read_only=True, slug_field="slug")

    class Meta:
        model = Technology
        fields = ["slug", "name", "name_zh", "green_area", "provider", "trl"]


class MatchSerializer(serializers.Serializer):
    technology = MatchedTechnologySerializer()
    status = serializers.SerializerMethodField(help_text='"confirmed" or "suggested".')
    score = serializers.FloatField(
        help_text="1 for the same green area, plus up to 1 for shared wording."
    )
    same_green_area = serializers.BooleanField(source="same_area")
    shared_words = serializers.ListField(child=serializers.CharField())
    note = serializers.SerializerMethodField(help_text="The staff's note on a confirmed match.")

    def get_status(self, match) -> str:
        return "confirmed" if match.is_confirmed else "suggested"

    def get_note(self, match) -> str:
        return match.note if match.is_confirmed else ""


class MatchDecisionInputSerializer(serializers.Serializer):
    technology = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Technology.objects.all(),
        help_text="The technology's slug.",
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH, default=""
    )


class NeedMatchSerializer(serializers.ModelSerializer):
    need = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    technology = serializers.SlugRelatedField(read_only=True, slug_field="slug")

    class Meta:
        model = NeedMatch
        fields = ["need", "technology", "status", "note", "decided_at"]


class StaffCuratorsDecide(BasePermission):
    """Deciding on matches is for staff curators (refused for anyone else); reading them is
    public (the `matches` action allows anyone)."""

    def has_permission(self, request, view) -> bool:
        return is_staff_curator.test(request.user)


DECISION_RESPONSES = {
    200: NeedMatchSerializer,
    400: OpenApiResponse(description="Refused: the messages by field."),
    403: OpenApiResponse(description="Staff curators only."),
    404: OpenApiResponse(description="No such need among those you may see."),
}


class NeedMatchViewSet(viewsets.GenericViewSet):
    # `get_object` decides who sees which need (staff also see unpublished ones).
    queryset = selectors.technology_need_public_list()
    lookup_field = "slug"
    permission_classes = [StaffCuratorsDecide]
    write_scopes = "staff"  # what an API token needs to write here
    serializer_class = MatchSerializer

    def get_object(self):
        return selectors.technology_need_for(self.request.user, self.kwargs["slug"])

    @extend_schema(
        summary="Pool technologies that may answer the need: confirmed, then suggested.",
        responses={200: MatchSerializer(many=True), 404: DECISION_RESPONSES[404]},
    )
    # A short list (the best few), not a page; public, without filters.
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[AllowAny],
        pagination_class=None,
        filter_backends=[],
    )
    def matches(self, request, slug=None):
        matches = selectors.technology_matches_for_need(self.get_object())
        return Response(MatchSerializer(matches, many=True).data)

    def _decide(self, request, service):
        need = self.get_object()
        data = MatchDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with domain_errors():
            match = service(
                need=need,
                technology=data.validated_data["technology"],
                by=request.user,
                note=data.validated_data["note"],
            )
        return Response(NeedMatchSerializer(match).data)

    @extend_schema(
        summary="Confirm that a published technology answers the need (staff).",
        request=MatchDecisionInputSerializer,
        responses=DECISION_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="matches/confirm")
    def confirm(self, request, slug=None):
        return self._decide(request, services.need_match_confirm)

    @extend_schema(
        summary="Dismiss a suggested technology, or withdraw a confirmation (staff).",
        request=MatchDecisionInputSerializer,
        responses=DECISION_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="matches/dismiss")
    def dismiss(self, request, slug=None):
        return self._decide(request, services.need_match_dismiss)

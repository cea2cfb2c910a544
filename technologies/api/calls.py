"""Staff actions on a whole collection call."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from greentech.accounts.rules import is_staff_curator

from .. import services
from ..models import CollectionCall
from .errors import domain_errors
from .permissions import ActionRules
from .serializers import ReleasedDecisionsSerializer


class CallDecisionViewSet(viewsets.GenericViewSet):
    queryset = CollectionCall.objects.all()
    lookup_field = "slug"
    permission_classes = [ActionRules]
    user_rules = {"release_decisions": is_staff_curator}
    write_scopes = "staff"  # what an API token needs to write here
    serializer_class = ReleasedDecisionsSerializer

    @extend_schema(
        summary="Release every staged decision of the call at once (staff).",
        request=None,
        responses={
            200: ReleasedDecisionsSerializer,
            403: OpenApiResponse(description="Staff curators only."),
        },
    )
    @action(detail=True, methods=["post"], url_path="release-decisions")
    def release_decisions(self, request, slug=None):
        call = self.get_object()
        with domain_errors():
            released = services.call_release_decisions(call=call, by=request.user)
        return Response(
            ReleasedDecisionsSerializer({"count": len(released), "released": released}).data
        )

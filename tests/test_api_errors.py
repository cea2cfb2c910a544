"""The API answers refusals in one format and never with a 500."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from technologies.exceptions import NotPermitted


def _view_raising(error):
    class Raising(APIView):
        authentication_classes = []
        permission_classes = []

        def post(self, request):
            raise error

    return Raising.as_view()


def _post(error):
    response = _view_raising(error)(APIRequestFactory().post("/x/", {}, format="json"))
    response.render()
    return response


def test_a_service_field_error_is_a_400_naming_the_field():
    response = _post(ValidationError({"due_on": ["The due date must be in the future."]}))

    assert response.status_code == 400
    assert response.data == {"due_on": ["The due date must be in the future."]}


def test_a_service_error_without_a_field_is_a_400_under_non_field_errors():
    response = _post(ValidationError("The call is closed."))

    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["The call is closed."]}


@pytest.mark.parametrize(
    "error",
    [NotPermitted("Only staff curators may do this."), PermissionDenied("No.")],
)
def test_a_refusal_is_a_403_with_a_detail(error):
    response = _post(error)

    assert response.status_code == 403
    assert set(response.data) == {"detail"}


def test_a_missing_object_is_a_404_with_a_detail(client, db):
    response = client.get("/api/technologies/no-such-technology/")

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}

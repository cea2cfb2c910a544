"""The API answers refusals in one format and never with a 500."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from greentech.core import exceptions as domain
from technologies.exceptions import NotPermitted, TransitionNotAllowed
from training.exceptions import AlreadyRegistered


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
    assert response.data["code"] == "permission_denied"
    assert set(response.data) == {"detail", "code"}


def test_a_missing_object_is_a_404_with_a_detail(client, db):
    response = client.get("/api/technologies/no-such-technology/")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "No Technology matches the given query.",
        "code": "not_found",
    }


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (domain.NotFound("No such link."), 404, "not_found"),
        (domain.Conflict("Already there."), 409, "conflict"),
        (
            TransitionNotAllowed("A draft cannot be accepted.", code="transition_not_allowed"),
            409,
            "transition_not_allowed",
        ),
        (AlreadyRegistered(existing=None), 409, "already_registered"),
        (domain.NotPermitted("Staff only.", code="not_staff"), 403, "not_staff"),
    ],
)
def test_a_domain_error_is_answered_with_its_kinds_status_and_code(error, status, code):
    response = _post(error)

    assert response.status_code == status
    assert response.data == {"detail": " ".join(error.messages), "code": code}


def test_a_domain_input_error_is_a_400_with_field_errors():
    response = _post(domain.InvalidInput({"email": ["Not an address."]}))

    assert response.status_code == 400
    assert response.data == {"email": ["Not an address."]}


def test_a_rate_limit_is_a_429_with_retry_after_and_a_code():
    response = _post(domain.RateLimited(scope="probe", wait=120))

    assert response.status_code == 429
    assert response["Retry-After"] == "120"
    assert response.data["code"] == "throttled"


def test_a_drf_error_raised_with_a_bare_message_lists_it_under_non_field_errors():
    from rest_framework.exceptions import ValidationError as DRFValidationError

    response = _post(DRFValidationError("The call is closed."))

    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["The call is closed."]}


def test_unparsable_json_is_a_400_with_a_detail_and_a_code():
    class Parsing(APIView):
        authentication_classes = []
        permission_classes = []

        def post(self, request):
            return request.data

    request = APIRequestFactory().post("/x/", "{nope", content_type="application/json")
    response = Parsing.as_view()(request)
    response.render()

    assert response.status_code == 400
    assert response.data["code"] == "parse_error"

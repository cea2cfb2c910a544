"""Domain errors as API responses: 400 with the fields' messages, 403 for `NotPermitted`."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions

from greentech.api_errors import validation_error_body

from ..exceptions import NotPermitted, SubmissionIncomplete


def error_body(error: DjangoValidationError) -> dict:
    if isinstance(error, SubmissionIncomplete):
        return {"errors": error.errors}
    return validation_error_body(error)


@contextmanager
def domain_errors():
    """Run a service; turn its refusal into the matching DRF error."""
    try:
        yield
    except NotPermitted as error:
        raise exceptions.PermissionDenied(" ".join(error.messages)) from error
    except DjangoValidationError as error:
        raise exceptions.ValidationError(error_body(error)) from error

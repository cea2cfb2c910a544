"""Domain errors as API responses: 400 with the fields' messages; a refusal of another kind
(`NotPermitted` 403, `TransitionNotAllowed` 409, ...) goes on to the API's exception handler,
which answers it with its status (`greentech.api_errors`)."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions

from greentech.api_errors import validation_error_body
from greentech.core.exceptions import DomainError

from ..exceptions import SubmissionIncomplete


def error_body(error: DjangoValidationError) -> dict:
    if isinstance(error, SubmissionIncomplete):
        return {"errors": error.errors}
    return validation_error_body(error)


@contextmanager
def domain_errors():
    """Run a service; turn its refusal into the matching DRF error."""
    try:
        yield
    except DomainError as error:
        if error.status_code != 400:
            raise
        raise exceptions.ValidationError(error_body(error)) from error
    except DjangoValidationError as error:
        raise exceptions.ValidationError(error_body(error)) from error

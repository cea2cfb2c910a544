"""One error format for the whole API, two shapes:

- 400 with field errors, as DRF writes them: `{"field": ["message"], "non_field_errors": [...]}`;
- every other error: `{"detail": "message", "code": "reason"}`, always with a code (401, 403,
  404, 405, 409, 415, 429 and a 400 that is not about fields, such as unparsable JSON).

A domain error (`greentech.core.exceptions`) that a view did not catch is answered with its
kind's status: `InvalidInput` and any other `ValidationError` as field errors, `NotPermitted`
403, `NotFound` 404, `Conflict`/`InvalidTransition` 409, `RateLimited` 429 with `Retry-After`.
So a refused request is never a 500.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from greentech.core.exceptions import DomainError, RateLimited


def validation_error_body(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}


class DomainAPIError(exceptions.APIException):
    """A domain error that is not about input, with its kind's status and code."""

    def __init__(self, error: DomainError):
        self.status_code = error.status_code
        super().__init__(detail=error.detail, code=error.error_code)


def as_api_exception(exc: Exception) -> Exception:
    """The DRF exception that answers `exc` (`exc` itself when DRF knows it already)."""
    if isinstance(exc, RateLimited):
        return exceptions.Throttled(wait=exc.wait, detail=exc.detail)
    if isinstance(exc, DomainError) and exc.status_code != 400:
        return DomainAPIError(exc)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(validation_error_body(exc))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) or None)
    return exc


def _code(exc: Exception) -> str:
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    return codes if isinstance(codes, str) else getattr(exc, "default_code", "error")


def api_exception_handler(exc, context):
    exc = as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(response.data, list):  # raised with a message, not a field mapping
            response.data = {api_settings.NON_FIELD_ERRORS_KEY: response.data}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data.setdefault("code", _code(exc))
    return response

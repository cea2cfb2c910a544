"""One error format for the whole API.

DRF already answers its own errors as `{"field": ["message"]}` (400) or `{"detail": "..."}`
(401, 403, 404, 405). A service raising Django's `ValidationError` that a view did not catch
becomes the same 400 body here, and a refusal named `NotPermitted` (in any app) a 403, so a
refused request is never a 500.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def validation_error_body(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}


def _is_permission_refusal(error: Exception) -> bool:
    return any(cls.__name__ == "NotPermitted" for cls in type(error).__mro__)


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if _is_permission_refusal(exc):
            exc = exceptions.PermissionDenied(" ".join(exc.messages))
        else:
            exc = exceptions.ValidationError(validation_error_body(exc))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)

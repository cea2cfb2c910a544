"""Domain errors of the reports.

Every error is a `ValidationError`, so a form shows it as a form error (field errors for the
parameters) and never as a server error.
"""

from django.core.exceptions import ValidationError


class ReportError(ValidationError):
    """A report request or change that is refused, with a clear, translated message."""


class TransitionNotAllowed(ReportError):
    """A status change the allowed-transitions table does not contain."""


class NotPermitted(ReportError):
    """The person may not request this report (kind or institution) or change this one."""


class InvalidParameters(ReportError):
    """The parameters do not fit the report kind (missing period, unknown country...)."""

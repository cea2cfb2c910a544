"""Domain errors of the reports.

Every error is a kind of the shared vocabulary (`greentech.core.exceptions`), and so a
`ValidationError`: a form shows it as a form error (field errors for the parameters), a page view
that lets it through answers with its status, never as a server error.
"""

from greentech.core import exceptions as domain


class ReportError(domain.DomainError):
    """A report request or change that is refused, with a clear, translated message."""


class TransitionNotAllowed(ReportError, domain.InvalidTransition):
    """A status change the allowed-transitions table does not contain."""


class NotPermitted(ReportError, domain.NotPermitted):
    """The person may not request this report (kind or institution) or change this one."""


class InvalidParameters(ReportError, domain.InvalidInput):
    """The parameters do not fit the report kind (missing period, unknown country...)."""

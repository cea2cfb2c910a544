"""Domain errors of the training workflow. Each is a domain error of
`greentech.core.exceptions` (so a ValidationError): a form shows it as a form error, the API
answers with its kind's status (400, 409 for a duplicate or a forbidden status change)."""

from django.utils.translation import gettext_lazy as _

from greentech.core import exceptions as domain
from greentech.core.registrations import InvalidLinkError


class TrainingError(domain.DomainError):
    """A request on a cohort or an application that its state does not allow."""


class AlreadyRegistered(TrainingError, domain.Conflict):
    """The e-mail address already has an active application for the cohort.

    `existing` is that application: a page or the API answers exactly as for a new application
    and the owner of the address is told by e-mail (`application_tell_owner`), so whoever typed the
    address (who may not own it) learns nothing; the admin shows the message.
    """

    def __init__(self, existing, message=None):
        self.existing = existing
        super().__init__(
            message
            or _(
                "This e-mail address already has an application for this cohort. We have sent "
                "its details and links to that address again."
            ),
            code="already_registered",
        )


class InvalidApplicationLink(TrainingError, InvalidLinkError):
    """A confirm or manage link that was altered, has expired, or whose application is gone."""


class TransitionNotAllowed(TrainingError, domain.InvalidTransition):
    """A status change the allowed-transitions table does not contain."""

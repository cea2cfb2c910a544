"""Domain errors of the forum registration workflow. Each is a domain error of
`greentech.core.exceptions` (so a ValidationError): a form shows it as a form error, the API
answers with its kind's status (400, 409 for a duplicate or a forbidden status change)."""

from django.utils.translation import gettext_lazy as _

from greentech.core import exceptions as domain
from greentech.core.registrations import InvalidLinkError


class ForumsError(domain.DomainError):
    """A request on a forum event or a registration that its state does not allow."""


class AlreadyRegistered(ForumsError, domain.Conflict):
    """The e-mail address already has an active registration for the event.

    `existing` is that registration: a page or the API answers exactly as for a new registration
    and the owner of the address is told by e-mail (`registration_tell_owner`), so whoever typed the
    address (who may not own it) learns nothing; the admin shows the message.
    """

    def __init__(self, existing, message=None):
        self.existing = existing
        super().__init__(
            message
            or _(
                "This e-mail address is already registered for this event. We have sent the "
                "registration's details and links to that address again."
            ),
            code="already_registered",
        )


class InvalidRegistrationLink(ForumsError, InvalidLinkError):
    """A confirm or manage link that was altered, has expired, or whose registration is gone."""


class TransitionNotAllowed(ForumsError, domain.InvalidTransition):
    """A status change the allowed-transitions table does not contain."""

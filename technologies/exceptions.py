"""Domain errors of the technology pool.

Every error is a domain error of `greentech.core.exceptions` (so also a `ValidationError`): a
form shows it as a form error, the API answers with its kind's status (400, `NotPermitted` 403,
`TransitionNotAllowed` 409).
"""

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError

from greentech.core import exceptions as domain


class TechnologyError(domain.DomainError):
    """A request the technology pool refuses, with a clear, translated message."""


class TransitionNotAllowed(TechnologyError, domain.InvalidTransition):
    """A status change the allowed-transitions table does not contain."""


class NotPermitted(TechnologyError, domain.NotPermitted):
    """The person may not do this to this object (e.g. another institution's declaration)."""


class AttachmentRefused(TechnologyError):
    """A file of a type other than PDF, PNG or JPEG, or over a size cap."""


class ConflictOfInterest(TechnologyError):
    """The expert works for the provider or declared a conflict with it."""


class SubmissionIncomplete(TechnologyError):
    """A declaration that is not ready to be submitted: every missing item at once, by step.

    `errors` maps a step (see `technologies.validation.SubmissionStep`) to its messages, in the
    order of the form's steps; `steps` gives each step's label. As a `ValidationError` it is a
    flat list of "<step label>: <message>" lines, so `form.add_error(None, error)` shows it.
    """

    def __init__(self, errors: Mapping[str, Sequence[str]], labels: Mapping[str, str]):
        self.errors: dict[str, list[str]] = {
            step: [str(message) for message in messages]
            for step, messages in errors.items()
            if messages
        }
        self.steps: dict[str, str] = {step: str(labels[step]) for step in self.errors}
        super().__init__(
            [
                ValidationError(
                    "%(step)s: %(message)s",
                    code="incomplete",
                    params={"step": self.steps[step], "message": message},
                )
                for step, messages in self.errors.items()
                for message in messages
            ]
        )

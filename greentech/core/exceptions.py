"""One vocabulary of domain errors and refusals, shared by every app.

A service says no by raising one of these, with a clear, translated message and a short
machine-readable `code`. Each kind carries the HTTP status it means:

| error | status | e.g. |
| --- | --- | --- |
| `InvalidInput` | 400 | a date in the past, a closed call, an incomplete declaration |
| `NotPermitted` | 403 | another institution's declaration, a staff-only action |
| `NotFound` | 404 | a signed link that points to nothing |
| `Conflict` | 409 | the same e-mail address registered twice |
| `InvalidTransition` | 409 | a status change the allowed-transitions table does not contain |
| `RateLimited` | 429 | too many attempts (`greentech.core.ratelimit`) |

Each app keeps its own base (`TechnologyError`, `TrainingError`, ...) so its pages can catch
"anything this app refuses"; its concrete errors derive from both that base and the kind here,
e.g. `class NotPermitted(TechnologyError, core.NotPermitted)`. Code that must tell kinds apart
tests the type (`isinstance(error, NotPermitted)`), never the class name.

Every `DomainError` is a Django `ValidationError`, so a form shows it as a form error
(`form.add_error(None, error)`), `greentech.api_errors` answers it with its status in the API's
error format, and `DomainErrorPageMiddleware` renders a message page with its status when a
page view lets it through. Nothing a service refuses becomes a 500.
"""

import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DomainError(ValidationError):
    """A request the portal refuses; `message` says why, `code` names the reason."""

    status_code = 400
    default_code = "invalid"
    default_message = _("This request cannot be carried out.")

    def __init__(self, message=None, code=None, params=None):
        super().__init__(
            self.default_message if message is None else message,
            code=code or self.default_code,
            params=params,
        )

    @property
    def error_code(self) -> str:
        """The reason's code: the one given when raised, or the kind's default (a list or dict
        of messages keeps no single code)."""
        return getattr(self, "code", None) or self.default_code

    @property
    def detail(self) -> str:
        """All messages as one sentence, for a page or an API `detail`."""
        return " ".join(str(message) for message in self.messages)


class InvalidInput(DomainError):
    """The input does not fit: a field error or a state the request does not match."""


class NotPermitted(DomainError):
    """The person may not do this to this object."""

    status_code = 403
    default_code = "permission_denied"
    default_message = _("You may not do this.")


class NotFound(DomainError):
    """What the request names does not exist (or is hidden from this person)."""

    status_code = 404
    default_code = "not_found"
    default_message = _("Not found.")


class Conflict(DomainError):
    """The request clashes with the current state of the data (e.g. a duplicate)."""

    status_code = 409
    default_code = "conflict"
    default_message = _("This conflicts with the current state.")


class InvalidTransition(Conflict):
    """A status change the allowed-transitions table does not contain."""

    default_code = "transition_not_allowed"
    default_message = _("This status change is not allowed.")


class RateLimited(DomainError):
    """Too many attempts in a scope; `wait` is the number of seconds until a new attempt is
    counted in a fresh window (the 429's `Retry-After`)."""

    status_code = 429
    default_code = "throttled"
    default_message = _("Too many attempts. Please try again later.")

    def __init__(self, message=None, *, scope: str = "", wait: int = 60, code=None):
        super().__init__(message, code=code)
        self.scope = scope
        self.wait = int(wait)

    @property
    def minutes(self) -> int:
        return max(math.ceil(self.wait / 60), 1)

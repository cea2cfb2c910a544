from django.utils.translation import gettext_lazy as _

from greentech.core.exceptions import DomainError


class AccountsError(DomainError):
    """A request on accounts, institution links or invitations that their state does not allow;
    the message says why and is shown as a form error or a page message."""


class LinkInvalid(AccountsError):
    """A verification or invitation link whose signature does not match: cut short or altered."""

    def __init__(self, message=None):
        super().__init__(
            message or _("This link is not valid. It may have been cut short or altered."),
            code="invalid_link",
        )


class LinkExpired(AccountsError):
    """An authentic link past its age."""

    def __init__(self, message=None):
        super().__init__(message or _("This link has expired."), code="expired_link")

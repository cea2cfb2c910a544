"""`Authorization: Token <secret>` (or `Bearer <secret>`) for the API.

First in `DEFAULT_AUTHENTICATION_CLASSES`, so an anonymous request on a protected operation
gets 401 with `WWW-Authenticate` (DRF asks the first class for the challenge) instead of 403.
A request without the header goes on to the session; one with a wrong, revoked or expired
token is a 401 and never falls back to the session.

Once the token is known, its scopes are checked against the operation
(`greentech.apitokens.scopes`), here rather than in each view's permission classes, so no view
can forget it: a token without the operation's scope is a 403.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .scopes import required_scope
from .services import api_token_check

KEYWORDS = (b"token", b"bearer")
CHALLENGE = 'Token realm="api", Bearer realm="api"'


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as 'Authorization: Token <secret>'."), code="token_malformed"
            )
        token = api_token_check(parts[1].decode("ascii", "replace"))
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid: it is wrong, revoked or expired."),
                code="token_invalid",
            )
        view = (getattr(request, "parser_context", None) or {}).get("view")
        if view is not None and not token.has_scope(required_scope(request, view)):
            raise exceptions.PermissionDenied(
                _("The token lacks the scope this operation needs: %(scope)s.")
                % {"scope": required_scope(request, view)},
                code="token_scope",
            )
        return token.user, token

    def authenticate_header(self, request):
        return CHALLENGE

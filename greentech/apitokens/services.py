"""Creating, checking and revoking API tokens."""

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greentech.core.exceptions import InvalidInput, NotPermitted

from .models import ApiToken, Scope
from .rules import scopes_for

logger = logging.getLogger(__name__)

KEY_MARK = "gt"
PREFIX_LENGTH = 8
# A used token's time is written at most this often (seconds): no write on every request.
LAST_USED_RESOLUTION = 60


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def prefix_of(secret: str) -> str | None:
    """The public lookup part of a presented secret (`gt_<8 characters>`), or None when the
    text does not have the shape of a token."""
    mark, _sep, rest = secret.partition("_")
    prefix, sep, body = rest.partition("_")
    if mark != KEY_MARK or not sep or len(prefix) != PREFIX_LENGTH or not body:
        return None
    return f"{mark}_{prefix}"


def _new_secret() -> tuple[str, str]:
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    prefix = KEY_MARK + "_" + "".join(secrets.choice(alphabet) for _ in range(PREFIX_LENGTH))
    return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def api_token_create(*, user, name: str, scopes, expires_at=None) -> NewToken:
    """A new token of `user` with `scopes` (reading is always included); the secret is in the
    result and nowhere else. Refuses a scope the person's roles do not give (403)."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput({"name": [_("Give the token a name.")]}, code="required")
    if expires_at is not None and expires_at <= timezone.now():
        raise InvalidInput({"expires_at": [_("The expiry must be in the future.")]})
    wanted = {Scope.READ.value, *(str(scope) for scope in scopes)}
    unknown = wanted - set(Scope.values)
    if unknown:
        raise InvalidInput({"scopes": [_("Unknown scope: %s.") % ", ".join(sorted(unknown))]})
    refused = wanted - set(scopes_for(user))
    if refused:
        raise NotPermitted(
            _("Your roles do not allow the scope: %s.") % ", ".join(sorted(refused)),
            code="scope_not_allowed",
        )
    while True:
        prefix, secret = _new_secret()
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        secret_hash=digest(secret),
        scopes=[scope.value for scope in Scope if scope.value in wanted],
        expires_at=expires_at,
    )
    logger.info("API token %s created for user %s", token.prefix, user.pk)
    return NewToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke `token` for good; revoking a revoked token changes nothing."""
    if not by.has_perm("apitokens.revoke_token", token):
        raise NotPermitted(_("You may not revoke this token."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by", "modified"])
        logger.info("API token %s revoked by user %s", token.prefix, by.pk)
    return token


def api_token_check(secret: str) -> ApiToken | None:
    """The active token whose secret this is (its owner loaded), or None; records its use."""
    prefix = prefix_of(secret or "")
    if prefix is None:
        return None
    token = ApiToken.objects.active().select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, digest(secret)):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > (
        LAST_USED_RESOLUTION
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

"""Who may hold which scope, and who may revoke a token.

A token never gives more than its owner has: every API permission still applies to the owner.
The scopes a person may choose follow their roles, so a token cannot name a power its owner
lacks (and a role taken away later leaves the scope without effect, since the API's own
permissions still refuse)."""

import rules

from greentech.accounts.rules import is_expert_reviewer, is_staff_curator

from .models import Scope

SCOPE_RULES = {
    Scope.READ: rules.is_authenticated,
    # Anyone signed in may apply to a cohort or register for a forum; partners declare.
    Scope.SUBMIT: rules.is_authenticated,
    Scope.REVIEW: is_expert_reviewer | is_staff_curator,
    Scope.STAFF: is_staff_curator,
}


def scopes_for(user) -> list[str]:
    """The scopes `user` may put on a token, in the order of `Scope`."""
    return [scope.value for scope in Scope if SCOPE_RULES[scope].test(user)]


@rules.predicate
def is_token_owner(user, token) -> bool:
    return token is not None and user.is_authenticated and token.user_id == user.pk


rules.add_perm("apitokens.manage_own_tokens", rules.is_authenticated & rules.is_active)
rules.add_perm("apitokens.revoke_token", is_token_owner | is_staff_curator)

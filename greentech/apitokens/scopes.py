"""Which scope an API operation needs from a token.

Reading (GET, HEAD, OPTIONS) needs `read`, which every token has. A write needs the scope its
view declares in `write_scopes`: one scope for every action of the view, or a mapping from
action to scope (`"*"` for the view's other actions), e.g.

    write_scopes = {"create": "submit", "decide": "staff", "*": "submit"}

A write on a view that declares nothing needs `staff`: an operation nobody thought about is
closed to tokens rather than open. Requests authenticated by the session cookie are not
concerned: scopes limit tokens only. The API's permissions still apply on top.
"""

from rest_framework.permissions import SAFE_METHODS

from .models import Scope


def required_scope(request, view) -> str:
    if request.method in SAFE_METHODS:
        return Scope.READ.value
    declared = getattr(view, "write_scopes", None)
    if isinstance(declared, str):
        return declared
    if isinstance(declared, dict):
        action = getattr(view, "action", None)
        return declared.get(action, declared.get("*", Scope.STAFF.value))
    return Scope.STAFF.value
